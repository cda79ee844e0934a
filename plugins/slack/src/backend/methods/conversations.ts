import {fail} from '../errors.js';
import {slackId, normTs} from '../ids.js';
import {renderMessages, type MsgRow} from '../messages.js';
import {convSelect, loadConv, renderChannel} from '../render.js';
import type {Call, MethodDef} from '../types.js';
import {getConv, limitArg, nowSec, readCursor, slackCursor} from './common.js';

const TYPES: Record<string, 'channel' | 'private' | 'im' | 'mpim'> = {im: 'im', mpim: 'mpim', private_channel: 'private', public_channel: 'channel'};
const READ_SCOPE: Record<string, string> = {channel: 'channels:read', im: 'im:read', mpim: 'mpim:read', private: 'groups:read'};

/** Slack's channel-name rules: lowercase letters, digits, hyphens, underscores; at most 80 characters. */
export function validateName(raw: string | undefined): string {
  const name = (raw ?? '').trim();
  if (!name) return fail('invalid_name_required');
  if (name.length > 80) return fail('invalid_name_maxlength');
  if (/^[-_.]+$/.test(name)) return fail('invalid_name_punctuation');
  if (!/^[\p{Ll}\p{Lo}\p{N}_-]+$/u.test(name)) return fail('invalid_name_specials');
  return name;
}

/** Messages of a conversation between oldest and latest (Slack's history window), newest first. */
async function historyPage(call: Call, channel: string, where: string, params: unknown[], newestFirst: boolean) {
  const nonMarketplace = (await call.events.settings.get()).appDistribution === 'non_marketplace';
  const limit = limitArg(call, nonMarketplace ? 15 : newestFirst ? 100 : 1000, nonMarketplace ? 15 : 999);
  const latest = normTs(call.args.str('latest')) ?? '9999999999.999999';
  const oldest = normTs(call.args.str('oldest')) ?? '0000000000.000000';
  if (call.args.has('latest') && !normTs(call.args.str('latest'))) fail('invalid_ts_latest');
  if (call.args.has('oldest') && !normTs(call.args.str('oldest'))) fail('invalid_ts_oldest');
  const inclusive = call.args.bool('inclusive');
  const cursor = readCursor(call, 'next_ts');
  const cursorTs = cursor ? normTs(`${cursor.slice(0, 10)}.${cursor.slice(10)}`) : undefined;
  if (cursor && !cursorTs) fail('invalid_cursor');
  const cmpHi = inclusive ? '<=' : '<';
  const cmpLo = inclusive ? '>=' : '>';
  const all = [channel, latest, oldest, ...params];
  let extra = '';
  if (cursorTs) {
    all.push(cursorTs);
    extra = ` AND ts ${newestFirst ? '<=' : '>='} $${all.length}`;
  }
  all.push(limit + 1);
  const {rows} = await call.ctx.db.query(
    `SELECT * FROM messages WHERE channel_id = $1 AND ts ${cmpHi} $2 AND ts ${cmpLo} $3 AND (${where})${extra}
      ORDER BY ts ${newestFirst ? 'DESC' : 'ASC'} LIMIT $${all.length}`,
    all,
  );
  const page = rows.slice(0, limit) as MsgRow[];
  const next = rows.length > limit ? slackCursor('next_ts', (rows[limit] as MsgRow).ts.replace('.', '')) : '';
  return {has_more: rows.length > limit, next, page};
}

