// Shared Postgres and Redis for the process provider: configured URLs, or servers asymmetric starts
// and owns under ${home}/infra/ (see postgres.ts, redis.ts). Every clone gets a database and a key
// prefix in these two servers.
import {existsSync} from 'node:fs';
import {mkdir, rm} from 'node:fs/promises';
import {dirname, sep} from 'node:path';

import {asymError, isAsymmetricError} from '@asym/contract';

import {findPostgresBinaries, findRedisServer} from './binaries.js';
import {isOurs} from './pids.js';
import {watchOwnedServers} from './watchdog.js';
import {withLock} from './lock.js';
import {isOwnedPostgresUp, noPostgresError, ownedPostgresUrl, purgePostgres, startOwnedPostgres, stopOwnedPostgres} from './postgres.js';
import {probePostgres, probeRedis, reason, redactUrl} from './probe.js';
import {isOwnedRedisUp, noRedisError, ownedRedisUrl, startOwnedRedis, stopOwnedRedis} from './redis.js';
import {ownedPassword, readOwnedPassword} from './secret.js';
import {infraDir, lockFile, readState, writeState, type InfraState} from './state.js';

export interface InfraSettings {
  postgresUrl?: string;
  redisUrl?: string;
}

export interface InfraEndpoints {
  /** Admin URL (a superuser on database `postgres`). */
  postgresUrl: string;
  redisUrl: string;
  postgres: {source: 'configured' | 'owned'; version?: string; binaries?: string; dataDir?: string; port?: number};
  redis: {source: 'configured' | 'owned'; version?: string; port?: number};
}

const CONFIGURED_TIMEOUT_MS = 3000;

/** config.json's URLs, with ASYM_POSTGRES_URL / ASYM_REDIS_URL taking precedence when set and non-empty. */
export function resolveInfraSettings(settings: InfraSettings, env: NodeJS.ProcessEnv = process.env): InfraSettings {
  const pick = (fromEnv: string | undefined, fromConfig: string | undefined) => fromEnv?.trim() || fromConfig?.trim() || undefined;
  return {postgresUrl: pick(env.ASYM_POSTGRES_URL, settings.postgresUrl), redisUrl: pick(env.ASYM_REDIS_URL, settings.redisUrl)};
}

const portOf = (url: string) => Number(new URL(url).port) || undefined;

async function configuredPostgres(url: string): Promise<InfraEndpoints['postgres']> {
  try {
    const info = await probePostgres(url, CONFIGURED_TIMEOUT_MS);
    return {port: portOf(url), source: 'configured', version: info.version};
  } catch (error) {
    throw asymError('INFRA_UNAVAILABLE', {
      fix: 'Start it, or change postgresUrl in config.json / ASYM_POSTGRES_URL (unset both to let asymmetric run its own).',
      what: `Postgres at ${redactUrl(url)} (${reason(error)})`,
    }, {cause: error});
  }
}

async function configuredRedis(url: string): Promise<InfraEndpoints['redis']> {
  try {
    const info = await probeRedis(url, CONFIGURED_TIMEOUT_MS);
    return {port: portOf(url), source: 'configured', version: info.version};
  } catch (error) {
    throw asymError('INFRA_UNAVAILABLE', {
      fix: 'Start it, or change redisUrl in config.json / ASYM_REDIS_URL (unset both to let asymmetric run its own).',
      what: `Redis at ${redactUrl(url)} (${reason(error)})`,
    }, {cause: error});
  }
}

/** The URLs carry the home's password for owned servers started with it (every URL a clone gets). */
function endpoints(settings: InfraSettings, state: InfraState, password: string | undefined, pg?: InfraEndpoints['postgres'], redis?: InfraEndpoints['redis']): InfraEndpoints {
  const op = state.postgres;
  const or = state.redis;
  return {
    postgres: pg ?? {binaries: op!.binaries, dataDir: op!.dataDir, port: op!.port, source: 'owned', version: op!.version},
    postgresUrl: settings.postgresUrl ?? ownedPostgresUrl(op!, password),
    redis: redis ?? {port: or!.port, source: 'owned', version: or!.version},
    redisUrl: settings.redisUrl ?? ownedRedisUrl(or!, password),
  };
}

