import {Redis} from 'ioredis';

/** Delete every key under a clone's prefix without blocking Redis (SCAN + UNLINK, never KEYS). */
export async function clearRedisPrefix(url: string, prefix: string): Promise<number> {
  const client = new Redis(url, {lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000});
  await client.connect();
  let removed = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix.replaceAll(/[*?[\]\\]/g, (m) => '\\' + m)}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await client.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return removed;
}

export async function countRedisPrefix(url: string, prefix: string): Promise<number> {
  const client = new Redis(url, {lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5000});
  await client.connect();
  let n = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      n += keys.length;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  return n;
}
