import {readdirSync, readFileSync} from 'node:fs';

import {isAlive} from '../../infra/pids.js';

/** A clone is named by its id and its home: two homes may each have a clone called `demo`. */
export interface CloneRef {
  id: string;
  home: string;
}

const belongs = (environ: string, ref: CloneRef): boolean => {
  const vars = environ.split('\0');
  return vars.includes(`ASYM_CLONE_ID=${ref.id}`) && vars.includes(`ASYM_HOME=${ref.home}`);
};

/** Whether `pid` is alive and is the given clone's service of this home (guards against pid reuse). */
export function isCloneProcess(pid: number | undefined, ref: CloneRef): boolean {
  if (!isAlive(pid)) return false;
  try {
    return belongs(readFileSync(`/proc/${pid}/environ`, 'utf8'), ref);
  } catch {
    // No /proc (macOS): trust the signal check.
    return process.platform !== 'linux';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, wait for a clean exit, SIGKILL after the grace period. */
export async function terminate(pid: number, ref: CloneRef, graceMs = 5000): Promise<void> {
  if (!isCloneProcess(pid, ref)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isCloneProcess(pid, ref)) return;
    await sleep(20);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
  while (isCloneProcess(pid, ref)) await sleep(20);
}

/** Every live process whose environment holds all of `vars` (`NAME=value`), Linux only. */
export function findProcessesWithEnv(vars: string[]): number[] {
  if (process.platform !== 'linux') return [];
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (vars.every((v) => environ.includes(v))) out.push(Number(entry));
    } catch {}
  }
  return out;
}

/** Every live process started for a clone of this home, found by ASYM_CLONE_ID and ASYM_HOME in its environment (Linux). */
export const findCloneProcesses = (ref: CloneRef): number[] => findProcessesWithEnv([`ASYM_CLONE_ID=${ref.id}`, `ASYM_HOME=${ref.home}`]);
