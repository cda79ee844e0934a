// The database swap behind `reset`, `seed` and `restore`, shared by the CLI (stopped clones, repairs)
// and the clone's own backend (a running clone swaps its database itself: it has Postgres' client
// loaded and a connection a moment away, where a CLI process would pay for both on every reset).
// Every function takes a connected admin client (any database but the clone's).
import {randomBytes} from 'node:crypto';

import type pg from 'pg';

/** Steps of a swap, named so tests can kill the process at each (`swap:<step>`). */
export type SwapStep = 'fresh-ready' | 'connections-blocked' | 'backends-ended' | 'old-renamed' | 'committed';

export const quoteIdent = (ident: string): string => `"${ident.replaceAll('"', '""')}"`;
const q = quoteIdent;

/** The clone's prepared copy of its seed, renamed into place by the next reset. */
export const spareName = (database: string): string => `${database}_spare`;
/** The clone's side databases: its spare and the leftovers of swaps (`_sb…` spare builds, `_n…` new, `_o…` old). */
export const sideRegex = (database: string): string => `^${database.replaceAll(/[^a-z0-9_]/g, '')}_(spare|sb[0-9a-f]{6}|n[0-9a-f]{6}|o[0-9a-f]{6})$`;
/** Advisory-lock key that serialises the spare builder, repairs and destroy for one clone. */
export const sideLock = (database: string): string => `asym-side:${database}`;

/** The admin URL of the server a clone's database URL points at (same credentials, database `postgres`). */
export function adminUrlOf(databaseUrl: string): string {
  const u = new URL(databaseUrl);
  u.pathname = '/postgres';
  return u.toString();
}

export async function databaseExists(admin: pg.Client, name: string): Promise<boolean> {
  const r = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return (r.rowCount ?? 0) > 0;
}

const commentOf = async (admin: pg.Client, name: string): Promise<{c: string | null} | undefined> =>
  (await admin.query<{c: string | null}>("SELECT shobj_description(oid, 'pg_database') AS c FROM pg_database WHERE datname = $1", [name])).rows[0];

/**
 * Take the clone's prepared spare copy if it was built from `hash` (renaming it is atomic, so two
 * resets never take the same one). Returns its new name, or undefined when there is none to take.
 */
async function claimSpare(admin: pg.Client, database: string, hash: string): Promise<string | undefined> {
  const spare = spareName(database);
  const found = await commentOf(admin, spare);
  if (!found) return undefined;
  const fresh = `${database}_n${randomBytes(3).toString('hex')}`;
  try {
    await admin.query(`ALTER DATABASE ${q(spare)} RENAME TO ${q(fresh)}`);
  } catch {
    return undefined;
  }
  if (found.c !== hash) {
    await admin.query(`DROP DATABASE IF EXISTS ${q(fresh)} WITH (FORCE)`);
    return undefined;
  }
  return fresh;
}

export interface SwapOptions {
  /** Database to copy when no spare built from `hash` is ready (a template database or a snapshot). */
  source: string;
  /** What the spare must have been built from to be taken; omit to always copy `source`. */
  hash?: string;
  /** Called after each step (tests kill the process there). */
  step?: (step: SwapStep) => void;
}

/**
 * Put a clone's database back to a copy of `source` with the shortest interruption: take the spare
 * prepared in the background (or copy now), then block new connections, end the live ones and swap
 * names. Returns the old database's name, to be dropped off the critical path.
 *
 * Crash-safe: both renames happen in one transaction, so `database` always exists — the old copy or
 * the new one, never neither. A crash before the commit leaves at most the clone's database refusing
 * connections and a `_n…` copy, which `repairSwap` undoes.
 */
