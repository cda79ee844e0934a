/** The HubSpot clone's backend: the CRM API at the root and under `/api`, OAuth, webhooks, MCP. */
import {CONTROL_TOKEN_HEADER, type BackendDefinition} from '@asym/template-kit';

import {HubSpotApi} from './api.js';
import {mountHubSpotMcp} from './mcp.js';
import {oauthRoutes} from './oauth.js';
import {provision} from './provision.js';
import {associationRoutes} from './routes/associations.js';
import {objectRoutes} from './routes/objects.js';
import {ownerRoutes} from './routes/owners.js';
import {pipelineRoutes} from './routes/pipelines.js';
import {propertyRoutes} from './routes/properties.js';
import {schemaRoutes} from './routes/schemas.js';
import {webhookRoutes, Webhooks} from './webhooks.js';

interface Running {
  api: HubSpotApi;
  webhooks: Webhooks;
}
const running = new WeakMap<object, Running>();

/** Paths that check credentials themselves (OAuth's endpoints, webhook management with a developer key). */
const open = (path: string) => path.startsWith('/oauth/') || path.startsWith('/webhooks/');

export const hubspotBackend: BackendDefinition = {
  template: 'hubspot',
  routes(app, ctx) {
    const hs = new HubSpotApi(ctx);
    const webhooks = new Webhooks(ctx, hs.crm);
    running.set(ctx, {api: hs, webhooks});
    // Test switch: change the rate limits of this clone (guarded by the control token when the CLI set one).
    app.post('/_asym/hubspot/rate-limits', async (c) => {
      const token = process.env.ASYM_CONTROL_TOKEN;
      if (token && c.req.header(CONTROL_TOKEN_HEADER) !== token) return c.json({error: 'control token required'}, 401);
      const b = (await c.req.json().catch(() => ({}))) as Partial<HubSpotApi['limiter']['limits']>;
      for (const k of ['burst', 'daily', 'searchPerSecond'] as const) if (typeof b[k] === 'number' && b[k]! > 0) hs.limiter.limits[k] = b[k]!;
      await hs.limiter.restart(ctx.env.redisPrefix);
      return c.json(hs.limiter.limits);
    });
    mountHubSpotMcp(app, hs.auth);
    const api = hs.app(open);
    objectRoutes(api, hs.crm);
    associationRoutes(api, hs.crm);
    propertyRoutes(api, hs.crm);
    pipelineRoutes(api, hs.crm);
    ownerRoutes(api, hs.crm);
    schemaRoutes(api, hs.crm);
    webhookRoutes(api, ctx);
    oauthRoutes(api, ctx, (hash) => hs.auth.forget(hash));
    app.route('/api', api);
    app.route('/', api);
  },
  provision(ctx, request) {
    running.get(ctx)?.api.auth.clear();
    return provision(ctx, request);
  },
  onReset(ctx) {
    running.get(ctx)?.api.reset();
  },
  onClose(ctx) {
    running.get(ctx)?.webhooks.queue.close();
  },
};

/** The HubSpotApi of a running backend (tests reach its limiter). */
export const apiOf = (ctx: object): HubSpotApi | undefined => running.get(ctx)?.api;
/** The webhook dispatcher of a running backend (tests wait on its queue). */
export const webhooksOf = (ctx: object): Webhooks | undefined => running.get(ctx)?.webhooks;
