// A file lock in the infra dir, so two CLI processes never start two clusters at once.
// Held = the file exists (created with O_EXCL). A lock whose owner pid is dead, or that is older than
// STALE_MS, is broken — under a second short-lived "breaker" file so two waiters cannot both break it
// and then both hold it.
import {randomBytes} from 'node:crypto';
import {open, readFile, stat, unlink} from 'node:fs/promises';
import {hostname} from 'node:os';

import {asymError} from '@asym/contract';

import {isAlive} from './pids.js';

const STALE_MS = 10 * 60_000;
const BREAKER_STALE_MS = 10_000;

interface Owner {
  pid: number;
  host: string;
  token: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function create(file: string, body: string): Promise<boolean> {
  try {
    const fh = await open(file, 'wx', 0o600);
    await fh.writeFile(body);
    await fh.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function readOwner(file: string): Promise<{owner?: Owner; ageMs: number} | undefined> {
  try {
    const [text, st] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    let owner: Owner | undefined;
    try {
      owner = JSON.parse(text) as Owner;
    } catch {
      owner = undefined; // half-written by a writer that died: judged by age
    }
    return {ageMs: Date.now() - st.mtimeMs, owner};
  } catch {
    return undefined;
  }
}

function isStale(info: {owner?: Owner; ageMs: number}): boolean {
  if (info.ageMs > STALE_MS) return true;
  if (!info.owner) return info.ageMs > BREAKER_STALE_MS;
  return info.owner.host === hostname() && !isAlive(info.owner.pid);
}

async function breakIfStale(file: string): Promise<void> {
  const breaker = `${file}.break`;
  if (!(await create(breaker, String(process.pid)))) {
    const b = await readOwner(breaker);
    if (b && b.ageMs > BREAKER_STALE_MS) await unlink(breaker).catch(() => undefined);
    return;
  }
  try {
    const info = await readOwner(file);
    if (info && isStale(info)) await unlink(file).catch(() => undefined);
  } finally {
    await unlink(breaker).catch(() => undefined);
  }
}

/** Run `fn` holding the lock file `file`; waits up to `timeoutMs` for another holder. */
export async function withLock<T>(file: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const me: Owner = {host: hostname(), pid: process.pid, token: randomBytes(8).toString('hex')};
  const body = JSON.stringify(me);
  const started = Date.now();
  let wait = 20;
  while (!(await create(file, body))) {
    const info = await readOwner(file);
    if (info && isStale(info)) {
      await breakIfStale(file);
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      const holder = info?.owner ? ` (pid ${info.owner.pid})` : '';
      throw asymError('INFRA_UNAVAILABLE', {
        fix: `Another asymmetric command${holder} has been starting it for ${Math.round((Date.now() - started) / 1000)}s. Retry; if no other command runs, delete ${file}.`,
        what: 'The shared Postgres/Redis',
      });
    }
    await sleep(wait + Math.floor(Math.random() * wait));
    wait = Math.min(wait * 2, 200);
  }
  try {
    return await fn();
  } finally {
    const info = await readOwner(file);
    if (info?.owner?.token === me.token) await unlink(file).catch(() => undefined);
  }
}
