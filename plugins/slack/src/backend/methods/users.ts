import {fail} from '../errors.js';
import {convSelect, renderChannel, renderProfile, renderUser, type UserRow} from '../render.js';
import type {Call, MethodDef} from '../types.js';
import {limitArg, readCursor, slackCursor} from './common.js';

export async function loadUser(call: Call, id: string | undefined): Promise<UserRow> {
  if (!id) return fail('user_not_found');
  const {rows} = await call.ctx.db.query('SELECT * FROM users WHERE id = $1 AND team_id = $2', [id, call.caller.teamId]);
  return rows[0] ?? fail('user_not_found');
}

const canSeeEmail = (call: Call) => call.caller.scopes.includes('users:read.email');

const TYPES: Record<string, string> = {im: 'im', mpim: 'mpim', private_channel: 'private', public_channel: 'channel'};

export const userMethods: Record<string, MethodDef> = {
  'users.list': {
    scopes: ['users:read'],
    tier: 2,
    async handler(call) {
      const after = readCursor(call, 'user') ?? '';
      const limit = limitArg(call, 1000, 1000);
      const {rows} = await call.ctx.db.query('SELECT * FROM users WHERE team_id = $1 AND id > $2 ORDER BY id LIMIT $3', [call.caller.teamId, after, limit + 1]);
      const page = rows.slice(0, limit) as UserRow[];
      const members = page.map((u) => ({...renderUser(u, {email: canSeeEmail(call)}), ...(call.args.bool('include_locale') ? {locale: 'en-US'} : {})}));
      return {
        members,
        cache_ts: Math.floor(Date.now() / 1000),
        response_metadata: {next_cursor: rows.length > limit ? slackCursor('user', page[page.length - 1]!.id) : ''},
      };
    },
  },

  'users.info': {
    scopes: ['users:read'],
    tier: 4,
    async handler(call) {
      const u = await loadUser(call, call.args.str('user'));
      return {user: {...renderUser(u, {email: canSeeEmail(call)}), ...(call.args.bool('include_locale') ? {locale: 'en-US'} : {})}};
    },
  },

  'users.lookupByEmail': {
    scopes: ['users:read.email'],
    tier: 3,
    async handler(call) {
      const email = call.args.need('email', 'users_not_found');
      const {rows} = await call.ctx.db.query('SELECT * FROM users WHERE team_id = $1 AND lower(email) = lower($2) AND NOT is_bot', [call.caller.teamId, email]);
      const u = rows[0] as UserRow | undefined;
      if (!u) return fail('users_not_found');
      const {is_workflow_bot: _w, ...user} = renderUser(u, {email: true});
      return {user};
    },
  },

  'users.getPresence': {
    scopes: ['users:read'],
    tier: 3,
    async handler(call) {
      const u = await loadUser(call, call.args.str('user') ?? call.caller.userId);
      const active = u.is_bot || u.presence === 'active';
      const presence = u.deleted ? 'away' : active ? 'active' : 'away';
      if (u.id !== call.caller.userId) return {presence};
      return {presence, online: presence === 'active', auto_away: false, manual_away: !active, connection_count: active ? 1 : 0, last_activity: Math.floor(Date.now() / 1000)};
    },
  },

  'users.setPresence': {
    scopes: ['users:write'],
    tier: 2,
    async handler(call) {
      const presence = call.args.need('presence', 'invalid_presence');
      if (presence !== 'auto' && presence !== 'away') return fail('invalid_presence');
      await call.ctx.db.query('UPDATE users SET presence = $2 WHERE id = $1', [call.caller.userId, presence === 'auto' ? 'active' : 'away']);
      return {};
    },
  },

  'users.profile.get': {
    scopes: ['users.profile:read'],
    tier: 4,
    async handler(call) {
      const u = await loadUser(call, call.args.str('user') ?? call.caller.userId);
      const {team: _team, ...profile} = renderProfile(u, {email: canSeeEmail(call)});
      return {profile};
    },
  },

  'users.profile.set': {
    scopes: ['users.profile:write'],
    tier: 3,
    tokens: ['user'],
    async handler(call) {
      const target = call.args.str('user') ?? call.caller.userId;
      const me = await loadUser(call, call.caller.userId);
      if (target !== call.caller.userId && !me.is_admin) return fail('not_admin');
      await loadUser(call, target);
      let profile = call.args.json('profile') as Record<string, unknown> | undefined;
      const name = call.args.str('name');
      if (name) profile = {...profile, [name]: call.args.str('value') ?? ''};
      if (!profile || typeof profile !== 'object') return fail('invalid_profile');
      const columns: Record<string, string> = {
        display_name: 'display_name', email: 'email', first_name: 'first_name', last_name: 'last_name', phone: 'phone',
        real_name: 'real_name', status_emoji: 'status_emoji', status_expiration: 'status_expiration', status_text: 'status_text', title: 'title',
      };
      const sets: string[] = [];
      const values: unknown[] = [target];
      for (const [k, v] of Object.entries(profile)) {
        const col = columns[k];
        if (!col) continue;
        if (k === 'status_text' && String(v).length > 100) return fail('too_long');
        values.push(k === 'status_expiration' ? Number(v) || 0 : String(v ?? ''));
        sets.push(`${col} = $${values.length}`);
      }
      if (sets.length) await call.ctx.db.query(`UPDATE users SET ${sets.join(', ')}, updated = extract(epoch from now())::bigint WHERE id = $1`, values);
      const u = await loadUser(call, target);
      return {profile: renderProfile(u, {email: true}), username: u.name};
    },
  },

  'users.conversations': {
    tier: 3,
    async handler(call) {
      const types = call.args.list('types');
      const kinds = (types.length ? types : ['public_channel']).map((t) => TYPES[t] ?? fail('invalid_types'));
      for (const k of kinds) call.need(`${({channel: 'channels', im: 'im', mpim: 'mpim', private: 'groups'} as Record<string, string>)[k]}:read`);
      const user = call.args.str('user') ?? call.caller.userId;
      await loadUser(call, user);
      const after = readCursor(call, 'team') ?? '';
      const limit = limitArg(call, 100, 1000);
      const {rows} = await call.ctx.db.query(
        `${convSelect('$1')} WHERE c.team_id = $2 AND c.kind = ANY($3) AND c.id > $4
           AND EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $5)
           AND (c.kind = 'channel' OR EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $1))
           ${call.args.bool('exclude_archived') ? 'AND NOT c.is_archived' : ''}
         ORDER BY c.id LIMIT $6`,
        [call.caller.userId, call.caller.teamId, kinds, after, user, limit + 1],
      );
      const page = rows.slice(0, limit);
      return {
        channels: page.map((c) => renderChannel(c, {isMember: false, org: true})),
        response_metadata: {next_cursor: rows.length > limit ? slackCursor('team', page[page.length - 1]!.id) : ''},
      };
    },
  },
};
