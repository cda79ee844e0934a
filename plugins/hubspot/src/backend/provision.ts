/**
 * The clone's credentials. `new` creates the portal when the fixture has none, a private app with a
 * `pat-na1-…` token holding every scope, a public (OAuth) app and a developer API key; `reprovision`
 * revokes the previous tokens and mints new ones; `restore` puts the same rows back after a reset.
 * Only sha256 hashes are stored; the OAuth app's client id and secret are derived from the clone's secret.
 */
import {createHmac, randomUUID} from 'node:crypto';

import type {CloneTokens, ProvisionRequest} from '@asym/contract';
import {type BackendContext, hashToken} from '@asym/template-kit';

import {ALL_SCOPES} from './auth.js';

interface State {
  created: string;
  privateAppId: string;
  appId: string;
}
const encode = (s: State) => Buffer.from(JSON.stringify(s)).toString('base64url');
function decode(v: string | undefined): Partial<State> {
  try {
    return v ? (JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as State) : {};
  } catch {
    return {};
  }
}

/** The client secret of an OAuth app: HMAC of its id under the clone's secret (never stored). */
export const clientSecret = (ctx: BackendContext, appId: string) => createHmac('sha256', ctx.env.jwtSecret || 'asymmetric').update(`hubspot-app:${appId}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');

/** The client id of an OAuth app: derived like its secret, so no plain value sits in the database. */
export const clientIdOf = (ctx: BackendContext, appId: string) => createHmac('sha256', ctx.env.jwtSecret || 'asymmetric').update(`hubspot-client:${appId}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');

const patToken = () => `pat-na1-${randomUUID()}`;

export async function provision(ctx: BackendContext, request: ProvisionRequest): Promise<CloneTokens> {
  const previous = request.kind === 'new' ? undefined : request.previous;
  const state = decode(previous?.extra?.state);
  const created = request.kind === 'restore' && state.created ? state.created : new Date().toISOString();
  let portal = previous?.workspaceId;
  if (!portal) {
    const r = await ctx.db.query('SELECT id::text AS id FROM portals ORDER BY created_at, id LIMIT 1');
    portal = (r.rows[0]?.id as string | undefined) ?? String(40_000_000 + Math.floor(Math.random() * 9_000_000));
  }
  await ctx.db.query(`INSERT INTO portals (id, name, domain, created_at) VALUES ($1, 'Asymmetric Portal', 'asymmetric.test', $2) ON CONFLICT (id) DO NOTHING`, [portal, created]);
  const ids = async () => (await ctx.db.query(`SELECT nextval('misc_ids')::text AS id`)).rows[0].id as string;
  const privateAppId = request.kind === 'restore' && state.privateAppId ? state.privateAppId : await ids();
  const appId = request.kind === 'restore' && state.appId ? state.appId : (previous?.appId ?? (await ids()));
  await ctx.db.query(`INSERT INTO apps (id, portal_id, kind, name, scopes, created_at) VALUES ($1, $2, 'private', 'asymmetric private app', $3, $4) ON CONFLICT (id) DO NOTHING`, [privateAppId, portal, ALL_SCOPES, created]);
  await ctx.db.query(`INSERT INTO apps (id, portal_id, kind, name, scopes, created_at) VALUES ($1, $2, 'public', 'asymmetric public app', $3, $4) ON CONFLICT (id) DO NOTHING`, [appId, portal, ALL_SCOPES, created]);
  const store = (token: string, app: string, kind: string) =>
    ctx.db.query('INSERT INTO tokens (hash, kind, app_id, portal_id, scopes, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (hash) DO NOTHING', [hashToken(token), kind, app, portal, ALL_SCOPES, created]);

  if (request.kind === 'restore' && previous?.apiKey) {
    await store(previous.apiKey, privateAppId, 'private_app');
    if (previous.extra?.developerApiKey) await store(previous.extra.developerApiKey, appId, 'developer_key');
    return previous;
  }
  if (request.kind === 'reprovision' && previous) {
    const old = [previous.apiKey, previous.extra?.developerApiKey].filter((k): k is string => Boolean(k)).map(hashToken);
    await ctx.db.query('DELETE FROM tokens WHERE hash = ANY($1)', [old]);
  }
  const apiKey = patToken();
  const developerApiKey = randomUUID();
  await store(apiKey, privateAppId, 'private_app');
  await store(developerApiKey, appId, 'developer_key');
  return {
    apiKey,
    appId,
    workspaceId: portal,
    extra: {clientId: clientIdOf(ctx, appId), clientSecret: clientSecret(ctx, appId), developerApiKey, state: encode({appId, created, privateAppId})},
  };
}
