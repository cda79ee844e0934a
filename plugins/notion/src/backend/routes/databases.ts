/**
 * /v1/databases and /v1/data_sources: create, retrieve, update (schema included), query with
 * filters and sorts. 2025-09-03 on, a database holds data sources; 2022-06-28 sees a database as
 * its first data source (properties and query on the database).
 */
import type {Hono} from '@asym/template-kit';

import {type Call, list, type NotionState, pageSizeOf, paginate, route} from '../context.js';
import {notFound, shouldBe, validation} from '../errors.js';
import {checkFilter, checkSorts, compare, matches, type Candidate} from '../filter.js';
import {checkFormula} from '../formula.js';
import {newId, normalizeId} from '../ids.js';
import {editable, idParam, parentTarget, readable, readableDataSource, resolver} from '../ops.js';
import {plainText, richText} from '../richtext.js';
import {applySchema, type PropertySchema, type SchemaContext} from '../schema.js';
import type {DataSourceRow} from '../store.js';
import {iconOrCover} from './pages.js';
import {defaultView} from './views.js';

function schemaContext(call: Call): SchemaContext {
  return {
    dataSource: async (id) => call.store.dataSource(id),
    firstDataSourceOf: async (dbId) => (await call.store.dataSourcesOf(dbId))[0]?.id,
  };
}

function checkFormulas(props: PropertySchema[]): void {
  for (const p of props) {
    if (p.type !== 'formula') continue;
    const err = checkFormula(p.formula.expression);
    if (err) throw validation(`Invalid formula for property ${p.name}: ${err}.`);
  }
}

/** Create or update a data source's schema, adding the synced halves of dual relations. */
async function writeSchema(call: Call, dsId: string, current: PropertySchema[], input: unknown, path: string, creating: boolean): Promise<PropertySchema[]> {
  const {props, dual} = await applySchema(current, input, path, schemaContext(call), dsId, creating);
  checkFormulas(props);
  for (const d of dual) {
    if (d.dataSourceId === dsId) {
      props.push(d.property);
      continue;
    }
    const other = await call.store.dataSource(d.dataSourceId);
    if (!other) continue;
    const db = await call.store.dataSource(dsId);
    d.property.relation.database_id = db?.database_id ?? '';
    await call.store.updateDataSource(other.id, {last_edited_time: call.now, properties: [...other.properties, d.property]});
  }
  return props;
}

async function databaseRow(call: Call, id: string) {
  const row = await readable(call, id, 'database');
  if (row.kind !== 'database') throw notFound('database', id, {id: call.bot.id, name: call.bot.name ?? ''});
  return row;
}

async function insertDataSource(call: Call, databaseId: string, title: unknown, properties: unknown, icon: unknown, path: string): Promise<DataSourceRow> {
  const id = newId();
  const props = await writeSchema(call, id, [], properties, path, true);
  const r = await call.store.db.query(
    `INSERT INTO data_sources (id, database_id, title, description, icon, properties, created_time, last_edited_time, created_by, last_edited_by)
     VALUES ($1, $2, $3, '[]', $4, $5, $6, $6, $7, $7) RETURNING *`,
    [id, databaseId, JSON.stringify(title), icon ?? null, JSON.stringify(props), call.now, call.bot.id],
  );
  return r.rows[0];
}

async function createDatabase(call: Call): Promise<Record<string, unknown>> {
  const b = call.body;
  if (b.parent === undefined) throw shouldBe('body.parent', 'defined', undefined);
  const target = await parentTarget(call, b.parent, false);
  const title = await richText(b.title ?? [], 'body.title', resolver(call));
  const description = await richText(b.description ?? [], 'body.description', resolver(call));
  const icon = b.icon === undefined ? null : await iconOrCover(call, b.icon, 'body.icon', true);
  const cover = b.cover === undefined ? null : await iconOrCover(call, b.cover, 'body.cover', false);
  const legacy = call.version.model === 'databases';
  const props = legacy ? b.properties : b.initial_data_source?.properties ?? b.properties;
  if (legacy && props === undefined) throw shouldBe('body.properties', 'defined', undefined);
  const id = newId();
  const position = target.parent_id ? await call.store.nextPosition(target.parent_id) : 0;
  const row = await call.store.insertBlock({
    content: {cover, description, icon, is_inline: Boolean(b.is_inline), title},
    created_by: call.bot.id,
    created_time: call.now,
    id,
    in_trash: false,
    kind: 'database',
    last_edited_by: call.bot.id,
    last_edited_time: call.now,
    parent_id: target.parent_id,
    parent_type: target.parent_type,
    position,
    shared: target.parent_type === 'workspace',
    type: 'child_database',
  });
  const ds = await insertDataSource(call, id, title, props, null, legacy ? 'body.properties' : 'body.initial_data_source.properties');
  await defaultView(call, id, ds.id);
  await call.state.events.emit(call.workspace, call.bot, 'data_source.created', {id: ds.id, type: 'data_source'}, {parent: {id, type: 'database'}});
  return call.r.database(row);
}

