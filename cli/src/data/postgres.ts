import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {basename} from 'node:path';

import {asymError, type ResolvedTemplate} from '@asym/contract';
import pg from 'pg';

import {killPoint} from '../kill-point.js';
import {dataHash, fixtureFile, migrationFiles} from './fixtures.js';

const q = (ident: string) => `"${ident.replaceAll('"', '""')}"`;

export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({connectionString: url, connectionTimeoutMillis: 10_000});
  // A connection the server ends (a concurrent destroy, a restart) also fails the query in flight;
  // without a listener the 'error' event would crash the CLI with a stack trace.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function databaseExists(admin: pg.Client, name: string): Promise<boolean> {
  const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return (r.rowCount ?? 0) > 0;
}

async function totalRows(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const tables = await c.query<{t: string}>(
      `SELECT format('%I.%I', schemaname, tablename) AS t FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    let n = 0;
    for (const {t} of tables.rows) n += Number((await c.query<{n: string}>(`SELECT count(*) AS n FROM ${t}`)).rows[0]?.n ?? 0);
    return n;
  });
}

export interface TemplateDatabase {
  name: string;
  hash: string;
  /** Rows the fixture added. */
  fixtureRows: number;
}

/**
 * The database every clone of (template, migrations, fixture) is copied from with
 * `CREATE DATABASE … TEMPLATE`. Built once; concurrent builders wait on an advisory lock.
 */
export async function ensureTemplateDatabase(adminUrl: string, t: ResolvedTemplate, fixture?: string): Promise<TemplateDatabase> {
  const hash = dataHash(t, fixture);
  const name = `asym_tpl_${t.name.replaceAll('-', '_')}_${hash}`;
  return withClient(adminUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    try {
      const existing = await admin.query<{c: string | null}>('SELECT shobj_description(oid, \'pg_database\') AS c FROM pg_database WHERE datname = $1', [name]);
      if (existing.rows[0]) return {fixtureRows: Number(JSON.parse(existing.rows[0].c ?? '{}').fixtureRows ?? 0), hash, name};
      const build = `${name}_build_${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${q(build)}`);
      try {
        const url = databaseUrl(adminUrl, build);
        await withClient(url, async (c) => {
          for (const file of migrationFiles(t)) {
            try {
              await c.query(readFileSync(file, 'utf8'));
            } catch (error) {
              throw asymError('MIGRATION_FAILED', {detail: (error as Error).message, file: basename(file), template: t.name});
            }
          }
        });
        let fixtureRows = 0;
        if (fixture) {
          const before = await totalRows(url);
          await withClient(url, async (c) => {
            try {
              await c.query(readFileSync(fixtureFile(t, fixture), 'utf8'));
            } catch (error) {
              throw asymError('SEED_FAILED', {detail: (error as Error).message, fixture, id: t.name});
            }
          });
          fixtureRows = (await totalRows(url)) - before;
        }
        await admin.query(`ALTER DATABASE ${q(build)} RENAME TO ${q(name)}`);
        await admin.query(`COMMENT ON DATABASE ${q(name)} IS '${JSON.stringify({fixture: fixture ?? null, fixtureRows, template: t.name})}'`);
        // Nobody connects to a template database: a connection would make CREATE … TEMPLATE fail.
        await admin.query(`ALTER DATABASE ${q(name)} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
        return {fixtureRows, hash, name};
      } catch (error) {
        await admin.query(`DROP DATABASE IF EXISTS ${q(build)} WITH (FORCE)`).catch(() => {});
        throw error;
      }
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => {});
    }
  });
}

export async function createDatabaseFrom(adminUrl: string, database: string, template: string): Promise<void> {
  await withClient(adminUrl, async (admin) => {
    await admin.query(`CREATE DATABASE ${q(database)} TEMPLATE ${q(template)}`);
  });
}

/** Names of the side databases of a clone: its prepared spare copy and swap leftovers. */
export const spareName = (database: string) => `${database}_spare`;
const sideRegex = (database: string) => `^${database.replaceAll(/[^a-z0-9_]/g, '')}_(spare|sb[0-9a-f]{6}|n[0-9a-f]{6}|o[0-9a-f]{6})$`;
/** Advisory-lock key that serialises the spare builder and destroy for one clone. */
const sideLock = (database: string) => `asym-side:${database}`;

