import {expect} from 'chai';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {CONTRACT_VERSION, type ResolvedTemplate, TemplateManifest} from '@asym/contract';
import {Redis} from 'ioredis';
import pg from 'pg';

import {createDatabaseFrom, databaseUrl, dropDatabase, ensureTemplateDatabase, prepareSpare, spareName, swapDatabase} from '../src/data/postgres.js';
import {clearRedisPrefix} from '../src/data/redis.js';
import {allocatePorts} from '../src/providers/ports.js';
import {RegistryStore} from '../src/registry/store.js';
import {tempHome} from './helpers/home.js';
import {PG_URL, REDIS_URL} from './helpers/world.js';

const sql = async <T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, text: string, params: unknown[] = []) => {
  const c = new pg.Client({connectionString: url});
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
};

/** A throw-away template on disk with its own name, so its template database is new to this run. */
function makeTemplate(): {t: ResolvedTemplate; root: string} {
  const root = mkdtempSync(join(tmpdir(), 'asym-tpl-'));
  const name = `t${Math.random().toString(36).slice(2, 10)}`;
  mkdirSync(join(root, 'migrations'));
  mkdirSync(join(root, 'seeds'));
  writeFileSync(join(root, 'migrations', '001_items.sql'), 'CREATE TABLE items (id serial PRIMARY KEY, name text NOT NULL);');
  writeFileSync(join(root, 'migrations', '002_log.sql'), "CREATE TABLE migration_log (at timestamptz DEFAULT now()); INSERT INTO migration_log DEFAULT VALUES;");
  writeFileSync(join(root, 'seeds', 'three.sql'), "INSERT INTO items (name) VALUES ('a'), ('b'), ('c');");
  const manifest = TemplateManifest.parse({
    database: {migrations: './migrations'},
    displayName: name,
    engine: `^${CONTRACT_VERSION}`,
    modes: {api: ['backend']},
    name,
    realProduct: 'none',
    seed: {fixtures: './seeds/*.sql'},
    services: {backend: {entry: './x.js', health: '/h', port: 1}},
  });
  return {root, t: {manifest, name, plugin: {name: 'test', type: 'core', version: '0'}, root}};
}

