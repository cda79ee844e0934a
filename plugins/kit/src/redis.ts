import {Redis} from 'ioredis';

/** A Redis client whose every key is put under the clone's prefix (`<id>:`). */
export function createRedis(url: string, prefix: string): Redis {
  return new Redis(url, {keyPrefix: prefix, lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true});
}

/** Delete every key under a prefix without blocking the server (SCAN + UNLINK, never KEYS). */
export async function clearPrefix(client: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let removed = 0;
  const raw = client.options.keyPrefix ? client.duplicate({keyPrefix: ''}) : client;
  try {
    do {
      const [next, keys] = await raw.scan(cursor, 'MATCH', `${prefix.replaceAll(/[*?[\]\\]/g, (m) => '\\' + m)}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) removed += await raw.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    if (raw !== client) raw.disconnect();
  }
  return removed;
}
