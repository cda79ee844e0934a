import {createServer, type Server} from 'node:net';
import {join} from 'node:path';

import {Redis} from 'ioredis';
import pg from 'pg';

import {findProcessesWithEnv} from '../../src/providers/process/processes.js';
import {runCli} from './cli.js';
import {tempHome} from './home.js';

export const PG_URL = process.env.ASYM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.ASYM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * An isolated user of the CLI: its own ASYM_HOME, a random port range, the machine's Postgres and
 * Redis given as configured URLs, the process provider.
 */
export async function cliWorld(extraEnv: NodeJS.ProcessEnv = {}) {
  const h = tempHome('asym-e2e-');
  const from = 20_000 + Math.floor(Math.random() * 400) * 100;
  const env: NodeJS.ProcessEnv = {ASYM_HOME: h.home, ASYM_POSTGRES_URL: PG_URL, ASYM_PROVIDER: 'process', ASYM_REDIS_URL: REDIS_URL, ...extraEnv};
  const set = await runCli(['config', 'set', 'portRange', `${from}-${from + 99}`], env);
  if (set.code !== 0) throw new Error(set.stderr);
  return {
    cleanup: async () => {
      const list = await runCli(['status', '--json'], env);
      for (const c of list.code === 0 ? list.json<Array<{id: string}>>() : []) await runCli(['destroy', c.id, '--force'], env);
      await h.cleanup();
    },
    env,
    home: h.home,
    run: (args: string[], more: NodeJS.ProcessEnv = {}) => runCli(args, {...env, ...more}),
  };
}

export async function databaseExists(name: string): Promise<boolean> {
  const c = new pg.Client({connectionString: PG_URL});
  await c.connect();
  try {
    return ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await c.end();
  }
}

export async function redisKeys(prefix: string): Promise<string[]> {
  const r = new Redis(REDIS_URL);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys;
  } finally {
    r.disconnect();
  }
}

/** Pids of processes started for a clone (they carry ASYM_CLONE_ID, and ASYM_HOME when `home` is given). */
export const cloneProcesses = (id: string, home?: string): number[] => findProcessesWithEnv([`ASYM_CLONE_ID=${id}`, ...(home ? [`ASYM_HOME=${home}`] : [])]);

/** Environment that keeps oclif's installed/linked plugins (XDG data, cache, config) inside `dir`. */
export const pluginIsolation = (dir: string): NodeJS.ProcessEnv => ({
  OCLIF_DISABLE_LINKED_ESM_WARNING: '1',
  XDG_CACHE_HOME: join(dir, 'cache'),
  XDG_CONFIG_HOME: join(dir, 'config'),
  XDG_DATA_HOME: join(dir, 'data'),
});

/** A listener of the test process on `port`: "another program" holding a clone's port. Close it when done. */
export function occupyPort(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen({host: '127.0.0.1', port}, () => resolve(s));
  });
}
