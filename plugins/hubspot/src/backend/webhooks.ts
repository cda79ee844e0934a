/**
 * Webhooks for the app: `/webhooks/v3/{appId}/settings` and `/subscriptions` (with the developer API
 * key as `hapikey`, or a token of the portal), and deliveries of record creations, deletions,
 * property and association changes, batched per app and signed as HubSpot signs them
 * (`X-HubSpot-Signature-v3`: base64 HMAC-SHA256 of method + URL + body + timestamp under the app's
 * client secret; `X-HubSpot-Signature` v1 too), in order, retried with backoff (the kit's DeliveryQueue).
 */
import {createHash, createHmac} from 'node:crypto';

import {type BackendContext, credentialFromHeader, DeliveryQueue, hashToken} from '@asym/template-kit';

import {unauthenticated} from './auth.js';
import type {ChangeEvent, Crm} from './crm.js';
import {notFound, validation} from './errors.js';
import {body, type HsApp, type HsContext, inputs, type Json} from './http.js';
import {clientSecret} from './provision.js';

const retryDelays = () => (process.env.ASYM_HUBSPOT_WEBHOOK_RETRY_MS ?? '1000,5000,30000').split(',').map(Number).filter((n) => Number.isFinite(n));

export const EVENT_TYPES = ['contact', 'company', 'deal', 'ticket', 'product', 'line_item'].flatMap((o) => [`${o}.creation`, `${o}.deletion`, `${o}.propertyChange`, `${o}.associationChange`]);

export class Webhooks {
  readonly queue = new DeliveryQueue({retryDelaysMs: retryDelays()});
  private eventSeq = 0;
  constructor(private readonly ctx: BackendContext, private readonly crm: Crm) {
    crm.onEvent = (events) => void this.dispatch(events).catch((error) => ctx.log('warn', 'webhook dispatch failed', {error: (error as Error).message}));
  }

  /** Match events to active subscriptions and queue one signed delivery per app (at most 100 events each). */
  async dispatch(events: ChangeEvent[]): Promise<void> {
    const r = await this.ctx.db.query(
      `SELECT s.id, s.app_id, s.event_type, s.property_name, w.target_url, a.portal_id FROM webhook_subscriptions s
       JOIN webhook_settings w ON w.app_id = s.app_id JOIN apps a ON a.id = s.app_id WHERE s.active`,
    );
    if (r.rows.length === 0) return;
    const perApp = new Map<string, {url: string; events: Json[]}>();
    for (const e of events) {
      const eventType = `${e.type.singular}.${e.kind}`;
      for (const s of r.rows) {
        if (s.event_type !== eventType) continue;
        if (e.kind === 'propertyChange' && s.property_name && s.property_name !== e.propertyName) continue;
        const app = String(s.app_id);
        const batch: {url: string; events: Json[]} = perApp.get(app) ?? {url: s.target_url, events: []};
        batch.events.push({
          eventId: Date.now() * 1000 + (this.eventSeq++ % 1000),
          subscriptionId: Number(s.id),
          portalId: Number(s.portal_id),
          appId: Number(app),
          occurredAt: e.occurredAt,
          subscriptionType: eventType,
          attemptNumber: 0,
          objectId: Number(e.objectId),
          ...(e.kind === 'propertyChange' ? {propertyName: e.propertyName, propertyValue: e.propertyValue ?? ''} : {}),
          ...(e.kind === 'creation' ? {changeFlag: 'CREATED'} : e.kind === 'deletion' ? {changeFlag: 'DELETED'} : {}),
          changeSource: 'INTEGRATION',
          sourceId: `${app}`,
        });
        perApp.set(app, batch);
      }
    }
    for (const [app, {url, events: evs}] of perApp) {
      const secret = clientSecret(this.ctx, app);
      for (let i = 0; i < evs.length; i += 100) {
        const chunk = evs.slice(i, i + 100);
        this.queue.enqueue(app, {url, ...signedJob(url, chunk, secret), meta: {app}});
      }
    }
  }
}

/** A delivery whose v3 signature covers a fresh timestamp on every attempt. */
function signedJob(url: string, events: Json[], secret: string): {body: string; headers(attempt: number): Record<string, string>} {
  const payload = JSON.stringify(events);
  return {
    body: payload,
    headers() {
      const timestamp = String(Date.now());
      return {
        'content-type': 'application/json',
        'user-agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon-executor',
        'X-HubSpot-Signature': createHash('sha256').update(secret + payload).digest('hex'),
        'X-HubSpot-Signature-Version': 'v1',
        'X-HubSpot-Signature-v3': createHmac('sha256', secret).update(`POST${url}${payload}${timestamp}`).digest('base64'),
        'X-HubSpot-Request-Timestamp': timestamp,
      };
    },
  };
}

/** The app of the route, when the caller may manage it (its developer key, or any token of its portal). */
async function appFor(ctx: BackendContext, c: HsContext): Promise<string> {
  const appId = c.req.param('appId')!;
  const key = c.req.query('hapikey') ?? credentialFromHeader(c.req.header('authorization'));
  if (!key || !/^\d+$/.test(appId)) throw unauthenticated();
  const r = await ctx.db.query(
    `SELECT a.id FROM tokens t JOIN apps a ON a.portal_id = t.portal_id WHERE t.hash = $1 AND a.id = $2 AND t.kind IN ('developer_key', 'private_app', 'oauth_access')`,
    [hashToken(key), appId],
  );
  if (!r.rows[0]) throw unauthenticated();
  return appId;
}

