// The test run's own check that it leaves no owned Postgres/Redis behind (issue 16 item 10): a root
// hook of scripts/mocha-run.mjs. After the last test it lists owned servers whose ASYM_HOME is gone
// and that this run started, stops them, and fails the run naming them.
import {readFileSync} from 'node:fs';

import {findOrphanServers, stopOrphanServers, type OrphanServer} from '../../src/infra/orphans.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Clock ticks since boot when `pid` started (/proc/<pid>/stat field 22), or undefined. */
function startedAt(pid: number | 'self'): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
  } catch {
    return undefined;
  }
}

const environ = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  } catch {
    return [];
  }
};

/**
 * Owned servers whose home is gone and that this run started: a postmaster carries the run's tag in
 * its environment (inherited from the test process or the CLI it ran); redis-server overwrites its
 * environment with its title, so there the test is that it started after the run did.
 */
export function leftoverServers(tag: string, runStart: number): OrphanServer[] {
  return findOrphanServers().filter((o) =>
    o.kind === 'postgres' ? environ(o.pid).includes(`ASYM_TEST_RUN=${tag}`) : (startedAt(o.pid) ?? 0) >= runStart,
  );
}

/** Root hooks: after everything, no owned server of this run may outlive its home. */
export function leftoverHooks(tag: string) {
  const runStart = startedAt('self') ?? Number.POSITIVE_INFINITY;
  return {
    async afterAll(this: Mocha.Context) {
      this.timeout(60_000);
      // A deleted home's watchdog stops its servers within seconds: give it that time (a test of this
      // hook sets ASYM_TEST_LEFTOVER_WAIT_MS=0, so no other run's doctor --fix stops them meanwhile).
      const until = Date.now() + Number(process.env.ASYM_TEST_LEFTOVER_WAIT_MS ?? 30_000);
      let left = leftoverServers(tag, runStart);
      while (Date.now() < until && left.length > 0) {
        await sleep(100);
        left = leftoverServers(tag, runStart);
      }
      if (left.length === 0) return;
      await stopOrphanServers(left);
      throw new Error(`The tests left owned servers whose ASYM_HOME is gone (stopped now): ${left.map((o) => `${o.kind} pid ${o.pid} (${o.dir})`).join(', ')}`);
    },
  };
}
