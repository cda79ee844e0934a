import {randomBytes} from 'node:crypto';

import type pg from 'pg';

import {withClient} from './postgres.js';

const q = (ident: string) => `"${ident.replaceAll('"', '""')}"`;

/** Snapshot databases are named apart from clone databases, so doctor never takes one for a lost clone. */
export const SNAPSHOT_DB_PREFIX = 'asym_snap_';
export const newSnapshotDatabase = () => `${SNAPSHOT_DB_PREFIX}${randomBytes(6).toString('hex')}`;
/** Spare-copy hash of a snapshot: a restore takes the clone's spare only when it was built from this. */
export const snapshotHash = (database: string) => `snapshot:${database}`;

/**
 * Copy a clone's database into `target` (a snapshot). `CREATE DATABASE … TEMPLATE` needs the source
 * to have no sessions, so new connections are held off and live ones ended for the copy's
 * milliseconds, as during a reset; the backend's pool reconnects on its next query. The snapshot
 * is commented with its clone's database, so destroy finds every snapshot even without the registry.
 */
export async function copyToSnapshot(adminUrl: string, source: string, target: string, meta: {name: string}): Promise<number> {
  return withClient(adminUrl, async (admin) => {
    await admin.query(`ALTER DATABASE ${q(source)} WITH ALLOW_CONNECTIONS false`);
    try {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [source]);
      await admin.query(`CREATE DATABASE ${q(target)} TEMPLATE ${q(source)}`);
    } finally {
      await admin.query(`ALTER DATABASE ${q(source)} WITH ALLOW_CONNECTIONS true`).catch(() => {});
    }
    const comment = JSON.stringify({clone: source, name: meta.name}).replaceAll("'", "''");
    await admin.query(`COMMENT ON DATABASE ${q(target)} IS '${comment}'`);
    return databaseSize(admin, target);
  });
}

async function databaseSize(admin: pg.Client, database: string): Promise<number> {
  const r = await admin.query<{n: string}>('SELECT pg_database_size($1) AS n', [database]);
  return Number(r.rows[0]?.n ?? 0);
}

export async function dropDatabaseNamed(adminUrl: string, database: string): Promise<void> {
  await withClient(adminUrl, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${q(database)} WITH (FORCE)`);
  });
}

/** Drop every snapshot database of a clone (those the registry lists and any a crash left unlisted). */
export async function dropCloneSnapshots(adminUrl: string, cloneDatabase: string): Promise<number> {
  return withClient(adminUrl, async (admin) => {
    const r = await admin.query<{datname: string}>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1
         AND CASE WHEN shobj_description(oid, 'pg_database') LIKE '{%' THEN shobj_description(oid, 'pg_database')::jsonb ->> 'clone' END = $2`,
      [`${SNAPSHOT_DB_PREFIX}%`, cloneDatabase],
    );
    for (const {datname} of r.rows) await admin.query(`DROP DATABASE IF EXISTS ${q(datname)} WITH (FORCE)`);
    return r.rows.length;
  });
}
