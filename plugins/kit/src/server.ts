import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';

import type {CloneTokens, ProvisionRequest} from '@asym/contract';
import {serve} from '@hono/node-server';
import {Hono} from 'hono';
import type {Redis} from 'ioredis';
import pg from 'pg';

import {CONTROL_PREFIX, CONTROL_TOKEN_HEADER} from './control.js';
import {type BackendEnv, readBackendEnv} from './env.js';
import {createLogger, type Logger} from './log.js';
import {createPool, queryCount} from './pool.js';
import {clearPrefix, createRedis, type DumpedKey, releaseRedis, restoreKeys} from './redis.js';
import {DatabaseSwapper, type SwapRequest, type SwapResult} from './reset.js';


export interface BackendContext {
  env: BackendEnv;
  db: pg.Pool;
  redis?: Redis;
  log: Logger;
}

export interface BackendDefinition {
  template: string;
  /** Mount the real product's routes. */
  routes(app: Hono, ctx: BackendContext): void | Promise<void>;
  /** Mint, rotate or restore the default app's credentials (only sha256 hashes go into the database). */
  provision?(ctx: BackendContext, request: ProvisionRequest): Promise<CloneTokens>;
  /** Called after the CLI swapped the clone's database back to its seed: drop in-memory state. */
  onReset?(ctx: BackendContext): Promise<void> | void;
  /** Called once the HTTP server listens (e.g. to attach a WebSocket server). */
  onListen?(server: Server, ctx: BackendContext): void;
  onClose?(ctx: BackendContext): Promise<void> | void;
  /**
   * The operations the backend answers that its routes do not show: RPC methods behind one route
   * (Slack's `chat.postMessage`), GraphQL root fields (`Query.issues`). `asym verify` counts them.
   */
  operations?(ctx: BackendContext): string[] | Promise<string[]>;
}

export interface RunningBackend {
  url: string;
  port: number;
  server: Server;
  ctx: BackendContext;
  close(): Promise<void>;
}

