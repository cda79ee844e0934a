import type {DiffResult} from '@asym/contract';

const MAX_SHOWN = 8;
const value = (v: unknown) => {
  const s = JSON.stringify(v) ?? 'null';
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/** A compact summary per entity type: counts, then up to a few objects with what changed. */
export function diffLines(d: DiffResult): string[] {
  const since = 'snapshot' in d.since ? `snapshot ${d.since.snapshot}` : `seed ${d.since.seed ?? '(none)'}`;
  const {created, updated, deleted} = d.totals;
  const lines = [`  ${d.id} since ${since}: ${created} created, ${updated} updated, ${deleted} deleted`];
  if (d.entities.length === 0) return [...lines, '  No changes.'];
  const width = Math.max(...d.entities.map((e) => e.entity.length));
  for (const e of d.entities) {
    lines.push(`  ${e.entity.padEnd(width)}  +${e.created.length} ~${e.updated.length} -${e.deleted.length}`);
    const items = [
      ...e.created.map((c) => `    + ${c.id}`),
      ...e.updated.map((u) => `    ~ ${u.id}  ${u.changes.map((c) => `${c.field}: ${value(c.old)} → ${value(c.new)}`).join(', ')}`),
      ...e.deleted.map((x) => `    - ${x.id}`),
    ];
    lines.push(...items.slice(0, MAX_SHOWN));
    if (items.length > MAX_SHOWN) lines.push(`    … ${items.length - MAX_SHOWN} more (--json for all)`);
  }
  return lines;
}
