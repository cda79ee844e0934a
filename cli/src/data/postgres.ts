import {randomBytes} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {basename} from 'node:path';

import {asymError, type ResolvedTemplate} from '@asym/contract';
import {databaseExists, prepareSpareWith, quoteIdent, sideLock, sideRegex, spareName, swapDatabaseWith} from '@asym/template-kit/swap';
import type pg from 'pg';

import {killPoint} from '../kill-point.js';
import {dataHash, fixtureFile, migrationFiles, templateDatabaseName} from './fixtures.js';

const q = quoteIdent;

export function databaseUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  // Loaded on first use: commands that never reach Postgres (a reset done by the backend) skip it.
  const {default: Pg} = await import('pg');
  const client = new Pg.Client({connectionString: url, connectionTimeoutMillis: 10_000});
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

export {databaseExists, spareName};

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
  const name = templateDatabaseName(t, hash);
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

/**
 * Put a clone's database back to a template's copy (the spare prepared in the background when it was
 * built from `hash`, else a copy made now); see swapDatabaseWith. The CLI's path, for clones whose
 * backend is not running (a running backend swaps its own database: kit's /_asym/reset).
 */
export async function swapDatabase(adminUrl: string, database: string, template: string, hash: string | undefined): Promise<{old?: string; usedSpare: boolean}> {
  return withClient(adminUrl, (admin) => swapDatabaseWith(admin, database, {hash, source: template, step: (s) => killPoint(`swap:${s}`)}));
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
  await withClient(adminUrl, (admin) => prepareSpareWith(admin, database, template, hash, drop));
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
