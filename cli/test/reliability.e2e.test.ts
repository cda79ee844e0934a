import {expect} from 'chai';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import type {CloneInstance} from '@asym/contract';
import pg from 'pg';

import {KILL_POINTS} from '../src/kill-point.js';
import {cliWorld, databaseExists, PG_URL} from './helpers/world.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sideDatabases(database: string): Promise<string[]> {
  const c = new pg.Client({connectionString: PG_URL});
  await c.connect();
  try {
    const r = await c.query<{datname: string}>("SELECT datname FROM pg_database WHERE datname ~ $1 ORDER BY datname", [`^${database}_(n|o|sb)[0-9a-f]{6}$`]);
    return r.rows.map((x) => x.datname);
  } finally {
    await c.end();
  }
}

/** No swap copies left once the background spare builder dropped the old database. */
async function settledSideDatabases(database: string): Promise<string[]> {
  let left = await sideDatabases(database);
  for (let i = 0; i < 100 && left.length > 0; i++) {
    await sleep(200);
    left = await sideDatabases(database);
  }
  return left;
}

/**
 * Issue 16: a reset SIGKILLed at every step of the database swap (ASYM_TEST_KILL_AT) is repaired by
 * doctor --fix, start or the next reset: the clone serves its seed with its own key, and no swap
 * copy is left behind.
 */
describe('reliability: a reset killed at any step recovers', function () {
  this.timeout(600_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let clone: CloneInstance;
  let key: string;
  const customers = async () => {
    const res = await fetch(`${clone.endpoints.api}/v1/customers?limit=100`, {headers: {authorization: `Bearer ${key}`}});
    expect(res.status, await res.clone().text()).to.equal(200);
    return ((await res.json()) as {data: Array<{email: string | null}>}).data;
  };
  const dirty = async (email: string) => {
    const res = await fetch(`${clone.endpoints.api}/v1/customers`, {body: `email=${encodeURIComponent(email)}`, headers: {authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded'}, method: 'POST'});
    expect(res.status).to.equal(200);
  };
  let seedCount = 0;

  before(async () => {
    world = await cliWorld({ASYM_NO_SPARE: '0'});
    const spun = await world.run(['spin', 'stripe', '--name', `kill-${process.pid % 100_000}`, '--json']);
    expect(spun.code, spun.stderr + spun.stdout).to.equal(0);
    clone = spun.json<CloneInstance[]>()[0]!;
    key = clone.tokens!.apiKey!;
    seedCount = (await customers()).length;
  });
  after(async () => world?.cleanup());

  for (const point of KILL_POINTS) {
    it(`SIGKILL at ${point}, then doctor --fix: the seed is back, the key works, no swap copy is left`, async () => {
      await dirty(`dirty-${point}@example.com`);
      const killed = await world.run(['reset', clone.id, '--json'], {ASYM_TEST_KILL_AT: point});
      expect(killed.signal, `${killed.code} ${killed.stdout} ${killed.stderr}`).to.equal('SIGKILL');
      if (point === 'swap:connections-blocked') {
        // Without --fix doctor names the clone (checked at one point: every CLI run costs time).
        const before = await world.run(['doctor', '--json']);
        const named = before.json<{checks: Array<{name: string; ok: boolean}>}>().checks.filter((c) => c.name.includes(clone.id) && !c.ok);
        expect(named.length, before.stdout).to.be.greaterThan(0);
      }
      const fix = await world.run(['doctor', '--fix', '--json']);
      const checks = fix.json<{checks: Array<{name: string; ok: boolean; fixed?: boolean; detail: string}>}>().checks;
      expect(checks.filter((c) => c.name.includes(clone.id) && !c.ok), fix.stdout).to.deep.equal([]);
      const rows = await customers();
      expect(rows.map((c) => c.email)).to.not.include(`dirty-${point}@example.com`);
      expect(rows).to.have.length(seedCount);
      expect(await settledSideDatabases(clone.database)).to.deep.equal([]);
    });
  }

  it('start completes a reset killed mid-swap', async () => {
    await dirty('dirty-start@example.com');
    const killed = await world.run(['reset', clone.id], {ASYM_TEST_KILL_AT: 'swap:connections-blocked'});
    expect(killed.signal).to.equal('SIGKILL');
    const started = await world.run(['start', clone.id, '--json']);
    expect(started.code, started.stdout + started.stderr).to.equal(0);
    expect((await customers()).map((c) => c.email)).to.not.include('dirty-start@example.com');
    expect(await settledSideDatabases(clone.database)).to.deep.equal([]);
  });

  it('the next reset completes a reset killed after the old database was renamed', async () => {
    await dirty('dirty-reset@example.com');
    const killed = await world.run(['reset', clone.id], {ASYM_TEST_KILL_AT: 'swap:old-renamed'});
    expect(killed.signal).to.equal('SIGKILL');
    const again = await world.run(['reset', clone.id, '--json']);
    expect(again.code, again.stdout + again.stderr).to.equal(0);
    expect((await customers()).map((c) => c.email)).to.not.include('dirty-reset@example.com');
    expect(await settledSideDatabases(clone.database)).to.deep.equal([]);
  });

  it('a reset of a clone being destroyed answers CLONE_STATE_INVALID (no stack trace)', async () => {
    const file = join(world.home, 'registry.json');
    const original = readFileSync(file, 'utf8');
    const reg = JSON.parse(original);
    reg.clones.find((c: {id: string}) => c.id === clone.id).state = 'destroying';
    writeFileSync(file, JSON.stringify(reg), {mode: 0o600});
    try {
      const r = await world.run(['reset', clone.id, '--json']);
      expect(r.code).to.equal(1);
      expect(r.json<{error: {code: string}}>().error.code).to.equal('CLONE_STATE_INVALID');
    } finally {
      writeFileSync(file, original, {mode: 0o600});
    }
  });

  it('reset racing destroy: each ends with success or a named error, and nothing is left', async () => {
    const spun = await world.run(['spin', 'stripe', '--name', `race-${process.pid % 100_000}`, '--json']);
    expect(spun.code, spun.stderr).to.equal(0);
    const racer = spun.json<CloneInstance[]>()[0]!;
    const [reset, destroy] = await Promise.all([world.run(['reset', racer.id, '--json']), (async () => (await sleep(150), world.run(['destroy', racer.id, '--force', '--json'])))()]);
    expect(destroy.code, destroy.stdout + destroy.stderr).to.equal(0);
    expect([0, 1], reset.stdout + reset.stderr).to.include(reset.code);
    expect(reset.stderr).to.not.match(/\n\s+at /);
    if (reset.code === 1) expect(reset.json<{error: {code: string}}>().error.code).to.match(/^(CLONE_STATE_INVALID|CLONE_NOT_FOUND)$/);
    expect(await settledSideDatabases(racer.database)).to.deep.equal([]);
    expect(await databaseExists(racer.database)).to.equal(false);
  });
});