const subscriptionModel = (s: Json) => ({
  id: String(s.id),
  eventType: s.event_type,
  ...(s.property_name ? {propertyName: s.property_name} : {}),
  active: s.active,
  createdAt: new Date(s.created_at).toISOString(),
  updatedAt: new Date(s.updated_at).toISOString(),
});
const settingsModel = (s: Json) => ({targetUrl: s.target_url, throttling: {maxConcurrentRequests: s.max_concurrent, period: 'SECONDLY'}, createdAt: new Date(s.created_at).toISOString(), updatedAt: new Date(s.updated_at).toISOString()});

export function webhookRoutes(api: HsApp, ctx: BackendContext): void {
  const W = '/webhooks/v3/:appId';
  api.get(`${W}/settings`, async (c) => {
    const app = await appFor(ctx, c);
    const r = await ctx.db.query('SELECT * FROM webhook_settings WHERE app_id = $1', [app]);
    if (!r.rows[0]) throw notFound(`No webhook settings for app ${app}`);
    return c.json(settingsModel(r.rows[0]));
  });
  api.put(`${W}/settings`, async (c) => {
    const app = await appFor(ctx, c);
    const b = await body(c);
    if (typeof b.targetUrl !== 'string' || !/^https?:\/\//.test(b.targetUrl)) throw validation('targetUrl must be an http(s) URL');
    const max = Number(b.throttling?.maxConcurrentRequests ?? 10);
    const r = await ctx.db.query(
      `INSERT INTO webhook_settings (app_id, target_url, max_concurrent, created_at, updated_at) VALUES ($1, $2, $3, now(), now())
       ON CONFLICT (app_id) DO UPDATE SET target_url = EXCLUDED.target_url, max_concurrent = EXCLUDED.max_concurrent, updated_at = now() RETURNING *`,
      [app, b.targetUrl, max],
    );
    return c.json(settingsModel(r.rows[0]));
  });
  api.delete(`${W}/settings`, async (c) => {
    await ctx.db.query('DELETE FROM webhook_settings WHERE app_id = $1', [await appFor(ctx, c)]);
    return c.body(null, 204);
  });
  api.get(`${W}/subscriptions`, async (c) => {
    const r = await ctx.db.query('SELECT * FROM webhook_subscriptions WHERE app_id = $1 ORDER BY id', [await appFor(ctx, c)]);
    return c.json({results: r.rows.map(subscriptionModel)});
  });
  api.post(`${W}/subscriptions`, async (c) => {
    const app = await appFor(ctx, c);
    const b = await body(c);
    if (!EVENT_TYPES.includes(b.eventType)) throw validation(`eventType must be one of ${EVENT_TYPES.join(', ')}`);
    if (b.eventType.endsWith('.propertyChange') && typeof b.propertyName !== 'string') throw validation('A propertyChange subscription needs a propertyName');
    const r = await ctx.db.query('INSERT INTO webhook_subscriptions (app_id, event_type, property_name, active, created_at, updated_at) VALUES ($1, $2, $3, $4, now(), now()) RETURNING *', [
      app,
      b.eventType,
      b.propertyName ?? null,
      b.active === true,
    ]);
    return c.json(subscriptionModel(r.rows[0]), 201);
  });
  api.post(`${W}/subscriptions/batch/update`, async (c) => {
    const app = await appFor(ctx, c);
    const started = new Date();
    const results = [];
    for (const i of inputs(await body(c))) {
      const r = await ctx.db.query('UPDATE webhook_subscriptions SET active = $3, updated_at = now() WHERE app_id = $1 AND id = $2 RETURNING *', [app, Number(i.id) || 0, i.active === true]);
      if (r.rows[0]) results.push(subscriptionModel(r.rows[0]));
    }
    return c.json({status: 'COMPLETE', results, startedAt: started.toISOString(), completedAt: new Date().toISOString()});
  });
  const one = async (c: HsContext) => {
    const app = await appFor(ctx, c);
    const r = await ctx.db.query('SELECT * FROM webhook_subscriptions WHERE app_id = $1 AND id = $2', [app, /^\d+$/.test(c.req.param('subscriptionId')!) ? c.req.param('subscriptionId') : '0']);
    if (!r.rows[0]) throw notFound(`No subscription ${c.req.param('subscriptionId')}`);
    return r.rows[0] as Json;
  };
  api.get(`${W}/subscriptions/:subscriptionId`, async (c) => c.json(subscriptionModel(await one(c))));
  api.patch(`${W}/subscriptions/:subscriptionId`, async (c) => {
    const s = await one(c);
    const b = await body(c);
    const r = await ctx.db.query('UPDATE webhook_subscriptions SET active = COALESCE($2, active), updated_at = now() WHERE id = $1 RETURNING *', [s.id, typeof b.active === 'boolean' ? b.active : null]);
    return c.json(subscriptionModel(r.rows[0]));
  });
  api.delete(`${W}/subscriptions/:subscriptionId`, async (c) => {
    const s = await one(c);
    await ctx.db.query('DELETE FROM webhook_subscriptions WHERE id = $1', [s.id]);
    return c.body(null, 204);
  });
}
