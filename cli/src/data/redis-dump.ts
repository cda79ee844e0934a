import type {Redis} from 'ioredis';

import {scanPrefix} from './redis.js';

/** One key of a clone's prefix as DUMP gives it: name without the prefix, serialized value, ms to live (0 = none). */
export interface RedisDumpEntry {
  key: string;
  value: string;
  ttlMs: number;
}

/** Every key under a prefix, serialized with DUMP (types, TTLs and values survive a round trip). */
export async function dumpPrefix(url: string, prefix: string): Promise<RedisDumpEntry[]> {
  const out: RedisDumpEntry[] = [];
  await scanPrefix(url, prefix, async (client, keys) => {
    const p = client.pipeline();
    for (const k of keys) {
      p.dumpBuffer(k);
      p.pttl(k);
    }
    const r = (await p.exec()) ?? [];
    keys.forEach((k, i) => {
      const value = r[i * 2]?.[1] as Buffer | null;
      const ttl = Number(r[i * 2 + 1]?.[1] ?? -1);
      // A key that expired between SCAN and DUMP is simply not part of the snapshot.
      if (value) out.push({key: k.slice(prefix.length), ttlMs: ttl > 0 ? ttl : 0, value: value.toString('base64')});
    });
  });
  return out;
}

/** Write dumped keys back under a prefix (RESTORE … REPLACE), in one pipeline. */
export async function restorePrefix(url: string, prefix: string, entries: RedisDumpEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const {Redis: RedisClient} = await import('ioredis');
  const client: Redis = new RedisClient(url, {connectTimeout: 5000, lazyConnect: true, maxRetriesPerRequest: 1});
  await client.connect();
  try {
    const p = client.pipeline();
    for (const e of entries) p.restore(prefix + e.key, e.ttlMs, Buffer.from(e.value, 'base64'), 'REPLACE');
    const results = (await p.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0]!;
  } finally {
    client.disconnect();
  }
}
