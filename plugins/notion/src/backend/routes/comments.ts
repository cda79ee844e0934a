/** /v1/comments: on a page (a new discussion), in a discussion, listed by page or block; retrieve, update, delete. */
import type {Hono} from '@asym/template-kit';

import {type Call, list, type NotionState, pageSizeOf, paginate, route} from '../context.js';
import {notFound, shouldBe, validation} from '../errors.js';
import {newId, normalizeId} from '../ids.js';
import {readable, resolver} from '../ops.js';
import {iso} from '../render.js';
import {richText} from '../richtext.js';

function render(call: Call, c: Record<string, any>): Record<string, unknown> {
  return {
    object: 'comment',
    id: c.id,
    parent: {type: c.parent_type, [c.parent_type]: c.parent_id},
    discussion_id: c.discussion_id,
    created_time: iso(c.created_time),
    last_edited_time: iso(c.last_edited_time),
    created_by: {id: c.created_by, object: 'user'},
    rich_text: c.rich_text,
    ...(c.attachments ? {attachments: c.attachments} : {}),
    display_name: c.display_name ?? {resolved_name: call.bot.name, type: 'integration'},
  };
}

async function create(call: Call): Promise<Record<string, unknown>> {
  const b = call.body;
  if (b.rich_text === undefined && b.markdown === undefined) throw shouldBe('body.rich_text', 'defined', undefined);
  const rt = await richText(b.rich_text ?? [{text: {content: String(b.markdown)}}], 'body.rich_text', resolver(call));
  let parentType: string;
  let parentId: string;
  let discussion: string;
  if (b.discussion_id !== undefined) {
    const d = normalizeId(b.discussion_id);
    if (!d) throw shouldBe('body.discussion_id', 'a valid uuid', b.discussion_id);
    const first = (await call.store.db.query('SELECT * FROM comments WHERE discussion_id = $1 ORDER BY seq LIMIT 1', [d])).rows[0];
    if (!first || !(await call.store.accessible(first.parent_id))) throw notFound('discussion', d);
    parentType = first.parent_type;
    parentId = first.parent_id;
    discussion = d;
  } else if (b.parent !== undefined) {
    const type = b.parent?.page_id !== undefined ? 'page_id' : b.parent?.block_id !== undefined ? 'block_id' : undefined;
    const id = type ? normalizeId(b.parent[type]) : undefined;
    if (!type || !id) throw shouldBe('body.parent.page_id', 'a valid uuid', b.parent?.page_id);
    const row = await readable(call, id, type === 'page_id' ? 'page' : 'block');
    if (type === 'page_id' && row.kind !== 'page') throw notFound('page', id);
    parentType = type;
    parentId = id;
    discussion = newId();
  } else throw validation('body failed validation: one of body.parent or body.discussion_id should be defined.');
  const display = b.display_name ? {resolved_name: b.display_name.custom?.name ?? call.bot.name, type: b.display_name.type ?? 'integration'} : null;
  const r = await call.store.db.query(
    `INSERT INTO comments (id, discussion_id, parent_type, parent_id, rich_text, attachments, display_name, created_time, last_edited_time, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING *`,
    [newId(), discussion, parentType, parentId, JSON.stringify(rt), b.attachments ? JSON.stringify(b.attachments) : null, display, call.now, call.bot.id],
  );
  await call.state.events.emit(call.workspace, call.bot, 'comment.created', {id: r.rows[0].id, type: 'comment'}, {page_id: parentId, parent: {id: parentId, type: parentType.replace(/_id$/, '')}});
  return render(call, r.rows[0]);
}

async function listComments(call: Call): Promise<Record<string, unknown>> {
  const raw = call.query.get('block_id');
  const id = normalizeId(raw);
  if (!id) throw shouldBe('query.block_id', 'a valid uuid', raw ?? undefined);
  await readable(call, id, 'block');
  const rows = (await call.store.db.query('SELECT * FROM comments WHERE parent_id = $1 ORDER BY seq', [id])).rows;
  const size = pageSizeOf(call.query.get('page_size') ?? undefined, 'query.page_size');
  const {page, next} = paginate(rows, (r) => r.id, call.query.get('start_cursor') ?? undefined, size, 'start_cursor');
  return list('comment', page.map((c) => render(call, c)), next);
}

async function one(call: Call): Promise<Record<string, any>> {
  const id = normalizeId(call.params.id);
  const row = id ? (await call.store.db.query('SELECT * FROM comments WHERE id = $1', [id])).rows[0] : undefined;
  if (!row || !(await call.store.accessible(row.parent_id))) throw notFound('comment', call.params.id ?? '');
  return row;
}

export function mountComments(v1: Hono, state: NotionState): void {
  v1.post('/comments', route(state, create));
  v1.get('/comments', route(state, listComments));
  v1.get('/comments/:id', route(state, async (call) => render(call, await one(call))));
  v1.patch(
    '/comments/:id',
    route(state, async (call) => {
      const row = await one(call);
      if (row.created_by !== call.bot.id) throw validation('Only comments made by this integration can be updated.');
      const rt = await richText(call.body.rich_text, 'body.rich_text', resolver(call));
      const r = await call.store.db.query('UPDATE comments SET rich_text = $2, last_edited_time = $3 WHERE id = $1 RETURNING *', [row.id, JSON.stringify(rt), call.now]);
      await call.state.events.emit(call.workspace, call.bot, 'comment.updated', {id: row.id, type: 'comment'}, {page_id: row.parent_id, parent: {id: row.parent_id, type: row.parent_type.replace(/_id$/, '')}});
      return render(call, r.rows[0]);
    }),
  );
  v1.delete(
    '/comments/:id',
    route(state, async (call) => {
      const row = await one(call);
      await call.store.db.query('DELETE FROM comments WHERE id = $1', [row.id]);
      await call.state.events.emit(call.workspace, call.bot, 'comment.deleted', {id: row.id, type: 'comment'}, {page_id: row.parent_id, parent: {id: row.parent_id, type: row.parent_type.replace(/_id$/, '')}});
      return render(call, row);
    }),
  );
}
