import {createHmac, randomUUID} from 'node:crypto';

import {type BackendContext, CONTROL_PREFIX, type Hono, outboundFetch} from '@asym/template-kit';

import type {Events} from './events.js';
import {nextTs} from './ids.js';
import {loadMessage, renderMessages} from './messages.js';
import {loadView, renderView} from './methods/views.js';
import {slackId} from './ids.js';
import {currentApp, type DefaultApp} from './provision.js';
import {insertMessage} from './post.js';
import {loadConv} from './render.js';
import {signedHeaders, verificationToken} from './signing.js';
import type {Caller} from './types.js';

interface ResponseTarget {
  teamId: string;
  channelId: string;
  userId: string;
  messageTs?: string;
  /** Ephemeral responses (shown only to the user in Slack), kept for tests and agents to read. */
  ephemeral: unknown[];
  expires: number;
}

/** A bad request to the control route (unknown user, a channel the user cannot see …): HTTP 400. */
class BadRequest extends Error {}

const status = (error: unknown) => (error instanceof BadRequest ? 400 : 502);

const RESPONSE_TTL_MS = 30 * 60_000;
const REPLY_TIMEOUT_MS = 3000;

/**
 * What a person does in the Slack client that reaches an app: running a slash command and clicking
 * a Block Kit button. Control routes trigger them; the app gets them like from Slack (HTTP, form
 * encoded and signed, or a Socket Mode envelope) and answers through its reply or `response_url`.
 */