/**
 * Take the clone's prepared spare copy if it was built from `hash` (renaming it is atomic, so two
 * resets never take the same one). Returns its new name, or undefined when there is none to take.
 */
async function claimSpare(admin: pg.Client, database: string, hash: string): Promise<string | undefined> {
  const spare = spareName(database);
  const r = await admin.query<{c: string | null}>("SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = $1", [spare]);
  if (!r.rows[0]) return undefined;
  const fresh = `${database}_n${randomBytes(3).toString('hex')}`;
  try {
    await admin.query(`ALTER DATABASE ${q(spare)} RENAME TO ${q(fresh)}`);
  } catch {
    return undefined;
  }
  if (r.rows[0].c !== hash) {
    await admin.query(`DROP DATABASE IF EXISTS ${q(fresh)} WITH (FORCE)`);
    return undefined;
  }
  return fresh;
}

/**
 * Put a clone's database back to a template's copy with the shortest interruption: take the spare
 * copy prepared in the background (or make one now), then block new connections, end the live
 * ones and swap names. Returns the old database's name, to be dropped off the critical path.
 *
 * Crash-safe: both renames happen in one transaction, so `database` always exists — the old copy
 * or the new one, never neither. A crash before the commit leaves at most the clone's database
 * refusing connections and a `_n…` copy; `repairSwap` (run by doctor --fix, start and reset after
 * an interrupted reset) undoes both.
 */
