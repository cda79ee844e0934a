import {fail} from '../errors.js';
import {nextTs, normTs} from '../ids.js';
import {loadMessage, renderMessages, type MsgRow} from '../messages.js';
import {channelType} from '../post.js';
import type {ConvRow} from '../render.js';
import type {Call, MethodDef} from '../types.js';
import {chatTarget, messageInput} from './chat.js';
import {getConv} from './common.js';

/** A message as message_changed / message_deleted events carry it (no reaction or reply-user lists). */
const forEvent = (m: Record<string, unknown> | undefined) => {
  const {reactions: _r, reply_users: _u, ...rest} = m ?? {};
  return rest;
};

/** Only the author may edit or delete (admins with user tokens may delete anyone's messages). */
function isAuthor(call: Call, m: MsgRow): boolean {
  if (call.caller.kind === 'bot') return m.bot_id === call.caller.botId || m.user_id === call.caller.userId;
  return m.user_id === call.caller.userId && !m.bot_id;
}

async function isAdmin(call: Call): Promise<boolean> {
  const {rows} = await call.ctx.db.query('SELECT is_admin FROM users WHERE id = $1', [call.caller.userId]);
  return Boolean(rows[0]?.is_admin);
}

async function target(call: Call, tsArg: string): Promise<{conv: ConvRow; msg: MsgRow}> {
  const conv = await getConv(call, call.args.str('channel'));
  const ts = normTs(call.args.str(tsArg));
  const msg = ts ? await loadMessage(call.ctx.db, conv.id, ts) : undefined;
  if (!msg || msg.subtype === 'tombstone') return fail('message_not_found');
  return {conv, msg};
}

/** The site-style permalink of a message (thread replies carry their thread). */
export async function permalink(call: Call, channel: string, msg: Pick<MsgRow, 'ts' | 'thread_ts'>): Promise<string> {
  const {rows} = await call.ctx.db.query('SELECT domain FROM teams WHERE id = $1', [call.caller.teamId]);
  const base = `https://${rows[0]?.domain ?? 'workspace'}.slack.com/archives/${channel}/p${msg.ts.replace('.', '')}`;
  return msg.thread_ts && msg.thread_ts !== msg.ts ? `${base}?thread_ts=${msg.thread_ts}&cid=${channel}` : base;
}

export const chatEditMethods: Record<string, MethodDef> = {
  'chat.update': {
    scopes: ['chat:write'],
    tier: 3,
    async handler(call) {
      const {conv, msg} = await target(call, 'ts');
      if (!isAuthor(call, msg)) fail('cant_update_message');
      const window = (await call.events.settings.get()).editWindowMinutes;
      if (window !== null && call.caller.kind === 'user' && Date.now() / 1000 - Number(msg.ts) > window * 60) fail('edit_window_closed');
      if (conv.is_archived) fail('is_archived');
      const input = messageInput(call, {requireContent: false});
      const hasText = call.args.has('text');
      if (!hasText && input.blocks === undefined && input.attachments === undefined) fail('no_text');
      const [before] = await renderMessages(call.ctx.db, [msg], {origin: call.origin});
      const editTs = nextTs();
      const {rows} = await call.ctx.db.query(
        `UPDATE messages SET text = $3, blocks = $4, attachments = $5, edited_user = $6, edited_ts = $7
          WHERE channel_id = $1 AND ts = $2 RETURNING *`,
        [
          conv.id, msg.ts, hasText ? input.text : msg.text,
          input.blocks !== undefined ? JSON.stringify(input.blocks) : hasText ? null : JSON.stringify(msg.blocks),
          input.attachments !== undefined ? JSON.stringify(input.attachments) : msg.attachments === null ? null : JSON.stringify(msg.attachments),
          call.caller.kind === 'bot' ? call.caller.botId : call.caller.userId, editTs,
        ],
      );
      const [after] = await renderMessages(call.ctx.db, rows, {origin: call.origin});
      call.events.emit(call.caller.teamId, conv.id, {
        type: 'message', subtype: 'message_changed', message: forEvent(after), previous_message: forEvent(before), channel: conv.id, hidden: true,
        ts: editTs, event_ts: editTs, channel_type: channelType(conv.kind),
      });
      const {ts: _ts, reactions: _r, reply_count: _rc, reply_users: _ru, reply_users_count: _ruc, latest_reply: _lr, is_locked: _il, subscribed: _s, thread_ts: _tt, parent_user_id: _p, client_msg_id: _c, subtype: _st, ...message} = after!;
      return {channel: conv.id, ts: msg.ts, text: rows[0].text, message};
    },
  },

  'chat.delete': {
    scopes: ['chat:write'],
    tier: 3,
    async handler(call) {
      const {conv, msg} = await target(call, 'ts');
      if (!isAuthor(call, msg) && !(call.caller.kind === 'user' && (await isAdmin(call)))) fail('cant_delete_message');
      const [before] = await renderMessages(call.ctx.db, [msg], {origin: call.origin});
      const {rows: replies} = await call.ctx.db.query('SELECT 1 FROM messages WHERE channel_id = $1 AND thread_ts = $2 AND ts <> $2 LIMIT 1', [conv.id, msg.ts]);
      if (replies.length) {
        await call.ctx.db.query(
          `UPDATE messages SET subtype = 'tombstone', text = 'This message was deleted.', user_id = 'USLACKBOT', bot_id = NULL, app_id = NULL, blocks = NULL, attachments = NULL, files = '{}'
            WHERE channel_id = $1 AND ts = $2`,
          [conv.id, msg.ts],
        );
      } else {
        await call.ctx.db.query('DELETE FROM messages WHERE channel_id = $1 AND ts = $2', [conv.id, msg.ts]);
      }
      const evTs = nextTs();
      call.events.emit(call.caller.teamId, conv.id, {
        type: 'message', subtype: 'message_deleted', hidden: true, deleted_ts: msg.ts, previous_message: forEvent(before), channel: conv.id,
        ts: evTs, event_ts: evTs, channel_type: channelType(conv.kind),
      });
      return {channel: conv.id, ts: msg.ts};
    },
  },

  'chat.postEphemeral': {
    scopes: ['chat:write'],
    tier: 4,
    async handler(call) {
      const conv = await chatTarget(call);
      if (conv.is_archived) fail('is_archived');
      const user = call.args.need('user', 'user_not_in_channel');
      const {rows} = await call.ctx.db.query('SELECT 1 FROM members WHERE conversation_id = $1 AND user_id = $2', [conv.id, user]);
      if (!rows.length) fail('user_not_in_channel');
      if (!conv.is_member && !(conv.kind === 'channel' && call.caller.scopes.includes('chat:write.public'))) fail('not_in_channel');
      messageInput(call, {requireContent: true});
      return {message_ts: nextTs()};
    },
  },

  'chat.getPermalink': {
    tier: 'special',
    async handler(call) {
      const {conv, msg} = await target(call, 'message_ts');
      return {channel: conv.id, permalink: await permalink(call, conv.id, msg)};
    },
  },
};