export function mountInteractivity(app: Hono, ctx: BackendContext, events: Events): void {
  const targets = new Map<string, ResponseTarget>();
  const sign = (id: string) => createHmac('sha256', ctx.env.jwtSecret || 'asymmetric').update(`response:${id}`).digest('hex').slice(0, 24);

  const botCaller = (a: DefaultApp): Caller => ({appId: a.appId, botId: a.botId, kind: 'bot', scopes: [], teamId: a.teamId, tokenHash: '', userId: a.botUserId});

  async function deliver(a: DefaultApp, form: Record<string, string>, socketType: string, socketPayload: Record<string, unknown>): Promise<unknown> {
    if (events.socket?.connected(a.appId)) return (await events.socket.request(a.appId, socketType, socketPayload))?.payload;
    if (!a.requestUrl) throw new Error('the app has neither a Socket Mode connection nor a request URL');
    const body = new URLSearchParams(form).toString();
    const res = await outboundFetch(a.requestUrl, {
      body,
      headers: {...signedHeaders(a.signingSecret, body), 'content-type': 'application/x-www-form-urlencoded'},
      method: 'POST',
      signal: AbortSignal.timeout(REPLY_TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`the app answered HTTP ${res.status}`);
    if (!text.trim()) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return {text};
    }
  }

  async function respond(a: DefaultApp, t: ResponseTarget, body: Record<string, any>): Promise<void> {
    const conv = await loadConv(ctx.db, t.channelId, a.botUserId);
    if (!conv) return;
    if (body.delete_original && t.messageTs) {
      await ctx.db.query('DELETE FROM messages WHERE channel_id = $1 AND ts = $2', [t.channelId, t.messageTs]);
      return;
    }
    if (body.replace_original && t.messageTs) {
      await ctx.db.query(
        `UPDATE messages SET text = $3, blocks = $4, attachments = $5, edited_user = $6, edited_ts = $7 WHERE channel_id = $1 AND ts = $2`,
        [t.channelId, t.messageTs, String(body.text ?? ''), body.blocks ? JSON.stringify(body.blocks) : null, body.attachments ? JSON.stringify(body.attachments) : null, a.botId, nextTs()],
      );
      return;
    }
    if (body.response_type === 'in_channel') {
      await insertMessage(ctx.db, events, botCaller(a), conv, {
        attachments: body.attachments, blocks: body.blocks, text: String(body.text ?? ''), threadTs: body.thread_ts ?? undefined,
      });
      return;
    }
    t.ephemeral.push(body);
  }

  function newTarget(origin: string, t: Omit<ResponseTarget, 'ephemeral' | 'expires'>): {id: string; url: string; target: ResponseTarget} {
    for (const [k, v] of targets) if (v.expires < Date.now()) targets.delete(k);
    const id = randomUUID();
    const target = {...t, ephemeral: [], expires: Date.now() + RESPONSE_TTL_MS};
    targets.set(id, target);
    return {id, target, url: `${origin}/commands/${t.teamId}/${id}/${sign(id)}`};
  }

  async function who(userId: string | undefined, channelId: string | undefined, a: DefaultApp) {
    const user = userId ?? a.adminUserId;
    const {rows: u} = await ctx.db.query('SELECT id, name FROM users WHERE id = $1 AND team_id = $2', [user, a.teamId]);
    if (!u[0]) throw new BadRequest(`unknown user ${user}`);
    const conv = channelId ? await loadConv(ctx.db, channelId, user) : undefined;
    if (channelId && (!conv || (conv.kind !== 'channel' && !conv.is_member))) throw new BadRequest(`user ${user} cannot see channel ${channelId}`);
    return {conv, user: u[0] as {id: string; name: string}};
  }

  app.post(`${CONTROL_PREFIX}/slack/commands`, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as {command?: string; text?: string; user?: string; channel?: string};
    const a = await currentApp(ctx.db, ctx.env.jwtSecret);
    if (!a) return c.json({error: 'no app provisioned yet'}, 409);
    if (!body.command || !body.command.startsWith('/')) return c.json({error: 'command must start with /'}, 400);
    try {
      const {conv, user} = await who(body.user, body.channel, a);
      const channelId = conv?.id ?? body.channel ?? '';
      const origin = new URL(c.req.url).origin;
      const {url, target} = newTarget(origin, {channelId, teamId: a.teamId, userId: user.id});
      const form: Record<string, string> = {
        token: verificationToken(a.signingSecret), team_id: a.teamId, team_domain: a.teamDomain, channel_id: channelId,
        channel_name: conv ? (conv.kind === 'im' ? 'directmessage' : conv.kind === 'mpim' ? 'privategroup' : (conv.name ?? '')) : '',
        user_id: user.id, user_name: user.name, command: body.command, text: body.text ?? '', api_app_id: a.appId,
        is_enterprise_install: 'false', response_url: url, trigger_id: events.triggers.issue(user.id, a.appId),
      };
      const reply = await deliver(a, form, 'slash_commands', form);
      if (reply && typeof reply === 'object' && ('text' in reply || 'blocks' in reply)) await respond(a, target, reply as Record<string, unknown>);
      return c.json({ok: true, reply: reply ?? null, response_url: url, ephemeral: target.ephemeral});
    } catch (error) {
      return c.json({error: (error as Error).message, ok: false}, status(error));
    }
  });

  app.post(`${CONTROL_PREFIX}/slack/actions`, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as {channel?: string; ts?: string; action_id?: string; value?: string; user?: string};
    const a = await currentApp(ctx.db, ctx.env.jwtSecret);
    if (!a) return c.json({error: 'no app provisioned yet'}, 409);
    try {
      const {conv, user} = await who(body.user, body.channel, a);
      const msg = conv && body.ts ? await loadMessage(ctx.db, conv.id, body.ts) : undefined;
      if (!conv || !msg) return c.json({error: 'message not found', ok: false}, 404);
      const element = findElement(msg.blocks, body.action_id);
      if (!element) return c.json({error: `no interactive element with action_id ${body.action_id} in that message`, ok: false}, 404);
      const [message] = await renderMessages(ctx.db, [msg]);
      const origin = new URL(c.req.url).origin;
      const {url, target} = newTarget(origin, {channelId: conv.id, messageTs: msg.ts, teamId: a.teamId, userId: user.id});
      const payload = {
        type: 'block_actions',
        user: {id: user.id, username: user.name, name: user.name, team_id: a.teamId},
        api_app_id: a.appId,
        token: verificationToken(a.signingSecret),
        container: {type: 'message', message_ts: msg.ts, channel_id: conv.id, is_ephemeral: false},
        trigger_id: events.triggers.issue(user.id, a.appId),
        team: {id: a.teamId, domain: a.teamDomain},
        enterprise: null,
        is_enterprise_install: false,
        channel: {id: conv.id, name: conv.name ?? 'directmessage'},
        message,
        state: {values: {}},
        response_url: url,
        actions: [{
          action_id: element.action_id, block_id: element.block_id, text: element.text, value: body.value ?? element.value,
          type: element.type, action_ts: `${(Date.now() / 1000).toFixed(6)}`,
        }],
      };
      const reply = await deliver(a, {payload: JSON.stringify(payload)}, 'interactive', payload);
      return c.json({ok: true, reply: reply ?? null, response_url: url, ephemeral: target.ephemeral});
    } catch (error) {
      return c.json({error: (error as Error).message, ok: false}, status(error));
    }
  });

  app.post(`${CONTROL_PREFIX}/slack/views/submit`, async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as {view_id?: string; values?: Record<string, unknown>; user?: string};
    const a = await currentApp(ctx.db, ctx.env.jwtSecret);
    if (!a) return c.json({error: 'no app provisioned yet'}, 409);
    const v = body.view_id ? await loadView(ctx.db, body.view_id) : undefined;
    if (!v || v.type !== 'modal' || v.closed) return c.json({error: 'no open modal with that view_id', ok: false}, 404);
    try {
      const {user} = await who(body.user ?? v.user_id, undefined, a);
      const state = {values: body.values ?? {}};
      await ctx.db.query('UPDATE views SET state = $2 WHERE id = $1', [v.id, JSON.stringify(state)]);
      const payload = {
        type: 'view_submission',
        team: {id: a.teamId, domain: a.teamDomain},
        user: {id: user.id, username: user.name, name: user.name, team_id: a.teamId},
        api_app_id: a.appId,
        token: verificationToken(a.signingSecret),
        trigger_id: events.triggers.issue(user.id, a.appId),
        view: {...renderView(v), state},
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      };
      const reply = ((await deliver(a, {payload: JSON.stringify(payload)}, 'interactive', payload)) ?? {}) as {response_action?: string; errors?: unknown; view?: Record<string, unknown>};
      switch (reply.response_action) {
        case 'errors':
          return c.json({ok: true, reply, errors: reply.errors, closed: false});
        case 'update':
          await ctx.db.query('UPDATE views SET view = $2 WHERE id = $1', [v.id, JSON.stringify(reply.view ?? {})]);
          return c.json({ok: true, reply, closed: false});
        case 'push': {
          const id = slackId('V');
          await ctx.db.query(
            `INSERT INTO views (id, team_id, app_id, bot_id, user_id, type, root_view_id, previous_view_id, view, hash) VALUES ($1, $2, $3, $4, $5, 'modal', $6, $7, $8, $9)`,
            [id, a.teamId, a.appId, a.botId, user.id, v.root_view_id, v.id, JSON.stringify(reply.view ?? {}), `${Math.floor(Date.now() / 1000)}.pushed`],
          );
          return c.json({ok: true, reply, closed: false, pushed: id});
        }
        case 'clear':
          await ctx.db.query('UPDATE views SET closed = true WHERE root_view_id = $1', [v.root_view_id]);
          return c.json({ok: true, reply, closed: true});
        default:
          await ctx.db.query('UPDATE views SET closed = true WHERE id = $1', [v.id]);
          return c.json({ok: true, reply, closed: true});
      }
    } catch (error) {
      return c.json({error: (error as Error).message, ok: false}, status(error));
    }
  });

  app.get(`${CONTROL_PREFIX}/slack/responses/:id`, (c) => {
    const t = targets.get(c.req.param('id'));
    return t ? c.json({ephemeral: t.ephemeral}) : c.json({error: 'unknown response_url'}, 404);
  });

  // The response_url handed to the app (served outside the control prefix: apps call it without the control token).
  app.post('/commands/:team/:id/:sig', async (c) => {
    const id = c.req.param('id');
    const t = targets.get(id);
    if (!t || c.req.param('sig') !== sign(id) || t.expires < Date.now()) return c.text('invalid_token', 404);
    const a = await currentApp(ctx.db, ctx.env.jwtSecret);
    if (!a) return c.text('no_app', 404);
    const raw = await c.req.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw);
    } catch {
      body = Object.fromEntries(new URLSearchParams(raw));
      if (typeof body.payload === 'string') body = JSON.parse(body.payload);
    }
    await respond(a, t, body);
    return c.text('ok');
  });
}

interface Element {
  action_id: string;
  block_id: string;
  type: string;
  text?: unknown;
  value?: string;
}

/** The interactive element of a message's blocks with this action_id (buttons in actions/section blocks). */
function findElement(blocks: unknown, actionId: string | undefined): Element | undefined {
  if (!Array.isArray(blocks) || !actionId) return undefined;
  for (const b of blocks as Array<Record<string, any>>) {
    const candidates = [...(Array.isArray(b.elements) ? b.elements : []), ...(b.accessory ? [b.accessory] : [])];
    for (const e of candidates) if (e?.action_id === actionId) return {...e, block_id: b.block_id ?? ''};
  }
  return undefined;
}