export const conversationMethods: Record<string, MethodDef> = {
  'conversations.list': {
    tier: 2,
    async handler(call) {
      const types = call.args.list('types');
      const kinds = (types.length ? types : ['public_channel']).map((t) => TYPES[t] ?? fail('invalid_types'));
      const missing = [...new Set(kinds)].map((k) => READ_SCOPE[k]!).filter((s) => !call.caller.scopes.includes(s));
      if (missing.length) fail('missing_scope', {needed: missing.join(','), provided: call.caller.scopes.join(',')});
      const after = readCursor(call, 'team') ?? '';
      const limit = limitArg(call, 100, 1000);
      const {rows} = await call.ctx.db.query(
        `${convSelect('$1')} WHERE c.team_id = $2 AND c.kind = ANY($3) AND c.id > $4
           AND (c.kind = 'channel' OR EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $1))
           ${call.args.bool('exclude_archived') ? 'AND NOT c.is_archived' : ''}
         ORDER BY c.id LIMIT $5`,
        [call.caller.userId, call.caller.teamId, kinds, after, limit + 1],
      );
      const page = rows.slice(0, limit);
      return {
        channels: page.map((c) => renderChannel(c, {numMembers: true, org: true})),
        response_metadata: {next_cursor: rows.length > limit ? slackCursor('team', page[page.length - 1]!.id) : ''},
      };
    },
  },

  'conversations.info': {
    tier: 3,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'), {scope: 'read'});
      const out = renderChannel(conv, {lastRead: conv.is_member, numMembers: call.args.bool('include_num_members'), org: true});
      if (call.args.bool('include_locale')) out.locale = 'en-US';
      return {channel: out};
    },
  },

  'conversations.history': {
    tier: 3,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'), {scope: 'history'});
      if (!conv.is_member && call.caller.kind === 'bot') fail('not_in_channel');
      const {page, has_more, next} = await historyPage(call, conv.id, `thread_ts IS NULL OR thread_ts = ts OR subtype = 'thread_broadcast'`, [], true);
      const {rows: pins} = await call.ctx.db.query('SELECT count(*)::int AS n FROM pins WHERE channel_id = $1', [conv.id]);
      const out: Record<string, unknown> = {
        messages: (await renderMessages(call.ctx.db, page, {origin: call.origin})).map((m) => {
          if (!call.args.bool('include_all_metadata')) delete m.metadata;
          return m;
        }),
        has_more,
        pin_count: pins[0].n,
        channel_actions_ts: null,
        channel_actions_count: 0,
      };
      if (call.args.has('latest')) out.latest = call.args.str('latest');
      if (call.args.has('oldest')) out.oldest = call.args.str('oldest');
      if (has_more) out.response_metadata = {next_cursor: next};
      return out;
    },
  },

  'conversations.replies': {
    tier: 3,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'), {scope: 'history'});
      if (!conv.is_member && call.caller.kind === 'bot') fail('not_in_channel');
      const ts = normTs(call.args.str('ts')) ?? fail('thread_not_found');
      const {rows} = await call.ctx.db.query('SELECT thread_ts FROM messages WHERE channel_id = $1 AND ts = $2', [conv.id, ts]);
      if (!rows[0]) fail('thread_not_found');
      const root = rows[0].thread_ts ?? ts;
      const {page, has_more, next} = await historyPage(call, conv.id, `ts = $4 OR thread_ts = $4`, [root], false);
      const out: Record<string, unknown> = {messages: await renderMessages(call.ctx.db, page, {clientMsgId: false, origin: call.origin}), has_more};
      if (has_more) out.response_metadata = {next_cursor: next};
      return out;
    },
  },

  'conversations.create': {
    tier: 2,
    async handler(call) {
      const isPrivate = call.args.bool('is_private');
      if (isPrivate) call.need('groups:write');
      else call.need(...(call.caller.kind === 'bot' ? ['channels:manage', 'channels:write'] : ['channels:write', 'channels:manage']));
      const name = validateName(call.args.str('name'));
      const {rows: taken} = await call.ctx.db.query(
        `SELECT 1 FROM conversations WHERE team_id = $1 AND name = $2 AND kind IN ('channel', 'private')`,
        [call.caller.teamId, name],
      );
      if (taken.length) fail('name_taken');
      const id = slackId('C');
      const now = nowSec();
      await call.ctx.db.query(
        `INSERT INTO conversations (id, team_id, name, kind, creator, created, updated) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [id, call.caller.teamId, name, isPrivate ? 'private' : 'channel', call.caller.userId, now, Date.now()],
      );
      await call.ctx.db.query(`INSERT INTO members (conversation_id, user_id, joined) VALUES ($1, $2, $3)`, [id, call.caller.userId, now]);
      const conv = (await loadConv(call.ctx.db, id, call.caller.userId))!;
      const channel = renderChannel(conv, {lastRead: true});
      if (!isPrivate) {
        const {is_member: _m, last_read: _l, ...created} = channel;
        call.events.emit(call.caller.teamId, null, {type: 'channel_created', channel: created});
      }
      call.events.emit(call.caller.teamId, id, {type: 'member_joined_channel', user: call.caller.userId, channel: id, channel_type: isPrivate ? 'G' : 'C', team: call.caller.teamId});
      return {channel: {...channel, is_open: true, priority: 0}};
    },
  },
};
