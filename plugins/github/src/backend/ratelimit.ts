/**
 * GitHub's primary rate limits: `core` 5,000 requests an hour per user (60 per IP without a
 * token) and `search` 30 a minute (10 without). Fixed windows, like GitHub's; kept in memory and
 * cleared on reset. `limits` can be lowered (control route) to reach the exhausted state in tests.
 */
export interface RateState {
  resource: string;
  limit: number;
  remaining: number;
  used: number;
  reset: number;
}

const DEFAULTS = {core: {anon: 60, auth: 5000, window: 3600}, search: {anon: 10, auth: 30, window: 60}};

export class RateLimits {
  private readonly windows = new Map<string, {used: number; reset: number}>();
  private override: Partial<Record<string, number>> = {};

  set(resource: string, limit: number | undefined): void {
    if (limit === undefined) delete this.override[resource];
    else this.override[resource] = limit;
  }

  clear(): void {
    this.windows.clear();
    this.override = {};
  }

  private limitOf(resource: string, authed: boolean): {limit: number; window: number} {
    const d = DEFAULTS[resource as 'core'] ?? DEFAULTS.core;
    return {limit: this.override[resource] ?? (authed ? d.auth : d.anon), window: d.window};
  }

  /** Count one request; `remaining` below 0 means refused. */
  take(resource: string, userId: number | undefined, ip: string): RateState {
    return this.read(resource, userId, ip, 1);
  }

  peek(resource: string, userId: number | undefined, ip: string): RateState {
    return this.read(resource, userId, ip, 0);
  }

  private read(resource: string, userId: number | undefined, ip: string, cost: number): RateState {
    const {limit, window} = this.limitOf(resource, userId !== undefined);
    const key = `${resource}:${userId ?? `ip:${ip}`}`;
    const now = Math.floor(Date.now() / 1000);
    let w = this.windows.get(key);
    if (!w || w.reset <= now) {
      w = {reset: now + window, used: 0};
      this.windows.set(key, w);
    }
    if (cost > 0 && w.used >= limit) return {limit, remaining: -1, reset: w.reset, resource, used: w.used};
    w.used += cost;
    return {limit, remaining: limit - w.used, reset: w.reset, resource, used: w.used};
  }
}
