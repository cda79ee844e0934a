import {fail} from '../errors.js';
import {slackId} from '../ids.js';
import {insertMessage, openIm} from '../post.js';
import {loadConv, renderChannel, type ConvRow} from '../render.js';
import type {Call, MethodDef} from '../types.js';
import {getConv, limitArg, nowSec, readCursor, slackCursor} from './common.js';
import {validateName} from './conversations.js';

const channelTypeLetter = (c: ConvRow) => (c.kind === 'channel' ? 'C' : 'G');
const notForIm = (c: ConvRow, also: ConvRow['kind'][] = []) => {
  if (c.kind === 'im' || also.includes(c.kind)) fail('method_not_supported_for_channel_type');
};

async function userExists(call: Call, id: string): Promise<{id: string; deleted: boolean; is_bot: boolean} | undefined> {
  const {rows} = await call.ctx.db.query('SELECT id, deleted, is_bot FROM users WHERE id = $1 AND team_id = $2', [id, call.caller.teamId]);
  return rows[0];
}

async function addMember(call: Call, conv: ConvRow, user: string, inviter?: string): Promise<void> {
  await call.ctx.db.query('INSERT INTO members (conversation_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [conv.id, user]);
  call.events.emit(call.caller.teamId, conv.id, {
    type: 'member_joined_channel', user, channel: conv.id, channel_type: channelTypeLetter(conv), team: call.caller.teamId, ...(inviter ? {inviter} : {}),
  });
  await insertMessage(call.ctx.db, call.events, {...call.caller, userId: user, kind: 'user'}, {...conv, is_member: true}, {
    subtype: 'channel_join', text: `<@${user}> has joined the channel`, ...(inviter ? {extra: {inviter}} : {}),
  });
}

async function removeMember(call: Call, conv: ConvRow, user: string): Promise<void> {
  await insertMessage(call.ctx.db, call.events, {...call.caller, userId: user, kind: 'user'}, conv, {subtype: 'channel_leave', text: `<@${user}> has left the channel`});
  await call.ctx.db.query('DELETE FROM members WHERE conversation_id = $1 AND user_id = $2', [conv.id, user]);
  call.events.emit(call.caller.teamId, conv.id, {type: 'member_left_channel', user, channel: conv.id, channel_type: channelTypeLetter(conv), team: call.caller.teamId});
}

async function channelOut(call: Call, id: string, slim = false) {
  return renderChannel((await loadConv(call.ctx.db, id, call.caller.userId))!, {lastRead: true, slim});
}

async function setText(call: Call, field: 'topic' | 'purpose') {
  const conv = await getConv(call, call.args.str('channel'), {member: true, notArchived: true, scope: 'manage'});
  notForIm(conv);
  const value = call.args.str(field) ?? '';
  if (value.length > 250) fail('too_long');
  await call.ctx.db.query(`UPDATE conversations SET ${field} = $2, ${field}_creator = $3, ${field}_last_set = $4 WHERE id = $1`, [conv.id, value, call.caller.userId, nowSec()]);
  await insertMessage(call.ctx.db, call.events, call.caller, conv, {
    subtype: `channel_${field}`,
    text: value ? `set the channel ${field}: ${value}` : `cleared the channel ${field}`,
    extra: {[field]: value},
  });
  return {channel: await channelOut(call, conv.id, true)};
}

export const membershipMethods: Record<string, MethodDef> = {
  'conversations.join': {
    scopes: ['channels:join', 'channels:write'],
    tier: 3,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'));
      if (conv.kind !== 'channel') fail('method_not_supported_for_channel_type');
      if (conv.is_archived) fail('is_archived');
      if (conv.is_member) {
        return {channel: await channelOut(call, conv.id), warning: 'already_in_channel', response_metadata: {warnings: ['already_in_channel']}};
      }
      await addMember(call, conv, call.caller.userId);
      return {channel: await channelOut(call, conv.id)};
    },
  },

  'conversations.leave': {
    tier: 3,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'), {scope: 'manage'});
      notForIm(conv);
      if (conv.is_archived) fail('is_archived');
      if (conv.is_general) fail('cant_leave_general');
      if (!conv.is_member) fail('not_in_channel');
      if (conv.kind !== 'channel' && (conv.num_members ?? 0) <= 1) fail('last_member');
      await removeMember(call, conv, call.caller.userId);
      return {};
    },
  },

  'conversations.invite': {
    tier: 3,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'), {scope: 'manage'});
      notForIm(conv);
      if (conv.is_archived) fail('is_archived');
      if (!conv.is_member) fail('not_in_channel');
      const users = call.args.list('users');
      if (!users.length) fail('no_user');
      if (users.length > 1000) fail('too_many_users');
      const errors: {user: string; ok: false; error: string}[] = [];
      const toAdd: string[] = [];
      for (const u of users) {
        const row = await userExists(call, u);
        let error: string | undefined;
        if (!row) error = 'user_not_found';
        else if (row.deleted) error = 'cant_invite';
        else if (u === call.caller.userId) error = 'cant_invite_self';
        else {
          const {rows} = await call.ctx.db.query('SELECT 1 FROM members WHERE conversation_id = $1 AND user_id = $2', [conv.id, u]);
          if (rows.length) error = 'already_in_channel';
        }
        if (error) errors.push({error, ok: false, user: u});
        else toAdd.push(u);
      }
      // Slack skips deactivated users and invites the others, reporting them in `errors`; any other
      // bad id refuses the whole call unless `force` is set.
      const blocking = errors.filter((e) => e.error !== 'cant_invite');
      if (!toAdd.length || (blocking.length && !call.args.bool('force'))) {
        fail((blocking[0] ?? errors[0])!.error, {errors});
      }
      for (const u of toAdd) await addMember(call, conv, u, call.caller.userId);
      return {channel: await channelOut(call, conv.id), ...(errors.length ? {errors} : {})};
    },
  },

  'conversations.kick': {
    tier: 3,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'), {scope: 'manage'});
      notForIm(conv, ['mpim']);
      const user = call.args.need('user', 'user_not_found');
      if (!(await userExists(call, user))) fail('user_not_found');
      if (user === call.caller.userId) fail('cant_kick_self');
      if (conv.is_general) fail('cant_kick_from_general');
      if (!conv.is_member) fail('not_in_channel');
      const {rows} = await call.ctx.db.query('SELECT 1 FROM members WHERE conversation_id = $1 AND user_id = $2', [conv.id, user]);
      if (!rows.length) fail('not_in_channel');
      await removeMember(call, conv, user);
      return {errors: {}};
    },
  },

  'conversations.archive': {
    tier: 2,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'), {scope: 'manage'});
      notForIm(conv, ['mpim']);
      if (conv.is_general) fail('cant_archive_general');
      if (conv.is_archived) fail('already_archived');
      if (!conv.is_member) fail('not_in_channel');
      await call.ctx.db.query('UPDATE conversations SET is_archived = true, updated = $2 WHERE id = $1', [conv.id, Date.now()]);
      await insertMessage(call.ctx.db, call.events, call.caller, conv, {subtype: 'channel_archive', text: 'archived the channel'});
      call.events.emit(call.caller.teamId, conv.id, {type: 'channel_archive', channel: conv.id, user: call.caller.userId, is_moved: 0});
      return {};
    },
  },

  'conversations.unarchive': {
    tier: 2,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'), {scope: 'manage'});
      notForIm(conv, ['mpim']);
      if (!conv.is_archived) fail('not_archived');
      await call.ctx.db.query('UPDATE conversations SET is_archived = false, updated = $2 WHERE id = $1', [conv.id, Date.now()]);
      await insertMessage(call.ctx.db, call.events, call.caller, conv, {subtype: 'channel_unarchive', text: 'un-archived the channel'});
      call.events.emit(call.caller.teamId, conv.id, {type: 'channel_unarchive', channel: conv.id, user: call.caller.userId});
      return {};
    },
  },

  'conversations.rename': {
    tier: 2,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'), {scope: 'manage'});
      notForIm(conv, ['mpim']);
      if (!conv.is_member) fail('not_in_channel');
      const name = validateName(call.args.str('name'));
      if (name !== conv.name) {
        const {rows} = await call.ctx.db.query(`SELECT 1 FROM conversations WHERE team_id = $1 AND name = $2 AND kind IN ('channel', 'private') AND id <> $3`, [call.caller.teamId, name, conv.id]);
        if (rows.length) fail('name_taken');
        await call.ctx.db.query('UPDATE conversations SET name = $2, previous_names = array_prepend($3, previous_names), updated = $4 WHERE id = $1', [conv.id, name, conv.name, Date.now()]);
        await insertMessage(call.ctx.db, call.events, call.caller, conv, {subtype: 'channel_name', text: `renamed the channel from "${conv.name}" to "${name}"`, extra: {name, old_name: conv.name}});
        call.events.emit(call.caller.teamId, conv.id, {type: 'channel_rename', channel: {id: conv.id, name, name_normalized: name, created: Number(conv.created), is_channel: conv.kind === 'channel', is_mpim: false}});
      }
      return {channel: await channelOut(call, conv.id)};
    },
  },

  'conversations.members': {
    tier: 4,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'), {scope: 'read'});
      const after = readCursor(call, 'user') ?? '';
      const limit = limitArg(call, 100, 1000);
      const {rows} = await call.ctx.db.query(
        `SELECT m.user_id FROM members m JOIN users u ON u.id = m.user_id WHERE m.conversation_id = $1 AND NOT u.deleted AND m.user_id > $2 ORDER BY m.user_id LIMIT $3`,
        [conv.id, after, limit + 1],
      );
      const page = rows.slice(0, limit).map((r) => r.user_id as string);
      return {members: page, response_metadata: {next_cursor: rows.length > limit ? slackCursor('user', page[page.length - 1]!) : ''}};
    },
  },

  'conversations.open': {
    tier: 3,
    async handler(call) {
      const existing = call.args.str('channel');
      if (existing) {
        const conv = await getConv(call, existing);
        if (conv.kind !== 'im' && conv.kind !== 'mpim') fail('method_not_supported_for_channel_type');
        await call.ctx.db.query('UPDATE members SET is_open = true WHERE conversation_id = $1 AND user_id = $2', [conv.id, call.caller.userId]);
        return {no_op: true, already_open: true, channel: {id: conv.id}};
      }
      const users = [...new Set(call.args.list('users'))].filter((u) => u !== call.caller.userId);
      if (!call.args.has('users')) fail('users_list_not_supplied');
      if (users.length === 0) fail('not_enough_users');
      if (users.length > 8) fail('too_many_users');
      for (const u of users) {
        const row = await userExists(call, u);
        if (!row) fail('user_not_found');
        if (row!.deleted) fail('user_disabled');
      }
      if (users.length === 1) {
        call.need('im:write');
        const before = await call.ctx.db.query(
          `SELECT c.id FROM conversations c WHERE c.kind = 'im' AND EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $1)
             AND EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $2)`,
          [call.caller.userId, users[0]],
        );
        const id = await openIm(call.ctx.db, call.caller.teamId, call.caller.userId, users[0]!);
        const found = before.rows.length > 0;
        if (!call.args.bool('return_im')) return found ? {no_op: true, already_open: true, channel: {id}} : {channel: {id}};
        const conv = (await loadConv(call.ctx.db, id, call.caller.userId))!;
        const {is_user_deleted: _d, ...im} = renderChannel(conv, {lastRead: true});
        return {...(found ? {no_op: true, already_open: true} : {}), channel: {...im, is_open: true}};
      }
      call.need('mpim:write');
      const all = [call.caller.userId, ...users].sort();
      const {rows} = await call.ctx.db.query(
        `SELECT c.id FROM conversations c WHERE c.kind = 'mpim' AND c.team_id = $1
           AND (SELECT array_agg(user_id ORDER BY user_id) FROM members m WHERE m.conversation_id = c.id) = $2::text[]`,
        [call.caller.teamId, all],
      );
      if (rows[0]) return {no_op: true, already_open: true, channel: {id: rows[0].id}};
      const {rows: names} = await call.ctx.db.query('SELECT name FROM users WHERE id = ANY($1) ORDER BY name', [all]);
      const id = slackId('G');
      await call.ctx.db.query(`INSERT INTO conversations (id, team_id, name, kind, creator) VALUES ($1, $2, $3, 'mpim', $4)`, [id, call.caller.teamId, `mpdm-${names.map((n) => n.name).join('--')}-1`, call.caller.userId]);
      await call.ctx.db.query('INSERT INTO members (conversation_id, user_id) SELECT $1, u FROM unnest($2::text[]) u', [id, all]);
      return {channel: {id}};
    },
  },

  'conversations.close': {
    tier: 2,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'));
      if (conv.kind !== 'im' && conv.kind !== 'mpim') fail('method_not_supported_for_channel_type');
      call.need(`${conv.kind}:write`);
      const {rowCount} = await call.ctx.db.query('UPDATE members SET is_open = false WHERE conversation_id = $1 AND user_id = $2 AND is_open', [conv.id, call.caller.userId]);
      return rowCount ? {} : {no_op: true, already_closed: true};
    },
  },

  'conversations.setTopic': {tier: 2, handler: (call) => setText(call, 'topic')},
  'conversations.setPurpose': {tier: 2, handler: (call) => setText(call, 'purpose')},

  'conversations.mark': {
    tier: 3,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel'), {scope: 'manage'});
      const ts = call.args.str('ts');
      if (!ts || !/^\d{10}\.\d{6}$/.test(ts)) fail('invalid_timestamp');
      if (!conv.is_member) fail('not_in_channel');
      await call.ctx.db.query('UPDATE members SET last_read = $3 WHERE conversation_id = $1 AND user_id = $2', [conv.id, call.caller.userId, ts]);
      return {};
    },
  },
};
