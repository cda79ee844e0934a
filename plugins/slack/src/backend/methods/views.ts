import {randomString} from '@asym/template-kit';
import type pg from 'pg';

import {fail, invalidArguments} from '../errors.js';
import {slackId} from '../ids.js';
import type {Call, MethodDef} from '../types.js';

export interface ViewRow {
  id: string;
  team_id: string;
  app_id: string;
  bot_id: string | null;
  user_id: string;
  type: 'modal' | 'home';
  root_view_id: string;
  previous_view_id: string | null;
  external_id: string | null;
  view: Record<string, any>;
  state: Record<string, unknown>;
  hash: string;
  closed: boolean;
}

const newHash = () => `${Math.floor(Date.now() / 1000)}.${randomString(8)}`;

/** A view object as views.* answer it. */
export function renderView(v: ViewRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: v.id,
    team_id: v.team_id,
    type: v.type,
    blocks: v.view.blocks ?? [],
    private_metadata: v.view.private_metadata ?? '',
    callback_id: v.view.callback_id ?? '',
    state: v.state,
    hash: v.hash,
    clear_on_close: Boolean(v.view.clear_on_close),
    notify_on_close: Boolean(v.view.notify_on_close),
    root_view_id: v.root_view_id,
    previous_view_id: v.previous_view_id,
    app_id: v.app_id,
    external_id: v.external_id ?? '',
    app_installed_team_id: v.team_id,
    bot_id: v.bot_id,
  };
  if (v.type === 'modal') {
    out.title = v.view.title;
    out.close = v.view.close ?? null;
    out.submit = v.view.submit ?? null;
  }
  return out;
}

export async function loadView(db: pg.Pool, id: string): Promise<ViewRow | undefined> {
  const {rows} = await db.query('SELECT * FROM views WHERE id = $1', [id]);
  return rows[0];
}

function viewArg(call: Call, type: 'modal' | 'home'): Record<string, any> {
  const view = call.args.json('view') as Record<string, any> | undefined;
  if (!view || typeof view !== 'object') return invalidArguments('missing required field: view');
  if (view.type !== type) return invalidArguments(`view.type must be ${type}`);
  if (type === 'modal' && (!view.title || view.title.type !== 'plain_text')) return invalidArguments('view.title must be a plain_text object');
  if (!Array.isArray(view.blocks)) return invalidArguments('missing required field: view.blocks');
  if (view.blocks.length > 100) return invalidArguments('no more than 100 items allowed [json-pointer:/view/blocks]');
  return {...view, blocks: view.blocks.map((b: Record<string, unknown>) => (b.block_id ? b : {...b, block_id: randomString(5)}))};
}

async function insertView(call: Call, userId: string, type: 'modal' | 'home', view: Record<string, any>, root?: string, previous?: string): Promise<ViewRow> {
  const id = slackId('V');
  const {rows} = await call.ctx.db.query(
    `INSERT INTO views (id, team_id, app_id, bot_id, user_id, type, root_view_id, previous_view_id, external_id, view, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
    [id, call.caller.teamId, call.caller.appId, call.caller.botId ?? null, userId, type, root ?? id, previous ?? null, view.external_id ?? null, JSON.stringify(view), newHash()],
  );
  return rows[0];
}

function useTrigger(call: Call): string {
  const t = call.events.triggers.use(call.args.str('trigger_id') ?? call.args.str('interactivity_pointer'), call.caller.appId);
  if ('error' in t) return fail(t.error);
  return t.userId;
}

export const viewMethods: Record<string, MethodDef> = {
  'views.open': {
    tier: 4,
    async handler(call) {
      const view = viewArg(call, 'modal');
      const userId = useTrigger(call);
      return {view: renderView(await insertView(call, userId, 'modal', view))};
    },
  },

  'views.push': {
    tier: 4,
    async handler(call) {
      const view = viewArg(call, 'modal');
      const userId = useTrigger(call);
      const {rows} = await call.ctx.db.query(
        `SELECT * FROM views WHERE app_id = $1 AND user_id = $2 AND type = 'modal' AND NOT closed ORDER BY created DESC, id DESC LIMIT 1`,
        [call.caller.appId, userId],
      );
      const top = rows[0] as ViewRow | undefined;
      if (!top) return fail('not_found');
      const {rows: stack} = await call.ctx.db.query('SELECT count(*)::int AS n FROM views WHERE root_view_id = $1 AND NOT closed', [top.root_view_id]);
      if (stack[0].n >= 3) return fail('push_limit_reached');
      return {view: renderView(await insertView(call, userId, 'modal', view, top.root_view_id, top.id))};
    },
  },

  'views.update': {
    tier: 4,
    async handler(call) {
      const viewId = call.args.str('view_id');
      const externalId = call.args.str('external_id');
      if (!viewId && !externalId) return invalidArguments('either view_id or external_id is required');
      const {rows} = await call.ctx.db.query(
        'SELECT * FROM views WHERE app_id = $1 AND (id = $2 OR external_id = $3)',
        [call.caller.appId, viewId ?? null, externalId ?? null],
      );
      const current = rows[0] as ViewRow | undefined;
      if (!current) return fail('not_found');
      const hash = call.args.str('hash');
      if (hash && hash !== current.hash) return fail('hash_conflict');
      const view = viewArg(call, current.type);
      const {rows: updated} = await call.ctx.db.query(
        `UPDATE views SET view = $2, hash = $3, external_id = coalesce($4, external_id) WHERE id = $1 RETURNING *`,
        [current.id, JSON.stringify(view), newHash(), view.external_id ?? null],
      );
      return {view: renderView(updated[0])};
    },
  },

  'views.publish': {
    tier: 4,
    async handler(call) {
      const userId = call.args.need('user_id', 'invalid_user');
      const {rows: u} = await call.ctx.db.query('SELECT 1 FROM users WHERE id = $1 AND team_id = $2', [userId, call.caller.teamId]);
      if (!u.length) return fail('invalid_user');
      const view = viewArg(call, 'home');
      const {rows} = await call.ctx.db.query(`SELECT * FROM views WHERE app_id = $1 AND user_id = $2 AND type = 'home'`, [call.caller.appId, userId]);
      const current = rows[0] as ViewRow | undefined;
      const hash = call.args.str('hash');
      if (current && hash && hash !== current.hash) return fail('hash_conflict');
      if (!current) return {view: renderView(await insertView(call, userId, 'home', view))};
      const {rows: updated} = await call.ctx.db.query('UPDATE views SET view = $2, hash = $3 WHERE id = $1 RETURNING *', [current.id, JSON.stringify(view), newHash()]);
      return {view: renderView(updated[0])};
    },
  },
};
