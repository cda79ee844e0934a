/** The last score of each template version, in `$ASYM_HOME/fidelity/<template>@<version>.json`. */
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import {FidelityScore} from '@asym/contract';

const file = (home: string, template: string, version: string) => join(home, 'fidelity', `${template}@${version.replaceAll(/[^A-Za-z0-9._-]/g, '_')}.json`);

export function readCachedScore(home: string, template: string, version: string): FidelityScore | undefined {
  try {
    const parsed = FidelityScore.safeParse(JSON.parse(readFileSync(file(home, template, version), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeCachedScore(home: string, score: FidelityScore): void {
  const target = file(home, score.template, score.version);
  mkdirSync(join(home, 'fidelity'), {mode: 0o700, recursive: true});
  const {cached: _c, warnings: _w, ...kept} = score;
  writeFileSync(`${target}.tmp`, JSON.stringify(kept, null, 2) + '\n', {mode: 0o600});
  renameSync(`${target}.tmp`, target);
}
