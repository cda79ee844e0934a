/**
 * The API as HubSpot serves it: every route at the root and again under `/api`, behind the token
 * check and the private-app rate limits, errors in HubSpot's envelope.
 */
import {randomUUID} from 'node:crypto';

import {type BackendContext, Hono} from '@asym/template-kit';

import {Auth} from './auth.js';
import {Crm} from './crm.js';
import {HubSpotError} from './errors.js';
import type {HsApp, HsEnv} from './http.js';
import {HubSpotLimiter} from './ratelimit.js';

export class HubSpotApi {
  readonly crm: Crm;
  readonly auth: Auth;
  readonly limiter: HubSpotLimiter;

  constructor(readonly ctx: BackendContext) {
    this.crm = new Crm(ctx.db);
    this.auth = new Auth(ctx.db);
    this.limiter = new HubSpotLimiter(ctx.redis);
  }

  reset(): void {
    this.crm.clear();
    this.auth.clear();
    this.limiter.clear();
  }

  /** A Hono app with the auth and rate-limit middleware; `open` routes skip the token check. */
  app(open: (path: string) => boolean): HsApp {
    const api = new Hono<HsEnv>();
    api.use('*', async (c, next) => {
      c.header('X-HubSpot-Correlation-Id', randomUUID());
      if (open(c.req.path.replace(/^\/api(?=\/)/, ''))) return next();
      const caller = await this.auth.caller(c.req.header('authorization'));
      c.set('caller', caller);
      const search = c.req.method === 'POST' && /\/search$/.test(c.req.path);
      const v = await this.limiter.take(caller.appId, caller.portalId, search);
      const l = this.limiter.limits;
      if (!search) {
        c.header('X-HubSpot-RateLimit-Daily', String(l.daily));
        c.header('X-HubSpot-RateLimit-Daily-Remaining', String(v.dailyRemaining));
        c.header('X-HubSpot-RateLimit-Interval-Milliseconds', '10000');
        c.header('X-HubSpot-RateLimit-Max', String(l.burst));
        c.header('X-HubSpot-RateLimit-Remaining', String(v.burstRemaining));
        c.header('X-HubSpot-RateLimit-Secondly', String(Math.ceil(l.burst / 10)));
        c.header('X-HubSpot-RateLimit-Secondly-Remaining', String(Math.max(0, Math.min(Math.ceil(l.burst / 10), v.burstRemaining))));
      }
      if (!v.ok) {
        const what = v.policy === 'DAILY' ? 'daily' : v.policy === 'SECONDLY' ? 'secondly' : 'ten_secondly_rolling';
        throw new HubSpotError(429, 'RATE_LIMITS', `You have reached your ${what} limit.`, {errorType: 'RATE_LIMIT', policyName: v.policy, groupName: `publicapi:app-id:${caller.appId}`});
      }
      return next();
    });
    api.onError((err, c) => {
      if (err instanceof HubSpotError) return c.json(err.body(), err.status as 400);
      this.ctx.log('error', 'unhandled error', {error: err.message, path: c.req.path, stack: err.stack});
      return c.json({status: 'error', message: 'internal error', correlationId: randomUUID(), category: 'INTERNAL_ERROR'}, 500);
    });
    api.notFound((c) => c.json(new HubSpotError(404, 'OBJECT_NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`).body(), 404));
    return api;
  }
}
