/**
 * The wire format around every `/v1` handler: Request-Id, key auth (Bearer or Basic user), nested
 * form parameters typed from the spec, `parameter_unknown`, Idempotency-Key replay, `expand[]`,
 * and Stripe's error envelope.
 */
import {createHash} from 'node:crypto';

import {type Context, credentialFromHeader, type Hono, hashToken, randomString} from '@asym/template-kit';

import type {Api, Req} from './api.js';
import {newerParams} from './catalogue.js';
import {DEFAULT_API_VERSION} from './events.js';
import {StripeError, invalid} from './errors.js';
import {expand} from './expand.js';
import {coerce, type Form, nest, type TypeTree} from './forms.js';
import {checkLimits} from './limits.js';
import specParams from './generated/params.json' with {type: 'json'};
import {publicView} from './shapes.js';

export type Handler = (req: Req, api: Api) => Promise<unknown>;
type Method = 'GET' | 'POST' | 'DELETE';

export interface RouteOptions {
  /**
   * Writes run one at a time per account (they read, change and save whole objects). A route whose
   * request, with these parameters, only creates a new object may run beside other writes: return
   * true then. (Customers created at once by 20 clients were otherwise a queue.)
   */
  concurrent?(params: Form): boolean;
}

const PARAMS = specParams as unknown as Record<string, Record<string, TypeTree>>;

export class Router {
  readonly routes: Array<{method: Method; path: string; handler: Handler; options?: RouteOptions}> = [];

  get(path: string, handler: Handler): void {
    this.routes.push({handler, method: 'GET', path});
  }
  post(path: string, handler: Handler, options?: RouteOptions): void {
    this.routes.push({handler, method: 'POST', options, path});
  }
  del(path: string, handler: Handler): void {
    this.routes.push({handler, method: 'DELETE', path});
  }