export async function swapDatabaseWith(admin: pg.Client, database: string, opts: SwapOptions): Promise<{old?: string; usedSpare: boolean}> {
  const step = opts.step ?? (() => {});
  const old = `${database}_o${randomBytes(3).toString('hex')}`;
  let fresh = opts.hash ? await claimSpare(admin, database, opts.hash) : undefined;
  const usedSpare = fresh !== undefined;
  if (!fresh) {
    fresh = `${database}_n${randomBytes(3).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${q(fresh)} TEMPLATE ${q(opts.source)}`);
  }
  step('fresh-ready');
  let hadOld = false;
  try {
    if (await databaseExists(admin, database)) {
      hadOld = true;
      await admin.query(`ALTER DATABASE ${q(database)} WITH ALLOW_CONNECTIONS false`);
      step('connections-blocked');
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
      step('backends-ended');
    }
    await admin.query('BEGIN');
    if (hadOld) await admin.query(`ALTER DATABASE ${q(database)} RENAME TO ${q(old)}`);
    step('old-renamed');
    await admin.query(`ALTER DATABASE ${q(fresh)} RENAME TO ${q(database)}`);
    await admin.query(`COMMENT ON DATABASE ${q(database)} IS NULL`);
    await admin.query('COMMIT');
    step('committed');
  } catch (error) {
    await admin.query('ROLLBACK').catch(() => {});
    await admin.query(`DROP DATABASE IF EXISTS ${q(fresh)} WITH (FORCE)`).catch(() => {});
    await admin.query(`ALTER DATABASE ${q(database)} WITH ALLOW_CONNECTIONS true`).catch(() => {});
    throw error;
  }
  return {old: hadOld ? old : undefined, usedSpare};
}

/**
 * Undo a swap whose reset failed afterwards: the clone's database becomes `old` again (the copy the
 * swap renamed away), and the fresh copy is dropped. Both renames in one transaction, as in a swap.
 */
export async function swapBackWith(admin: pg.Client, database: string, old: string): Promise<void> {
  if (!(await databaseExists(admin, old))) throw new Error(`the previous database ${old} is gone`);
  const trash = `${database}_n${randomBytes(3).toString('hex')}`;
  await admin.query(`ALTER DATABASE ${q(database)} WITH ALLOW_CONNECTIONS false`);
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
  try {
    await admin.query('BEGIN');
    await admin.query(`ALTER DATABASE ${q(database)} RENAME TO ${q(trash)}`);
    await admin.query(`ALTER DATABASE ${q(old)} RENAME TO ${q(database)}`);
    await admin.query('COMMIT');
  } catch (error) {
    await admin.query('ROLLBACK').catch(() => {});
    await admin.query(`ALTER DATABASE ${q(database)} WITH ALLOW_CONNECTIONS true`).catch(() => {});
    throw error;
  }
  await admin.query(`ALTER DATABASE ${q(database)} WITH ALLOW_CONNECTIONS true`);
  await admin.query(`DROP DATABASE IF EXISTS ${q(trash)} WITH (FORCE)`);
}

/**
 * Build the clone's next spare copy from `template` (tagged with `hash`) and drop databases it no
 * longer needs, under the clone's side lock. Does nothing when the clone's database is gone
 * (destroyed meanwhile) or the spare is already built from `hash`.
 */
export async function prepareSpareWith(admin: pg.Client, database: string, template: string, hash: string, drop: string[], warm?: (database: string) => Promise<void>): Promise<void> {
  await admin.query('SELECT pg_advisory_lock(hashtext($1))', [sideLock(database)]);
  try {
    for (const d of drop) await admin.query(`DROP DATABASE IF EXISTS ${q(d)} WITH (FORCE)`);
    if (!(await databaseExists(admin, database))) return;
    const spare = spareName(database);
    const cur = await commentOf(admin, spare);
    if (cur?.c === hash) return;
    if (cur) await admin.query(`DROP DATABASE IF EXISTS ${q(spare)} WITH (FORCE)`);
    const build = `${database}_sb${randomBytes(3).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${q(build)} TEMPLATE ${q(template)}`);
    await admin.query(`COMMENT ON DATABASE ${q(build)} IS '${hash.replaceAll("'", '')}'`);
    // A first connection to a new database builds its catalog cache file (tens of ms): made now, off
    // the critical path, so the first query after the swap does not pay for it.
    if (warm) await warm(build).catch(() => {});
    await admin.query(`ALTER DATABASE ${q(build)} RENAME TO ${q(spare)}`).catch(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${q(build)} WITH (FORCE)`);
    });
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [sideLock(database)]).catch(() => {});
  }
}
