import type {FidelityPartName, FidelityScore} from '@asym/contract';

import {table} from './format.js';

const pct = (n: number | null) => (n === null ? '-' : `${(n * 100).toFixed(1)}%`);

/** The score table `verify` prints: one line per part, the overall score, the reference. */
export function fidelityLines(s: FidelityScore, parts: readonly FidelityPartName[], failedRows = false): string[] {
  const lines = [
    `  ${s.template} ${s.version} fidelity against ${s.reference.name} ${s.reference.version}${s.cached ? ` (last known, measured ${s.measuredAt})` : ''}`,
    table(
      parts.map((p) => [p, `${s.parts[p].passed}/${s.parts[p].total}`, pct(s.parts[p].score)]),
      ['PART', 'PASSED', 'SCORE'],
    ),
    `  overall ${pct(s.overall)}  (${s.operations.length} checks in ${(s.elapsedMs / 1000).toFixed(1)}s; --json has every row)`,
  ];
  if (failedRows) for (const r of s.operations.filter((o) => !o.ok)) lines.push(`  ✗ ${r.part} ${r.operation}${r.detail ? `: ${r.detail}` : ''}`);
  return lines;
}

/** `ls --templates`'s FIDELITY cell: the last score and its date. */
export const fidelityCell = (s: Pick<FidelityScore, 'overall' | 'measuredAt'> | undefined) => (s ? `${pct(s.overall)} (${s.measuredAt.slice(0, 10)})` : '-');
