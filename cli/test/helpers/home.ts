import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {stopOwnedInfra} from '../../src/infra/index.js';

/** A fresh ASYM_HOME in the temp dir; cleanup stops any Postgres/Redis asymmetric started there, then removes it. */
export function tempHome(prefix = 'asym-test-'): {home: string; cleanup(): Promise<void>} {
  const home = mkdtempSync(join(tmpdir(), prefix));
  return {
    async cleanup() {
      await stopOwnedInfra(home, {purge: true}).catch(() => {});
      rmSync(home, {force: true, recursive: true});
    },
    home,
  };
}
