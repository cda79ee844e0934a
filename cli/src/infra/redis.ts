// The asymmetric-owned Redis under ${home}/infra/redis: a daemonized redis-server (outlives the CLI),
// no persistence, 127.0.0.1 only, on a port we pick and then verify (its dir and pid are ours).
import {mkdir, readFile, realpath, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';

import {asymError} from '@asym/contract';

import {findRedisServer} from './binaries.js';
import {run, tail} from './exec.js';
import {isAlive, isOurs, stopPid} from './pids.js';
import {freePort, reusePortOr} from './ports.js';
import {probeRedis} from './probe.js';
import type {OwnedRedis} from './state.js';

export const redisUrlFor = (port: number, password?: string): string => `redis://${password ? `:${password}@` : ''}127.0.0.1:${port}`;

/** The URL of a recorded server: the password only when it was started with one. */
export const ownedRedisUrl = (s: OwnedRedis, password?: string): string => redisUrlFor(s.port, s.auth ? password : undefined);

export function noRedisError() {
  return asymError('INFRA_UNAVAILABLE', {
    fix: 'Install it (apt-get install redis-server), or point asymmetric at a running server: set redisUrl in config.json or ASYM_REDIS_URL (redis://127.0.0.1:6379).',
    what: 'Redis (no redis-server on this machine)',
  });
}

const failed = (detail: string, log: string) =>
  asymError('INFRA_UNAVAILABLE', {fix: `It did not start: ${detail}. See ${log}`, what: 'The asymmetric-owned Redis'});

const redisDir = (infra: string) => join(infra, 'redis');
const pidFile = (dir: string) => join(dir, 'redis.pid');

async function pidFromFile(dir: string): Promise<number | undefined> {
  const pid = Number((await readFile(pidFile(dir), 'utf8').catch(() => '')).trim());
  return pid > 0 ? pid : undefined;
}

/** True when the recorded server answers on its port (to the home's password) and is the process we started. */
export async function isOwnedRedisUp(s: OwnedRedis, password: string | undefined, timeoutMs = 1000): Promise<boolean> {
  try {
    const info = await probeRedis(ownedRedisUrl(s, password), timeoutMs);
    return info.pid === s.pid && info.port === s.port;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Start the owned Redis (an old one of ours whose record was lost is stopped first: it holds no data worth keeping). */
export async function startOwnedRedis(infra: string, prev: OwnedRedis | undefined, onStep: (t: string) => void, password: string): Promise<OwnedRedis> {
  const found = await findRedisServer();
  if (!found) throw noRedisError();
  const dir = redisDir(infra);
  await mkdir(dir, {mode: 0o700, recursive: true});
  const realDir = await realpath(dir);
  const logFile = join(realDir, 'redis.log');
  await stopOwnedRedis(infra);
  // The password goes in a 0600 config file, not in argv (which every local user can read).
  const conf = join(realDir, 'redis.conf');
  await writeFile(conf, `requirepass ${password}\n`, {mode: 0o600});

  let lastError = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = attempt === 0 ? await reusePortOr(prev?.port) : await freePort();
    onStep(`Starting Redis on 127.0.0.1:${port}`);
    await rm(pidFile(realDir), {force: true});
    const r = await run(found.binary, [
      conf, '--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes',
      '--save', '', '--appendonly', 'no', '--daemonize', 'yes',
      '--dir', realDir, '--pidfile', pidFile(realDir), '--logfile', logFile,
    ]);
    if (!r.ok) throw failed(tail(r.stderr || r.stdout) || `redis-server exited ${r.exitCode}`, logFile);
    // --daemonize returns before the daemon binds: poll until our pid answers, or it dies.
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      const pid = await pidFromFile(realDir);
      if (pid && !isAlive(pid)) break; // died (port taken, bad option): see the log
      try {
        const info = await probeRedis(redisUrlFor(port, password), 1000, true);
        if (pid && info.pid === pid && info.dir === realDir) {
          return {auth: true, binary: found.binary, dir: realDir, pid, port, version: info.version || found.version};
        }
        if (info.dir !== realDir) break; // another server holds the port
      } catch {
        // not listening yet
      }
      await sleep(20);
    }
    const log = await readFile(logFile, 'utf8').catch(() => '');
    lastError = tail(log.slice(-2000)) || `no answer on 127.0.0.1:${port}`;
    const pid = await pidFromFile(realDir);
    if (isOurs(pid, 'redis-server')) await stopPid(pid, [['SIGTERM', 5000], ['SIGKILL', 2000]]);
  }
  throw failed(lastError, logFile);
}

/** Stop the owned Redis, found through the pid file in its dir. */
export async function stopOwnedRedis(infra: string): Promise<void> {
  const pid = await pidFromFile(redisDir(infra));
  if (!isOurs(pid, 'redis-server')) return;
  const gone = await stopPid(pid, [['SIGTERM', 10_000], ['SIGKILL', 2000]]);
  if (!gone) throw asymError('INFRA_UNAVAILABLE', {fix: `Stop pid ${pid} by hand.`, what: 'Stopping the owned Redis'});
}
