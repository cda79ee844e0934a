// One connection to a Postgres or a Redis: does it answer, what is it. Used for configured URLs and to
// check that an owned server is the one we started (its data directory, its pid).
import type {Redis} from 'ioredis';
import type pg from 'pg';

export interface PostgresInfo {
  version: string;
  /** Only when asked (needs a superuser or pg_read_all_settings). */
  dataDirectory?: string;
}

export async function probePostgres(url: string, timeoutMs: number, withDataDir = false): Promise<PostgresInfo> {
  const {default: Pg} = await import('pg');
  const client: pg.Client = new Pg.Client({connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs});
  client.on('error', () => undefined);
  try {
    await client.connect();
    const sql = withDataDir
      ? "SELECT current_setting('server_version') AS v, current_setting('data_directory') AS d"
      : "SELECT current_setting('server_version') AS v";
    const {rows} = await client.query<{v: string; d?: string}>(sql);
    return {dataDirectory: rows[0]?.d, version: (rows[0]?.v ?? '').split(' ')[0] ?? ''};
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface RedisInfo {
  version: string;
  pid: number;
  port: number;
  /** Only when asked (CONFIG may be disabled on a configured server). */
  dir?: string;
}

export async function probeRedis(url: string, timeoutMs: number, withDir = false): Promise<RedisInfo> {
  const {Redis: RedisClient} = await import('ioredis');
  const redis: Redis = new RedisClient(url, {
    commandTimeout: timeoutMs,
    connectTimeout: timeoutMs,
    enableOfflineQueue: false,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const [info, dir] = await Promise.all([
      redis.info('server'),
      withDir ? (redis.config('GET', 'dir') as Promise<unknown>) : Promise.resolve(undefined),
    ]);
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '';
    return {
      dir: Array.isArray(dir) ? String(dir[1]) : undefined,
      pid: Number(field('process_id')),
      port: Number(field('tcp_port')),
      version: field('redis_version'),
    };
  } finally {
    redis.disconnect();
  }
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '';
    return u.toString().replace(/:@/, '@');
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1@');
  }
}

/** A short reason from a connection error. */
export function reason(error: unknown): string {
  const e = error as {code?: string; message?: string; errors?: Array<{message?: string}>};
  const msg = e?.message || e?.errors?.[0]?.message || e?.code || String(error);
  return msg.split('\n')[0] ?? msg;
}
