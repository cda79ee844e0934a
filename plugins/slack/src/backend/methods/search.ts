import type {MethodDef} from '../types.js';
import {permalink} from './chat-edit.js';

interface Query {
  /** Date bounds in epoch seconds from before:/after:/on:/during: (YYYY-MM-DD, UTC). */
  before?: number;
  after?: number;
  words: string[];
  inChannels: string[];
  inUsers: string[];
  from: string[];
  has: string[];
}

/** Slack search modifiers: `in:#channel`, `in:<#C…>`, `in:@user`, `from:@user`, `from:<@U…>`, `has:link`, plain words. */
export function parseQuery(q: string): Query {
  const out: Query = {from: [], has: [], inChannels: [], inUsers: [], words: []};
  const tokens = q.match(/"[^"]*"|\S+/g) ?? [];
  for (const t of tokens) {
    const d = /^(before|after|on|during):(\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4})$/i.exec(t);
    if (d) {
      const [, op, date] = d;
      const parts = date!.split('-').map(Number);
      const start = Date.UTC(parts[0]!, (parts[1] ?? 1) - 1, parts[2] ?? 1) / 1000;
      const end = parts.length === 3 ? start + 86_400 : parts.length === 2 ? Date.UTC(parts[0]!, parts[1]!, 1) / 1000 : Date.UTC(parts[0]! + 1, 0, 1) / 1000;
      const kind = op!.toLowerCase();
      if (kind === 'before') out.before = start;
      else if (kind === 'after') out.after = end;
      else {
        out.after = start;
        out.before = end;
      }
      continue;
    }
    const m = /^(in|from|has):(.+)$/i.exec(t);
    if (!m) {
      out.words.push(t.replace(/^"|"$/g, ''));
      continue;
    }
    const [, op, raw] = m;
    const v = raw!.replace(/^<[#@]([A-Z0-9]+)(\|[^>]*)?>$/, '$1');
    if (op!.toLowerCase() === 'has') out.has.push(v.toLowerCase());
    else if (op!.toLowerCase() === 'from') out.from.push(v.replace(/^@/, ''));
    else if (v.startsWith('@')) out.inUsers.push(v.slice(1));
    else out.inChannels.push(v.replace(/^#/, ''));
  }
  return out;
}

export const searchMethods: Record<string, MethodDef> = {
  'search.messages': {
    scopes: ['search:read'],
    tier: 2,
    tokens: ['user'],
    async handler(call) {
      const query = call.args.need('query', 'no_query');
      const q = parseQuery(query);
      const count = Math.min(Math.max(call.args.int('count', 20), 1), 100);
      const page = Math.max(call.args.int('page', 1), 1);
      const sort = call.args.str('sort') === 'timestamp' ? 'timestamp' : 'score';
      const dir = call.args.str('sort_dir') === 'asc' ? 'ASC' : 'DESC';
      const params: unknown[] = [call.caller.teamId, call.caller.userId];
      const where: string[] = [
        'c.team_id = $1',
        `(c.kind = 'channel' OR EXISTS (SELECT 1 FROM members mm WHERE mm.conversation_id = c.id AND mm.user_id = $2))`,
        `(m.subtype IS NULL OR m.subtype IN ('thread_broadcast', 'file_share', 'bot_message'))`,
      ];
      for (const w of q.words) {
        params.push(`%${w.replace(/[%_\\]/g, (x) => '\\' + x)}%`);
        where.push(`m.text ILIKE $${params.length}`);
      }
      for (const ch of q.inChannels) {
        params.push(ch);
        where.push(`(c.name = $${params.length} OR c.id = $${params.length})`);
      }
      for (const u of q.inUsers) {
        params.push(u);
        where.push(`c.kind = 'im' AND EXISTS (SELECT 1 FROM members mu JOIN users uu ON uu.id = mu.user_id WHERE mu.conversation_id = c.id AND (uu.id = $${params.length} OR uu.name = $${params.length}))`);
      }
      for (const u of q.from) {
        params.push(u === 'me' ? call.caller.userId : u);
        where.push(`(fu.id = $${params.length} OR fu.name = $${params.length} OR fu.display_name = $${params.length})`);
      }
      if (q.before !== undefined) {
        params.push(q.before);
        where.push(`m.ts::numeric < $${params.length}`);
      }
      if (q.after !== undefined) {
        params.push(q.after);
        where.push(`m.ts::numeric >= $${params.length}`);
      }
      if (q.has.includes('link')) where.push(`m.text ~ '<https?://'`);
      if (q.has.includes('reaction')) where.push('EXISTS (SELECT 1 FROM reactions r WHERE r.channel_id = m.channel_id AND r.ts = m.ts)');
      if (q.has.includes('pin')) where.push('EXISTS (SELECT 1 FROM pins p WHERE p.channel_id = m.channel_id AND p.ts = m.ts)');
      const from = `FROM messages m JOIN conversations c ON c.id = m.channel_id LEFT JOIN users fu ON fu.id = m.user_id WHERE ${where.join(' AND ')}`;
      const {rows: totals} = await call.ctx.db.query(`SELECT count(*)::int AS n ${from}`, params);
      const total = totals[0].n as number;
      const order = sort === 'timestamp' ? `m.ts ${dir}` : `m.ts ${dir}`;
      const {rows} = await call.ctx.db.query(
        `SELECT m.*, c.name AS channel_name, c.kind, fu.name AS username ${from} ORDER BY ${order} LIMIT ${count} OFFSET ${(page - 1) * count}`,
        params,
      );
      const matches = [];
      for (const r of rows) {
        matches.push({
          iid: `${r.channel_id}-${r.ts}`,
          team: r.team_id,
          score: 0,
          channel: {
            id: r.channel_id, is_channel: r.kind === 'channel', is_group: r.kind === 'private', is_im: r.kind === 'im', is_mpim: r.kind === 'mpim',
            is_private: r.kind !== 'channel', name: r.channel_name ?? r.channel_id, is_shared: false, is_org_shared: false, is_ext_shared: false,
            pending_shared: [], is_pending_ext_shared: false,
          },
          type: 'message',
          user: r.user_id,
          username: r.username ?? '',
          ts: r.ts,
          text: r.text,
          ...(r.blocks ? {blocks: r.blocks} : {}),
          ...(r.attachments ? {attachments: r.attachments} : {}),
          permalink: await permalink(call, r.channel_id, r),
          no_reactions: true,
        });
      }
      const pages = Math.max(1, Math.ceil(total / count));
      return {
        query,
        messages: {
          total,
          pagination: {total_count: total, page, per_page: count, page_count: pages, first: total ? (page - 1) * count + 1 : 0, last: Math.min(page * count, total)},
          paging: {count, total, page, pages},
          matches,
        },
      };
    },
  },
};
