/**
 * /v1/views: a database's views (a default table view comes with every database), and view
 * queries — a snapshot of the view's data source query (its filter and sorts) paged by cursor.
 */
import {randomUUID} from 'node:crypto';

import type {Hono} from '@asym/template-kit';

import {type Call, list, type NotionState, pageSizeOf, paginate, route} from '../context.js';
import {notFound, shouldBe} from '../errors.js';
import {compactId, newId, normalizeId} from '../ids.js';
import {readable, readableDataSource} from '../ops.js';
import {queryDataSource} from './databases.js';

const VIEW_TYPES = ['table', 'board', 'list', 'calendar', 'timeline', 'gallery', 'form', 'chart', 'map', 'dashboard'];
const snapshots = new Map<string, {viewId: string; ids: unknown[]; expires: number}>();

function render(v: Record<string, any>): Record<string, unknown> {
  return {
    object: 'view',
    id: v.id,
    parent: {database_id: v.database_id, type: 'database_id'},
    data_source_id: v.data_source_id,
    name: v.name,
    type: v.type,
    created_time: new Date(v.created_time).toISOString(),
    created_by: {id: v.created_by, object: 'user'},
    last_edited_time: new Date(v.last_edited_time).toISOString(),
    last_edited_by: {id: v.created_by, object: 'user'},
    url: `https://www.notion.so/${compactId(v.database_id)}?v=${compactId(v.id)}`,
    filter: v.config.filter ?? null,
    sorts: v.config.sorts ?? null,
    quick_filters: v.config.quick_filters ?? null,
    configuration: v.config.configuration ?? {type: v.type},
  };
}

/** The default view every new database gets. */
export async function defaultView(call: Call, databaseId: string, dataSourceId: string): Promise<void> {
  await call.store.db.query(
    `INSERT INTO views (id, database_id, data_source_id, name, type, config, created_time, last_edited_time, created_by) VALUES ($1, $2, $3, 'Default view', 'table', '{}', $4, $4, $5)`,
    [newId(), databaseId, dataSourceId, call.now, call.bot.id],
  );
}

async function one(call: Call): Promise<Record<string, any>> {
  const id = normalizeId(call.params.id);
  const v = id ? (await call.store.db.query('SELECT * FROM views WHERE id = $1', [id])).rows[0] : undefined;
  if (!v || !(await call.store.accessible(v.database_id))) throw notFound('view', call.params.id ?? '');
  return v;
}

async function create(call: Call): Promise<Record<string, unknown>> {
  const b = call.body;
  const dsId = normalizeId(b.data_source_id);
  if (!dsId) throw shouldBe('body.data_source_id', 'a valid uuid', b.data_source_id);
  const ds = await readableDataSource(call, dsId);
  if (typeof b.name !== 'string') throw shouldBe('body.name', 'a string', b.name);
  if (!VIEW_TYPES.includes(b.type)) throw shouldBe('body.type', `one of ${VIEW_TYPES.map((t) => `\`${t}\``).join(', ')}`, b.type);
  const config = {configuration: b.configuration ?? {type: b.type}, filter: b.filter ?? null, quick_filters: b.quick_filters ?? null, sorts: b.sorts ?? null};
  const r = await call.store.db.query(
    `INSERT INTO views (id, database_id, data_source_id, name, type, config, created_time, last_edited_time, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8) RETURNING *`,
    [newId(), ds.database_id, ds.id, b.name, b.type, config, call.now, call.bot.id],
  );
  return render(r.rows[0]);
}

async function update(call: Call): Promise<Record<string, unknown>> {
  const v = await one(call);
  const b = call.body;
  const config = {...v.config};
  for (const k of ['filter', 'sorts', 'quick_filters', 'configuration']) if (b[k] !== undefined) config[k] = b[k];
  const r = await call.store.db.query('UPDATE views SET name = $2, config = $3, last_edited_time = $4 WHERE id = $1 RETURNING *', [v.id, typeof b.name === 'string' ? b.name : v.name, config, call.now]);
  return render(r.rows[0]);
}

async function query(call: Call): Promise<Record<string, unknown>> {
  const v = await one(call);
  const ds = await readableDataSource(call, v.data_source_id);
  const size = pageSizeOf(call.body.page_size, 'body.page_size');
  const all = await queryDataSource({...call, body: {filter: v.config.filter ?? undefined, page_size: 100, sorts: v.config.sorts ?? undefined}}, ds);
  const results = all.results as unknown[];
  const id = randomUUID();
  const expires = Date.now() + 15 * 60_000;
  snapshots.set(id, {expires, ids: results, viewId: v.id});
  const {page, next} = paginate(results.map((r, i) => ({i, r})), (x) => String(x.i), undefined, size, 'body.start_cursor');
  return {object: 'view_query', id, view_id: v.id, expires_at: new Date(expires).toISOString(), total_count: results.length, results: page.map((x) => x.r), next_cursor: next, has_more: next !== null};
}

export function mountViews(v1: Hono, state: NotionState): void {
  v1.get(
    '/views',
    route(state, async (call) => {
      const dbId = normalizeId(call.query.get('database_id'));
      if (!dbId) throw shouldBe('query.database_id', 'a valid uuid', call.query.get('database_id') ?? undefined);
      await readable(call, dbId, 'database');
      const rows = (await call.store.db.query('SELECT id FROM views WHERE database_id = $1 ORDER BY seq', [dbId])).rows;
      const {page, next} = paginate(rows, (r) => r.id, call.query.get('start_cursor') ?? undefined, pageSizeOf(call.query.get('page_size') ?? undefined, 'query.page_size'), 'start_cursor');
      return list('view', page.map((r) => ({id: r.id, object: 'view'})), next);
    }),
  );
  v1.post('/views', route(state, create));
  v1.get('/views/:id', route(state, async (call) => render(await one(call))));
  v1.patch('/views/:id', route(state, update));
  v1.delete(
    '/views/:id',
    route(state, async (call) => {
      const v = await one(call);
      await call.store.db.query('DELETE FROM views WHERE id = $1', [v.id]);
      return {object: 'view', id: v.id, parent: {database_id: v.database_id, type: 'database_id'}, type: v.type};
    }),
  );
  v1.post('/views/:id/queries', route(state, query));
  v1.get(
    '/views/:id/queries/:query',
    route(state, async (call) => {
      const v = await one(call);
      const snap = snapshots.get(call.params.query ?? '');
      if (!snap || snap.viewId !== v.id || snap.expires < Date.now()) throw notFound('view query', call.params.query ?? '');
      const items = snap.ids.map((r, i) => ({i, r}));
      const {page, next} = paginate(items, (x) => String(x.i), call.query.get('start_cursor') ?? undefined, pageSizeOf(call.query.get('page_size') ?? undefined, 'query.page_size'), 'start_cursor');
      return list('page', page.map((x) => x.r), next);
    }),
  );
  v1.delete(
    '/views/:id/queries/:query',
    route(state, async (call) => {
      await one(call);
      const qid = call.params.query ?? '';
      if (!snapshots.delete(qid)) throw notFound('view query', qid);
      return {deleted: true, id: qid, object: 'view_query'};
    }),
  );
}
