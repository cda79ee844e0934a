// Owned Postgres/Redis servers whose ASYM_HOME was deleted while they ran (started by a version
// without the watchdog, or whose watchdog was killed): their working directory, inside the deleted
// home's infra/, shows as "(deleted)" in /proc (Linux).
import {existsSync, readdirSync, readFileSync, readlinkSync, rmSync} from 'node:fs';
import {dirname, join} from 'node:path';

import {OWNER_FILE, outsideBaseParents, postmaster} from './postgres.js';

import {stopPid} from './pids.js';

export interface OrphanServer {
  pid: number;
  kind: 'postgres' | 'redis';
  dir: string;
  /** Cluster data kept outside the deleted home (as root): removed once the server stopped. */
  purge?: string;
}

/** A cluster outside its home (as root) whose owner file names an infra dir that is gone. */
function outsideOrphan(dataDir: string): string | undefined {
  const base = dirname(dataDir);
  try {
    const owner = readFileSync(join(base, OWNER_FILE), 'utf8').trim();
    return owner && !existsSync(owner) ? base : undefined;
  } catch {
    return undefined;
  }
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
      // Postgres: only the postmaster (its children go with it).
      if (kind === 'postgres' && !readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes('-D')) continue;
      const cwd = readlinkSync(`/proc/${entry}/cwd`);
      if (cwd.endsWith(' (deleted)') && /\/infra\/(postgres|redis)(\/|\s|$)/.test(cwd)) {
        out.push({dir: cwd.replace(/ \(deleted\)$/, ''), kind, pid: Number(entry)});
        continue;
      }
      const purge = kind === 'postgres' ? outsideOrphan(cwd) : undefined;
      if (purge) out.push({dir: cwd, kind, pid: Number(entry), purge});
    } catch {}
  }
  return out;
}

/** Stop orphaned servers (Postgres fast shutdown, Redis SIGTERM, SIGKILL after a grace period). */
export async function stopOrphanServers(orphans: OrphanServer[]): Promise<void> {
  await Promise.all(orphans.map((o) => stopPid(o.pid, [[o.kind === 'postgres' ? 'SIGINT' : 'SIGTERM', 10_000], ['SIGKILL', 2000]])));
  for (const o of orphans) if (o.purge) rmSync(o.purge, {force: true, recursive: true});
}

/**
 * Cluster bases kept outside their home (as root, see postgres.ts prepareBase) whose home is gone and
 * whose server no longer runs (it was stopped before the home was deleted): nothing else would ever
 * remove their data.
 */
export async function findStaleBases(): Promise<string[]> {
  const stale: string[] = [];
  for (const parent of await outsideBaseParents()) {
    let names: string[] = [];
    try {
      names = readdirSync(parent).filter((n) => /^asymmetric-[0-9a-f]{12}$/.test(n));
    } catch {}
    for (const name of names) {
      const base = join(parent, name);
      if (outsideOrphan(join(base, 'data')) && !(await postmaster(join(base, 'data')))) stale.push(base);
    }
  }
  return stale;
}

/** Delete stale bases (their server is not running; their home is gone). */
export function removeStaleBases(bases: string[]): void {
  for (const base of bases) rmSync(base, {force: true, recursive: true});
}
