import {expect} from 'chai';
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import type {CloneInstance} from '@asym/contract';
import pg from 'pg';

import {cliWorld, PG_URL} from './helpers/world.js';

const fixture = fileURLToPath(new URL('./fixtures/templates/slow', import.meta.url));

type Status = {state: string; data?: {pending: string[]; ahead: string[]}; problem?: {reason: string; fix: string}};

/**
 * Issue 24, item 2: a template that gains a migration reaches an existing clone (start and asym
 * upgrade apply it to the clone's own database, keeping its rows); a failing migration changes nothing.
 */
describe('template upgrades migrate existing clones', function () {
  this.timeout(300_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let dir: string;
  let tpl: string;
  let clone: CloneInstance;
  const sql = async <T>(q: string): Promise<T[]> => {
    const c = new pg.Client({connectionString: new URL(`/${clone.database}`, PG_URL).toString()});
    await c.connect();
    try {
      return (await c.query(q)).rows as T[];
    } finally {
      await c.end();
    }
  };
  const status = async () => (await world.run(['status', clone.id, '--json'])).json<Status[]>()[0]!;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'asym-upgrade-'));
    tpl = join(dir, 'upgradable');
    cpSync(fixture, tpl, {recursive: true});
    const manifest = JSON.parse(readFileSync(join(tpl, 'clone.manifest.json'), 'utf8'));
    writeFileSync(join(tpl, 'clone.manifest.json'), JSON.stringify({...manifest, displayName: 'Test (upgradable)', name: 'test-upgradable', version: '1.0.0'}));
    world = await cliWorld({ASYM_TEMPLATES_DIR: dir, ASYM_TEST_DELAY_MS: '0'});
    const spun = await world.run(['spin', 'test-upgradable', '--name', `upg-${process.pid % 100_000}`, '--json']);
    expect(spun.code, spun.stderr + spun.stdout).to.equal(0);
    clone = spun.json<CloneInstance[]>()[0]!;
    await sql("INSERT INTO items (name) VALUES ('kept')");
  });
  after(async () => {
    await world?.cleanup();
    rmSync(dir, {force: true, recursive: true});
    // This test's own template databases (its template's name is unique to it).
    const c = new pg.Client({connectionString: PG_URL});
    await c.connect();
    try {
      for (const {datname} of (await c.query<{datname: string}>("SELECT datname FROM pg_database WHERE starts_with(datname, 'asym_tpl_test_upgradable_')")).rows) {
        await c.query(`ALTER DATABASE "${datname}" IS_TEMPLATE false`);
        await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      await c.end();
    }
  });

  it('status shows the new migration pending, start applies it keeping the rows', async () => {
    expect((await world.run(['stop', clone.id])).code).to.equal(0);
    writeFileSync(join(tpl, 'migrations', '002_tags.sql'), "ALTER TABLE items ADD COLUMN tag text NOT NULL DEFAULT 'none';");
    const manifest = JSON.parse(readFileSync(join(tpl, 'clone.manifest.json'), 'utf8'));
    writeFileSync(join(tpl, 'clone.manifest.json'), JSON.stringify({...manifest, version: '1.1.0'}));
    const before = await status();
    expect(before.data?.pending).to.deep.equal(['002_tags.sql']);
    expect(before.problem?.fix).to.include(`asym upgrade ${clone.id}`);
    const started = await world.run(['start', clone.id]);
    expect(started.code, started.stderr).to.equal(0);
    expect(await sql<{name: string; tag: string}>('SELECT name, tag FROM items')).to.deep.equal([{name: 'kept', tag: 'none'}]);
    const after = await status();
    expect(after.state).to.equal('running');
    expect(after.data).to.deep.include({pending: [], templateVersion: '1.1.0'});
    expect(after.problem).to.equal(undefined);
  });

  it('a failing migration: MIGRATION_FAILED, nothing of it applied, the running clone keeps serving', async () => {
    writeFileSync(join(tpl, 'migrations', '003_broken.sql'), 'CREATE TABLE extra (id int); ALTER TABLE missing_table ADD COLUMN x int;');
    const r = await world.run(['upgrade', clone.id, '--json']);
    expect(r.code, r.stdout + r.stderr).to.equal(1);
    const err = r.json<{error: {code: string; message: string}}>().error;
    expect(err.code).to.equal('MIGRATION_FAILED');
    expect(err.message).to.include('003_broken.sql').and.include('unchanged');
    expect(await sql("SELECT 1 FROM pg_tables WHERE tablename = 'extra'")).to.deep.equal([]);
    expect(await sql<{name: string}>('SELECT name FROM items')).to.deep.equal([{name: 'kept'}]);
    const s = await status();
    expect(s.state).to.equal('running');
    expect(s.data?.pending).to.deep.equal(['003_broken.sql']);
    // Fixed, asym upgrade applies it.
    writeFileSync(join(tpl, 'migrations', '003_broken.sql'), 'CREATE TABLE extra (id int);');
    const fixed = await world.run(['upgrade', '--all', '--json']);
    expect(fixed.code, fixed.stdout + fixed.stderr).to.equal(0);
    expect(fixed.json<{upgraded: Array<{id: string; applied: string[]}>}>().upgraded).to.deep.equal([{applied: ['003_broken.sql'], id: clone.id}]);
    expect((await status()).state).to.equal('running');
  });

  it('a downgraded template: status says the data is ahead and names the fix', async () => {
    rmSync(join(tpl, 'migrations', '003_broken.sql'));
    const s = await status();
    expect(s.data?.ahead).to.deep.equal(['003_broken.sql']);
    expect(s.problem?.reason).to.include('downgraded');
    expect(s.problem?.fix).to.include(`asym reset ${clone.id}`);
  });

  it('doctor lists the template databases no clone needs (the first version) and --fix drops only those', async () => {
    const prefix = 'asym_tpl_test_upgradable_';
    const names = async () => {
      const c = new pg.Client({connectionString: PG_URL});
      await c.connect();
      try {
        return (await c.query<{datname: string}>('SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname', [prefix])).rows.map((r) => r.datname);
      } finally {
        await c.end();
      }
    };
    const all = await names();
    // Built: the first version (spin), 001+002 (start's upgrade), 001+002+003 (upgrade --all).
    expect(all).to.have.length(3);
    const check = async (fix: boolean) => (await world.run(['doctor', ...(fix ? ['--fix'] : []), '--json'])).json<{checks: Array<{name: string; detail: string}>}>().checks.find((c) => c.name === 'template databases')!;
    const listed = await check(false);
    const unused = all.filter((d) => listed.detail.includes(d));
    expect(unused, listed.detail).to.have.length(1);
    expect(await names()).to.deep.equal(all);
    const fixed = await check(true);
    expect(fixed.detail).to.include(`dropped 1 unused: ${unused[0]}`);
    expect(await names()).to.deep.equal(all.filter((d) => d !== unused[0]));
    // The clone still resets (from the current template database).
    expect((await world.run(['reset', clone.id])).code).to.equal(0);
  });
});
