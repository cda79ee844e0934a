import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** A fresh ASYM_HOME in the temp dir, removed by the returned cleanup. */
export function tempHome(prefix = 'asym-test-'): {home: string; cleanup(): void} {
  const home = mkdtempSync(join(tmpdir(), prefix));
  return {cleanup: () => rmSync(home, {force: true, recursive: true}), home};
}