/** Are the recorded owned servers (or the configured ones, already probed) answering? */
async function answering(st: InfraState, password: string | undefined, configured: {pg: boolean; redis: boolean}) {
  const [pgUp, redisUp] = await Promise.all([
    configured.pg || (Boolean(st.postgres?.pid) && isOwnedPostgresUp(st.postgres!, password)),
    configured.redis || (Boolean(st.redis?.pid) && isOwnedRedisUp(st.redis!, password)),
  ]);
  return {pgUp, redisUp};
}

/**
 * Make sure Postgres and Redis answer; start asymmetric-owned ones under `${home}/infra/` when no URL is
 * configured. Idempotent and safe across concurrent CLI processes (file lock in the infra dir); when
 * everything is up it costs one connection to each server.
 */
export async function ensureInfra(home: string, settings: InfraSettings, onStep: (title: string) => void = () => undefined): Promise<InfraEndpoints> {
  const s = resolveInfraSettings(settings);
  const infra = infraDir(home);
  const owned = !(s.postgresUrl && s.redisUrl);
  const [pg, redis, state, known] = await Promise.all([
    s.postgresUrl ? configuredPostgres(s.postgresUrl) : undefined,
    s.redisUrl ? configuredRedis(s.redisUrl) : undefined,
    owned ? readState(infra) : ({version: 1} as InfraState),
    owned ? readOwnedPassword(infra) : undefined,
  ]);
  const configured = {pg: Boolean(pg), redis: Boolean(redis)};
  const fast = await answering(state, known, configured);
  if (fast.pgUp && fast.redisUp) return endpoints(s, state, known, pg, redis);

  let password = known;
  const final = await ownedWork(infra, async () => {
    const st = await readState(infra); // another process may have started them meanwhile
    password = await ownedPassword(infra); // generated on the first start of an owned server
    const now = await answering(st, password, configured);
    // Both at once; whatever started is recorded even when the other failed, so it is found again.
    const [p, r] = await Promise.allSettled([
      now.pgUp ? st.postgres : startOwnedPostgres(infra, st.postgres, onStep, password),
      now.redisUp ? st.redis : startOwnedRedis(infra, st.redis, onStep, password),
    ]);
    if (p.status === 'fulfilled') st.postgres = p.value;
    if (r.status === 'fulfilled') st.redis = r.value;
    await writeState(infra, st);
    // Servers started now stop themselves once this home is deleted.
    const fresh = [...(!now.pgUp && st.postgres ? [{pid: st.postgres.pid, signal: 'SIGINT' as const}] : []), ...(!now.redisUp && st.redis ? [{pid: st.redis.pid, signal: 'SIGTERM' as const}] : [])];
    const outside = !now.pgUp && st.postgres && !st.postgres.dataDir.startsWith(home + sep) ? [dirname(st.postgres.dataDir)] : [];
    watchOwnedServers({home, outside, servers: fresh});
    if (p.status === 'rejected') throw p.reason;
    if (r.status === 'rejected') throw r.reason;
    return st;
  });
  return endpoints(s, final, password, pg, redis);
}

/**
 * The endpoints when every part answers right now, else undefined; never starts anything (for checks
 * such as doctor's that must not leave servers behind).
 */
export async function currentInfra(home: string, settings: InfraSettings): Promise<InfraEndpoints | undefined> {
  const s = resolveInfraSettings(settings);
  try {
    const [pg, redis, state, password] = await Promise.all([
      s.postgresUrl ? configuredPostgres(s.postgresUrl) : undefined,
      s.redisUrl ? configuredRedis(s.redisUrl) : undefined,
      readState(infraDir(home)),
      readOwnedPassword(infraDir(home)),
    ]);
    const {pgUp, redisUp} = await answering(state, password, {pg: Boolean(pg), redis: Boolean(redis)});
    return pgUp && redisUp ? endpoints(s, state, password, pg, redis) : undefined;
  } catch {
    return undefined;
  }
}

/** Under the infra lock; an unexpected failure (permissions, disk) becomes INFRA_UNAVAILABLE. */
async function ownedWork<T>(infra: string, fn: () => Promise<T>): Promise<T> {
  try {
    await mkdir(infra, {recursive: true});
    return await withLock(lockFile(infra), fn);
  } catch (error) {
    if (isAsymmetricError(error)) throw error;
    throw asymError('INFRA_UNAVAILABLE', {fix: `${reason(error)}. Check ${infra}, then: asym doctor`, what: 'The asymmetric-owned Postgres/Redis'}, {cause: error});
  }
}

type Check = {name: string; ok: boolean; detail: string};