async function updateDatabase(call: Call): Promise<Record<string, unknown>> {
  const row = await databaseRow(call, idParam(call, 'id', 'database'));
  const b = call.body;
  const trash = b.in_trash ?? b.archived;
  const content = {...row.content};
  if (b.title !== undefined) content.title = await richText(b.title, 'body.title', resolver(call));
  if (b.description !== undefined) content.description = await richText(b.description, 'body.description', resolver(call));
  if (b.icon !== undefined) content.icon = await iconOrCover(call, b.icon, 'body.icon', true);
  if (b.cover !== undefined) content.cover = await iconOrCover(call, b.cover, 'body.cover', false);
  if (b.is_inline !== undefined) content.is_inline = Boolean(b.is_inline);
  const fields: Parameters<typeof call.store.updateBlock>[1] = {content, last_edited_by: call.bot.id, last_edited_time: call.now};
  if (typeof trash === 'boolean') fields.in_trash = trash;
  if (typeof b.is_locked === 'boolean') fields.is_locked = b.is_locked;
  if (b.parent !== undefined) {
    const target = await parentTarget(call, b.parent, false);
    Object.assign(fields, {parent_id: target.parent_id, parent_type: target.parent_type});
  }
  if (b.properties !== undefined) {
    if (call.version.model !== 'databases') throw validation('body.properties: from 2025-09-03 a database\'s properties belong to its data sources; update the data source.');
    editable(row, 'database');
    const ds = (await call.store.dataSourcesOf(row.id))[0]!;
    const props = await writeSchema(call, ds.id, ds.properties, b.properties, 'body.properties', false);
    await call.store.updateDataSource(ds.id, {last_edited_by: call.bot.id, last_edited_time: call.now, properties: props});
    await call.state.events.emit(call.workspace, call.bot, 'data_source.schema_updated', {id: ds.id, type: 'data_source'}, {parent: {id: row.id, type: 'database'}});
  }
  if (b.title !== undefined && call.version.model === 'databases') {
    const ds = (await call.store.dataSourcesOf(row.id))[0];
    if (ds) await call.store.updateDataSource(ds.id, {title: content.title});
  }
  return call.r.database(await call.store.updateBlock(row.id, fields));
}

async function createDataSource(call: Call): Promise<Record<string, unknown>> {
  const b = call.body;
  const dbId = normalizeId(b.parent?.database_id);
  if (!dbId) throw shouldBe('body.parent.database_id', 'a valid uuid', b.parent?.database_id);
  const db = await databaseRow(call, dbId);
  editable(db, 'database');
  if (b.properties === undefined) throw shouldBe('body.properties', 'defined', undefined);
  const title = await richText(b.title ?? [], 'body.title', resolver(call));
  const icon = b.icon === undefined ? null : await iconOrCover(call, b.icon, 'body.icon', true);
  const ds = await insertDataSource(call, db.id, title, b.properties, icon, 'body.properties');
  await call.state.events.emit(call.workspace, call.bot, 'data_source.created', {id: ds.id, type: 'data_source'}, {parent: {id: db.id, type: 'database'}});
  return call.r.dataSourceObject(ds);
}

