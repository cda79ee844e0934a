/** The HubSpot clone's backend: the CRM API at the root and under `/api`, OAuth, webhooks, MCP. */
import type {BackendDefinition} from '@asym/template-kit';

import {HubSpotApi} from './api.js';
import {provision} from './provision.js';
import {objectRoutes} from './routes/objects.js';

const apis = new WeakMap<object, HubSpotApi>();

/** Paths that need no token (OAuth's own endpoints). */
const open = (path: string) => path.startsWith('/oauth/');

export const hubspotBackend: BackendDefinition = {
  template: 'hubspot',
  routes(app, ctx) {
    const hs = new HubSpotApi(ctx);
    apis.set(ctx, hs);
    const api = hs.app(open);
    objectRoutes(api, hs.crm);
    app.route('/api', api);
    app.route('/', api);
  },
  provision(ctx, request) {
    apis.get(ctx)?.auth.clear();
    return provision(ctx, request);
  },
  onReset(ctx) {
    apis.get(ctx)?.reset();
  },
};

/** The HubSpotApi of a running backend (tests reach its limiter and webhook queue). */
export const apiOf = (ctx: object): HubSpotApi | undefined => apis.get(ctx);
