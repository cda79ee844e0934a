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
});
