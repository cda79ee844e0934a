/**
 * The clone's credential: an internal integration token `ntn_…` for the workspace's bot. `new`
 * mints one, `reprovision` mints a new one and revokes the old, `restore` puts the same token back
 * after a reset (with its original creation time, so the reset database matches the spun one).
 * Only sha256 hashes are stored. A webhook subscription set with `asym request-url` rides along in
 * `extra` so it survives a reset too.
 */
import type {CloneTokens, ProvisionRequest} from '@asym/contract';
import {type BackendContext, hashToken, randomString} from '@asym/template-kit';

import type {Events} from './events.js';
import {newId} from './ids.js';

const encodeState = (s: {created: string}) => Buffer.from(JSON.stringify(s)).toString('base64url');
function decodeState(v: string | undefined): {created?: string} {
  try {
    return v ? (JSON.parse(Buffer.from(v, 'base64url').toString('utf8')) as {created?: string}) : {};
  } catch {
    return {};
  }
}

export const mintToken = () => `ntn_${randomString(46, '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ')}`;

/** The workspace's bot user (the integration); on an empty database, a workspace and bot are made. */
async function ensureBot(ctx: BackendContext, now: string): Promise<{botId: string; workspaceId: string}> {
  let ws = (await ctx.db.query('SELECT id FROM workspace ORDER BY created_time LIMIT 1')).rows[0]?.id as string | undefined;
  if (!ws) {
    ws = newId();
    await ctx.db.query('INSERT INTO workspace (id, name, created_time) VALUES ($1, $2, $3)', [ws, 'Workspace', now]);
  }
  let bot = (await ctx.db.query(`SELECT id FROM users WHERE type = 'bot' ORDER BY position, id LIMIT 1`)).rows[0]?.id as string | undefined;
  if (!bot) {
    bot = newId();
    await ctx.db.query(`INSERT INTO users (id, type, name, position) VALUES ($1, 'bot', 'asymmetric', 0)`, [bot]);
  }
  return {botId: bot, workspaceId: ws};
}

export async function provision(ctx: BackendContext, events: Events, request: ProvisionRequest): Promise<CloneTokens> {
  const previous = request.kind === 'new' ? undefined : request.previous;
  const created = (request.kind === 'restore' ? decodeState(previous?.extra?.state).created : undefined) ?? new Date().toISOString();
  const {botId, workspaceId} = await ensureBot(ctx, created);
  const store = (token: string) =>
    ctx.db.query('INSERT INTO api_tokens (hash, bot_id, created_time) VALUES ($1, $2, $3) ON CONFLICT (hash) DO UPDATE SET bot_id = EXCLUDED.bot_id', [hashToken(token), botId, created]);
  if (request.kind === 'restore' && previous?.apiKey) {
    await store(previous.apiKey);
    const x = previous.extra ?? {};
    if (x.webhookUrl && x.webhookToken) await events.subscribe(x.webhookUrl, x.webhookToken, false);
    return previous;
  }
  if (request.kind === 'reprovision' && previous?.apiKey) await ctx.db.query('DELETE FROM api_tokens WHERE hash = $1', [hashToken(previous.apiKey)]);
  const apiKey = mintToken();
  await store(apiKey);
  const keep: Record<string, string> = previous?.extra?.webhookUrl ? {webhookToken: previous.extra.webhookToken!, webhookUrl: previous.extra.webhookUrl} : {};
  return {apiKey, appId: botId, extra: {...keep, state: encodeState({created})}, workspaceId};
}
