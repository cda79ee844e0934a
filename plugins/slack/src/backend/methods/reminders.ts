import {fail} from '../errors.js';
import {slackId} from '../ids.js';
import type {Call, MethodDef} from '../types.js';
import {nowSec} from './common.js';

const UNITS: Record<string, number> = {day: 86_400, hour: 3600, min: 60, minute: 60, sec: 1, second: 1, week: 604_800};

/** Slack's `time`: a Unix timestamp, seconds from now (up to a day), or "in 5 minutes" / "tomorrow". */
export function parseReminderTime(raw: string, now = nowSec()): number | undefined {
  const s = raw.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Math.floor(Number(s));
    if (!Number.isSafeInteger(n)) return undefined;
    return n <= 86_400 ? now + n : n;
  }
  const rel = /^in\s+(an?|\d+)\s+(second|sec|minute|min|hour|day|week)s?$/.exec(s);
  if (rel) return now + (rel[1] === 'a' || rel[1] === 'an' ? 1 : Number(rel[1])) * UNITS[rel[2]!]!;
  if (s === 'tomorrow') return now + 86_400;
  return undefined;
}

const render = (r: Record<string, any>) => ({
  id: r.id,
  creator: r.creator,
  user: r.user_id,
  text: r.text,
  recurring: false,
  time: Number(r.time),
  complete_ts: Number(r.complete_ts),
});

async function load(call: Call) {
  const {rows} = await call.ctx.db.query('SELECT * FROM reminders WHERE id = $1 AND team_id = $2 AND (creator = $3 OR user_id = $3)', [
    call.args.str('reminder') ?? '', call.caller.teamId, call.caller.userId,
  ]);
  return rows[0] ?? fail('not_found');
}

export const reminderMethods: Record<string, MethodDef> = {
  'reminders.add': {
    scopes: ['reminders:write'],
    tier: 2,
    tokens: ['user'],
    async handler(call) {
      const text = call.args.str('text');
      if (!text) return fail('no_text');
      const time = parseReminderTime(call.args.str('time') ?? '') ?? fail('cannot_parse');
      const user = call.args.str('user') ?? call.caller.userId;
      const {rows: u} = await call.ctx.db.query('SELECT is_bot, deleted FROM users WHERE id = $1 AND team_id = $2', [user, call.caller.teamId]);
      if (!u[0] || u[0].deleted) return fail('user_not_found');
      if (u[0].is_bot) return fail('cannot_add_bot');
      const {rows} = await call.ctx.db.query(
        'INSERT INTO reminders (id, team_id, creator, user_id, text, time) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
        [`Rm${slackId('R').slice(1)}`, call.caller.teamId, call.caller.userId, user, text, time],
      );
      call.events.wakeScheduler?.(Number(time));
      return {reminder: render(rows[0])};
    },
  },

  'reminders.list': {
    scopes: ['reminders:read'],
    tier: 2,
    tokens: ['user'],
    async handler(call) {
      const {rows} = await call.ctx.db.query('SELECT * FROM reminders WHERE team_id = $1 AND (creator = $2 OR user_id = $2) ORDER BY time, id', [call.caller.teamId, call.caller.userId]);
      return {reminders: rows.map(render)};
    },
  },

  'reminders.info': {
    scopes: ['reminders:read'],
    tier: 2,
    tokens: ['user'],
    async handler(call) {
      return {reminder: render(await load(call))};
    },
  },

  'reminders.complete': {
    scopes: ['reminders:write'],
    tier: 2,
    tokens: ['user'],
    async handler(call) {
      const r = await load(call);
      if (Number(r.complete_ts)) return fail('already_complete');
      await call.ctx.db.query('UPDATE reminders SET complete_ts = $2 WHERE id = $1', [r.id, nowSec()]);
      return {};
    },
  },

  'reminders.delete': {
    scopes: ['reminders:write'],
    tier: 2,
    tokens: ['user'],
    async handler(call) {
      const r = await load(call);
      await call.ctx.db.query('DELETE FROM reminders WHERE id = $1', [r.id]);
      return {};
    },
  },
};

async function snooze(call: Call, user: string) {
  const {rows} = await call.ctx.db.query('SELECT snooze_until FROM users WHERE id = $1 AND team_id = $2', [user, call.caller.teamId]);
  if (!rows[0]) return fail('user_not_found');
  return Number(rows[0].snooze_until);
}

export const dndMethods: Record<string, MethodDef> = {
  'dnd.info': {
    scopes: ['dnd:read'],
    tier: 3,
    async handler(call) {
      const user = call.args.str('user') ?? call.caller.userId;
      const until = await snooze(call, user);
      const now = nowSec();
      const out: Record<string, unknown> = {dnd_enabled: false, next_dnd_start_ts: 1, next_dnd_end_ts: 1};
      if (user === call.caller.userId || call.caller.kind === 'bot') {
        out.snooze_enabled = until > now;
        if (until > now) {
          out.snooze_endtime = until;
          out.snooze_remaining = until - now;
        }
      }
      return out;
    },
  },

  'dnd.setSnooze': {
    scopes: ['dnd:write'],
    tier: 2,
    tokens: ['user'],
    async handler(call) {
      const minutes = call.args.int('num_minutes', 0);
      if (minutes <= 0) return fail('invalid_num_minutes');
      const until = nowSec() + minutes * 60;
      await call.ctx.db.query('UPDATE users SET snooze_until = $2 WHERE id = $1', [call.caller.userId, until]);
      return {snooze_enabled: true, snooze_endtime: until, snooze_remaining: until - nowSec(), snooze_is_indefinite: false};
    },
  },

  'dnd.endSnooze': {
    scopes: ['dnd:write'],
    tier: 2,
    tokens: ['user'],
    async handler(call) {
      if ((await snooze(call, call.caller.userId)) <= nowSec()) return fail('snooze_not_active');
      await call.ctx.db.query('UPDATE users SET snooze_until = 0 WHERE id = $1', [call.caller.userId]);
      return {dnd_enabled: false, next_dnd_start_ts: 1, next_dnd_end_ts: 1, snooze_enabled: false};
    },
  },
};
