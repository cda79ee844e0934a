import {fail, invalidArguments} from '../errors.js';
import {slackId} from '../ids.js';
import type {Call, MethodDef} from '../types.js';
import {nowSec} from './common.js';

interface GroupRow {
  id: string;
  team_id: string;
  name: string;
  handle: string;
  description: string;
  channels: string[];
  users: string[];
  created_by: string;
  updated_by: string;
  deleted_by: string | null;
  date_create: string;
  date_update: string;
  date_delete: string;
}

/** A user group as usergroups.* answer it. */
function render(g: GroupRow, opts: {users?: boolean; count?: boolean} = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: g.id,
    team_id: g.team_id,
    is_usergroup: true,
    is_subteam: true,
    name: g.name,
    description: g.description,
    handle: g.handle,
    is_external: false,
    date_create: Number(g.date_create),
    date_update: Number(g.date_update),
    date_delete: Number(g.date_delete),
    auto_type: null,
    auto_provision: false,
    enterprise_subteam_id: '',
    created_by: g.created_by,
    updated_by: g.updated_by,
    deleted_by: g.deleted_by,
    prefs: {channels: g.channels, groups: []},
  };
  if (opts.users) out.users = g.users;
  if (opts.count !== false) out.user_count = g.users.length;
  return out;
}

async function load(call: Call): Promise<GroupRow> {
  const id = call.args.need('usergroup', 'no_such_subteam');
  const {rows} = await call.ctx.db.query('SELECT * FROM usergroups WHERE id = $1 AND team_id = $2', [id, call.caller.teamId]);
  return rows[0] ?? fail('no_such_subteam');
}

async function checkUsers(call: Call, users: string[]): Promise<void> {
  const {rows} = await call.ctx.db.query('SELECT id FROM users WHERE id = ANY($1) AND team_id = $2 AND NOT deleted', [users, call.caller.teamId]);
  if (rows.length !== new Set(users).size) fail('invalid_users');
}

async function checkUnique(call: Call, name: string | undefined, handle: string | undefined, except = ''): Promise<void> {
  if (name) {
    const {rows} = await call.ctx.db.query('SELECT 1 FROM usergroups WHERE team_id = $1 AND lower(name) = lower($2) AND id <> $3', [call.caller.teamId, name, except]);
    if (rows.length) fail('name_already_exists');
  }
  if (handle) {
    const {rows} = await call.ctx.db.query(
      `SELECT 1 FROM usergroups WHERE team_id = $1 AND lower(handle) = lower($2) AND id <> $3
       UNION ALL SELECT 1 FROM users WHERE team_id = $1 AND lower(name) = lower($2)`,
      [call.caller.teamId, handle, except],
    );
    if (rows.length) fail('handle_already_exists');
  }
}

export const usergroupMethods: Record<string, MethodDef> = {
  'usergroups.list': {
    scopes: ['usergroups:read'],
    tier: 2,
    async handler(call) {
      const {rows} = await call.ctx.db.query(
        `SELECT * FROM usergroups WHERE team_id = $1 ${call.args.bool('include_disabled') ? '' : 'AND date_delete = 0'} ORDER BY name`,
        [call.caller.teamId],
      );
      return {usergroups: rows.map((g) => render(g, {count: call.args.bool('include_count', true), users: call.args.bool('include_users')}))};
    },
  },

  'usergroups.create': {
    scopes: ['usergroups:write'],
    tier: 2,
    async handler(call) {
      const name = call.args.str('name');
      if (!name) return invalidArguments('missing required field: name');
      const handle = call.args.str('handle') ?? name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
      await checkUnique(call, name, handle);
      const users = call.args.list('users');
      if (users.length) await checkUsers(call, users);
      const now = nowSec();
      const {rows} = await call.ctx.db.query(
        `INSERT INTO usergroups (id, team_id, name, handle, description, channels, users, created_by, updated_by, date_create, date_update)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $9) RETURNING *`,
        [slackId('S'), call.caller.teamId, name, handle, call.args.str('description') ?? '', call.args.list('channels'), users, call.caller.userId, now],
      );
      return {usergroup: render(rows[0], {count: call.args.bool('include_count', true), users: true})};
    },
  },

  'usergroups.update': {
    scopes: ['usergroups:write'],
    tier: 2,
    async handler(call) {
      const g = await load(call);
      const name = call.args.str('name');
      const handle = call.args.str('handle');
      await checkUnique(call, name, handle, g.id);
      const {rows} = await call.ctx.db.query(
        `UPDATE usergroups SET name = coalesce($2, name), handle = coalesce($3, handle), description = coalesce($4, description),
           channels = coalesce($5, channels), updated_by = $6, date_update = $7 WHERE id = $1 RETURNING *`,
        [g.id, name ?? null, handle ?? null, call.args.str('description') ?? null, call.args.has('channels') ? call.args.list('channels') : null, call.caller.userId, nowSec()],
      );
      return {usergroup: render(rows[0], {count: call.args.bool('include_count', true), users: true})};
    },
  },

  'usergroups.disable': {
    scopes: ['usergroups:write'],
    tier: 2,
    async handler(call) {
      const g = await load(call);
      if (Number(g.date_delete) !== 0) fail('permission_denied');
      const {rows} = await call.ctx.db.query('UPDATE usergroups SET date_delete = $2, deleted_by = $3, updated_by = $3 WHERE id = $1 RETURNING *', [g.id, nowSec(), call.caller.userId]);
      return {usergroup: render(rows[0], {count: call.args.bool('include_count', true), users: true})};
    },
  },

  'usergroups.enable': {
    scopes: ['usergroups:write'],
    tier: 2,
    async handler(call) {
      const g = await load(call);
      const {rows} = await call.ctx.db.query('UPDATE usergroups SET date_delete = 0, deleted_by = NULL, updated_by = $2, date_update = $3 WHERE id = $1 RETURNING *', [g.id, call.caller.userId, nowSec()]);
      return {usergroup: render(rows[0], {count: call.args.bool('include_count', true), users: true})};
    },
  },

  'usergroups.users.list': {
    scopes: ['usergroups:read'],
    tier: 4,
    async handler(call) {
      const g = await load(call);
      if (Number(g.date_delete) !== 0 && !call.args.bool('include_disabled')) fail('no_such_subteam');
      return {users: g.users};
    },
  },

  'usergroups.users.update': {
    scopes: ['usergroups:write'],
    tier: 2,
    async handler(call) {
      const g = await load(call);
      const users = call.args.list('users');
      if (!users.length) return fail('no_users_provided');
      await checkUsers(call, users);
      const {rows} = await call.ctx.db.query('UPDATE usergroups SET users = $2, updated_by = $3, date_update = $4 WHERE id = $1 RETURNING *', [g.id, users, call.caller.userId, nowSec()]);
      return {usergroup: render(rows[0], {count: call.args.bool('include_count', true), users: true})};
    },
  },
};
