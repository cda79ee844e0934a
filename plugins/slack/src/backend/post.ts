import {fail} from './errors.js';
import type {Events} from './events.js';
import {nextTs, normTs, slackId} from './ids.js';
import {loadMessage, renderMessages, type MsgRow} from './messages.js';
import type {ConvRow} from './render.js';
import type {Call, Caller} from './types.js';
import type pg from 'pg';

export const channelType = (kind: ConvRow['kind']) => ({channel: 'channel', im: 'im', mpim: 'mpim', private: 'group'})[kind];

export interface PostInput {
  text: string;
  blocks?: unknown;
  attachments?: unknown;
  metadata?: unknown;
  threadTs?: string;
  replyBroadcast?: boolean;
  username?: string;
  icons?: Record<string, string>;
  files?: string[];
  subtype?: string;
  extra?: Record<string, unknown>;
}

/** Find the IM between two users, opening one when there is none. */
export async function openIm(db: pg.Pool, teamId: string, a: string, b: string): Promise<string> {
  const {rows} = await db.query(
    `SELECT c.id FROM conversations c WHERE c.kind = 'im' AND c.team_id = $1
        AND EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $2)
        AND EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $3)
        AND (SELECT count(*) FROM members m WHERE m.conversation_id = c.id) = $4 LIMIT 1`,
    [teamId, a, b, a === b ? 1 : 2],
  );
  if (rows[0]) return rows[0].id;
  const id = slackId('D');
  await db.query(`INSERT INTO conversations (id, team_id, kind, creator, im_user) VALUES ($1, $2, 'im', $3, $4)`, [id, teamId, a, b]);
  await db.query(`INSERT INTO members (conversation_id, user_id) SELECT $1, u FROM unnest($2::text[]) u ON CONFLICT DO NOTHING`, [id, [...new Set([a, b])]]);
  return id;
}

/** Resolve the thread a reply belongs to: a reply to a reply lands in the parent's thread. */
export async function resolveThread(db: pg.Pool, channel: string, raw: string | undefined): Promise<string | undefined> {
  if (raw === undefined || raw === '') return undefined;
  const ts = normTs(raw);
  if (!ts) return fail('invalid_thread_ts');
  const parent = await loadMessage(db, channel, ts);
  if (!parent) return fail('thread_not_found');
  return parent.thread_ts ?? parent.ts;
}

/** Insert a message as `caller` and announce it on the Events API. */
export async function insertMessage(db: pg.Pool, events: Events, caller: Caller, conv: ConvRow, input: PostInput, origin = ''): Promise<{row: MsgRow; message: Record<string, unknown>}> {
  let row: MsgRow | undefined;
  for (let attempt = 0; !row; attempt++) {
    const ts = nextTs();
    // One round trip: the message, and the conversation's `updated` when it went in.
    const {rows} = await db.query(
      `WITH ins AS (
         INSERT INTO messages (channel_id, ts, team_id, user_id, bot_id, app_id, subtype, text, thread_ts, blocks, attachments, metadata, username, icons, files, extra)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (channel_id, ts) DO NOTHING RETURNING *),
       touched AS (UPDATE conversations SET updated = $17 WHERE id = $1 AND EXISTS (SELECT 1 FROM ins))
       SELECT * FROM ins`,
      [
        conv.id, ts, caller.teamId, caller.userId, caller.kind === 'bot' ? caller.botId : null, caller.kind === 'bot' ? caller.appId : null,
        input.subtype ?? (input.replyBroadcast && input.threadTs ? 'thread_broadcast' : null), input.text, input.threadTs ?? null,
        input.blocks === undefined ? null : JSON.stringify(input.blocks), input.attachments === undefined ? null : JSON.stringify(input.attachments),
        input.metadata === undefined ? null : JSON.stringify(input.metadata), input.username ?? null, input.icons ? JSON.stringify(input.icons) : null,
        input.files ?? [], input.extra ? JSON.stringify(input.extra) : null, Date.now(),
      ],
    );
    row = rows[0];
    if (attempt > 5) throw new Error('could not allocate a message ts');
  }
  if (input.threadTs) {
    await db.query(`UPDATE messages SET thread_ts = ts WHERE channel_id = $1 AND ts = $2 AND thread_ts IS NULL`, [conv.id, input.threadTs]);
  }
  const [message] = await renderMessages(db, [row], {origin, reactions: false, threads: false});
  const event: Record<string, unknown> = {...message!, channel: conv.id, event_ts: row.ts, channel_type: channelType(conv.kind)};
  events.emit(caller.teamId, conv.id, event);
  const mentioned = /<@([UW][A-Z0-9]+)(\|[^>]*)?>/g;
  const ids = new Set([...input.text.matchAll(mentioned)].map((m) => m[1]!));
  if (ids.size) {
    const {type: _t, channel_type: _c, ...rest} = event;
    events.emit(caller.teamId, conv.id, {type: 'app_mention', ...rest, __mentions: [...ids]});
  }
  return {message: message!, row};
}

/** Where chat.* methods may write: public channels need membership unless the token has chat:write.public. */
export function assertCanPost(call: Call, conv: ConvRow): void {
  if (conv.is_archived) fail('is_archived');
  if (!conv.is_member) {
    if (conv.kind === 'channel' && call.caller.kind === 'bot' && call.caller.scopes.includes('chat:write.public')) return;
    if (conv.kind === 'channel' && call.caller.kind === 'user') return fail('not_in_channel');
    fail('not_in_channel');
  }
}
