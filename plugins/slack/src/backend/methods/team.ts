import {forgetCallers} from '../auth.js';
import {fail} from '../errors.js';
import {botProfile} from '../messages.js';
import type {Call, MethodDef} from '../types.js';

async function team(call: Call) {
  const {rows} = await call.ctx.db.query('SELECT * FROM teams WHERE id = $1', [call.caller.teamId]);
  return rows[0] ?? fail('team_not_found');
}

export const teamMethods: Record<string, MethodDef> = {
  'api.test': {
    noAuth: true,
    tier: 4,
    async handler(call) {
      const args: Record<string, string> = Object.create(null);
      for (const [k, v] of Object.entries(call.args.raw)) if (k !== 'token' && typeof v === 'string') args[k] = v;
      if (args.error) fail(args.error, {args});
      return Object.keys(args).length ? {args} : {};
    },
  },

  'auth.test': {
    tier: 'special',
    async handler(call) {
      const t = await team(call);
      const {rows} = await call.ctx.db.query('SELECT name FROM users WHERE id = $1', [call.caller.userId]);
      const out: Record<string, unknown> = {
        url: `https://${t.domain}.slack.com/`,
        team: t.name,
        user: rows[0]?.name ?? '',
        team_id: t.id,
        user_id: call.caller.userId,
      };
      if (call.caller.kind === 'bot') out.bot_id = call.caller.botId;
      out.is_enterprise_install = false;
      return out;
    },
  },

  'team.info': {
    scopes: ['team:read'],
    tier: 3,
    async handler(call) {
      const requested = call.args.str('team');
      if (requested && requested !== call.caller.teamId) fail('team_not_found');
      const t = await team(call);
      const icon = (s: number | string) => `https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-${s}.png`;
      return {
        team: {
          id: t.id,
          name: t.name,
          url: `https://${t.domain}.slack.com/`,
          domain: t.domain,
          email_domain: t.email_domain,
          icon: {image_default: true, image_34: icon(34), image_44: icon(44), image_68: icon(68), image_88: icon(88), image_102: icon(102), image_230: icon(230), image_132: icon(132)},
          avatar_base_url: 'https://ca.slack-edge.com/',
          is_verified: false,
          lob_sales_home_enabled: false,
          is_sfdc_auto_slack: false,
        },
      };
    },
  },

  'bots.info': {
    scopes: ['users:read', 'bots:read'],
    tier: 3,
    async handler(call) {
      const id = call.args.str('bot') ?? call.caller.botId;
      if (!id) return fail('bot_not_found');
      const {rows} = await call.ctx.db.query('SELECT b.*, u.id AS uid FROM bots b LEFT JOIN users u ON u.id = b.user_id WHERE b.id = $1 AND b.team_id = $2', [id, call.caller.teamId]);
      const b = rows[0];
      if (!b) return fail('bot_not_found');
      const {team_id: _team, ...profile} = botProfile(b);
      return {bot: {...profile, ...(b.uid ? {user_id: b.uid} : {})}};
    },
  },

  'emoji.list': {
    scopes: ['emoji:read'],
    tier: 2,
    async handler(call) {
      const {rows} = await call.ctx.db.query('SELECT name, url FROM emoji ORDER BY name');
      const emoji: Record<string, string> = {};
      for (const r of rows) emoji[r.name] = r.url;
      const out: Record<string, unknown> = {emoji, cache_ts: `${Math.floor(Date.now() / 1000)}.000000`};
      if (call.args.bool('include_categories')) {
        out.categories_version = '5';
        out.categories = [{name: 'smileys_and_people', emoji_names: ['grinning', 'smiley', 'wave', 'thumbsup']}];
      }
      return out;
    },
  },

  'auth.revoke': {
    tier: 3,
    tokens: ['bot', 'user', 'app'],
    async handler(call) {
      if (call.args.bool('test')) return {revoked: false};
      await call.ctx.db.query('DELETE FROM tokens WHERE hash = $1', [call.caller.tokenHash]);
      forgetCallers(call.ctx.db, call.caller.tokenHash);
      return {revoked: true};
    },
  },
};
