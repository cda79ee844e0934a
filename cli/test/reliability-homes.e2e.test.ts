import {expect} from 'chai';
import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';

import {Redis} from 'ioredis';
import pg from 'pg';

import {isAlive} from '../src/infra/pids.js';
import {cliWorld, PG_URL, REDIS_URL} from './helpers/world.js';

const now = new Date().toISOString();
const record = (id: string, more: Record<string, unknown> = {}) => ({
  composeProject: `asym-${id}`,
  createdAt: now,
  database: `clone_${id.replaceAll('-', '_')}`,
  id,
  mode: 'api',
  pids: {},
  ports: {backend: 1},
  provider: 'process',
  redisPrefix: `${id}:`,
  seed: null,
  state: 'running',
  template: 'stripe',
  updatedAt: now,
  ...more,
});

/**
 * A stand-in for a clone's backend: a sleeping node process carrying the environment the process
 * provider gives backends (ASYM_CLONE_ID, ASYM_HOME). Real backends of two homes with the same clone
 * name would need two Postgres servers; the lookup under test only reads this environment.
 */
function fakeBackend(id: string, home: string): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {detached: true, env: {ASYM_CLONE_ID: id, ASYM_HOME: home, PATH: process.env.PATH}, stdio: 'ignore'});
  child.unref();
  return child.pid!;
}

describe('reliability: homes and registry records are not trusted blindly', function () {
  this.timeout(300_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  const started: number[] = [];
  before(async () => {
    world = await cliWorld();
  });
  after(async () => {
    for (const pid of started) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await world?.cleanup();
  });
  const writeRegistry = (clones: unknown[]) => writeFileSync(join(world.home, 'registry.json'), JSON.stringify({clones, environments: [], version: 2}), {mode: 0o600});

  it('stop in one home leaves a same-named clone of another home running', async () => {
    const other = mkdtempSync(join(tmpdir(), 'asym-other-home-'));
    try {
      const mine = fakeBackend('twin-1', world.home);
      const theirs = fakeBackend('twin-1', other);
      started.push(mine, theirs);
      writeRegistry([record('twin-1')]);
      const r = await world.run(['stop', 'twin-1', '--json']);
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      for (let i = 0; i < 100 && isAlive(mine); i++) await new Promise((res) => setTimeout(res, 50));
      expect(isAlive(mine), 'this home\'s backend').to.equal(false);
      expect(isAlive(theirs), 'the other home\'s backend').to.equal(true);
    } finally {
      rmSync(other, {force: true, recursive: true});
    }
  });

  it('a record whose id is a path: quarantined and named; logs and destroy touch nothing outside the home', async () => {
    const outside = join(dirname(world.home), `asym-outside-${process.pid}`);
    mkdirSync(join(outside, 'x'), {recursive: true});
    writeFileSync(join(outside, 'x', 'keep.txt'), 'keep');
    try {
      const id = `../../${outside.split('/').pop()}/x`;
      writeRegistry([record(id, {database: 'clone_x', redisPrefix: 'x:'})]);
      for (const args of [['logs', id, '--json'], ['destroy', id, '--force', '--json']]) {
        const r = await world.run(args);
        expect(r.code, r.stdout).to.equal(1);
        const err = r.json<{error: {code: string; message: string}}>().error;
        // Quarantined (issue 24): the record is not in the registry any more, so nothing acts on it.
        expect(err.code).to.equal('CLONE_NOT_FOUND');
        expect(err.message).to.include(JSON.stringify(id));
      }
      const doctor = await world.run(['doctor', '--json']);
      expect(doctor.json<{checks: Array<{name: string; ok: boolean}>}>().checks.find((c) => c.name === `quarantined clone ${id}`)?.ok).to.equal(false);
      expect(existsSync(join(outside, 'x', 'keep.txt'))).to.equal(true);
    } finally {
      rmSync(outside, {force: true, recursive: true});
    }
  });

  it('a record pointing at another database or an empty Redis prefix: destroy refuses, both survive', async () => {
    const otherDb = `otherdb_${process.pid}`;
    const admin = new pg.Client({connectionString: PG_URL});
    await admin.connect();
    const redis = new Redis(REDIS_URL);
    try {
      await admin.query(`CREATE DATABASE ${otherDb}`);
      await redis.set(`asym-sentinel-${process.pid}`, '1');
      for (const bad of [{database: otherDb}, {redisPrefix: ''}]) {
        writeRegistry([record('victim-1', bad)]);
        const r = await world.run(['destroy', 'victim-1', '--force', '--json']);
        expect(r.code, r.stdout).to.equal(1);
        const err = r.json<{error: {code: string; message: string}}>().error;
        expect(err.code).to.equal('CLONE_NOT_FOUND');
        expect(err.message).to.include('"victim-1"');
      }
      expect((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [otherDb])).rowCount).to.equal(1);
      expect(await redis.get(`asym-sentinel-${process.pid}`)).to.equal('1');
      // The records were quarantined (kept beside the registry, named by doctor), not deleted.
      const fix = await world.run(['doctor', '--fix', '--json']);
      expect(fix.json<{checks: Array<{name: string; ok: boolean}>}>().checks.filter((c) => c.name === 'quarantined clone victim-1' && !c.ok)).to.have.length(2);
      expect((await world.run(['ls', '--json'])).json<unknown[]>()).to.deep.equal([]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${otherDb}`);
      await admin.end();
      await redis.del(`asym-sentinel-${process.pid}`);
      redis.disconnect();
      writeRegistry([]);
    }
  });

  // Issue 16 item 9: a half-made clone (a spin still running, or killed) gets no tokens minted.
  it('tokens on a half-made clone: CLONE_STATE_INVALID naming it, nothing minted', async () => {
    for (const state of ['creating', 'destroying']) {
      writeRegistry([record('half-1', {state})]);
      for (const args of [['tokens', 'half-1', '--json'], ['tokens', 'half-1', '--reprovision', '--json']]) {
        const r = await world.run(args);
        expect(r.code, r.stdout + r.stderr).to.equal(1);
        const err = r.json<{error: {code: string; message: string}}>().error;
        expect(err.code).to.equal('CLONE_STATE_INVALID');
        expect(err.message).to.include('half-1').and.include(state);
        // Named as half-made (not merely "start it first": starting would not finish the spin).
        if (state === 'creating') expect(err.message).to.include('asym doctor --fix');
      }
      expect(JSON.parse(readFileSync(join(world.home, 'registry.json'), 'utf8')).clones[0].tokens).to.equal(undefined);
    }
    writeRegistry([]);
  });
});
