import {Redis} from 'ioredis';

/** A Redis client whose every key is put under the clone's prefix (`<id>:`). */
export function createRedis(url: string, prefix: string): Redis {
  return new Redis(url, {keyPrefix: prefix, lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true});
}

/** Delete every key under a prefix without blocking the server (SCAN + UNLINK, never KEYS). */
export async function clearPrefix(client: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  // SCAN's pattern is not prefixed by ioredis: a prefix-less twin of the client, made once and kept
  // (a new connection per reset was a handshake on the reset path).
  let raw = client;
  if (client.options.keyPrefix) {
    raw = rawTwins.get(client) ?? client.duplicate({keyPrefix: ''});
    if (!rawTwins.has(client)) {
      rawTwins.set(client, raw);
      client.once('end', () => raw.disconnect());
    }
  }
  do {
    const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix.replaceAll(/[*?[\]\\]/g, (m) => '\\' + m)}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) removed += await raw.unlink(...keys);
  } while (cursor !== '0');
  return removed;
}

const rawTwins = new WeakMap<Redis, Redis>();

/** Close the prefix-less twin clearPrefix made for a client (when the backend stops). */
export function releaseRedis(client: Redis): void {
  rawTwins.get(client)?.disconnect();
  rawTwins.delete(client);
}

/** One key as DUMP serialized it: the name without the clone's prefix, the value in base64, ms to live (0 = none). */
export interface DumpedKey {
  key: string;
  value: string;
  ttlMs: number;
}

/** Write dumped keys back through a prefixed client (RESTORE … REPLACE), in one pipeline. */
export async function restoreKeys(client: Redis, entries: DumpedKey[]): Promise<void> {
  if (entries.length === 0) return;
  const p = client.pipeline();
  for (const e of entries) p.restore(e.key, e.ttlMs, Buffer.from(e.value, 'base64'), 'REPLACE');
  const failed = ((await p.exec()) ?? []).find(([error]) => error);
  if (failed) throw failed[0]!;
}
