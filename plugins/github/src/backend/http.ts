/** What every GitHub route shares: the viewer from the token, JSON with ETag/304, page/per_page with a Link header. */
import {createHash} from 'node:crypto';

import type {Context, Hono} from '@asym/template-kit';

import {badCredentials, GhError} from './errors.js';
import type {Gh} from './gh.js';

export interface Viewer {
  id: number;
  login: string;
  tokenId: number;
  scopes: string;
}

export type GhEnv = {Variables: {viewer?: Viewer; resource?: string}};
export type Ctx = Context<GhEnv>;

export const origin = (c: Context): string => new URL(c.req.url).origin;

/** The token of `Authorization: token|Bearer <t>`, or Basic's password (git sends the token there). */
export function tokenFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (/^(token|bearer)$/i.test(scheme ?? '')) return value || undefined;
  if (/^basic$/i.test(scheme ?? '')) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    const user = i < 0 ? decoded : decoded.slice(0, i);
    const pass = i < 0 ? '' : decoded.slice(i + 1);
    return pass || user || undefined;
  }
  return undefined;
}

export function viewer(c: Ctx): Viewer | undefined {
  return c.get('viewer');
}

/** The viewer, or 401 "Requires authentication". */
export function mustViewer(c: Ctx): Viewer {
  const v = c.get('viewer');
  if (!v) throw new GhError(401, 'Requires authentication');
  return v;
}

export function ghError(c: Context, e: GhError): Response {
  for (const [k, v] of Object.entries(e.extra.headers ?? {})) c.header(k, v);
  return c.json(e.body(), e.status as 404);
}

/** Authentication, rate limiting and conditional requests for every data-plane route. */
export function mountMiddleware(app: Hono<GhEnv>, gh: Gh): void {
  app.use('*', async (c, next) => {
    const path = c.req.path;
    if (path.startsWith('/_asym/') || path === '/mcp' || /\.git(\/|$)/.test(path) || path.startsWith('/api/')) return next();
    c.header('x-github-media-type', 'github.v3; format=json');
    c.header('x-github-api-version-selected', '2022-11-28');
    c.header('x-github-request-id', createHash('sha1').update(`${Date.now()}${Math.random()}`).digest('hex').slice(0, 20).toUpperCase());
    const header = c.req.header('authorization');
    if (header) {
      const v = await gh.viewerFor(tokenFrom(header));
      if (!v) return ghError(c, badCredentials());
      c.set('viewer', v);
      c.header('x-oauth-scopes', v.scopes);
      c.header('x-accepted-oauth-scopes', '');
    }
    const resource = path.startsWith('/search/') ? 'search' : 'core';
    if (path !== '/rate_limit') {
      const rl = gh.limits.take(resource, c.get('viewer')?.id, c.req.header('x-forwarded-for') ?? 'anonymous');
      setRateHeaders(c, rl);
      if (rl.remaining < 0) {
        const who = c.get('viewer') ? `for user ID ${c.get('viewer')!.id}` : 'for your IP address';
        return ghError(c, new GhError(c.get('viewer') ? 403 : 429, `API rate limit exceeded ${who}.`, {documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'}));
      }
    }
    await next();
    await conditional(c);
  });
  app.onError((err, c) => {
    if (err instanceof GhError) return ghError(c, err);
    gh.ctx.log('error', 'unhandled error', {error: err.message, path: c.req.path, stack: err.stack});
    return c.json({documentation_url: 'https://docs.github.com/rest', message: 'Server Error', status: '500'}, 500);
  });
  app.notFound((c) => ghError(c, new GhError(404, 'Not Found')));
}

export function setRateHeaders(c: Context, rl: {limit: number; remaining: number; used: number; reset: number; resource: string}): void {
  c.header('x-ratelimit-limit', String(rl.limit));
  c.header('x-ratelimit-remaining', String(Math.max(0, rl.remaining)));
  c.header('x-ratelimit-used', String(Math.min(rl.used, rl.limit)));
  c.header('x-ratelimit-reset', String(rl.reset));
  c.header('x-ratelimit-resource', rl.resource);
}

/** ETag on every successful GET; If-None-Match that matches answers 304 with no body. */
async function conditional(c: Context): Promise<void> {
  if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || c.res.status !== 200) return;
  const body = await c.res.clone().arrayBuffer();
  const etag = `W/"${createHash('sha256').update(Buffer.from(body)).digest('hex').slice(0, 32)}"`;
  const headers = new Headers(c.res.headers);
  headers.set('etag', etag);
  headers.set('cache-control', c.get('viewer') ? 'private, max-age=60, s-maxage=60' : 'public, max-age=60, s-maxage=60');
  headers.set('vary', 'Accept, Authorization, Cookie, X-GitHub-OTP');
  const inm = c.req.header('if-none-match');
  const matches = inm && inm.split(',').map((s) => s.trim().replace(/^W\//, '')).includes(etag.replace(/^W\//, ''));
  const since = c.req.header('if-modified-since');
  const lastModified = headers.get('last-modified');
  const unmodified = !inm && since && lastModified && Date.parse(lastModified) <= Date.parse(since);
  if (matches || unmodified) {
    headers.delete('content-type');
    headers.delete('content-length');
    c.res = new Response(null, {headers, status: 304});
    return;
  }
  c.res = new Response(body, {headers, status: 200});
}

export function lastModified(c: Context, at: Date | string | null | undefined): void {
  if (at) c.header('last-modified', new Date(at).toUTCString());
}

export interface Page {
  page: number;
  perPage: number;
  offset: number;
}

export function pageOf(c: Context, maxPerPage = 100): Page {
  const q = c.req.query();
  const perPage = Math.min(Math.max(Number.parseInt(q.per_page ?? '30', 10) || 30, 1), maxPerPage);
  const page = Math.max(Number.parseInt(q.page ?? '1', 10) || 1, 1);
  return {offset: (page - 1) * perPage, page, perPage};
}

/** RFC 5988 `Link` with next/last/first/prev, as GitHub sends it. */
export function linkHeader(c: Context, p: Page, total: number): void {
  const last = Math.max(1, Math.ceil(total / p.perPage));
  const url = new URL(c.req.url);
  const at = (n: number) => {
    url.searchParams.set('per_page', String(p.perPage));
    url.searchParams.set('page', String(n));
    return url.toString();
  };
  const links: string[] = [];
  if (p.page > 1) links.push(`<${at(p.page - 1)}>; rel="prev"`);
  if (p.page < last) links.push(`<${at(p.page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (p.page > 1) links.push(`<${at(1)}>; rel="first"`);
  if (links.length > 0) c.header('link', links.join(', '));
}

/** A JSON page: the rows of one page plus the Link header from the total. */
export function paged<T>(c: Context, p: Page, total: number, items: T[]): Response {
  linkHeader(c, p, total);
  return c.json(items);
}

/** The JSON body of a request (GitHub takes JSON); 400 "Problems parsing JSON" when it is not. */
export async function body(c: Context): Promise<Record<string, any>> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    // fall through
  }
  throw new GhError(400, 'Problems parsing JSON');
}

