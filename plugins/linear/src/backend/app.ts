/** The Linear clone's backend: `POST /graphql` over Linear's own schema, signed webhooks, and MCP at `/mcp`. */
import type {BackendDefinition} from '@asym/template-kit';

import {GraphqlService, mountGraphql} from './graphql.js';
import {mountLinearMcp} from './mcp.js';
import {genericMutation, MUTATIONS} from './mutations.js';
import {QUERIES} from './queries.js';
import {genericQuery} from './resolvers.js';
import {linearSchema} from './schema.js';
import {provision} from './provision.js';
import {WebhookEvents} from './webhooks.js';

interface State {
  service: GraphqlService;
  webhooks: WebhookEvents;
}
const states = new WeakMap<object, State>();

export const linearBackend: BackendDefinition = {
  template: 'linear',
  routes(app, ctx) {
    const webhooks = new WebhookEvents(ctx.log);
    const service = new GraphqlService(ctx, webhooks);
    states.set(ctx, {service, webhooks});
    mountGraphql(app, service);
    mountLinearMcp(app, ctx);
  },
  provision: (ctx, request) => provision(ctx, request),
  /** The root fields that resolve (the others answer a NOT_IMPLEMENTED error), as `Query.x` / `Mutation.y`. */
  operations() {
    const schema = linearSchema();
    const query = Object.values(schema.getQueryType()?.getFields() ?? {}).filter((f) => QUERIES[f.name] ?? genericQuery(f));
    const mutation = Object.values(schema.getMutationType()?.getFields() ?? {}).filter((f) => MUTATIONS[f.name] ?? genericMutation(f.name, f));
    return [...query.map((f) => `Query.${f.name}`), ...mutation.map((f) => `Mutation.${f.name}`)];
  },
  onReset(ctx) {
    states.get(ctx)?.service.clear();
  },
  onClose(ctx) {
    states.get(ctx)?.webhooks.queue.close();
  },
};

/** The webhook queue of a running backend (tests wait for it to drain). */
export const webhooksOf = (ctx: object): WebhookEvents | undefined => states.get(ctx)?.webhooks;
