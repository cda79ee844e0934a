import {randomBytes} from 'node:crypto';
import {mkdtempSync, readdirSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import pg from 'pg';

import type {BackendDefinition, RunningBackend} from './server.js';
import {startBackend} from './server.js';

/**
 * Test helpers for template authors: a throw-away database with the template's migrations (and a
 * fixture) applied, and the backend started in-process on a free port. Needs a reachable Postgres
 * (ASYM_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 */
export const testPostgresUrl = (): string => process.env.ASYM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const testRedisUrl = (): string | undefined => process.env.ASYM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function dbUrl(adminUrl: string, database: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function applySqlDir(url: string, dir: string): Promise<void> {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const client = new pg.Client({connectionString: url});
  await client.connect();
  try {
    for (const f of files) await client.query(readFileSync(join(dir, f), 'utf8'));
  } finally {
    await client.end();
  }
}

export async function applySqlFile(url: string, file: string): Promise<void> {
  const client = new pg.Client({connectionString: url});
  await client.connect();
  try {
    await client.query(readFileSync(file, 'utf8'));
  } finally {
    await client.end();
  }
}

export interface TestClone extends RunningBackend {
  database: string;
  databaseUrl: string;
  /** Stop the backend and drop the database. */
  dispose(): Promise<void>;
}

export async function startTestClone(def: BackendDefinition, opts: {migrations: string; fixture?: string; adminUrl?: string}): Promise<TestClone> {
  const adminUrl = opts.adminUrl ?? testPostgresUrl();
  const database = `kit_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({connectionString: adminUrl});
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  const databaseUrl = dbUrl(adminUrl, database);
  await applySqlDir(databaseUrl, opts.migrations);
  if (opts.fixture) await applySqlFile(databaseUrl, opts.fixture);
  const cloneId = database.replace('kit_test_', 'test-');
  const dataDir = mkdtempSync(join(tmpdir(), `${cloneId}-data-`));
  const running = await startBackend(def, {cloneId, databaseUrl, dataDir, host: '127.0.0.1', jwtSecret: 'test', port: 0, redisPrefix: `${cloneId}:`, redisUrl: testRedisUrl()}, undefined);
  return {
    ...running,
    database,
    databaseUrl,
    async dispose() {
      await running.close();
      rmSync(dataDir, {force: true, recursive: true});
      const a = new pg.Client({connectionString: adminUrl});
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await a.end();
    },
  };
}
