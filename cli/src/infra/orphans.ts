// Owned Postgres/Redis servers whose ASYM_HOME was deleted while they ran (started by a version
// without the watchdog, or whose watchdog was killed): their working directory, inside the deleted
// home's infra/, shows as "(deleted)" in /proc (Linux).
import {readdirSync, readFileSync, readlinkSync} from 'node:fs';

import {stopPid} from './pids.js';

export interface OrphanServer {
  pid: number;
  kind: 'postgres' | 'redis';
  dir: string;
}

export function findOrphanServers(): OrphanServer[] {
  if (process.platform !== 'linux') return [];
  const out: OrphanServer[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      const kind = comm === 'postgres' ? 'postgres' : comm.startsWith('redis-server') ? 'redis' : undefined;
      if (!kind) continue;
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (!cwd.endsWith(' (deleted)') || !/\/infra\/(postgres|redis)(\/|\s|$)/.test(cwd)) continue;
      // Postgres: only the postmaster (its children go with it).
      if (kind === 'postgres' && !readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes('-D')) continue;
      out.push({dir: cwd.replace(/ \(deleted\)$/, ''), kind, pid: Number(entry)});
    } catch {}
  }
  return out;
}

/** Stop orphaned servers (Postgres fast shutdown, Redis SIGTERM, SIGKILL after a grace period). */
export async function stopOrphanServers(orphans: OrphanServer[]): Promise<void> {
  await Promise.all(orphans.map((o) => stopPid(o.pid, [[o.kind === 'postgres' ? 'SIGINT' : 'SIGTERM', 10_000], ['SIGKILL', 2000]])));
}
