/**
 * HubSpot's limits for private apps: a rolling 10-second burst and a daily quota per app, and the
 * search endpoints' own per-second limit per portal. Counted in the clone's Redis (its prefix, so a
 * reset clears them), in memory when Redis is absent. Numbers from the environment
 * (`ASYM_HUBSPOT_RATE_LIMIT_10S`, `…_DAILY`, `ASYM_HUBSPOT_SEARCH_RATE_LIMIT`) or `POST /_asym/hubspot/rate-limits`.
 */
import {type BackendContext, clearPrefix} from '@asym/template-kit';

type Redis = NonNullable<BackendContext['redis']>;

export interface Limits {
  /** Calls per rolling 10 seconds (Professional private apps: 190). */
  burst: number;
  daily: number;
  /** Search calls per second per portal. */
  searchPerSecond: number;
}

const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
export const defaultLimits = (): Limits => ({
  burst: num(process.env.ASYM_HUBSPOT_RATE_LIMIT_10S, 190),
  daily: num(process.env.ASYM_HUBSPOT_RATE_LIMIT_DAILY, 625_000),
  searchPerSecond: num(process.env.ASYM_HUBSPOT_SEARCH_RATE_LIMIT, 5),
});

export interface Verdict {
  ok: boolean;
  /** Which limit refused the call: TEN_SECONDLY_ROLLING, DAILY or SECONDLY. */
  policy?: string;
  burstRemaining: number;
  dailyRemaining: number;
}

const WINDOW = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], 0, tonumber(ARGV[1]) - tonumber(ARGV[2]))
local n = redis.call('ZCARD', KEYS[1])
if n >= tonumber(ARGV[3]) then return -1 end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return n + 1`;

export class HubSpotLimiter {
  limits: Limits = defaultLimits();
  private readonly windows = new Map<string, number[]>();
  private readonly counters = new Map<string, number>();
  private seq = 0;
  constructor(private readonly redis?: Redis) {}

  /** Forget the in-memory counts (a reset clears the Redis ones with the clone's prefix). */
  clear(): void {
    this.windows.clear();
    this.counters.clear();
  }

  /** Start counting from zero, in memory and in Redis (after the limits were changed). */
  async restart(prefix: string): Promise<void> {
    this.clear();
    if (this.redis) await clearPrefix(this.redis, prefix).catch(() => undefined);
  }

  /** Count one call of `app` (and of the portal's search budget when `search`). */
  async take(app: string, portal: string, search: boolean): Promise<Verdict> {
    const now = Date.now();
    const day = new Date(now).toISOString().slice(0, 10);
    const daily = await this.incr(`rl:daily:${app}:${day}`);
    const dailyRemaining = Math.max(0, this.limits.daily - daily);
    if (daily > this.limits.daily) return {ok: false, policy: 'DAILY', burstRemaining: 0, dailyRemaining};
    if (search) {
      const s = await this.window(`rl:search:${portal}`, now, 1000, this.limits.searchPerSecond);
      if (s < 0) return {ok: false, policy: 'SECONDLY', burstRemaining: 0, dailyRemaining};
    }
    const b = await this.window(`rl:burst:${app}`, now, 10_000, this.limits.burst);
    if (b < 0) return {ok: false, policy: 'TEN_SECONDLY_ROLLING', burstRemaining: 0, dailyRemaining};
    return {ok: true, burstRemaining: this.limits.burst - b, dailyRemaining};
  }

  private async window(key: string, now: number, ms: number, max: number): Promise<number> {
    const member = `${now}-${this.seq++}-${Math.random()}`;
    if (this.redis) {
      try {
        return Number(await this.redis.eval(WINDOW, 1, key, now, ms, max, member));
      } catch {
        // fall back to memory
      }
    }
    const w = (this.windows.get(key) ?? []).filter((t) => t > now - ms);
    this.windows.set(key, w);
    if (w.length >= max) return -1;
    w.push(now);
    return w.length;
  }

  private async incr(key: string): Promise<number> {
    if (this.redis) {
      try {
        const n = await this.redis.incr(key);
        if (n === 1) await this.redis.expire(key, 2 * 86_400);
        return n;
      } catch {
        // fall back to memory
      }
    }
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    return n;
  }
}
