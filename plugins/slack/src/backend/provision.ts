import type {CloneTokens, ProvisionRequest} from '@asym/contract';
import {type BackendContext, hashToken} from '@asym/template-kit';
import type pg from 'pg';

import {mintAppToken, mintBotToken, mintSigningSecret, mintUserToken, slackId} from './ids.js';
import {APP_TOKEN_SCOPES, DEFAULT_BOT_SCOPES, DEFAULT_USER_SCOPES} from './scopes.js';
import type {SettingsStore} from './settings.js';

interface DefaultApp {
  teamId: string;
  teamName: string;
  teamDomain: string;
  adminUserId: string;
  appId: string;
  botId: string;
  botUserId: string;
  signingSecret: string;
  requestUrl: string | null;
}

const BOT_NAME = 'asymmetric';

/**
 * Mints (new, reprovision) or restores (after a reset) the default app's credentials. Only sha256
 * hashes of the tokens are stored; `extra` carries what a restore needs to recreate the same ids.
 */
export async function provision(ctx: BackendContext, settings: SettingsStore, req: ProvisionRequest): Promise<CloneTokens> {
  const client = await ctx.db.connect();
  try {
    await client.query('BEGIN');
    let app: DefaultApp;
    let tokens: {bot: string; user: string; app: string};
    if (req.kind === 'restore') {
      app = await restoreApp(client, req.previous, settings.requestUrl);
      const prev = req.previous;
      tokens = {app: prev.extra?.appToken ?? mintAppToken(app.appId), bot: prev.botToken ?? mintBotToken(), user: prev.userToken ?? mintUserToken()};
      const sticky = await settings.get();
      const rateLimits = prev.extra?.rateLimits ? prev.extra.rateLimits !== 'off' : sticky.rateLimits;
      await settings.set({eventRetryDelaysMs: sticky.eventRetryDelaysMs, rateLimits: settings.hasSticky('rateLimits') ? sticky.rateLimits : rateLimits});
    } else {
      app = await ensureApp(client);
      await client.query(`DELETE FROM tokens WHERE app_id = $1`, [app.appId]);
      const prev = req.kind === 'reprovision' ? req.previous : undefined;
      const old = [prev?.botToken, prev?.userToken, prev?.extra?.appToken].filter((t): t is string => Boolean(t)).map(hashToken);
      if (old.length) await client.query(`DELETE FROM tokens WHERE hash = ANY($1)`, [old]);
      tokens = {app: mintAppToken(app.appId), bot: mintBotToken(), user: mintUserToken()};
    }
    const insert = `INSERT INTO tokens (hash, kind, team_id, app_id, user_id, scopes) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (hash) DO NOTHING`;
    await client.query(insert, [hashToken(tokens.bot), 'bot', app.teamId, app.appId, app.botUserId, DEFAULT_BOT_SCOPES]);
    await client.query(insert, [hashToken(tokens.user), 'user', app.teamId, app.appId, app.adminUserId, DEFAULT_USER_SCOPES]);
    await client.query(insert, [hashToken(tokens.app), 'app', app.teamId, app.appId, null, APP_TOKEN_SCOPES]);
    await client.query('COMMIT');
    settings.forget();
    const s = await settings.get();
    const extra: Record<string, string> = {
      adminUserId: app.adminUserId,
      appToken: tokens.app,
      botId: app.botId,
      botUserId: app.botUserId,
      signingSecret: app.signingSecret,
      teamDomain: app.teamDomain,
      teamName: app.teamName,
      rateLimits: s.rateLimits ? 'on' : 'off',
    };
    if (app.requestUrl) extra.requestUrl = app.requestUrl;
    return {appId: app.appId, botToken: tokens.bot, extra, userToken: tokens.user, workspaceId: app.teamId};
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The current default app's credentials as CloneTokens, minus the token strings (which only the CLI knows). */
export async function currentApp(db: pg.Pool | pg.PoolClient): Promise<DefaultApp | undefined> {
  const {rows} = await db.query(
    `SELECT a.id, a.bot_id, a.bot_user_id, a.signing_secret, a.request_url, t.id AS team_id, t.name AS team_name, t.domain,
            (SELECT user_id FROM tokens WHERE app_id = a.id AND kind = 'user' LIMIT 1) AS admin
       FROM apps a JOIN teams t ON t.id = a.team_id WHERE a.is_default LIMIT 1`,
  );
  const r = rows[0];
  if (!r) return undefined;
  return {
    adminUserId: r.admin ?? (await findAdmin(db, r.team_id)) ?? '',
    appId: r.id,
    botId: r.bot_id,
    botUserId: r.bot_user_id,
    requestUrl: r.request_url,
    signingSecret: r.signing_secret,
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

async function ensureApp(db: pg.PoolClient): Promise<DefaultApp> {
  const existing = await currentApp(db);
  if (existing) return existing;
  let team = (await db.query(`SELECT id, name, domain FROM teams ORDER BY created, id LIMIT 1`)).rows[0];
  if (!team) {
    team = {domain: 'asymmetric', id: slackId('T'), name: 'Asymmetric'};
    await db.query(`INSERT INTO teams (id, name, domain, email_domain) VALUES ($1, $2, $3, $4)`, [team.id, team.name, team.domain, 'asymmetric.test']);
  }
  let adminUserId = await findAdmin(db, team.id);
  if (!adminUserId) {
    adminUserId = slackId('U');
    await insertAdmin(db, adminUserId, team.id, team.domain);
  }
  const app: DefaultApp = {
    adminUserId,
    appId: slackId('A'),
    botId: slackId('B'),
    botUserId: slackId('U'),
    requestUrl: null,
    signingSecret: mintSigningSecret(),
    teamDomain: team.domain,
    teamId: team.id,
    teamName: team.name,
  };
  await insertApp(db, app);
  return app;
}

async function insertAdmin(db: pg.PoolClient, id: string, teamId: string, domain: string): Promise<void> {
  await db.query(
    `INSERT INTO users (id, team_id, name, real_name, display_name, first_name, last_name, email, title, is_admin, is_owner, is_primary_owner)
     VALUES ($1, $2, 'admin', 'Workspace Admin', 'admin', 'Workspace', 'Admin', $3, 'Administrator', true, true, true)
     ON CONFLICT (id) DO NOTHING`,
    [id, teamId, `admin@${domain}.test`],
  );
}

async function insertApp(db: pg.PoolClient, a: DefaultApp): Promise<void> {
  await db.query(
    `INSERT INTO users (id, team_id, name, real_name, display_name, is_bot, bot_id, app_id, color)
     VALUES ($1, $2, $3, 'Asymmetric', 'Asymmetric', true, $4, $5, '3c989f') ON CONFLICT (id) DO NOTHING`,
    [a.botUserId, a.teamId, BOT_NAME, a.botId, a.appId],
  );
  await db.query(`INSERT INTO bots (id, team_id, app_id, user_id, name) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING`, [
    a.botId, a.teamId, a.appId, a.botUserId, BOT_NAME,
  ]);
  await db.query(
    `INSERT INTO apps (id, team_id, name, bot_id, bot_user_id, signing_secret, request_url, is_default)
     VALUES ($1, $2, 'Asymmetric', $3, $4, $5, $6, true) ON CONFLICT (id) DO NOTHING`,
    [a.appId, a.teamId, a.botId, a.botUserId, a.signingSecret, a.requestUrl],
  );
}

async function restoreApp(db: pg.PoolClient, prev: CloneTokens, liveRequestUrl: string | null | undefined): Promise<DefaultApp> {
  const x = prev.extra ?? {};
  if (!prev.workspaceId || !prev.appId || !x.botId || !x.botUserId || !x.adminUserId || !x.signingSecret) {
    throw new Error('restore needs workspaceId, appId and extra.{botId, botUserId, adminUserId, signingSecret} from the previous provision');
  }
  const app: DefaultApp = {
    adminUserId: x.adminUserId,
    appId: prev.appId,
    botId: x.botId,
    botUserId: x.botUserId,
    requestUrl: liveRequestUrl !== undefined ? liveRequestUrl : (x.requestUrl ?? null),
    signingSecret: x.signingSecret,
    teamDomain: x.teamDomain ?? 'asymmetric',
    teamId: prev.workspaceId,
    teamName: x.teamName ?? 'Asymmetric',
  };
  await db.query(`INSERT INTO teams (id, name, domain, email_domain) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [
    app.teamId, app.teamName, app.teamDomain, `${app.teamDomain}.test`,
  ]);
  await insertAdmin(db, app.adminUserId, app.teamId, app.teamDomain);
  await db.query(`UPDATE apps SET is_default = false WHERE id <> $1`, [app.appId]);
  await insertApp(db, app);
  await db.query(`UPDATE apps SET signing_secret = $2, request_url = $3, is_default = true WHERE id = $1`, [app.appId, app.signingSecret, app.requestUrl]);
  return app;
}
