import {createHmac} from 'node:crypto';

import {type BackendContext, type Context, type Hono, hashToken, credentialFromHeader} from '@asym/template-kit';

import {fail, invalidArguments} from '../errors.js';
import {slackId} from '../ids.js';
import {renderFileBrief} from '../messages.js';
import {assertCanPost, insertMessage, resolveThread} from '../post.js';
import type {Call, MethodDef} from '../types.js';
import {getConv} from './common.js';

const EXT: Record<string, [string, string]> = {
  csv: ['csv', 'text/csv'], gif: ['gif', 'image/gif'], jpeg: ['jpg', 'image/jpeg'], jpg: ['jpg', 'image/jpeg'], js: ['javascript', 'text/javascript'],
  json: ['json', 'application/json'], md: ['markdown', 'text/markdown'], pdf: ['pdf', 'application/pdf'], png: ['png', 'image/png'],
  ts: ['typescript', 'text/plain'], txt: ['text', 'text/plain'], yaml: ['yaml', 'text/yaml'], yml: ['yaml', 'text/yaml'],
};

const typeOf = (name: string): [string, string] => EXT[name.split('.').pop()?.toLowerCase() ?? ''] ?? ['binary', 'application/octet-stream'];
const sign = (secret: string, id: string) => createHmac('sha256', secret).update(`upload:${id}`).digest('hex').slice(0, 32);

/** The full file object (files.info, files.list, files.completeUploadExternal). */
async function renderFile(call: Call, f: Record<string, any>): Promise<Record<string, unknown>> {
  const base = renderFileBrief(f, call.origin);
  if (f.deleted) return base;
  const {rows} = await call.ctx.db.query(
    `SELECT s.channel_id, s.ts, c.kind, c.name FROM file_shares s JOIN conversations c ON c.id = s.channel_id
      WHERE s.file_id = $1 AND (c.kind = 'channel' OR EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $2)) ORDER BY s.ts`,
    [f.id, call.caller.userId],
  );
  const shares: Record<string, Record<string, unknown[]>> = {};
  for (const r of rows) {
    const scope = r.kind === 'channel' ? 'public' : 'private';
    ((shares[scope] ??= {})[r.channel_id] ??= []).push({ts: r.ts, channel_name: r.name ?? r.channel_id, team_id: f.team_id, share_user_id: f.user_id, reply_users: [], reply_users_count: 0, reply_count: 0});
  }
  return {
    ...base,
    channels: rows.filter((r) => r.kind === 'channel').map((r) => r.channel_id),
    groups: rows.filter((r) => r.kind === 'private' || r.kind === 'mpim').map((r) => r.channel_id),
    ims: rows.filter((r) => r.kind === 'im').map((r) => r.channel_id),
    shares,
    comments_count: 0,
    is_starred: false,
    has_more_shares: false,
  };
}

async function loadFile(call: Call, id: string | undefined, allowDeleted = false): Promise<Record<string, any>> {
  if (!id) return fail('file_not_found');
  const {rows} = await call.ctx.db.query('SELECT * FROM files WHERE id = $1 AND team_id = $2', [id, call.caller.teamId]);
  const f = rows[0];
  if (!f || !f.complete) return fail('file_not_found');
  if (f.deleted && !allowDeleted) return fail('file_deleted');
  return f;
}