/** Build and start a backend from explicit settings (tests use this in-process). */
export async function startBackend(def: BackendDefinition, env: BackendEnv, controlToken = process.env.ASYM_CONTROL_TOKEN): Promise<RunningBackend> {
  const log = createLogger({clone: env.cloneId, template: def.template});
  const db = createPool(env.databaseUrl);
  // A reset terminates the pool's connections; the pool drops them and opens new ones on demand.
  db.on('error', (err) => log('debug', 'database connection dropped (a reset swaps the database)', {error: err.message}));
  const redis = env.redisUrl ? createRedis(env.redisUrl, env.redisPrefix) : undefined;
  redis?.on('error', (err) => log('warn', 'redis error', {error: err.message}));
  const ctx: BackendContext = {db, env, log, redis};

  const app = new Hono();
  // One log line per API call (what `asym logs` shows); health polls are left out, and the CLI's own
  // control calls (reset, provision …) are debug, not the app's traffic.
  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    const level = c.req.path.startsWith(`${CONTROL_PREFIX}/`) ? 'debug' : 'info';
    if (c.req.path !== `${CONTROL_PREFIX}/health`) log(level, 'request', {method: c.req.method, ms: Math.round(performance.now() - started), path: c.req.path, status: c.res.status});
  });
  const control = new Hono();
  control.use('*', async (c, next) => {
    if (c.req.path !== `${CONTROL_PREFIX}/health` && controlToken && c.req.header(CONTROL_TOKEN_HEADER) !== controlToken) {
      return c.json({error: 'control token required'}, 401);
    }
    await next();
  });
  control.get('/health', async (c) => {
    try {
      await db.query('select 1');
      return c.json({cloneId: env.cloneId, ok: true, template: def.template});
    } catch (error) {
      return c.json({error: (error as Error).message, ok: false}, 503);
    }
  });
  // What the clone holds and has done (benches read it): statements sent, memory, pool use.
  control.get('/stats', (c) => c.json({
    memory: process.memoryUsage(),
    pool: {idle: db.idleCount, total: db.totalCount, waiting: db.waitingCount},
    queries: queryCount(db),
  }));
  control.post('/provision', async (c) => {
    if (!def.provision) return c.json({error: 'this template mints no tokens'}, 404);
    const body = (await c.req.json().catch(() => ({}))) as Partial<ProvisionRequest>;
    const request: ProvisionRequest = body.kind === 'restore' || body.kind === 'reprovision' ? (body as ProvisionRequest) : {kind: 'new'};
    try {
      return c.json(await def.provision(ctx, request));
    } catch (error) {
      log('error', 'provision failed', {error: (error as Error).message});
      return c.json({error: (error as Error).message}, 500);
    }
  });
  // What the clone answers, for `asym verify`: its router's routes and the operations behind them.
  control.get('/operations', async (c) => c.json({
    operations: (await def.operations?.(ctx)) ?? [],
    routes: app.routes
      // middleware (`use`) shows as ALL on a wildcard path: it answers nothing by itself
      .filter((r) => !r.path.startsWith(CONTROL_PREFIX) && !(r.method === 'ALL' && r.path.endsWith('*')))
      .map((r) => ({method: r.method, path: r.path})),
  }));
  // Reset: with `swap`, the backend swaps its own database back to the seed (or a snapshot) first;
  // without it the CLI already did. Then drop caches and Redis keys, and (in the same round trip, to
  // keep reset fast) put the previous credentials back when the body carries them.
  const swapper = new DatabaseSwapper(env.databaseUrl, log);
  /** Run one part of a reset; its error names the part (the CLI reports it). */
  const stage = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      throw Object.assign(error instanceof Error ? error : new Error(String(error)), {stage: name});
    }
  };
  control.post('/reset', async (c) => {
    // `redisKeys`: a snapshot's keys, written once the prefix is cleared (restore of a checkpoint).
    // `fault`: test-only, the reset hook refuses (ASYM_TEST_FAULT=reset-hook in the CLI).
    const body = (await c.req.json().catch(() => ({}))) as {restore?: CloneTokens; swap?: SwapRequest; redisKeys?: DumpedKey[]; fault?: string};
    // Where the reset's time goes, for benches and `curl -v` (Server-Timing, milliseconds).
    const timing: string[] = [];
    let mark = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      timing.push(`${name};dur=${(now - mark).toFixed(1)}`);
      mark = now;
      c.header('server-timing', timing.join(', '));
    };
    // After a swap, everything below runs inside it: when it fails the previous database is put
    // back (`rolledBack`), so a failed reset leaves the clone with its data and credentials.
    const afterData = async (swapped: boolean): Promise<CloneTokens | undefined> => {
      // The swap ended the pool's connections: open one now, while the caches are cleared.
      const warmed = swapped ? db.connect().then((c) => c.release(), () => undefined) : undefined;
      if (redis) await stage('clearing Redis keys', () => clearPrefix(redis, env.redisPrefix));
      await stage('reset hook', () => {
        if (body.fault === 'reset-hook') throw new Error('the reset hook refused (injected fault)');
        return def.onReset?.(ctx);
      });
      lap('caches');
      let tokens: CloneTokens | undefined;
      // The restore takes that connection instead of opening a second (each is a password handshake).
      await warmed;
      if (body.restore && def.provision) {
        tokens = await stage('restore', () => def.provision!(ctx, {kind: 'restore', previous: body.restore!}));
        lap('restore');
      }
      if (body.redisKeys && redis) {
        await stage('restoring Redis keys', () => restoreKeys(redis, body.redisKeys!));
        lap('redis');
      }
      return tokens;
    };
    if (body.swap) {
      let done: SwapResult & {value: CloneTokens | undefined};
      try {
        done = await swapper.swap(body.swap, lap, () => afterData(true));
      } catch (error) {
        const e = error as Error & {stage?: string; rolledBack?: boolean};
        log('warn', 'reset failed', {error: e.message, rolledBack: Boolean(e.rolledBack), stage: e.stage ?? 'swap'});
        // Caches may hold rows of the data that was swapped back out: drop them (best effort).
        if (e.rolledBack) await Promise.resolve(def.onReset?.(ctx)).catch(() => undefined);
        // Not swapped (the swap itself failed), or swapped back: the clone's data is as it was.
        if (!e.stage || e.rolledBack) return c.json({error: e.message, stage: e.stage ?? 'swap', ...(e.rolledBack ? {rolledBack: true} : {})}, 500);
        return c.json({error: e.message, stage: e.stage, swapped: true}, 500);
      }
      return c.json({swapped: true, usedSpare: done.usedSpare, ...(done.value ? {tokens: done.value} : {})});
    }
    let tokens: CloneTokens | undefined;
    try {
      tokens = await afterData(false);
    } catch (error) {
      const e = error as Error & {stage?: string};
      log('error', `${e.stage ?? 'reset'} failed`, {error: e.message});
      return c.json({error: e.message, stage: e.stage}, 500);
    }
    return tokens ? c.json(tokens) : c.body(null, 204);
  });
  app.route(CONTROL_PREFIX, control);
  // The default error answer; a template may set its own (its product's error envelope) in routes().
  app.onError((err, c) => {
    log('error', 'unhandled error', {error: err.message, path: c.req.path, stack: err.stack});
    return c.json({error: 'internal_error', message: err.message}, 500);
  });
  await def.routes(app, ctx);

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({fetch: app.fetch, hostname: env.host, port: env.port}, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  // Longer than clients' idle pools (undici keeps sockets 4 s, others up to 60 s): a socket the
  // server closes just as a client reuses it is an ECONNRESET on a busy machine.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  def.onListen?.(server, ctx);
  const {port} = server.address() as AddressInfo;
  const url = `http://${env.host.includes(':') ? `[${env.host}]` : env.host === '0.0.0.0' ? '127.0.0.1' : env.host}:${port}`;
  log('info', 'listening', {url});
  let closed = false;
  return {
    ctx,
    async close() {
      if (closed) return;
      closed = true;
      await def.onClose?.(ctx);
      await swapper.settled();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.end().catch(() => {});
      if (redis) releaseRedis(redis);
      redis?.disconnect();
    },
    port,
    server,
    url,
  };
}

/** Entry point of a bundled backend: read the environment the CLI set, listen, stop cleanly on signals. */
export async function runBackend(def: BackendDefinition): Promise<void> {
  const env = readBackendEnv();
  const running = await startBackend(def, env);
  const stop = (signal: string) => {
    running.ctx.log('info', 'shutting down', {signal});
    const timer = setTimeout(() => process.exit(0), 5000);
    timer.unref();
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
