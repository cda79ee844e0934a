import {type BackendContext, CONTROL_PREFIX, type Hono, hashToken} from '@asym/template-kit';

import {type Events, forgetApps} from './events.js';
import {mintBotToken, mintUserToken} from './ids.js';
import {currentApp, currentState} from './provision.js';
import {DEFAULT_BOT_SCOPES, DEFAULT_USER_SCOPES} from './scopes.js';
import type {Settings, SettingsStore} from './settings.js';

/**
 * Slack-specific control routes under the reserved prefix (the kit's control-token check applies):
 * settings (rate limits on/off, event retry delays), the Events API request URL, extra tokens with
 * chosen scopes, and the last Events API deliveries.
 */
export function mountControl(app: Hono, ctx: BackendContext, settings: SettingsStore, events: Events): void {
  const base = `${CONTROL_PREFIX}/slack`;

  app.get(`${base}/settings`, async (c) => {
    const a = await currentApp(ctx.db, ctx.env.jwtSecret);
    return c.json({...(await settings.get()), requestUrl: a?.requestUrl ?? null});
  });

  app.post(`${base}/settings`, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as {rateLimits?: unknown; eventRetryDelaysMs?: unknown; editWindowMinutes?: unknown; appDistribution?: unknown};
    const patch: Partial<Settings> = {};
    if (body.appDistribution === 'internal' || body.appDistribution === 'non_marketplace') patch.appDistribution = body.appDistribution;
    if (body.editWindowMinutes === null || (typeof body.editWindowMinutes === 'number' && body.editWindowMinutes >= 0)) patch.editWindowMinutes = body.editWindowMinutes as number | null;
    if (typeof body.rateLimits === 'boolean') patch.rateLimits = body.rateLimits;
    if (Array.isArray(body.eventRetryDelaysMs) && body.eventRetryDelaysMs.every((n) => typeof n === 'number' && n >= 0)) patch.eventRetryDelaysMs = body.eventRetryDelaysMs as number[];
    const next = await settings.set(patch);
    return c.json({...next, extraPatch: {rateLimits: next.rateLimits ? 'on' : 'off'}});
  });

  app.post(`${base}/request-url`, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as {url?: string | null; verify?: boolean};
    const a = await currentApp(ctx.db, ctx.env.jwtSecret);
    if (!a) return c.json({error: 'no app provisioned yet'}, 409);
    const url = body.url ? String(body.url) : null;
    if (url) {
      try {
        const u = new URL(url);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
      } catch {
        return c.json({error: 'invalid_url'}, 400);
      }
      if (body.verify !== false) {
        const check = await events.verifyUrl({signing_secret: a.signingSecret}, url);
        if (!check.ok) return c.json({detail: check.detail, error: 'url_verification_failed'}, 422);
      }
    }
    await ctx.db.query('UPDATE apps SET request_url = $2 WHERE id = $1', [a.appId, url]);
    forgetApps(ctx.db);
    settings.requestUrl = url;
    // Merge extraPatch into the stored tokens' extra so a restore after reset puts the URL back.
    return c.json({ok: true, requestUrl: url, extraPatch: {state: await currentState(ctx.db, ctx.env.jwtSecret)}});
  });

  app.post(`${base}/tokens`, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as {kind?: string; scopes?: string[]; userId?: string};
    const a = await currentApp(ctx.db, ctx.env.jwtSecret);
    if (!a) return c.json({error: 'no app provisioned yet'}, 409);
    const kind = body.kind === 'user' ? 'user' : 'bot';
    const scopes = Array.isArray(body.scopes) ? body.scopes.map(String) : kind === 'bot' ? DEFAULT_BOT_SCOPES : DEFAULT_USER_SCOPES;
    const userId = kind === 'bot' ? a.botUserId : (body.userId ?? a.adminUserId);
    const token = kind === 'bot' ? mintBotToken() : mintUserToken();
    await ctx.db.query('INSERT INTO tokens (hash, kind, team_id, app_id, user_id, scopes) VALUES ($1, $2, $3, $4, $5, $6)', [hashToken(token), kind, a.teamId, a.appId, userId, scopes]);
    return c.json({kind, scopes, token, userId});
  });

  app.get(`${base}/deliveries`, (c) => c.json({deliveries: events.deliveries}));
}
