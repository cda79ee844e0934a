import type {Redis} from 'ioredis';

const glob = (prefix: string) => `${prefix.replaceAll(/[*?[\]\\]/g, (m) => '\\' + m)}*`;

/** Visit every key under a prefix with SCAN (never KEYS, which blocks the server). */
export async function scanPrefix(url: string, prefix: string, visit: (client: Redis, keys: string[]) => Promise<void>): Promise<void> {
  const {Redis: RedisClient} = await import('ioredis');
  const client: Redis = new RedisClient(url, {connectTimeout: 5000, lazyConnect: true, maxRetriesPerRequest: 1});
  client.on('error', () => undefined);
  await client.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', glob(prefix), 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await visit(client, keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}

/** Delete every key under a clone's prefix without blocking Redis (SCAN + UNLINK). */
export async function clearRedisPrefix(url: string, prefix: string): Promise<number> {
  let removed = 0;
  await scanPrefix(url, prefix, async (client, keys) => {
    removed += await client.unlink(...keys);
  });
  return removed;
}

export async function countRedisPrefix(url: string, prefix: string): Promise<number> {
  let n = 0;
  await scanPrefix(url, prefix, async (_client, keys) => {
    n += keys.length;
  });
  return n;
}
