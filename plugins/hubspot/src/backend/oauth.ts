/**
 * OAuth 2.0 for the clone's public app: `/oauth/authorize` grants at once (no consent screen) and
 * redirects with a code, `POST /oauth/v1/token` trades a code or refresh token for an access token
 * holding the requested scopes (30 minutes), and the token metadata routes answer as HubSpot's do.
 */
import {randomBytes, randomUUID} from 'node:crypto';

import {type BackendContext, hashToken} from '@asym/template-kit';

import {ALL_SCOPES} from './auth.js';
import {HubSpotError, notFound} from './errors.js';
import type {HsApp, HsContext, Json} from './http.js';
import {clientIdOf, clientSecret} from './provision.js';

const ACCESS_SECONDS = 1800;
const oauthError = (message: string, status = 400) => new HubSpotError(status, 'BAD_AUTH_CODE', message, {});
const mint = (prefix: string) => `${prefix}-${randomBytes(24).toString('base64url')}`;

async function appByClient(ctx: BackendContext, clientId: string | undefined): Promise<Json> {
  const r = await ctx.db.query(`SELECT a.*, p.domain FROM apps a JOIN portals p ON p.id = a.portal_id WHERE a.kind = 'public'`);
  const app = r.rows.find((x: Json) => clientIdOf(ctx, String(x.id)) === clientId);
  if (!app) throw oauthError('missing or unknown client_id');
  return app;
}

async function form(c: HsContext): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('json')) return (await c.req.json().catch(() => ({}))) as Record<string, string>;
  const parsed = await c.req.parseBody().catch(() => ({}));
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

export function oauthRoutes(api: HsApp, ctx: BackendContext, forget: (hash: string) => void): void {
  api.get('/oauth/authorize', async (c) => {
    const app = await appByClient(ctx, c.req.query('client_id'));
    const redirect = c.req.query('redirect_uri');
    if (!redirect) throw oauthError('redirect_uri is required');
    const requested = [...(c.req.query('scope') ?? '').split(/[ +]/), ...(c.req.query('optional_scope') ?? '').split(/[ +]/)].filter(Boolean);
    const unknown = requested.filter((s) => !ALL_SCOPES.includes(s));
    if (unknown.length > 0) throw oauthError(`Unknown scopes: ${unknown.join(', ')}`);
    const code = randomUUID();
    await ctx.db.query(`INSERT INTO tokens (hash, kind, app_id, portal_id, scopes, expires_at, created_at) VALUES ($1, 'oauth_code', $2, $3, $4, now() + interval '10 minutes', now())`, [
      hashToken(`${code}|${redirect}`),
      app.id,
      app.portal_id,
      requested.length > 0 ? requested : ['oauth'],
    ]);
    const url = new URL(redirect);
    url.searchParams.set('code', code);
    if (c.req.query('state')) url.searchParams.set('state', c.req.query('state')!);
    return c.redirect(url.toString(), 302);
  });

  api.post('/oauth/v1/token', async (c) => {
    const f = await form(c);
    const app = await appByClient(ctx, f.client_id);
    if (f.client_secret !== clientSecret(ctx, String(app.id))) throw oauthError('invalid client_secret', 400);
    let scopes: string[];
    if (f.grant_type === 'authorization_code') {
      const r = await ctx.db.query(`DELETE FROM tokens WHERE hash = $1 AND kind = 'oauth_code' AND app_id = $2 RETURNING scopes, expires_at`, [hashToken(`${f.code}|${f.redirect_uri}`), app.id]);
      if (!r.rows[0] || new Date(r.rows[0].expires_at).getTime() < Date.now()) throw oauthError('missing or unknown code (or a redirect_uri that differs from the one authorized)');
      scopes = r.rows[0].scopes;
    } else if (f.grant_type === 'refresh_token') {
      const r = await ctx.db.query(`SELECT scopes FROM tokens WHERE hash = $1 AND kind = 'oauth_refresh' AND app_id = $2`, [hashToken(f.refresh_token ?? ''), app.id]);
      if (!r.rows[0]) throw oauthError('missing or unknown refresh token');
      scopes = r.rows[0].scopes;
    } else {
      throw oauthError(`unsupported grant_type ${f.grant_type}`);
    }
    const access = mint('CKH');
    const refresh = f.grant_type === 'refresh_token' ? f.refresh_token! : randomUUID();
    await ctx.db.query(`INSERT INTO tokens (hash, kind, app_id, portal_id, scopes, expires_at, created_at) VALUES ($1, 'oauth_access', $2, $3, $4, now() + make_interval(secs => $5), now())`, [hashToken(access), app.id, app.portal_id, scopes, ACCESS_SECONDS]);
    if (f.grant_type !== 'refresh_token') await ctx.db.query(`INSERT INTO tokens (hash, kind, app_id, portal_id, scopes, created_at) VALUES ($1, 'oauth_refresh', $2, $3, $4, now())`, [hashToken(refresh), app.id, app.portal_id, scopes]);
    return c.json({token_type: 'bearer', refresh_token: refresh, access_token: access, expires_in: ACCESS_SECONDS});
  });

  const meta = async (token: string, kind: string) => {
    const r = await ctx.db.query(
      `SELECT t.*, p.domain, extract(epoch from (t.expires_at - now()))::int AS left FROM tokens t JOIN apps a ON a.id = t.app_id JOIN portals p ON p.id = t.portal_id WHERE t.hash = $1 AND t.kind = $2`,
      [hashToken(token), kind],
    );
    if (!r.rows[0]) throw notFound('token not found');
    return r.rows[0] as Json;
  };
  api.get('/oauth/v1/access-tokens/:token', async (c) => {
    const t = await meta(c.req.param('token'), 'oauth_access');
    return c.json({token: c.req.param('token'), user: 'asymmetric@acme.test', hub_domain: t.domain, scopes: t.scopes, hub_id: Number(t.portal_id), app_id: Number(t.app_id), expires_in: Math.max(0, t.left), user_id: 9000001, token_type: 'access'});
  });
  api.get('/oauth/v1/refresh-tokens/:token', async (c) => {
    const t = await meta(c.req.param('token'), 'oauth_refresh');
    return c.json({token: c.req.param('token'), user: 'asymmetric@acme.test', hub_domain: t.domain, scopes: t.scopes, hub_id: Number(t.portal_id), client_id: clientIdOf(ctx, String(t.app_id)), user_id: 9000001, token_type: 'refresh'});
  });
  api.delete('/oauth/v1/refresh-tokens/:token', async (c) => {
    await meta(c.req.param('token'), 'oauth_refresh');
    await ctx.db.query(`DELETE FROM tokens WHERE hash = $1`, [hashToken(c.req.param('token'))]);
    forget(hashToken(c.req.param('token')));
    return c.body(null, 204);
  });
}
