import {createHmac} from 'node:crypto';

import type {CloneTokens, ProvisionRequest} from '@asym/contract';
import {type BackendContext, hashToken} from '@asym/template-kit';
import type pg from 'pg';

import {forgetCallers} from './auth.js';
import {forgetApps} from './events.js';
import {forgetBots} from './messages.js';
import {mintAppToken, mintBotToken, mintUserToken, slackId} from './ids.js';
import {APP_TOKEN_SCOPES, DEFAULT_BOT_SCOPES, DEFAULT_USER_SCOPES} from './scopes.js';
import type {SettingsStore} from './settings.js';

export interface DefaultApp {
  teamId: string;
  teamName: string;
  teamDomain: string;
  adminUserId: string;
  appId: string;
  botId: string;
  botUserId: string;
  signingSecret: string;
  requestUrl: string | null;
  /** When the app (and, on an empty database, its workspace and admin) was first provisioned. */
  appCreated: number;
}

/** What a restore needs besides the tokens: ids and timestamps, so the same rows come back. */
export interface RestoreState {
  v: 1;
  botUserId: string;
  botId: string;
  adminUserId: string;
  teamName: string;
  teamDomain: string;
  appCreated: number;
  tokensCreated: number;
  requestUrl?: string | null;
}

const BOT_NAME = 'asymmetric';

/** The app's signing secret: derived from the clone's JWT secret, never stored. */
export const signingSecretFor = (jwtSecret: string, appId: string) =>
  createHmac('sha256', jwtSecret || 'asymmetric').update(`slack-signing-secret:${appId}`).digest('hex').slice(0, 32);

export const encodeState = (s: RestoreState) => Buffer.from(JSON.stringify(s)).toString('base64url');

export function decodeState(prev: CloneTokens): Partial<RestoreState> {
  const x = prev.extra ?? {};
  let s: Partial<RestoreState> = {};
  if (x.state) {
    try {
      s = JSON.parse(Buffer.from(x.state, 'base64url').toString('utf8'));
    } catch {
      throw new Error('extra.state of the previous tokens is not a Slack restore state');
    }
  }
  return {
    adminUserId: x.adminUserId, botId: x.botId, botUserId: x.botUserId, requestUrl: x.requestUrl, teamDomain: x.teamDomain, teamName: x.teamName,
    ...s,
  };
}

const nowSec = () => Math.floor(Date.now() / 1000);

/**
 * Mints (new, reprovision) or restores (after a reset) the default app's credentials. Only sha256
 * hashes of the tokens are stored. `extra` holds the app-level token, the signing secret and an
 * opaque `state` (ids and timestamps) with which a restore recreates exactly the same rows.
 */
