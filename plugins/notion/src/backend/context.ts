/**
 * What every API route shares: the Notion-Version and bearer checks, the per-integration rate
 * limit, the JSON body (size-limited), Notion's error envelope, `request_id` on every answer, and
 * the list envelope with `start_cursor`/`page_size`.
 */
import {randomUUID} from 'node:crypto';

import {type BackendContext, type Context, credentialFromHeader, hashToken, type RateLimiter} from '@asym/template-kit';

import {ALL_CAPABILITIES, type Capabilities, checkCapability} from './capabilities.js';
import {conflict, NotionError, rateLimited, shouldBe, unauthorized, validation} from './errors.js';
import type {Events} from './events.js';
import {Renderer, type Workspace} from './render.js';
import {Store, type UserRow} from './store.js';
import {type ApiVersion, readVersion} from './version.js';

/** Notion's limit on a request payload (500 KB; blocks are limited separately, 1,000 per request). */
export const MAX_BODY_BYTES = 500_000;

export interface Settings {
  rateLimits: boolean;
  /** Average requests per second per integration, and how many may come at once. */
  perSecond: number;
  burst: number;
  /** What the integration may do (Notion's capabilities); all by default. */
  capabilities: Capabilities;
}

export const DEFAULT_SETTINGS: Settings = {burst: 30, capabilities: ALL_CAPABILITIES, perSecond: 3, rateLimits: true};

export interface NotionState {
  ctx: BackendContext;
  settings: Settings;
  limiter: RateLimiter;
  events: Events;
  workspace?: Workspace;
  /** Bumped when the rate settings change, so buckets start afresh (their keys include it). */
  limiterGeneration?: number;
}

export interface Call {
  state: NotionState;
  store: Store;
  r: Renderer;
  version: ApiVersion;
  bot: UserRow;
  workspace: Workspace;
  origin: string;
  body: Record<string, any>;
  query: URLSearchParams;
  params: Record<string, string>;
  now: Date;
  raw: Context;
  /** The HTTP status to answer with (200 unless a handler says otherwise, e.g. 202 for an async task). */
  status?: number;
}

export async function workspaceOf(state: NotionState): Promise<Workspace> {
  if (state.workspace) return state.workspace;
  const r = await state.ctx.db.query('SELECT id, name FROM workspace ORDER BY created_time LIMIT 1');
  const w = r.rows[0] ?? {id: '00000000-0000-4000-8000-000000000000', name: 'Workspace'};
  state.workspace = w;
  return w;
}

export async function botFor(state: NotionState, authorization: string | undefined): Promise<UserRow | undefined> {
  const token = credentialFromHeader(authorization);
  if (!token) return undefined;
  const r = await state.ctx.db.query(
    'SELECT u.id, u.type, u.name, u.avatar_url, u.email FROM api_tokens t JOIN users u ON u.id = t.bot_id WHERE t.hash = $1',
    [hashToken(token)],
  );
  return r.rows[0];
}

export function send(c: Context, status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return c.json(body, status as 200);
}

export function fail(c: Context, error: unknown, log?: BackendContext['log']): Response {
  if (error instanceof NotionError) return send(c, error.status, error.body(), error.headers);
  // Two writes racing on the same rows: Notion's answer to concurrent edits.
  const pgCode = (error as {code?: string}).code;
  if (pgCode === '40001' || pgCode === '40P01' || pgCode === '23505') return send(c, 409, conflict().body());
  log?.('error', 'unhandled error', {error: (error as Error).message, stack: (error as Error).stack});
  return send(c, 500, {code: 'internal_server_error', message: 'Unexpected error occurred.', object: 'error', request_id: randomUUID(), status: 500});
}

async function readBody(c: Context): Promise<Record<string, any>> {
  if (c.req.method === 'GET' || c.req.method === 'DELETE') return {};
  const type = c.req.header('content-type') ?? '';
  if (type.includes('multipart/form-data')) return {};
  const buf = await c.req.arrayBuffer();
  if (buf.byteLength === 0) return {};
  if (buf.byteLength > MAX_BODY_BYTES) throw validation(`Request body too large: ${buf.byteLength} bytes, the limit is ${MAX_BODY_BYTES}.`);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(buf));
  } catch {
    throw new NotionError(400, 'invalid_json', 'Error parsing JSON body.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw shouldBe('body', 'an object', body);
  return body as Record<string, any>;
}

export type Handler = (call: Call) => Promise<Record<string, unknown>>;

/** Wrap a route: version, token, rate limit, body; answers the handler's object with a request_id. */
export function route(state: NotionState, handler: Handler, opts: {multipart?: boolean} = {}) {
  return async (c: Context): Promise<Response> => {
    try {
      const version = readVersion(c.req.header('notion-version'));
      const bot = await botFor(state, c.req.header('authorization'));
      if (!bot) throw unauthorized();
      if (state.settings.rateLimits) {
        const wait = await state.limiter.take(`notion:${state.limiterGeneration ?? 0}:${bot.id}`, state.settings.burst, state.settings.perSecond * 60);
        if (wait > 0) throw rateLimited(Math.max(1, Math.ceil(wait / 1000)));
      }
      checkCapability(state.settings.capabilities, c.req.method, c.req.path.replace(/^(\/api)?\/v1/, ''));
      const body = opts.multipart ? {} : await readBody(c);
      const workspace = await workspaceOf(state);
      const store = new Store(state.ctx.db);
      const url = new URL(c.req.url);
      const call: Call = {
        body,
        bot,
        now: new Date(),
        origin: url.origin,
        params: c.req.param() as Record<string, string>,
        query: url.searchParams,
        r: new Renderer(store, version, workspace),
        raw: c,
        state,
        store,
        version,
        workspace,
      };
      call.r.emails = state.settings.capabilities.user_information === 'with_email';
      const out = await handler(call);
      return send(c, call.status ?? 200, {...out, request_id: randomUUID()});
    } catch (error) {
      return fail(c, error, state.ctx.log);
    }
  };
}

/** page_size (1–100, default 100) from a body or query string. */
export function pageSizeOf(raw: unknown, path: string): number {
  if (raw === undefined || raw === null || raw === '') return 100;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n)) throw shouldBe(path, 'an integer', raw);
  if (n < 1) throw shouldBe(path, '≥ `1`', n);
  if (n > 100) throw shouldBe(path, '≤ `100`', n);
  return n;
}

/** One page of a list by Notion's cursors (the id of the first item of the next page). */
export function paginate<T>(items: T[], idOf: (x: T) => string, startCursor: unknown, size: number, cursorPath: string): {page: T[]; next: string | null} {
  let start = 0;
  if (startCursor !== undefined && startCursor !== null && startCursor !== '') {
    start = items.findIndex((x) => idOf(x) === startCursor);
    if (start < 0) throw validation(`${cursorPath} provided is invalid: ${String(startCursor)}`);
  }
  const page = items.slice(start, start + size);
  const next = start + size < items.length ? idOf(items[start + size]!) : null;
  return {next, page};
}

export function list(type: string, results: unknown[], next: string | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {object: 'list', results, next_cursor: next, has_more: next !== null, type, [type]: extra};
}