export const fileMethods: Record<string, MethodDef> = {
  'files.getUploadURLExternal': {
    scopes: ['files:write'],
    tier: 4,
    async handler(call) {
      const filename = call.args.str('filename') || invalidArguments('missing required field: filename');
      const length = call.args.int('length', -1);
      if (length < 0) invalidArguments('missing required field: length');
      const id = slackId('F');
      const [filetype, mimetype] = typeOf(filename);
      await call.ctx.db.query(
        `INSERT INTO files (id, team_id, user_id, name, title, mimetype, filetype, expected_size, alt_txt) VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)`,
        [id, call.caller.teamId, call.caller.userId, filename, mimetype, call.args.str('snippet_type') ?? filetype, length, call.args.str('alt_txt') ?? null],
      );
      return {upload_url: `${call.origin}/upload/v1/${id}/${sign(call.ctx.env.jwtSecret, id)}`, file_id: id};
    },
  },

  'files.completeUploadExternal': {
    scopes: ['files:write'],
    tier: 4,
    async handler(call) {
      const list = call.args.json('files');
      if (!Array.isArray(list) || !list.length) return invalidArguments('missing required field: files');
      const files = [];
      for (const item of list as {id?: string; title?: string}[]) {
        const {rows} = await call.ctx.db.query('SELECT * FROM files WHERE id = $1 AND team_id = $2 AND user_id = $3', [item.id, call.caller.teamId, call.caller.userId]);
        const f = rows[0];
        if (!f || f.content === null) return fail('file_not_found');
        if (item.title) f.title = item.title;
        files.push(f);
      }
      for (const f of files) await call.ctx.db.query('UPDATE files SET complete = true, title = $2 WHERE id = $1', [f.id, f.title]);
      const channels = [...call.args.list('channel_id'), ...call.args.list('channels')];
      for (const ch of channels) {
        const conv = await getConv(call, ch);
        assertCanPost(call, conv);
        const threadTs = await resolveThread(call.ctx.db, conv.id, call.args.str('thread_ts'));
        const blocks = call.args.json('blocks');
        const {row} = await insertMessage(call.ctx.db, call.events, call.caller, conv, {
          files: files.map((f) => f.id), subtype: call.caller.kind === 'bot' ? undefined : 'file_share', text: call.args.str('initial_comment') ?? '', threadTs,
          ...(Array.isArray(blocks) ? {blocks} : {}),
        }, call.origin);
        for (const f of files) await call.ctx.db.query('INSERT INTO file_shares (file_id, channel_id, ts) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [f.id, conv.id, row.ts]);
      }
      const out = [];
      for (const f of files) out.push(await renderFile(call, {...f, complete: true}));
      return {files: out};
    },
  },

  'files.info': {
    scopes: ['files:read'],
    tier: 4,
    async handler(call) {
      const f = await loadFile(call, call.args.str('file'));
      return {file: await renderFile(call, f), comments: [], paging: {count: 100, total: 0, page: 1, pages: 0}};
    },
  },

  'files.list': {
    scopes: ['files:read'],
    tier: 3,
    async handler(call) {
      const count = Math.min(Math.max(call.args.int('count', 100), 1), 1000);
      const page = Math.max(call.args.int('page', 1), 1);
      const params: unknown[] = [call.caller.teamId, call.caller.userId];
      const where = [
        'f.team_id = $1', 'f.complete', 'NOT f.deleted',
        `(f.user_id = $2 OR EXISTS (SELECT 1 FROM file_shares s JOIN conversations c ON c.id = s.channel_id WHERE s.file_id = f.id
           AND (c.kind = 'channel' OR EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = $2))))`,
      ];
      const user = call.args.str('user');
      if (user) {
        params.push(user);
        where.push(`f.user_id = $${params.length}`);
      }
      const channel = call.args.str('channel');
      if (channel) {
        params.push(channel);
        where.push(`EXISTS (SELECT 1 FROM file_shares s WHERE s.file_id = f.id AND s.channel_id = $${params.length})`);
      }
      if (call.args.has('ts_from')) {
        params.push(Number(call.args.str('ts_from')));
        where.push(`f.created >= $${params.length}`);
      }
      if (call.args.has('ts_to')) {
        params.push(Number(call.args.str('ts_to')));
        where.push(`f.created <= $${params.length}`);
      }
      const types = call.args.list('types').filter((t) => t !== 'all');
      if (types.length) {
        const map: Record<string, string[]> = {images: ['png', 'jpg', 'gif'], pdfs: ['pdf'], snippets: ['text', 'markdown', 'javascript', 'typescript', 'json', 'yaml', 'csv']};
        params.push(types.flatMap((t) => map[t] ?? [t]));
        where.push(`f.filetype = ANY($${params.length})`);
      }
      const {rows: total} = await call.ctx.db.query(`SELECT count(*)::int AS n FROM files f WHERE ${where.join(' AND ')}`, params);
      const {rows} = await call.ctx.db.query(`SELECT * FROM files f WHERE ${where.join(' AND ')} ORDER BY f.created DESC, f.id LIMIT ${count} OFFSET ${(page - 1) * count}`, params);
      const files = [];
      for (const f of rows) files.push(await renderFile(call, f));
      return {files, paging: {count, total: total[0].n, page, pages: Math.max(1, Math.ceil(total[0].n / count))}};
    },
  },

  'files.delete': {
    scopes: ['files:write'],
    tier: 3,
    async handler(call) {
      const f = await loadFile(call, call.args.str('file'));
      if (f.user_id !== call.caller.userId) {
        const {rows} = await call.ctx.db.query('SELECT is_admin FROM users WHERE id = $1', [call.caller.userId]);
        if (call.caller.kind !== 'user' || !rows[0]?.is_admin) fail('cant_delete_file');
      }
      await call.ctx.db.query('UPDATE files SET deleted = true, content = NULL WHERE id = $1', [f.id]);
      call.events.emit(call.caller.teamId, null, {type: 'file_deleted', file_id: f.id, event_ts: `${(Date.now() / 1000).toFixed(6)}`});
      return {};
    },
  },
};

/** The upload URL handed out by files.getUploadURLExternal, and authenticated downloads of url_private. */
export function mountFileRoutes(app: Hono, ctx: BackendContext): void {
  app.post('/upload/v1/:id/:sig', async (c) => {
    const id = c.req.param('id');
    if (c.req.param('sig') !== sign(ctx.env.jwtSecret, id)) return c.text('invalid upload url', 404);
    let bytes: Uint8Array;
    const type = c.req.header('content-type') ?? '';
    if (type.includes('multipart/form-data')) {
      const form = await c.req.formData();
      const file = [...form.values()].find((v) => typeof v !== 'string') as File | undefined;
      const text = [...form.entries()].find(([k]) => k === 'file' || k === 'content' || k === 'body')?.[1];
      bytes = file ? new Uint8Array(await file.arrayBuffer()) : new TextEncoder().encode(String(text ?? ''));
    } else {
      bytes = new Uint8Array(await c.req.arrayBuffer());
    }
    const {rowCount} = await ctx.db.query('UPDATE files SET content = $2, size = $3 WHERE id = $1 AND NOT complete', [id, Buffer.from(bytes), bytes.byteLength]);
    if (!rowCount) return c.text('upload not found', 404);
    return c.text(`OK - ${bytes.byteLength}`, 200);
  });

  const download = async (c: Context) => {
    const token = credentialFromHeader(c.req.header('authorization'));
    const [teamId, fileId] = (c.req.param('tf') ?? '').split('-');
    if (!token) return c.text('not authed', 401);
    const {rows: tok} = await ctx.db.query('SELECT team_id, scopes FROM tokens WHERE hash = $1', [hashToken(token)]);
    if (!tok[0] || tok[0].team_id !== teamId || !tok[0].scopes.includes('files:read')) return c.text('forbidden', 403);
    const {rows} = await ctx.db.query('SELECT content, mimetype, name FROM files WHERE id = $1 AND team_id = $2 AND complete AND NOT deleted', [fileId, teamId]);
    if (!rows[0]) return c.text('not found', 404);
    c.header('content-type', rows[0].mimetype);
    c.header('content-disposition', `attachment; filename="${rows[0].name.replaceAll('"', '')}"`);
    return c.body(new Uint8Array(rows[0].content));
  };
  app.get('/files-pri/:tf/download/:name', download);
  app.get('/files-pri/:tf/:name', download);
}
