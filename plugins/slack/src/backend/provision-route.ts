import type {ProvisionRequest} from '@asym/contract';
import {type BackendContext, CONTROL_PREFIX, type Hono} from '@asym/template-kit';

import {type Events, forgetApps} from './events.js';
import {currentApp, decodeState, encodeState, provision, type RestoreState} from './provision.js';
import type {SettingsStore} from './settings.js';

/**
 * `POST /_asym/slack/provision`: the kit's provision with Slack options the generic route drops —
 * `{kind, previous?, requestUrl?, rateLimits?}`. The request URL is verified like Slack does
 * unless `verify: false`.
 */
export function mountProvisionWithOptions(app: Hono, ctx: BackendContext, settings: SettingsStore, events: Events): void {
  app.post(`${CONTROL_PREFIX}/slack/provision`, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Partial<ProvisionRequest> & {requestUrl?: string | null; rateLimits?: boolean; verify?: boolean};
    const request = (body.kind === 'restore' || body.kind === 'reprovision' ? body : {kind: 'new'}) as ProvisionRequest;
    try {
      const verify = Boolean(body.requestUrl) && body.verify !== false;
      const existing = await currentApp(ctx.db, ctx.env.jwtSecret);
      if (verify && existing) {
        // Verify before anything changes, with the secret the app already has.
        const check = await events.verifyUrl({signing_secret: existing.signingSecret}, body.requestUrl!);
        if (!check.ok) return c.json({detail: check.detail, error: 'url_verification_failed'}, 422);
      }
      if (typeof body.rateLimits === 'boolean') await settings.set({rateLimits: body.rateLimits});
      let tokens = await provision(ctx, settings, request);
      if (body.requestUrl !== undefined) {
        if (verify && !existing) {
          const check = await events.verifyUrl({signing_secret: tokens.extra!.signingSecret!}, body.requestUrl!);
          if (!check.ok) return c.json({detail: check.detail, error: 'url_verification_failed', tokens}, 422);
        }
        await ctx.db.query('UPDATE apps SET request_url = $2 WHERE id = $1', [tokens.appId, body.requestUrl || null]);
        forgetApps(ctx.db);
        settings.requestUrl = body.requestUrl || null;
        const state = {...decodeState(tokens), requestUrl: body.requestUrl || null} as RestoreState;
        tokens = {...tokens, extra: {...tokens.extra, state: encodeState(state)}};
      }
      return c.json(tokens);
    } catch (error) {
      ctx.log('error', 'provision failed', {error: (error as Error).message});
      return c.json({error: (error as Error).message}, 500);
    }
  });
}
