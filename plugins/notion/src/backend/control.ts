/**
 * Notion-specific control routes under the kit's reserved prefix (the control token applies):
 * settings (rate limits on/off and their rate), the webhook subscription (`asym request-url`),
 * and the last webhook deliveries.
 */
import {CONTROL_PREFIX, type Hono} from '@asym/template-kit';

import type {NotionState, Settings} from './context.js';

export function mountControl(app: Hono, state: NotionState): void {
  const base = `${CONTROL_PREFIX}/notion`;
  app.get(`${base}/settings`, (c) => c.json(state.settings));
  app.post(`${base}/settings`, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Partial<Settings>;
    if (typeof body.rateLimits === 'boolean') state.settings.rateLimits = body.rateLimits;
    if (typeof body.perSecond === 'number' && body.perSecond > 0) state.settings.perSecond = body.perSecond;
    if (typeof body.burst === 'number' && body.burst >= 1) state.settings.burst = Math.floor(body.burst);
    if (body.capabilities && typeof body.capabilities === 'object') state.settings.capabilities = {...state.settings.capabilities, ...body.capabilities};
    state.limiter.clear();
    state.limiterGeneration = (state.limiterGeneration ?? 0) + 1;
    return c.json(state.settings);
  });
  app.post(`${base}/request-url`, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as {url?: string | null; verify?: boolean};
    if (!body.url) {
      await state.events.unsubscribe();
      return c.json({extraPatch: {webhookToken: '', webhookUrl: ''}, ok: true, requestUrl: null});
    }
    try {
      if (!/^https?:$/.test(new URL(body.url).protocol)) throw new Error('scheme');
    } catch {
      return c.json({error: 'invalid_url'}, 400);
    }
    const sub = await state.events.subscribe(body.url, undefined, body.verify !== false);
    return c.json({extraPatch: {webhookToken: sub.verification_token, webhookUrl: sub.url}, ok: true, requestUrl: sub.url, subscriptionId: sub.id, verificationToken: sub.verification_token});
  });
  app.get(`${base}/deliveries`, (c) => c.json({deliveries: state.events.deliveries}));
}
