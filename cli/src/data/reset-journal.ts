/**
 * The reset journal: `$ASYM_HOME/resets/<id>.json` exists while a reset of the clone runs (written
 * before the database swap, removed once the backend holds the new data and the registry is saved).
 * One whose pid is dead marks a reset that was killed: doctor --fix, start and the next reset
 * complete it (swap again from the journal's fixture, restore the tokens) after undoing the swap's
 * leftovers.
 */
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import {isAlive} from '../infra/pids.js';

export interface ResetEntry {
  id: string;
  pid: number;
  fixture: string | null;
  startedAt: string;
}

const dir = (home: string) => join(home, 'resets');
const file = (home: string, id: string) => join(dir(home), `${id}.json`);

export function beginReset(home: string, id: string, fixture: string | undefined): void {
  mkdirSync(dir(home), {mode: 0o700, recursive: true});
  const entry: ResetEntry = {fixture: fixture ?? null, id, pid: process.pid, startedAt: new Date().toISOString()};
  // No fsync: the journal guards against a killed CLI (the page cache survives it), and a reset
  // stays fast. A torn file reads as no journal, like one never written.
  writeFileSync(file(home, id), JSON.stringify(entry) + '\n', {mode: 0o600});
}

export function endReset(home: string, id: string): void {
  rmSync(file(home, id), {force: true});
}

function read(home: string, id: string): ResetEntry | undefined {
  try {
    const e = JSON.parse(readFileSync(file(home, id), 'utf8')) as ResetEntry;
    return typeof e.pid === 'number' ? {...e, id} : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a reset of the clone is running right now (in this process or another). */
export function resetRunning(home: string, id: string): boolean {
  const e = read(home, id);
  return e !== undefined && (e.pid === process.pid || isAlive(e.pid));
}

/** The journal of a reset of the clone that was killed before it finished, if any. */
export function interruptedReset(home: string, id: string): ResetEntry | undefined {
  const e = read(home, id);
  return e && e.pid !== process.pid && !isAlive(e.pid) ? e : undefined;
}