export async function provision(ctx: BackendContext, settings: SettingsStore, req: ProvisionRequest): Promise<CloneTokens> {
  const client = await ctx.db.connect();
  try {
    await client.query('BEGIN');
    let app: DefaultApp;
    let tokens: {bot: string; user: string; app: string};
    let tokensCreated: number;
    if (req.kind === 'restore') {
      const state = decodeState(req.previous);
      app = await restoreApp(client, ctx.env.jwtSecret, req.previous, state, settings.requestUrl);
      const prev = req.previous;
      tokens = {app: prev.extra?.appToken ?? mintAppToken(app.appId), bot: prev.botToken ?? mintBotToken(), user: prev.userToken ?? mintUserToken()};
      tokensCreated = state.tokensCreated ?? nowSec();
      // Switches set in this process win; else the previous tokens say whether rate limits were off.
      if (!settings.hasSticky('rateLimits') && prev.extra?.rateLimits === 'off') await settings.set({rateLimits: false});
    } else {
      app = await ensureApp(client, ctx.env.jwtSecret);
      await client.query(`DELETE FROM tokens WHERE app_id = $1`, [app.appId]);
      const prev = req.kind === 'reprovision' ? req.previous : undefined;
      const old = [prev?.botToken, prev?.userToken, prev?.extra?.appToken].filter((t): t is string => Boolean(t)).map(hashToken);
      if (old.length) await client.query(`DELETE FROM tokens WHERE hash = ANY($1)`, [old]);
      tokens = {app: mintAppToken(app.appId), bot: mintBotToken(), user: mintUserToken()};
      tokensCreated = nowSec();
    }
    const insert = `INSERT INTO tokens (hash, kind, team_id, app_id, user_id, scopes, created) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (hash) DO NOTHING`;
    await client.query(insert, [hashToken(tokens.bot), 'bot', app.teamId, app.appId, app.botUserId, DEFAULT_BOT_SCOPES, tokensCreated]);
    await client.query(insert, [hashToken(tokens.user), 'user', app.teamId, app.appId, app.adminUserId, DEFAULT_USER_SCOPES, tokensCreated]);
    await client.query(insert, [hashToken(tokens.app), 'app', app.teamId, app.appId, null, APP_TOKEN_SCOPES, tokensCreated]);
    await client.query('COMMIT');
    // Old tokens must stop working at once (reprovision), restored ones map to the restored rows.
    forgetCallers(ctx.db);
    forgetBots(ctx.db);
    forgetApps(ctx.db);
    settings.forget();
    const s = await settings.get();
    const state: RestoreState = {
      adminUserId: app.adminUserId, appCreated: app.appCreated, botId: app.botId, botUserId: app.botUserId, teamDomain: app.teamDomain,
      teamName: app.teamName, tokensCreated, v: 1, ...(app.requestUrl ? {requestUrl: app.requestUrl} : {}),
    };
    const extra: Record<string, string> = {
      appToken: tokens.app,
      signingSecret: app.signingSecret,
      rateLimits: s.rateLimits ? 'on' : 'off',
      state: encodeState(state),
    };
    return {appId: app.appId, botToken: tokens.bot, extra, userToken: tokens.user, workspaceId: app.teamId};
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * The restore state of the current credentials, rebuilt from the database (for control routes that
 * change what a restore must put back, so the CLI can merge it into the stored `extra`).
 */
export async function currentState(db: pg.Pool, jwtSecret: string): Promise<string | undefined> {
  const a = await currentApp(db, jwtSecret);
  if (!a) return undefined;
  const {rows} = await db.query(`SELECT max(created) AS created FROM tokens WHERE app_id = $1 AND kind IN ('bot', 'user', 'app')`, [a.appId]);
  return encodeState({
    adminUserId: a.adminUserId, appCreated: a.appCreated, botId: a.botId, botUserId: a.botUserId, teamDomain: a.teamDomain, teamName: a.teamName,
    tokensCreated: Number(rows[0]?.created ?? nowSec()), v: 1, ...(a.requestUrl ? {requestUrl: a.requestUrl} : {}),
  });
}

/** The default app as the database knows it (its signing secret derived from the JWT secret). */
export async function currentApp(db: pg.Pool | pg.PoolClient, jwtSecret: string): Promise<DefaultApp | undefined> {
  const {rows} = await db.query(
    `SELECT a.id, a.bot_id, a.bot_user_id, a.request_url, a.created, t.id AS team_id, t.name AS team_name, t.domain,
            (SELECT user_id FROM tokens WHERE app_id = a.id AND kind = 'user' LIMIT 1) AS admin
       FROM apps a JOIN teams t ON t.id = a.team_id WHERE a.is_default LIMIT 1`,
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    adminUserId: r.admin ?? (await findAdmin(db, r.team_id)) ?? '',
    appCreated: Number(r.created),
    appId: r.id,
    botId: r.bot_id,
    botUserId: r.bot_user_id,
    requestUrl: r.request_url,
    signingSecret: signingSecretFor(jwtSecret, r.id),
    teamDomain: r.domain,
    teamId: r.team_id,
    teamName: r.team_name,
  };
}

async function findAdmin(db: pg.Pool | pg.PoolClient, teamId: string): Promise<string | undefined> {
  const {rows} = await db.query(
    `SELECT id FROM users WHERE team_id = $1 AND NOT is_bot AND NOT deleted AND id <> 'USLACKBOT'
      ORDER BY is_primary_owner DESC, is_owner DESC, is_admin DESC, id LIMIT 1`,
    [teamId],
  );
  return rows[0]?.id;
}

async function ensureApp(db: pg.PoolClient, jwtSecret: string): Promise<DefaultApp> {
  const existing = await currentApp(db, jwtSecret);
  if (existing) return existing;
  const created = nowSec();
  let team = (await db.query(`SELECT id, name, domain FROM teams ORDER BY created, id LIMIT 1`)).rows[0];
  if (!team) {
    team = {domain: 'asymmetric', id: slackId('T'), name: 'Asymmetric'};
    await insertTeam(db, team.id, team.name, team.domain, created);
  }
  let adminUserId = await findAdmin(db, team.id);
  if (!adminUserId) {
    adminUserId = slackId('U');
    await insertAdmin(db, adminUserId, team.id, team.domain, created);
  }
  const appId = slackId('A');
  const app: DefaultApp = {
    adminUserId, appCreated: created, appId, botId: slackId('B'), botUserId: slackId('U'), requestUrl: null,
    signingSecret: signingSecretFor(jwtSecret, appId), teamDomain: team.domain, teamId: team.id, teamName: team.name,
  };
  await insertApp(db, app);
  return app;
}

async function insertTeam(db: pg.PoolClient, id: string, name: string, domain: string, created: number): Promise<void> {
  await db.query(`INSERT INTO teams (id, name, domain, email_domain, created) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`, [
    id, name, domain, `${domain}.test`, created,
  ]);
}

async function insertAdmin(db: pg.PoolClient, id: string, teamId: string, domain: string, created: number): Promise<void> {
  await db.query(
    `INSERT INTO users (id, team_id, name, real_name, display_name, first_name, last_name, email, title, is_admin, is_owner, is_primary_owner, updated)
     VALUES ($1, $2, 'admin', 'Workspace Admin', 'admin', 'Workspace', 'Admin', $3, 'Administrator', true, true, true, $4)
     ON CONFLICT (id) DO NOTHING`,
    [id, teamId, `admin@${domain}.test`, created],
  );
}

async function insertApp(db: pg.PoolClient, a: DefaultApp): Promise<void> {
  await db.query(
    `INSERT INTO users (id, team_id, name, real_name, display_name, is_bot, bot_id, app_id, color, updated)
     VALUES ($1, $2, $3, 'Asymmetric', 'Asymmetric', true, $4, $5, '3c989f', $6) ON CONFLICT (id) DO NOTHING`,
    [a.botUserId, a.teamId, BOT_NAME, a.botId, a.appId, a.appCreated],
  );
  await db.query(`INSERT INTO bots (id, team_id, app_id, user_id, name, updated) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`, [
    a.botId, a.teamId, a.appId, a.botUserId, BOT_NAME, a.appCreated,
  ]);
  await db.query(
    `INSERT INTO apps (id, team_id, name, bot_id, bot_user_id, request_url, is_default, created)
     VALUES ($1, $2, 'Asymmetric', $3, $4, $5, true, $6) ON CONFLICT (id) DO NOTHING`,
    [a.appId, a.teamId, a.botId, a.botUserId, a.requestUrl, a.appCreated],
  );
}

async function restoreApp(db: pg.PoolClient, jwtSecret: string, prev: CloneTokens, s: Partial<RestoreState>, liveRequestUrl: string | null | undefined): Promise<DefaultApp> {
  if (!prev.workspaceId || !prev.appId || !s.botId || !s.botUserId || !s.adminUserId) {
    throw new Error('restore needs workspaceId, appId and extra.state (or extra.botId, botUserId, adminUserId) from the previous provision');
  }
  const created = s.appCreated ?? nowSec();
  const app: DefaultApp = {
    adminUserId: s.adminUserId,
    appCreated: created,
    appId: prev.appId,
    botId: s.botId,
    botUserId: s.botUserId,
    requestUrl: liveRequestUrl !== undefined ? liveRequestUrl : (s.requestUrl ?? null),
    signingSecret: signingSecretFor(jwtSecret, prev.appId),
    teamDomain: s.teamDomain ?? 'asymmetric',
    teamId: prev.workspaceId,
    teamName: s.teamName ?? 'Asymmetric',
  };
  await insertTeam(db, app.teamId, app.teamName, app.teamDomain, created);
  await insertAdmin(db, app.adminUserId, app.teamId, app.teamDomain, created);
  await db.query(`UPDATE apps SET is_default = false WHERE id <> $1 AND is_default`, [app.appId]);
  await insertApp(db, app);
  await db.query(`UPDATE apps SET request_url = $2, is_default = true WHERE id = $1 AND (request_url IS DISTINCT FROM $2 OR NOT is_default)`, [app.appId, app.requestUrl]);
  return app;
}
