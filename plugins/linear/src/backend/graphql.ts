/**
 * `POST /graphql`: authenticate the key, charge the request and complexity budgets (X-RateLimit-*
 * headers), parse, validate against Linear's schema and execute with the clone's resolvers.
 */
import {type BackendContext, credentialFromHeader, hashToken, type Hono, RateLimiter} from '@asym/template-kit';
import {type DocumentNode, execute, getOperationAST, GraphQLError, parse, validate} from 'graphql';

import {complexity} from './complexity.js';
import type {Context} from './context.js';
import {authenticationError, formatError, graphqlError, LinearApiError, rateLimited} from './errors.js';
import {fieldResolver, typeResolver} from './resolvers.js';
import {linearSchema} from './schema.js';
import {type Row, Store} from './store.js';
import type {WebhookEvents} from './webhooks.js';

/** Linear's limits for API keys, per hour: requests (ASYM_LINEAR_RATE_LIMIT) and complexity points (ASYM_LINEAR_COMPLEXITY_LIMIT). */
const limits = () => ({complexity: Number(process.env.ASYM_LINEAR_COMPLEXITY_LIMIT ?? 250_000), requests: Number(process.env.ASYM_LINEAR_RATE_LIMIT ?? 5000)});
export const APP_URL = 'https://linear.app';

const body = (errors: unknown[]) => ({errors});
const apiErrorBody = (e: LinearApiError) => body([{extensions: e.extensions, message: e.message}]);

/** Resolve the credential to the user it acts as (undefined when it is unknown). */
export async function principal(ctx: BackendContext, authorization: string | undefined): Promise<{user: Row; org: Row; hash: string; kind: string} | undefined> {
  const token = credentialFromHeader(authorization);
  if (!token) return undefined;
  const hash = hashToken(token);
  const r = await ctx.db.query(
    `SELECT u.data AS user, k.kind, (SELECT data FROM records WHERE type = 'Organization' LIMIT 1) AS org
       FROM api_keys k JOIN records u ON u.id = k.user_id AND u.type = 'User' WHERE k.hash = $1`,
    [hash],
  );
  const row = r.rows[0] as {user: Row; org: Row; kind: string} | undefined;
  return row && row.user.active !== false ? {...row, hash} : undefined;
}

export interface GraphqlResult {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export class GraphqlService {
  private readonly limiter: RateLimiter;

  constructor(
    private readonly ctx: BackendContext,
    private readonly webhooks: WebhookEvents,
  ) {
    this.limiter = new RateLimiter(ctx.redis);
  }

  clear(): void {
    this.limiter.clear();
  }

  async run(authorization: string | undefined, request: {query?: unknown; variables?: unknown; operationName?: unknown}): Promise<GraphqlResult> {
    const who = await principal(this.ctx, authorization);
    if (!who) return {body: apiErrorBody(authenticationError()), headers: {}, status: 400};
    const {requests, complexity: points} = limits();
    const hour = 60;
    const req = await this.limiter.consume(`req:${who.hash}`, requests, requests / hour);
    const headers: Record<string, string> = {
      'x-ratelimit-requests-limit': String(requests),
      'x-ratelimit-requests-remaining': String(Math.max(0, req.remaining)),
      'x-ratelimit-requests-reset': String(Date.now() + Math.ceil(((requests - req.remaining) / requests) * 3_600_000)),
    };
    if (req.waitMs > 0) return {body: apiErrorBody(rateLimited()), headers, status: 400};
    if (typeof request.query !== 'string' || request.query.trim() === '') {
      return {body: body([graphqlError(new GraphQLError('Must provide a query string.'), 'GRAPHQL_PARSE_FAILED')]), headers, status: 400};
    }
    let doc: DocumentNode;
    try {
      doc = parse(request.query);
    } catch (error) {
      return {body: body([graphqlError(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')]), headers, status: 400};
    }
    const schema = linearSchema();
    const invalid = validate(schema, doc);
    if (invalid.length > 0) return {body: body(invalid.map((e) => graphqlError(e, 'GRAPHQL_VALIDATION_FAILED'))), headers, status: 400};
    const variables = (request.variables && typeof request.variables === 'object' ? request.variables : {}) as Record<string, unknown>;
    const operationName = typeof request.operationName === 'string' ? request.operationName : undefined;
    const op = getOperationAST(doc, operationName);
    const cost = op ? complexity(doc, op, variables) : 0;
    const cx = await this.limiter.consume(`cx:${who.hash}`, points, points / hour, Math.min(cost, points));
    Object.assign(headers, {
      'x-complexity': String(cost),
      'x-ratelimit-complexity-limit': String(points),
      'x-ratelimit-complexity-remaining': String(Math.max(0, cx.remaining)),
      'x-ratelimit-complexity-reset': String(Date.now() + Math.ceil(((points - cx.remaining) / points) * 3_600_000)),
    });
    if (cx.waitMs > 0) return {body: apiErrorBody(rateLimited()), headers, status: 400};
    const rate: Context['rate'] = {
      complexity: {cost, limit: points, remaining: Math.max(0, cx.remaining), reset: Number(headers['x-ratelimit-complexity-reset'])},
      kind: who.kind === 'oauth' ? 'oauth token' : 'api key',
      requests: {limit: requests, remaining: Math.max(0, req.remaining), reset: Number(headers['x-ratelimit-requests-reset'])},
    };
    const context: Context = {appUrl: APP_URL, backend: this.ctx, org: who.org, rate, store: new Store(this.ctx.db), viewer: who.user, webhooks: this.webhooks};
    const result = await execute({contextValue: context, document: doc, fieldResolver, operationName, schema, typeResolver, variableValues: variables});
    const out: Record<string, unknown> = {data: result.data ?? null};
    if (result.errors?.length) {
      out.errors = result.errors.map(formatError);
      for (const e of result.errors) if (!(e.originalError instanceof LinearApiError) && e.originalError) this.ctx.log('error', 'resolver failed', {error: e.message, path: e.path, stack: e.originalError.stack});
    }
    return {body: out, headers, status: result.data ? 200 : 400};
  }
}

export function mountGraphql(app: Hono, service: GraphqlService): void {
  app.post('/graphql', async (c) => {
    let request: Record<string, unknown>;
    try {
      request = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json(body([graphqlError(new GraphQLError('The request body is not JSON: send {"query": "…", "variables": {…}}.'), 'GRAPHQL_PARSE_FAILED')]), 400);
    }
    const r = await service.run(c.req.header('authorization'), request ?? {});
    for (const [k, v] of Object.entries(r.headers)) c.header(k, v);
    return c.json(r.body, r.status as 200 | 400);
  });
}