describe('data: template databases, clone copies, reset swap (real Postgres)', function () {
  this.timeout(60_000);
  const made: string[] = [];
  let tpl: ReturnType<typeof makeTemplate>;
  before(() => (tpl = makeTemplate()));
  after(async () => {
    for (const d of made) await dropDatabase(PG_URL, d).catch(() => {});
    const rows = await sql<{datname: string}>(PG_URL, 'SELECT datname FROM pg_database WHERE datname LIKE $1', [`asym_tpl_${tpl.t.name}%`]);
    for (const {datname} of rows) await sql(PG_URL, `ALTER DATABASE "${datname}" WITH IS_TEMPLATE false ALLOW_CONNECTIONS true`).then(() => sql(PG_URL, `DROP DATABASE "${datname}"`));
    rmSync(tpl.root, {force: true, recursive: true});
  });

  it('builds a template database once per (migrations, fixture), even when asked three times at once', async () => {
    const [a, b, c] = await Promise.all([ensureTemplateDatabase(PG_URL, tpl.t, 'three'), ensureTemplateDatabase(PG_URL, tpl.t, 'three'), ensureTemplateDatabase(PG_URL, tpl.t, 'three')]);
    expect(a!.name).to.equal(b!.name).and.equal(c!.name);
    expect(a!.fixtureRows).to.equal(3);
    const rows = await sql(PG_URL, 'SELECT oid FROM pg_database WHERE datname = $1', [a!.name]);
    expect(rows).to.have.length(1);
    const again = await ensureTemplateDatabase(PG_URL, tpl.t, 'three');
    expect((await sql(PG_URL, 'SELECT oid FROM pg_database WHERE datname = $1', [again.name]))[0]).to.deep.equal(rows[0]);
    const bare = await ensureTemplateDatabase(PG_URL, tpl.t);
    expect(bare.name).to.not.equal(a!.name);
    expect(bare.fixtureRows).to.equal(0);
  });

  it('a clone database is a copy: migrations ran once (in the template), fixture rows present', async () => {
    const t = await ensureTemplateDatabase(PG_URL, tpl.t, 'three');
    const db = `clone_itest_${Math.random().toString(16).slice(2, 8)}`;
    made.push(db);
    await createDatabaseFrom(PG_URL, db, t.name);
    const url = databaseUrl(PG_URL, db);
    expect((await sql(url, 'SELECT name FROM items ORDER BY id')).map((r) => r.name)).to.deep.equal(['a', 'b', 'c']);
    expect(await sql(url, 'SELECT count(*)::int AS n FROM migration_log')).to.deep.equal([{n: 1}]);
  });

  it('swap returns a clone to the seed (rows written since are gone), with or without a prepared spare', async () => {
    const t = await ensureTemplateDatabase(PG_URL, tpl.t, 'three');
    const db = `clone_itest_${Math.random().toString(16).slice(2, 8)}`;
    made.push(db);
    await createDatabaseFrom(PG_URL, db, t.name);
    const url = databaseUrl(PG_URL, db);
    await sql(url, "INSERT INTO items (name) VALUES ('written later')");
    const first = await swapDatabase(PG_URL, db, t.name, t.hash);
    expect(first.usedSpare).to.equal(false);
    expect((await sql(url, 'SELECT count(*)::int AS n FROM items'))[0]).to.deep.equal({n: 3});

    await prepareSpare(PG_URL, db, t.name, t.hash, first.old ? [first.old] : []);
    expect(await sql(PG_URL, 'SELECT datname FROM pg_database WHERE datname = $1', [spareName(db)])).to.have.length(1);
    await sql(url, "DELETE FROM items WHERE name = 'a'");
    const second = await swapDatabase(PG_URL, db, t.name, t.hash);
    expect(second.usedSpare).to.equal(true);
    expect((await sql(url, 'SELECT name FROM items ORDER BY id')).map((r) => r.name)).to.deep.equal(['a', 'b', 'c']);

    await dropDatabase(PG_URL, db);
    const left = await sql(PG_URL, 'SELECT datname FROM pg_database WHERE datname LIKE $1', [`${db}%`]);
    expect(left, 'drop removes the clone and its side databases').to.deep.equal([]);
  });

  it('a spare built from other data is not used', async () => {
    const withFixture = await ensureTemplateDatabase(PG_URL, tpl.t, 'three');
    const bare = await ensureTemplateDatabase(PG_URL, tpl.t);
    const db = `clone_itest_${Math.random().toString(16).slice(2, 8)}`;
    made.push(db);
    await createDatabaseFrom(PG_URL, db, withFixture.name);
    await prepareSpare(PG_URL, db, withFixture.name, withFixture.hash, []);
    const r = await swapDatabase(PG_URL, db, bare.name, bare.hash);
    expect(r.usedSpare).to.equal(false);
    expect((await sql(databaseUrl(PG_URL, db), 'SELECT count(*)::int AS n FROM items'))[0]).to.deep.equal({n: 0});
  });
});

describe('redis prefix isolation (real Redis)', () => {
  it('clearing one clone prefix leaves every other key alone, including a longer look-alike prefix', async () => {
    const r = new Redis(REDIS_URL);
    const base = `itest-${Math.random().toString(16).slice(2, 8)}`;
    try {
      await r.mset(`${base}:a`, '1', `${base}:b:c`, '2', `${base}x:a`, '3', `${base}-2:a`, '4');
      expect(await clearRedisPrefix(REDIS_URL, `${base}:`)).to.equal(2);
      expect(await r.exists(`${base}:a`, `${base}:b:c`)).to.equal(0);
      expect(await r.exists(`${base}x:a`, `${base}-2:a`)).to.equal(2);
    } finally {
      await r.del(`${base}x:a`, `${base}-2:a`);
      r.disconnect();
    }
  });
});

describe('port allocation under the registry lock', () => {
  it('10 parallel allocations get 10 distinct ports that bind', async () => {
    const h = tempHome();
    try {
      const store = new RegistryStore(h.home);
      const from = 20_000 + Math.floor(Math.random() * 400) * 100;
      const now = new Date().toISOString();
      const ports = await Promise.all(
        Array.from({length: 10}, (_, i) =>
          store.update(async (reg) => {
            const taken = new Set(reg.clones.flatMap((c) => Object.values(c.ports)));
            const [port] = await allocatePorts({from, to: from + 49}, taken, 1);
            reg.clones.push({composeProject: `asym-c-${i}`, createdAt: now, database: `clone_c_${i}`, expose: false, id: `c-${i}`, mode: 'api', ports: {backend: port!}, provider: 'process', redisPrefix: `c-${i}:`, seed: null, state: 'creating', template: 't', updatedAt: now});
            return port!;
          }),
        ),
      );
      expect(new Set(ports).size).to.equal(10);
      for (const p of ports) expect(p).to.be.within(from, from + 49);
      const err = await allocatePorts({from, to: from}, new Set([from]), 1).catch((e) => e);
      expect(err.code).to.equal('NO_FREE_PORTS');
    } finally {
      await h.cleanup();
    }
  });
});