  mount(app: Hono, api: Api): void {
    // Literal segments before parameters: `/v1/customers/search` wins over `/v1/customers/{customer}`.
    const sorted = [...this.routes].sort((a, b) => weight(a.path) - weight(b.path));
    for (const r of sorted) {
      const honoPath = r.path.replaceAll(/\{([^}]+)\}/g, ':$1');
      app.on(r.method, honoPath, (c) => this.handle(c, r.method, r.path, r.handler, api, r.options));
    }
    app.notFound((c) => {
      if (!c.req.path.startsWith('/v1') && !c.req.path.startsWith('/v2')) return c.json({error: 'not found'}, 404);
      const id = `req_${randomString(14)}`;
      c.header('Request-Id', id);
      return c.json(
        invalid(`Unrecognized request URL (${c.req.method}: ${c.req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`, undefined, undefined, 404).body(id),
        404,
      );
    });
  }

  private async handle(c: Context, method: Method, specPath: string, handler: Handler, api: Api, options?: RouteOptions): Promise<Response> {
    const requestId = `req_${randomString(14)}`;
    c.header('Request-Id', requestId);
    const idempotencyKey = method === 'POST' ? c.req.header('idempotency-key') : undefined;
    let apiVersion = c.req.header('stripe-version') ?? DEFAULT_API_VERSION;
    c.header('Stripe-Version', apiVersion);
    try {
      const auth = await authenticate(c, api, `${method} ${specPath}`);
      // Like Stripe: the request's Stripe-Version, else the version the account is pinned to.
      apiVersion = c.req.header('stripe-version') ?? auth.version;
      c.header('Stripe-Version', apiVersion);
      const account = await onBehalfOf(c, api, auth.account);
      const raw = await readPairs(c);
      // `/v2` speaks JSON: its bodies are taken as they are (the catalogue has no 2023 types for them).
      const params = specPath.startsWith('/v2/') ? jsonParams(raw) : parseParams(raw, method, specPath);
      const run = () => this.run(c, method, specPath, handler, api, account, requestId, idempotencyKey, auth.publishable, raw, params, apiVersion);
      // A repeated Idempotency-Key must find the first request's result: such writes stay queued.
      const alone = method !== 'GET' && !(idempotencyKey === undefined && options?.concurrent?.(params));
      return alone ? await api.exclusive(account, run) : await run();
    } catch (error) {
      if (error instanceof StripeError) return c.json(error.body(requestId), error.status as 400);
      api.log('error', 'unhandled error', {error: (error as Error).message, path: c.req.path, stack: (error as Error).stack});
      return c.json(new StripeError(500, 'api_error', 'An unknown error occurred').body(requestId), 500);
    }
  }

  private async run(
    c: Context, method: Method, specPath: string, handler: Handler, api: Api, account: string, requestId: string, idempotencyKey: string | undefined, publishable: boolean,
    raw: Array<[string, string]>, params: Form, apiVersion: string,
  ): Promise<Response> {
    let replayKey: {hash: string} | undefined;
    if (idempotencyKey) {
      const hash = createHash('sha256').update(JSON.stringify([c.req.path, raw])).digest('hex');
      const prior = await api.ctx.db.query('SELECT method, path, params_hash, status, body FROM idempotency_keys WHERE account = $1 AND key = $2', [account, idempotencyKey]);
      const row = prior.rows[0];
      if (row) {
        if (row.params_hash !== hash || row.path !== c.req.path) {
          throw new StripeError(
            400,
            'idempotency_error',
            `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
          );
        }
        c.header('Idempotent-Replayed', 'true');
        c.header('Idempotency-Key', idempotencyKey);
        return c.json(row.body, row.status);
      }
      replayKey = {hash};
    }
    const req: Req = {
      account,
      origin: {apiVersion, idempotencyKey, requestId},
      params,
      path: c.req.param() as Record<string, string>,
      publishable,
      url: c.req.path,
    };
    let status = 200;
    let body: unknown;
    try {
      const result = await handler(req, api);
      body = publicView(await expand(api, account, result, params.expand));
    } catch (error) {
      if (!(error instanceof StripeError)) throw error;
      status = error.status;
      body = error.body(requestId);
    }
    // Like Stripe, keep the result once the endpoint ran; validation errors are not kept.
    const code = (body as {error?: {code?: string}})?.error?.code ?? '';
    if (replayKey && status < 500 && !code.startsWith('parameter_')) {
      await api.ctx.db.query(
        'INSERT INTO idempotency_keys (account, key, method, path, params_hash, status, body) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING',
        [account, idempotencyKey, method, c.req.path, replayKey.hash, status, JSON.stringify(body)],
      );
    }
    if (idempotencyKey) c.header('Idempotency-Key', idempotencyKey);
    return c.json(body as object, status as 200);
  }
}

/** Nested, typed parameters from the spec; unknown ones are refused. */
function parseParams(raw: Array<[string, string]>, method: Method, specPath: string): Form {
  const types = PARAMS[`${method} ${specPath}`];
  // Request shapes of the API versions the current SDK sends (e.g. `promotion[coupon]`) are accepted too.
  const newer = newerParams(method, specPath);
  // No prototype: a key like `__proto__` stays a plain (unknown) parameter, never the object's prototype.
  const params: Form = Object.create(null);
  for (const [k, v] of Object.entries(nest(raw))) {
    if (types && !Object.hasOwn(types, k) && !newer?.has(k)) throw invalid(`Received unknown parameter: ${k}`, k, 'parameter_unknown');
    params[k] = coerce(v, types?.[k], k);
  }
  checkLimits(`${method} ${specPath}`, params);
  return params;
}

const JSON_BODY = '\u0000json';

/** `/v2` parameters: the query string, and the JSON body's top-level fields. */
function jsonParams(raw: Array<[string, string]>): Form {
  const params: Form = Object.create(null);
  for (const [k, v] of raw) {
    if (k !== JSON_BODY) {
      params[k] = v;
      continue;
    }
    let body: unknown;
    try {
      body = JSON.parse(v);
    } catch {
      throw invalid('Invalid request: the body is not valid JSON.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('Invalid request: the body must be a JSON object.');
    for (const [bk, bv] of Object.entries(body)) if (bk !== '__proto__') params[bk] = bv as Form[string];
  }
  return params;
}

const weight = (path: string): number => path.split('/').reduce((w, seg, i) => w + (seg.startsWith('{') ? 2 ** (10 - i) : 0), 0);

async function readPairs(c: Context): Promise<Array<[string, string]>> {
  const pairs: Array<[string, string]> = [...new URL(c.req.url).searchParams];
  if (c.req.method === 'POST' || c.req.method === 'DELETE') {
    const text = await c.req.text();
    if (text) {
      if ((c.req.header('content-type') ?? '').includes('application/json')) {
        if (c.req.path.startsWith('/v2/')) return [...pairs, [JSON_BODY, text]];
        throw invalid('Invalid request: the body must be form-encoded (application/x-www-form-urlencoded).');
      }
      pairs.push(...new URLSearchParams(text));
    }
  }
  return pairs;
}

/** What a browser (Stripe.js) may call with the publishable key; intents also need their client_secret. */
const PUBLISHABLE = new Set([
  'POST /v1/payment_methods',
  'GET /v1/payment_intents/{intent}',
  'POST /v1/payment_intents/{intent}/confirm',
  'GET /v1/setup_intents/{intent}',
  'POST /v1/setup_intents/{intent}/confirm',
]);

async function authenticate(c: Context, api: Api, route: string): Promise<{account: string; publishable: boolean; version: string}> {
  const key = credentialFromHeader(c.req.header('authorization'));
  if (!key) {
    throw invalid(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      undefined,
      undefined,
      401,
    );
  }
  const hash = hashToken(key);
  let found = api.keys.get(hash);
  if (!found) {
    const r = await api.ctx.db.query("SELECT k.account, k.kind, a.data->>'api_version' AS version FROM api_keys k JOIN accounts a ON a.id = k.account WHERE k.hash = $1", [hash]);
    found = r.rows[0] as {account: string; kind: string; version: string | null} | undefined;
    if (found) api.keys.set(hash, found);
  }
  if (!found) throw invalid(`Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`, undefined, 'api_key_invalid', 401);
  if (found.kind !== 'secret' && !PUBLISHABLE.has(route)) {
    throw invalid('This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.', undefined, 'secret_key_required', 401);
  }
  return {account: found.account, publishable: found.kind !== 'secret', version: found.version ?? DEFAULT_API_VERSION};
}

/** `Stripe-Account: acct_…` makes a platform act as one of its connected accounts. */
async function onBehalfOf(c: Context, api: Api, platform: string): Promise<string> {
  const target = c.req.header('stripe-account');
  if (!target || target === platform) return platform;
  const r = await api.ctx.db.query("SELECT id FROM accounts WHERE id = $1 AND data->>'platform' = $2", [target, platform]);
  if (!r.rows[0]) {
    throw new StripeError(403, 'invalid_request_error', 'The provided key does not have access to account \'' + target + '\' (or that account does not exist). Application access may have been revoked.', {code: 'account_invalid'});
  }
  return target;
}
