import {closeSync, openSync, readFileSync, rmSync, statSync, writeSync} from 'node:fs';

import {asymError} from '@asym/contract';

const STALE_MS = 30_000;

function holderAlive(path: string): boolean {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').split('\n')[0] ?? '', 10);
    if (!Number.isFinite(pid) || pid <= 0) return Date.now() - statSync(path).mtimeMs < STALE_MS;
    process.kill(pid, 0);
    return Date.now() - statSync(path).mtimeMs < STALE_MS * 4;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Run `fn` holding an exclusive lock file (created with O_EXCL). Concurrent CLI processes queue
 * behind it; a lock left by a dead process is taken over. Gives up with REGISTRY_LOCKED.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  let delay = 5;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n${new Date().toISOString()}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw error;
      if (!holderAlive(path)) {
        rmSync(path, {force: true});
        continue;
      }
      if (Date.now() - start > timeoutMs) throw asymError('REGISTRY_LOCKED', {path, seconds: Math.round(timeoutMs / 1000)});
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 100);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(path, {force: true});
  }
}
