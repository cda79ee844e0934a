import {fail} from '../errors.js';
import {slackId} from '../ids.js';
import {botProfile} from '../messages.js';
import {assertCanPost, resolveThread} from '../post.js';
import type {Call, MethodDef} from '../types.js';
import {chatTarget, messageInput} from './chat.js';
import {limitArg, nowSec, readCursor, slackCursor} from './common.js';

const MAX_AHEAD = 120 * 24 * 3600;

async function bot(call: Call) {
  if (!call.caller.botId) return undefined;
  const {rows} = await call.ctx.db.query('SELECT * FROM bots WHERE id = $1', [call.caller.botId]);
  return rows[0] ? botProfile(rows[0]) : undefined;
}

export const scheduledMethods: Record<string, MethodDef> = {
  'chat.scheduleMessage': {
    scopes: ['chat:write'],
    tier: 3,
    async handler(call) {
      const conv = await chatTarget(call);
      assertCanPost(call, conv);
      const raw = call.args.str('post_at');
      const postAt = raw && /^\d+(\.\d+)?$/.test(raw) ? Math.floor(Number(raw)) : fail('invalid_time');
      const now = nowSec();
      if (postAt < now) fail('time_in_past');
      if (postAt > now + MAX_AHEAD) fail('time_too_far');
      const input = messageInput(call, {requireContent: true});
      const threadTs = await resolveThread(call.ctx.db, conv.id, call.args.str('thread_ts'));
      const id = slackId('Q');
      const args = {
        attachments: input.attachments, blocks: input.blocks, icons: input.icons, metadata: input.metadata,
        reply_broadcast: call.args.bool('reply_broadcast'), thread_ts: threadTs, username: input.username,
      };
      await call.ctx.db.query(
        `INSERT INTO scheduled_messages (id, team_id, channel_id, post_at, text, args, user_id, bot_id, app_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, call.caller.teamId, conv.id, postAt, input.text, JSON.stringify(args), call.caller.userId, call.caller.botId ?? null, call.caller.appId ?? null],
      );
      call.events.wakeScheduler?.(Number(postAt));
      const message: Record<string, unknown> = {};
      if (call.caller.botId) message.bot_id = call.caller.botId;
      message.type = 'message';
      message.text = input.text;
      message.user = call.caller.userId;
      if (input.blocks) message.blocks = input.blocks;
      if (call.caller.kind === 'bot') {
        message.app_id = call.caller.appId;
        const profile = await bot(call);
        if (profile) message.bot_profile = profile;
      }
      message.team = call.caller.teamId;
      return {channel: conv.id, scheduled_message_id: id, post_at: postAt, message};
    },
  },

  'chat.scheduledMessages.list': {
    tier: 3,
    async handler(call) {
      const channel = call.args.str('channel');
      const after = readCursor(call, 'sched') ?? '';
      const limit = limitArg(call, 100, 1000);
      const latest = call.args.has('latest') ? Number(call.args.str('latest')) : Number.MAX_SAFE_INTEGER;
      const oldest = call.args.has('oldest') ? Number(call.args.str('oldest')) : 0;
      if (channel) {
        const {rows} = await call.ctx.db.query('SELECT 1 FROM conversations WHERE id = $1 AND team_id = $2', [channel, call.caller.teamId]);
        if (!rows.length) fail('invalid_channel');
      }
      const {rows} = await call.ctx.db.query(
        `SELECT * FROM scheduled_messages WHERE team_id = $1 AND posted_ts IS NULL AND ($2::text IS NULL OR channel_id = $2)
            AND coalesce(app_id, '') = coalesce($3, '') AND user_id = $4 AND post_at <= $5 AND post_at >= $6 AND id > $7
          ORDER BY id LIMIT $8`,
        [call.caller.teamId, channel ?? null, call.caller.appId ?? null, call.caller.userId, latest, oldest, after, limit + 1],
      );
      const page = rows.slice(0, limit);
      return {
        scheduled_messages: page.map((r) => ({id: r.id, channel_id: r.channel_id, post_at: Number(r.post_at), date_created: Number(r.date_created), text: r.text})),
        response_metadata: {next_cursor: rows.length > limit ? slackCursor('sched', page[page.length - 1]!.id) : ''},
      };
    },
  },

  'chat.deleteScheduledMessage': {
    scopes: ['chat:write'],
    tier: 3,
    async handler(call) {
      const channel = call.args.need('channel', 'channel_not_found');
      const id = call.args.need('scheduled_message_id', 'invalid_scheduled_message_id');
      const {rowCount} = await call.ctx.db.query(
        `DELETE FROM scheduled_messages WHERE id = $1 AND channel_id = $2 AND team_id = $3 AND user_id = $4 AND posted_ts IS NULL`,
        [id, channel, call.caller.teamId, call.caller.userId],
      );
      if (!rowCount) fail('invalid_scheduled_message_id');
      return {};
    },
  },
};
