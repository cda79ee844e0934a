import {fail} from '../errors.js';
import {normTs} from '../ids.js';
import {loadMessage, renderMessages, type MsgRow} from '../messages.js';
import type {ConvRow} from '../render.js';
import type {Call, MethodDef} from '../types.js';
import {getConv, limitArg, readCursor, slackCursor} from './common.js';
import {permalink} from './chat-edit.js';

const EMOJI_NAME = /^[a-z0-9_+'\-]+(::skin-tone-[2-6])?$/;

async function item(call: Call, tsArg = 'timestamp'): Promise<{conv: ConvRow; msg: MsgRow}> {
  if (!call.args.has('channel') && !call.args.has('file') && !call.args.has('file_comment')) fail('no_item_specified');
  if (call.args.has('file') && !call.args.has('channel')) fail('file_not_found');
  const conv = await getConv(call, call.args.str('channel'));
  const raw = call.args.str(tsArg);
  if (!raw) return fail('no_item_specified');
  const ts = normTs(raw) ?? fail('bad_timestamp');
  const msg = await loadMessage(call.ctx.db, conv.id, ts);
  if (!msg || msg.subtype === 'tombstone') return fail('message_not_found');
  return {conv, msg};
}

function emojiName(call: Call): string {
  const name = (call.args.str('name') ?? '').replace(/^:|:$/g, '');
  if (!name || !EMOJI_NAME.test(name)) fail('invalid_name');
  return name;
}

async function withPermalink(call: Call, conv: ConvRow, msgs: MsgRow[]) {
  const out = await renderMessages(call.ctx.db, msgs, {clientMsgId: false, origin: call.origin});
  for (let i = 0; i < out.length; i++) out[i]!.permalink = await permalink(call, conv.id, msgs[i]!);
  return out;
}

export const reactionMethods: Record<string, MethodDef> = {
  'reactions.add': {
    scopes: ['reactions:write'],
    tier: 3,
    async handler(call) {
      const {conv, msg} = await item(call);
      const name = emojiName(call);
      if (conv.is_archived) fail('is_archived');
      const {rows: count} = await call.ctx.db.query('SELECT count(DISTINCT name)::int AS n FROM reactions WHERE channel_id = $1 AND ts = $2', [conv.id, msg.ts]);
      if (count[0].n >= 50) fail('too_many_emoji');
      const {rowCount} = await call.ctx.db.query('INSERT INTO reactions (channel_id, ts, name, user_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [conv.id, msg.ts, name, call.caller.userId]);
      if (!rowCount) fail('already_reacted');
      call.events.emit(call.caller.teamId, conv.id, {
        type: 'reaction_added', user: call.caller.userId, reaction: name, item: {type: 'message', channel: conv.id, ts: msg.ts},
        ...(msg.user_id ? {item_user: msg.user_id} : {}), event_ts: `${(Date.now() / 1000).toFixed(6)}`,
      });
      return {};
    },
  },

  'reactions.remove': {
    scopes: ['reactions:write'],
    tier: 2,
    async handler(call) {
      const {conv, msg} = await item(call);
      const name = emojiName(call);
      const {rowCount} = await call.ctx.db.query('DELETE FROM reactions WHERE channel_id = $1 AND ts = $2 AND name = $3 AND user_id = $4', [conv.id, msg.ts, name, call.caller.userId]);
      if (!rowCount) fail('no_reaction');
      call.events.emit(call.caller.teamId, conv.id, {
        type: 'reaction_removed', user: call.caller.userId, reaction: name, item: {type: 'message', channel: conv.id, ts: msg.ts},
        ...(msg.user_id ? {item_user: msg.user_id} : {}), event_ts: `${(Date.now() / 1000).toFixed(6)}`,
      });
      return {};
    },
  },

  'reactions.get': {
    scopes: ['reactions:read'],
    tier: 3,
    async handler(call) {
      const {conv, msg} = await item(call);
      const [message] = await withPermalink(call, conv, [msg]);
      return {type: 'message', channel: conv.id, message};
    },
  },

  'reactions.list': {
    scopes: ['reactions:read'],
    tier: 2,
    async handler(call) {
      const user = call.args.str('user') ?? call.caller.userId;
      const limit = limitArg(call, call.args.int('count', 100), 1000);
      const after = readCursor(call, 'seq');
      const {rows} = await call.ctx.db.query(
        `SELECT r.channel_id, r.ts, max(r.seq) AS seq FROM reactions r JOIN conversations c ON c.id = r.channel_id
          WHERE r.user_id = $1 AND c.team_id = $2
            AND (c.kind = 'channel' OR EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $3))
          GROUP BY r.channel_id, r.ts HAVING ($4::bigint IS NULL OR max(r.seq) < $4) ORDER BY seq DESC LIMIT $5`,
        [user, call.caller.teamId, call.caller.userId, after ? Number(after) : null, limit + 1],
      );
      const page = rows.slice(0, limit);
      const items = [];
      for (const r of page) {
        const conv = await getConv(call, r.channel_id);
        const msg = (await loadMessage(call.ctx.db, r.channel_id, r.ts))!;
        const [message] = await withPermalink(call, conv, [msg]);
        items.push({type: 'message', channel: conv.id, message});
      }
      return {items, response_metadata: {next_cursor: rows.length > limit ? slackCursor('seq', String(page[page.length - 1]!.seq)) : ''}};
    },
  },
};

export const pinMethods: Record<string, MethodDef> = {
  'pins.add': {
    scopes: ['pins:write'],
    tier: 2,
    async handler(call) {
      const {conv, msg} = await item(call);
      if (!conv.is_member) fail('not_in_channel');
      if (conv.is_archived) fail('is_archived');
      const {rowCount} = await call.ctx.db.query('INSERT INTO pins (channel_id, ts, created_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [conv.id, msg.ts, call.caller.userId]);
      if (!rowCount) fail('already_pinned');
      const [message] = await renderMessages(call.ctx.db, [msg], {origin: call.origin});
      call.events.emit(call.caller.teamId, conv.id, {type: 'pin_added', user: call.caller.userId, channel_id: conv.id, item: {type: 'message', channel: conv.id, message, created: Math.floor(Date.now() / 1000), created_by: call.caller.userId}, event_ts: `${(Date.now() / 1000).toFixed(6)}`});
      return {};
    },
  },

  'pins.remove': {
    scopes: ['pins:write'],
    tier: 2,
    async handler(call) {
      const {conv, msg} = await item(call);
      const {rowCount} = await call.ctx.db.query('DELETE FROM pins WHERE channel_id = $1 AND ts = $2', [conv.id, msg.ts]);
      if (!rowCount) fail('no_pin');
      return {};
    },
  },

  'pins.list': {
    scopes: ['pins:read'],
    tier: 2,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'));
      const {rows} = await call.ctx.db.query(
        `SELECT p.created, p.created_by, m.* FROM pins p JOIN messages m ON m.channel_id = p.channel_id AND m.ts = p.ts WHERE p.channel_id = $1 ORDER BY p.created DESC, p.ts DESC`,
        [conv.id],
      );
      const messages = await withPermalink(call, conv, rows);
      return {items: rows.map((r, i) => ({type: 'message', created: Number(r.created), created_by: r.created_by, channel: conv.id, message: messages[i]}))};
    },
  },
};
