import {readdirSync, readFileSync} from 'node:fs';

import {isAlive} from '../../infra/pids.js';

/** Whether `pid` is alive and is the given clone's service (guards against pid reuse). */
export function isCloneProcess(pid: number | undefined, cloneId: string): boolean {
  if (!isAlive(pid)) return false;
  try {
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    return environ.split('\0').includes(`ASYM_CLONE_ID=${cloneId}`);
  } catch {
    // No /proc (macOS): trust the signal check.
    return process.platform !== 'linux';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, wait for a clean exit, SIGKILL after the grace period. */
export async function terminate(pid: number, cloneId: string, graceMs = 5000): Promise<void> {
  if (!isCloneProcess(pid, cloneId)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isCloneProcess(pid, cloneId)) return;
    await sleep(20);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {}
  while (isCloneProcess(pid, cloneId)) await sleep(20);
}

/** Every live process started for a clone, found by the ASYM_CLONE_ID in its environment (Linux). */
export function findCloneProcesses(cloneId: string): number[] {
  if (process.platform !== 'linux') return [];
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(`ASYM_CLONE_ID=${cloneId}`)) out.push(Number(entry));
    } catch {}
  }
  return out;
}
