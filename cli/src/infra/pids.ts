// Processes we started, found by pid. Before signalling a pid we check its name (pids get reused).
import {readFileSync} from 'node:fs';

export function isAlive(pid: number | undefined): boolean {
  if (!pid || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A zombie (exited, not yet reaped) still answers signal 0 but is gone for our purposes.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): trust signal 0
  }
}

/** The process's executable name (Linux /proc), or undefined when unknown. */
export function processName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Alive and, where the name can be read, named `name` (prefix match: comm is cut at 15 chars). */
export function isOurs(pid: number | undefined, name: string): pid is number {
  if (!isAlive(pid)) return false;
  const comm = processName(pid as number);
  return comm === undefined || name.startsWith(comm) || comm.startsWith(name);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wait until the pid is gone; false on timeout. */
export async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > until) return false;
    await sleep(25);
  }
  return true;
}

/** Signal a pid with each signal in turn until it exits. True when it is gone. */
export async function stopPid(pid: number, steps: Array<[NodeJS.Signals, number]>): Promise<boolean> {
  for (const [signal, waitMs] of steps) {
    try {
      process.kill(pid, signal);
    } catch {
      return !isAlive(pid);
    }
    if (await waitGone(pid, waitMs)) return true;
  }
  return !isAlive(pid);
}
