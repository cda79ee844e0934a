// Issue 16 item 10: owned Postgres/Redis must not outlive their ASYM_HOME. Real servers from the
// machine's binaries; every one a test starts is gone when it ends.
import {expect} from 'chai';
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';

import {ensureInfra, stopOwnedInfra} from '../src/infra/index.js';
import {findOrphanServers, findStaleBases, stopOrphanServers} from '../src/infra/orphans.js';
import {orphanCheck} from '../src/services/doctor-swaps.js';
import {leftoverServers} from './helpers/leftovers.js';
import {isAlive} from '../src/infra/pids.js';
import {readState} from '../src/infra/state.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function ownedServers(home: string): Promise<number[]> {
  await ensureInfra(home, {});
  const st = await readState(join(home, 'infra'));
  return [st.postgres!.pid, st.redis!.pid];
}

describe('reliability: owned servers do not outlive their home', function () {
  this.timeout(300_000);
  const homes: string[] = [];
  const pids: number[] = [];
  const newHome = () => {
    const h = mkdtempSync(join(tmpdir(), 'asym-orphan-'));
    homes.push(h);
    return h;
  };
  after(async () => {
    for (const h of homes) await stopOwnedInfra(h, {purge: true}).catch(() => {});
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (const h of homes) rmSync(h, {force: true, recursive: true});
  });

  it('the watchdog stops Postgres and Redis once their ASYM_HOME is deleted', async () => {
    const home = newHome();
    const servers = await ownedServers(home);
    pids.push(...servers);
    expect(servers.every(isAlive)).to.equal(true);
    rmSync(home, {force: true, recursive: true});
    for (let i = 0; i < 300 && servers.some(isAlive); i++) await sleep(100);
    expect(servers.filter(isAlive)).to.deep.equal([]);
  });

  it('without a watchdog (an older CLI, or it was killed) doctor finds the orphans and --fix stops them', async () => {
    process.env.ASYM_NO_WATCHDOG = '1';
    let servers: number[];
    try {
      const home = newHome();
      servers = await ownedServers(home);
      pids.push(...servers);
      rmSync(home, {force: true, recursive: true});
    } finally {
      delete process.env.ASYM_NO_WATCHDOG;
    }
    const found = findOrphanServers().filter((o) => servers.includes(o.pid));
    expect(found.map((o) => o.kind).sort()).to.deep.equal(['postgres', 'redis']);
    // The test runner's own leftover check sees them as this run's.
    expect(leftoverServers(process.env.ASYM_TEST_RUN ?? '', 0).filter((o) => servers.includes(o.pid)).map((o) => o.kind).sort()).to.deep.equal(['postgres', 'redis']);
    await stopOrphanServers(found);
    expect(servers.filter(isAlive)).to.deep.equal([]);
  });

  it('the test runner fails a run whose tests leave an owned server behind, naming it, and stops it', async () => {
    const dir = newHome();
    const file = join(dir, 'leaks.test.mts');
    const infraModule = new URL('../src/infra/index.ts', import.meta.url).href;
    writeFileSync(file, `import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ensureInfra} from ${JSON.stringify(infraModule)};
it('leaks its owned servers', async function () {
  this.timeout(120000);
  const home = mkdtempSync(join(tmpdir(), 'asym-leak-'));
  await ensureInfra(home, {});
  rmSync(home, {force: true, recursive: true});
});
`);
    const runner = new URL('../../scripts/mocha-run.mjs', import.meta.url);
    const r = spawnSync(process.execPath, ['--import', 'tsx', runner.pathname, file], {cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8', env: {...process.env, ASYM_NO_WATCHDOG: '1', ASYM_TEST_LEFTOVER_WAIT_MS: '0', ASYM_TEST_RUN: ''}, timeout: 240_000});
    expect(r.status, r.stdout + r.stderr).to.equal(1);
    expect(r.stdout, r.stderr + String(r.error)).to.include('1 passed, 1 failed').and.include('The tests left owned servers whose ASYM_HOME is gone');
    const leaked = [...r.stdout.matchAll(/(postgres|redis) pid (\d+)/g)].map((m) => Number(m[2]));
    pids.push(...leaked);
    expect(leaked.length).to.equal(2);
    expect(leaked.filter(isAlive)).to.deep.equal([]);
  });

  it('a cluster kept outside its home (as root, the home in a 0700 directory): once the home is gone, doctor lists its data and --fix deletes it', async () => {
    const home = newHome();
    await ensureInfra(home, {});
    const {dataDir} = (await readState(join(home, 'infra'))).postgres!;
    const base = dirname(dataDir);
    await stopOwnedInfra(home); // stopped first: no server is left to find, only its data
    rmSync(home, {force: true, recursive: true});
    if (process.getuid?.() !== 0) {
      // Not root: the server runs as the user, so the cluster was inside the home and went with it.
      expect(dataDir.startsWith(home)).to.equal(true);
      expect(existsSync(base)).to.equal(false);
      return;
    }
    expect(dataDir.startsWith(home), 'a 0700 temp dir is out of the postgres user\'s reach').to.equal(false);
    expect(await findStaleBases()).to.include(base);
    const listed = (await orphanCheck(false)).find((c) => c.name === 'orphaned data');
    expect(listed?.ok).to.equal(false);
    expect(listed?.detail).to.include(base).and.include('asym doctor --fix');
    const fixed = (await orphanCheck(true)).find((c) => c.name === 'orphaned data');
    expect(fixed?.fixed).to.equal(true);
    expect(existsSync(base)).to.equal(false);
  });
});
