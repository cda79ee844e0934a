import {randomString} from '@asym/template-kit';

import {fail, invalidArguments} from '../errors.js';
import type {Call, MethodDef} from '../types.js';
import {getConv, nowSec} from './common.js';

interface BookmarkRow {
  id: string;
  channel_id: string;
  title: string;
  link: string;
  emoji: string | null;
  rank: string;
  updated_by: string;
  date_created: string;
  date_updated: string;
}

const render = (b: BookmarkRow, teamId: string) => ({
  id: b.id,
  channel_id: b.channel_id,
  title: b.title,
  link: b.link,
  emoji: b.emoji,
  icon_url: null,
  type: 'link',
  entity_id: null,
  date_created: Number(b.date_created),
  date_updated: Number(b.date_updated),
  rank: b.rank,
  last_updated_by_user_id: b.updated_by,
  last_updated_by_team_id: teamId,
  shortcut_id: null,
  app_id: null,
  app_action_id: null,
});

async function load(call: Call): Promise<{channel: string; b: BookmarkRow}> {
  const conv = await getConv(call, call.args.str('channel_id'));
  const {rows} = await call.ctx.db.query('SELECT * FROM bookmarks WHERE id = $1 AND channel_id = $2', [call.args.str('bookmark_id') ?? '', conv.id]);
  return rows[0] ? {b: rows[0], channel: conv.id} : fail('not_found');
}

function validLink(link: string | undefined): string {
  if (!link) return invalidArguments('missing required field: link');
  try {
    const u = new URL(link);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    return fail('invalid_link');
  }
  return link;
}

export const bookmarkMethods: Record<string, MethodDef> = {
  'bookmarks.list': {
    scopes: ['bookmarks:read'],
    tier: 3,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel_id'));
      const {rows} = await call.ctx.db.query('SELECT * FROM bookmarks WHERE channel_id = $1 ORDER BY rank, date_created, id', [conv.id]);
      return {bookmarks: rows.map((b) => render(b, call.caller.teamId))};
    },
  },

  'bookmarks.add': {
    scopes: ['bookmarks:write'],
    tier: 2,
    async handler(call) {
      const conv = await getConv(call, call.args.str('channel_id'));
      if (conv.is_archived) fail('is_archived');
      if (!conv.is_member) fail('not_in_channel');
      const title = call.args.str('title');
      if (!title) return invalidArguments('missing required field: title');
      if ((call.args.str('type') ?? 'link') !== 'link') fail('invalid_bookmark_type');
      const link = validLink(call.args.str('link'));
      const {rows} = await call.ctx.db.query(
        `INSERT INTO bookmarks (id, channel_id, title, link, emoji, rank, created_by, updated_by, date_created)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING *`,
        [`Bk${randomString(9, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`, conv.id, title, link, call.args.str('emoji') ?? null, 'U', call.caller.userId, nowSec()],
      );
      return {bookmark: render(rows[0], call.caller.teamId)};
    },
  },

  'bookmarks.edit': {
    scopes: ['bookmarks:write'],
    tier: 2,
    async handler(call) {
      const {b} = await load(call);
      const link = call.args.has('link') ? validLink(call.args.str('link')) : null;
      const {rows} = await call.ctx.db.query(
        `UPDATE bookmarks SET title = coalesce($2, title), link = coalesce($3, link), emoji = coalesce($4, emoji), updated_by = $5, date_updated = $6
          WHERE id = $1 RETURNING *`,
        [b.id, call.args.str('title') ?? null, link, call.args.str('emoji') ?? null, call.caller.userId, nowSec()],
      );
      return {bookmark: render(rows[0], call.caller.teamId)};
    },
  },

  'bookmarks.remove': {
    scopes: ['bookmarks:write'],
    tier: 2,
    async handler(call) {
      const {b} = await load(call);
      await call.ctx.db.query('DELETE FROM bookmarks WHERE id = $1', [b.id]);
      return {};
    },
  },
};
