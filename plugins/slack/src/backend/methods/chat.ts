import {randomString} from '@asym/template-kit';

import {fail} from '../errors.js';
import {loadConv, type ConvRow} from '../render.js';
import {assertCanPost, insertMessage, openIm, resolveThread, type PostInput} from '../post.js';
import {richTextFromText} from '../rich-text.js';
import type {Call, MethodDef} from '../types.js';
import {getConv} from './common.js';

const MAX_TEXT = 40_000;

/** `channel` may be an id, a `#name`, or a user id (the app's DM with that user). */
export async function chatTarget(call: Call): Promise<ConvRow> {
  const raw = call.args.str('channel');
  if (!raw) return fail('channel_not_found');
  if (/^[UW][A-Z0-9]{2,}$/.test(raw)) {
    const {rows} = await call.ctx.db.query('SELECT id FROM users WHERE id = $1 AND team_id = $2', [raw, call.caller.teamId]);
    if (!rows[0]) return fail('channel_not_found');
    const id = await openIm(call.ctx.db, call.caller.teamId, call.caller.userId, raw);
    return (await loadConv(call.ctx.db, id, call.caller.userId))!;
  }
  let id = raw;
  if (!/^[CDG][A-Z0-9]{2,}$/.test(raw)) {
    const {rows} = await call.ctx.db.query(`SELECT id FROM conversations WHERE team_id = $1 AND name = $2 AND kind IN ('channel', 'private')`, [call.caller.teamId, raw.replace(/^#/, '')]);
    if (!rows[0]) return fail('channel_not_found');
    id = rows[0].id;
  }
  return getConv(call, id);
}

/** The message body arguments shared by postMessage, postEphemeral, scheduleMessage and update. */
export function messageInput(call: Call, opts: {requireContent: boolean}): PostInput {
  const text = call.args.str('text') ?? '';
  const blocks = call.args.json('blocks');
  const attachments = call.args.json('attachments');
  if (blocks !== undefined && !Array.isArray(blocks)) fail('invalid_blocks');
  if (attachments !== undefined && !Array.isArray(attachments)) fail('invalid_attachments');
  if (Array.isArray(blocks) && blocks.length > 50) fail('invalid_blocks');
  if (Array.isArray(attachments) && attachments.length > 100) fail('too_many_attachments');
  if (opts.requireContent && !text && !(Array.isArray(blocks) && blocks.length) && !(Array.isArray(attachments) && attachments.length)) fail('no_text');
  if (text.length > MAX_TEXT) fail('msg_too_long');
  // Slack gives every block without one a block_id, and builds a rich_text block from plain text.
  const withIds = Array.isArray(blocks)
    ? (blocks as Record<string, unknown>[]).map((b) => (b && typeof b === 'object' && !b.block_id ? {...b, block_id: randomString(5)} : b))
    : blocks === undefined && text && !(Array.isArray(attachments) && attachments.length)
      ? [richTextFromText(text)]
      : blocks;
  const input: PostInput = {text, blocks: withIds, attachments: attachments === undefined ? undefined : (attachments as object[]).map((a, i) => ({id: i + 1, ...a}))};
  const metadata = call.args.json('metadata');
  if (metadata !== undefined) {
    const m = metadata as {event_type?: unknown; event_payload?: unknown};
    if (typeof m !== 'object' || !m || typeof m.event_type !== 'string') fail('invalid_metadata_format');
    input.metadata = metadata;
  }
  if (call.caller.kind === 'bot') {
    const username = call.args.str('username');
    const emoji = call.args.str('icon_emoji');
    const url = call.args.str('icon_url');
    if ((username || emoji || url) && call.caller.scopes.includes('chat:write.customize')) {
      if (username) input.username = username;
      if (emoji) input.icons = {emoji: emoji.startsWith(':') ? emoji : `:${emoji}:`};
      else if (url) input.icons = {image_48: url, image_72: url};
    }
  }
  return input;
}

export const chatMethods: Record<string, MethodDef> = {
  'chat.postMessage': {
    scopes: ['chat:write'],
    tier: 'special',
    async handler(call) {
      const conv = await chatTarget(call);
      assertCanPost(call, conv);
      const input = messageInput(call, {requireContent: true});
      input.threadTs = await resolveThread(call.ctx.db, conv.id, call.args.str('thread_ts'));
      input.replyBroadcast = Boolean(input.threadTs) && call.args.bool('reply_broadcast');
      const {row, message} = await insertMessage(call.ctx.db, call.events, call.caller, conv, input, call.origin);
      return {channel: conv.id, ts: row.ts, message};
    },
  },

  'chat.meMessage': {
    scopes: ['chat:write'],
    tier: 'special',
    async handler(call) {
      const conv = await chatTarget(call);
      assertCanPost(call, conv);
      const text = call.args.str('text') ?? '';
      if (!text) fail('no_text');
      if (text.length > MAX_TEXT) fail('msg_too_long');
      const {row} = await insertMessage(call.ctx.db, call.events, call.caller, conv, {subtype: 'me_message', text}, call.origin);
      return {channel: conv.id, ts: row.ts};
    },
  },
};