const notRunning = (st?: {pid: number; port: number}) =>
  !st ? 'not started yet' : st.pid ? `the recorded server (pid ${st.pid}, port ${st.port}) does not answer` : `stopped (port ${st.port})`;

/** The owned server's process is there but does not answer (stopped, hung): not ✓ until it answers. */
const hung = (name: 'postgres' | 'redis', st: {pid: number; port: number}): Check => ({
  detail: `owned: pid ${st.pid} is running but does not answer on 127.0.0.1:${st.port}. Restart it: asym infra stop, then any command starts it again`,
  name,
  ok: false,
});

/** Whether other local users are kept out (a server an older version started runs without a password until restarted). */
const access = (st: {auth?: boolean}) =>
  st.auth ? 'password required' : 'no password yet (started by an older version): asym infra stop, then any command restarts it with one';

const message = (error: unknown) => (isAsymmetricError(error) ? error.message : reason(error));

async function postgresCheck(home: string, url: string | undefined): Promise<Check> {
  if (url) {
    try {
      const p = await configuredPostgres(url);
      return {detail: `configured ${redactUrl(url)}: PostgreSQL ${p.version}, answers`, name: 'postgres', ok: true};
    } catch (error) {
      return {detail: message(error), name: 'postgres', ok: false};
    }
  }
  const st = (await readState(infraDir(home))).postgres;
  if (st && (await isOwnedPostgresUp(st, await readOwnedPassword(infraDir(home))))) {
    return {detail: `owned: PostgreSQL ${st.version} (${st.flavor}, ${st.binaries}) on 127.0.0.1:${st.port}, pid ${st.pid}, data ${st.dataDir}, ${access(st)}`, name: 'postgres', ok: true};
  }
  if (st?.pid && isOurs(st.pid, 'postgres')) return hung('postgres', st);
  const bins = await findPostgresBinaries();
  if (!bins) return {detail: noPostgresError().message, name: 'postgres', ok: false};
  return {detail: `owned: ${notRunning(st)}; starts on the next spin with PostgreSQL ${bins.version} (${bins.flavor}, ${bins.bindir})`, name: 'postgres', ok: true};
}

async function redisCheck(home: string, url: string | undefined): Promise<Check> {
  if (url) {
    try {
      const r = await configuredRedis(url);
      return {detail: `configured ${redactUrl(url)}: Redis ${r.version}, answers`, name: 'redis', ok: true};
    } catch (error) {
      return {detail: message(error), name: 'redis', ok: false};
    }
  }
  const st = (await readState(infraDir(home))).redis;
  if (st && (await isOwnedRedisUp(st, await readOwnedPassword(infraDir(home))))) {
    return {detail: `owned: Redis ${st.version} on 127.0.0.1:${st.port}, pid ${st.pid}, ${access(st)}`, name: 'redis', ok: true};
  }
  if (st?.pid && isOurs(st.pid, 'redis-server')) return hung('redis', st);
  const found = await findRedisServer();
  if (!found) return {detail: noRedisError().message, name: 'redis', ok: false};
  return {detail: `owned: ${notRunning(st)}; starts on the next spin with Redis ${found.version} (${found.binary})`, name: 'redis', ok: true};
}

/** What doctor prints: one check per part, never throws. */
export async function infraChecks(home: string, settings: InfraSettings): Promise<Check[]> {
  const s = resolveInfraSettings(settings);
  const guard = (name: string, p: Promise<Check>) => p.catch((error: unknown) => ({detail: message(error), name, ok: false}));
  return Promise.all([guard('postgres', postgresCheck(home, s.postgresUrl)), guard('redis', redisCheck(home, s.redisUrl))]);
}

/** Stop the owned servers (used by `asym infra stop` and tests). Data kept unless purge. */
export async function stopOwnedInfra(home: string, opts: {purge?: boolean} = {}): Promise<void> {
  const infra = infraDir(home);
  if (!existsSync(infra)) return;
  await ownedWork(infra, async () => {
    const st = await readState(infra);
    await Promise.all([stopOwnedPostgres(infra, st.postgres), stopOwnedRedis(infra)]);
    if (opts.purge) return purgePostgres(infra);
    // Keep the records with pid 0 (stopped): the next start takes the same ports when they are free.
    if (st.postgres) st.postgres.pid = 0;
    if (st.redis) st.redis.pid = 0;
    await writeState(infra, st);
  });
  if (opts.purge) await rm(infra, {force: true, recursive: true});
}