async function updateDataSource(call: Call): Promise<Record<string, unknown>> {
  const ds = await readableDataSource(call, idParam(call, 'id', 'data_source'));
  const b = call.body;
  const trash = b.in_trash ?? b.archived;
  const fields: Parameters<typeof call.store.updateDataSource>[1] = {last_edited_by: call.bot.id, last_edited_time: call.now};
  if (b.title !== undefined) fields.title = await richText(b.title, 'body.title', resolver(call));
  if (b.description !== undefined) fields.description = await richText(b.description, 'body.description', resolver(call));
  if (b.icon !== undefined) fields.icon = await iconOrCover(call, b.icon, 'body.icon', true);
  if (typeof trash === 'boolean') fields.in_trash = trash;
  if (b.properties !== undefined) {
    if (ds.in_trash && trash !== false) editable(ds, 'data source');
    fields.properties = await writeSchema(call, ds.id, ds.properties, b.properties, 'body.properties', false);
  }
  const next = await call.store.updateDataSource(ds.id, fields);
  if (b.properties !== undefined) {
    await call.state.events.emit(call.workspace, call.bot, 'data_source.schema_updated', {id: ds.id, type: 'data_source'}, {parent: {id: ds.database_id, type: 'database'}, updated_properties: Object.keys(b.properties).map((k) => ({action: b.properties[k] === null ? 'deleted' : 'updated', name: k}))});
  }
  return call.r.dataSourceObject(next);
}

/** Query one data source: filter, sorts, cursor pagination; pages in the trash only when asked. */
export async function queryDataSource(call: Call, ds: DataSourceRow): Promise<Record<string, unknown>> {
  const b = call.body;
  if (b.filter !== undefined && b.filter !== null) checkFilter(b.filter, 'body.filter');
  const sorts = checkSorts(b.sorts);
  const size = pageSizeOf(b.page_size, 'body.page_size');
  let rows = await call.store.pagesOf(ds.id);
  if (b.in_trash === true) rows = (await call.store.db.query(`SELECT * FROM blocks WHERE parent_type = 'data_source_id' AND parent_id = $1 AND in_trash ORDER BY seq`, [ds.id])).rows;
  const only = call.query.getAll('filter_properties').flatMap((x) => x.split(','));
  const rendered: Array<Candidate & {id: string; out: Record<string, unknown>}> = [];
  for (const row of rows) {
    const out = await call.r.page(row);
    rendered.push({created_time: row.created_time, id: row.id, last_edited_time: row.last_edited_time, out, properties: out.properties as Candidate['properties']});
  }
  let hits = b.filter ? rendered.filter((c) => matches(c, b.filter)) : rendered;
  hits = sorts.length ? [...hits].sort((x, y) => compare(x, y, sorts)) : [...hits].sort((x, y) => y.created_time.getTime() - x.created_time.getTime());
  const {page, next} = paginate(hits, (x) => x.id, b.start_cursor, size, 'body.start_cursor');
  const results = page.map((x) => {
    if (only.length === 0) return x.out;
    const set = new Set(only.map((o) => decodeURIComponent(o)));
    const props = Object.fromEntries(Object.entries(x.properties).filter(([name, v]) => set.has(name) || set.has(v.id)));
    return {...x.out, properties: props};
  });
  return list(call.version.model === 'databases' ? 'page_or_database' : 'page_or_data_source', results, next);
}

async function templates(call: Call): Promise<Record<string, unknown>> {
  await readableDataSource(call, idParam(call, 'id', 'data_source'));
  return {has_more: false, next_cursor: null, templates: []};
}

export function mountDatabases(v1: Hono, state: NotionState): void {
  v1.post('/databases', route(state, createDatabase));
  v1.get('/databases/:id', route(state, async (call) => call.r.database(await databaseRow(call, idParam(call, 'id', 'database')))));
  v1.patch('/databases/:id', route(state, updateDatabase));
  v1.post(
    '/databases/:id/query',
    route(state, async (call) => {
      const db = await databaseRow(call, idParam(call, 'id', 'database'));
      const ds = (await call.store.dataSourcesOf(db.id)).find((d) => !d.in_trash);
      if (!ds) throw notFound('database', db.id);
      return queryDataSource(call, ds);
    }),
  );
  v1.post('/data_sources', route(state, createDataSource));
  v1.get('/data_sources/:id', route(state, async (call) => call.r.dataSourceObject(await readableDataSource(call, idParam(call, 'id', 'data_source')))));
  v1.patch('/data_sources/:id', route(state, updateDataSource));
  v1.post('/data_sources/:id/query', route(state, async (call) => queryDataSource(call, await readableDataSource(call, idParam(call, 'id', 'data_source')))));
  v1.get('/data_sources/:id/templates', route(state, templates));
}

export const titleOfDataSource = (ds: DataSourceRow) => plainText(ds.title);