export async function swapDatabase(adminUrl: string, database: string, template: string, hash: string): Promise<{old?: string; usedSpare: boolean}> {
  const old = `${database}_o${randomBytes(3).toString('hex')}`;
  return withClient(adminUrl, async (admin) => {
    let fresh = await claimSpare(admin, database, hash);
    const usedSpare = fresh !== undefined;
    if (!fresh) {
      fresh = `${database}_n${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${q(fresh)} TEMPLATE ${q(template)}`);
    }
    killPoint('swap:fresh-ready');
    let hadOld = false;
    try {
      if (await databaseExists(admin, database)) {
        hadOld = true;
        await admin.query(`ALTER DATABASE ${q(database)} WITH ALLOW_CONNECTIONS false`);
        killPoint('swap:connections-blocked');
        await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
        killPoint('swap:backends-ended');
      }
      await admin.query('BEGIN');
      if (hadOld) await admin.query(`ALTER DATABASE ${q(database)} RENAME TO ${q(old)}`);
      killPoint('swap:old-renamed');
      await admin.query(`ALTER DATABASE ${q(fresh)} RENAME TO ${q(database)}`);
      await admin.query(`COMMENT ON DATABASE ${q(database)} IS NULL`);
      await admin.query('COMMIT');
      killPoint('swap:committed');
    } catch (error) {
      await admin.query('ROLLBACK').catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS ${q(fresh)} WITH (FORCE)`).catch(() => {});
      await admin.query(`ALTER DATABASE ${q(database)} WITH ALLOW_CONNECTIONS true`).catch(() => {});
      throw error;
    }
    return {old: hadOld ? old : undefined, usedSpare};
  });
}

/**
 * Undo what a reset killed mid-swap left behind for one clone: a clone database missing (an older
 * CLI renamed it away) gets its `_o…` copy back, a database left refusing connections accepts them
 * again, and `_n…`/`_o…`/`_sb…` copies are dropped. Only call it when no reset of the clone runs.
 * Returns the databases it dropped. Waits for a spare builder still at work on the clone.
 */
export async function repairSwap(adminUrl: string, database: string): Promise<string[]> {
  return withClient(adminUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [sideLock(database)]);
    try {
      const leftovers = (await admin.query<{datname: string}>('SELECT datname FROM pg_database WHERE datname ~ $1 ORDER BY datname', [sideRegex(database)])).rows
        .map((r) => r.datname)
        .filter((d) => d !== spareName(database));
      if (!(await databaseExists(admin, database))) {
        const back = leftovers.find((d) => /_o[0-9a-f]{6}$/.test(d)) ?? leftovers.find((d) => /_n[0-9a-f]{6}$/.test(d));
        if (back) {
          await admin.query(`ALTER DATABASE ${q(back)} RENAME TO ${q(database)}`);
          leftovers.splice(leftovers.indexOf(back), 1);
        }
      }
      if (await databaseExists(admin, database)) await admin.query(`ALTER DATABASE ${q(database)} WITH ALLOW_CONNECTIONS true`);
      for (const d of leftovers) await admin.query(`DROP DATABASE IF EXISTS ${q(d)} WITH (FORCE)`);
      return leftovers;
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [sideLock(database)]).catch(() => {});
    }
  });
}

/**
 * A clone's swap leftovers (`_n…`, `_o…`, `_sb…`; not its prepared spare) and whether its database
 * refuses connections or is missing. `busy` when a spare builder holds the clone's side lock.
 */
export async function swapLeftovers(adminUrl: string, database: string): Promise<{leftovers: string[]; blocked: boolean; missing: boolean; busy: boolean}> {
  return withClient(adminUrl, async (admin) => {
    const got = (await admin.query<{ok: boolean}>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [sideLock(database)])).rows[0]?.ok;
    if (!got) return {blocked: false, busy: true, leftovers: [], missing: false};
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [sideLock(database)]);
    const side = (await admin.query<{datname: string}>('SELECT datname FROM pg_database WHERE datname ~ $1 ORDER BY datname', [sideRegex(database)])).rows.map((r) => r.datname);
    const main = await admin.query<{datallowconn: boolean}>('SELECT datallowconn FROM pg_database WHERE datname = $1', [database]);
    return {blocked: main.rows[0]?.datallowconn === false, busy: false, leftovers: side.filter((d) => d !== spareName(database)), missing: !main.rows[0]};
  });
}

/**
 * Build the clone's next spare copy from the template and drop databases it no longer needs.
 * Runs in a detached worker after spin/reset/seed, so the next reset only renames.
 */
export async function prepareSpare(adminUrl: string, database: string, template: string, hash: string, drop: string[]): Promise<void> {
  await withClient(adminUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [sideLock(database)]);
    try {
      for (const d of drop) await admin.query(`DROP DATABASE IF EXISTS ${q(d)} WITH (FORCE)`);
      // The clone may have been destroyed meanwhile: then there is nothing to prepare for.
      if (!(await databaseExists(admin, database))) return;
      const spare = spareName(database);
      const cur = await admin.query<{c: string | null}>("SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = $1", [spare]);
      if (cur.rows[0]?.c === hash) return;
      if (cur.rows[0]) await admin.query(`DROP DATABASE IF EXISTS ${q(spare)} WITH (FORCE)`);
      const build = `${database}_sb${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${q(build)} TEMPLATE ${q(template)}`);
      await admin.query(`COMMENT ON DATABASE ${q(build)} IS '${hash.replaceAll("'", '')}'`);
      await admin.query(`ALTER DATABASE ${q(build)} RENAME TO ${q(spare)}`).catch(async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${q(build)} WITH (FORCE)`);
      });
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [sideLock(database)]).catch(() => {});
    }
  });
}

/** Drop a clone's spare copy and swap leftovers (waits for a spare builder still at work). */
export async function dropSideDatabases(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [sideLock(database)]);
    try {
      const r = await admin.query<{datname: string}>('SELECT datname FROM pg_database WHERE datname ~ $1', [sideRegex(database)]);
      for (const {datname} of r.rows) await admin.query(`DROP DATABASE IF EXISTS ${q(datname)} WITH (FORCE)`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [sideLock(database)]).catch(() => {});
    }
  });
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${q(database)} WITH (FORCE)`);
  });
  await dropSideDatabases(adminUrl, database);
}

/** Clone databases in the server (for doctor's drift check). */
export async function listCloneDatabases(adminUrl: string): Promise<string[]> {
  return withClient(adminUrl, async (admin) => (await admin.query<{datname: string}>(`SELECT datname FROM pg_database WHERE datname LIKE 'clone\\_%'`)).rows.map((r) => r.datname).filter((d) => !/_(spare|sb[0-9a-f]{6}|n[0-9a-f]{6}|o[0-9a-f]{6})$/.test(d)));
}
