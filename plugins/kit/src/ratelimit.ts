import type {Redis} from 'ioredis';

/**
 * Token buckets for per-method rate limits: `capacity` calls at once, refilled at `perMinute` per
 * minute. Kept in the clone's Redis (under its key prefix, so a reset clears them) or in memory
 * when there is no Redis (or it does not answer).
 */
export class RateLimiter {
  private readonly memory = new Map<string, {tokens: number; at: number}>();
  constructor(private readonly redis?: Redis) {}

  /** Milliseconds to wait before the call may proceed; 0 when it may proceed now (and is counted). */
  async take(key: string, capacity: number, perMinute: number): Promise<number> {
    return (await this.consume(key, capacity, perMinute)).waitMs;
  }

  /**
   * Take `cost` tokens: `waitMs` is 0 when the call may proceed now (and is counted), else how long
   * until enough tokens are back; `remaining` is what is left in the bucket (for rate-limit headers).
   */
  async consume(key: string, capacity: number, perMinute: number, cost = 1): Promise<{waitMs: number; remaining: number}> {
    const rate = perMinute / 60_000;
    const now = Date.now();
    if (this.redis) {
      try {
        const [wait, left] = (await this.redis.eval(TOKEN_BUCKET, 1, `rl:${key}`, capacity, rate, now, cost)) as [number, string];
        return {remaining: Math.floor(Number(left)), waitMs: Number(wait)};
      } catch {
        // fall back to the in-memory bucket
      }
    }
    const b = this.memory.get(key) ?? {at: now, tokens: capacity};
    b.tokens = Math.min(capacity, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.memory.set(key, b);
    if (b.tokens >= cost) {
      b.tokens -= cost;
      return {remaining: Math.floor(b.tokens), waitMs: 0};
    }
    return {remaining: Math.floor(b.tokens), waitMs: Math.ceil((cost - b.tokens) / rate)};
  }

  /** Forget the in-memory buckets (Redis keys go with the clone's prefix on reset). */
  clear(): void {
    this.memory.clear();
  }
}

const TOKEN_BUCKET = `
local cap = tonumber(ARGV[1]); local rate = tonumber(ARGV[2]); local now = tonumber(ARGV[3]); local cost = tonumber(ARGV[4]) or 1
local d = redis.call('HMGET', KEYS[1], 't', 'at')
local t = tonumber(d[1]) or cap; local at = tonumber(d[2]) or now
t = math.min(cap, t + (now - at) * rate)
local wait = 0
if t >= cost then t = t - cost else wait = math.ceil((cost - t) / rate) end
redis.call('HSET', KEYS[1], 't', tostring(t), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(cap / rate) + 1000)
return {wait, tostring(t)}`;
