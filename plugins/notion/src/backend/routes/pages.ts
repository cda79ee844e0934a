/** /v1/pages: create (under a page or data source), retrieve, update (properties, icon, cover, trash), move, property items. */
import type {Hono} from '@asym/template-kit';

import {blockSpecs} from '../blockinput.js';
import {type Call, list, type NotionState, pageSizeOf, paginate, route} from '../context.js';
import {notFound, shouldBe, validation} from '../errors.js';
import {newId} from '../ids.js';
import {editable, idParam, insertBlocks, parentTarget, readable, valueContext} from '../ops.js';
import {assignUniqueIds, dataSourceProperties, plainPageProperties, syncRelations} from '../properties.js';
import type {PropertySchema} from '../schema.js';
import type {BlockRow} from '../store.js';
import {fileObject} from '../values.js';

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** icon: emoji, external, file_upload or custom_emoji; cover: external or file_upload. */
export async function iconOrCover(call: Call, v: unknown, path: string, icon: boolean): Promise<unknown> {
  if (v === null) return null;
  if (!isObj(v)) throw shouldBe(path, 'an object or `null`', v);
  const type = v.type ?? (v.emoji ? 'emoji' : v.external ? 'external' : v.file_upload ? 'file_upload' : v.custom_emoji ? 'custom_emoji' : undefined);
  if (icon && type === 'emoji') {
    if (typeof v.emoji !== 'string' || v.emoji.length === 0 || v.emoji.length > 16) throw shouldBe(`${path}.emoji`, 'an emoji', v.emoji);
    return {emoji: v.emoji, type: 'emoji'};
  }
  if (icon && type === 'custom_emoji') return {custom_emoji: v.custom_emoji, type: 'custom_emoji'};
  const f = await fileObject(v, path, valueContext(call));
  const {name: _n, ...rest} = f;
  return rest;
}

async function pageRow(call: Call, id: string): Promise<BlockRow> {
  const row = await readable(call, id, 'page');
  if (row.kind !== 'page') throw notFound('page', id, {id: call.bot.id, name: call.bot.name ?? ''});
  return row;
}

const filterProps = (call: Call): Set<string> | undefined => {
  const f = call.query.getAll('filter_properties').flatMap((x) => x.split(','));
  return f.length ? new Set(f.map((x) => decodeURIComponent(x))) : undefined;
};

export async function createPage(call: Call): Promise<Record<string, unknown>> {
  const b = call.body;
  if (b.parent === undefined) throw shouldBe('body.parent', 'defined', undefined);
  const target = await parentTarget(call, b.parent, true);
  const written = target.ds ? await dataSourceProperties(call, target.ds, b.properties ?? {}) : await plainPageProperties(call, b.properties ?? {});
  const ctx = valueContext(call);
  const specs = b.children === undefined ? [] : await blockSpecs(b.children, 'body.children', ctx);
  if (b.content !== undefined && b.children === undefined) throw validation('body.content is not supported; use body.children.');
  const icon = b.icon === undefined ? null : await iconOrCover(call, b.icon, 'body.icon', true);
  const cover = b.cover === undefined ? null : await iconOrCover(call, b.cover, 'body.cover', false);
  if (target.ds) {
    await assignUniqueIds(call, target.ds, written.values);
    if (written.schema) await call.store.updateDataSource(target.ds.id, {properties: written.schema});
  }
  const position = target.parent_id && target.parent_type !== 'data_source_id' ? await call.store.nextPosition(target.parent_id) : 0;
  const row = await call.store.insertBlock({
    content: {cover, icon, properties: written.values},
    created_by: call.bot.id,
    created_time: call.now,
    id: newId(),
    in_trash: false,
    kind: 'page',
    last_edited_by: call.bot.id,
    last_edited_time: call.now,
    parent_id: target.parent_id,
    parent_type: target.parent_type,
    position,
    shared: target.parent_type === 'workspace',
    type: 'child_page',
  });
  if (specs.length) await insertBlocks(call, row, specs, 1);
  await syncRelations(call, row, written.relations);
  call.r.forget(target.ds?.id ?? '');
  await call.state.events.emit(call.workspace, call.bot, 'page.created', {id: row.id, type: 'page'}, {parent: {id: target.parent_id ?? call.workspace.id, type: parentKind(target.parent_type)}});
  return call.r.page(row);
}

const parentKind = (t: string) => (t === 'workspace' ? 'space' : t === 'data_source_id' ? 'database' : t.replace(/_id$/, ''));

async function updatePage(call: Call): Promise<Record<string, unknown>> {
  const id = idParam(call, 'id', 'page');
  let row = await pageRow(call, id);
  const b = call.body;
  const trash = b.in_trash ?? b.archived;
  if (trash !== undefined && typeof trash !== 'boolean') throw shouldBe(b.in_trash !== undefined ? 'body.in_trash' : 'body.archived', 'a boolean', trash);
  const editing = b.properties !== undefined || b.icon !== undefined || b.cover !== undefined;
  if (editing && row.in_trash && trash !== false) editable(row, 'page');
  if (row.is_locked && b.properties !== undefined && b.is_locked !== false) throw validation('This page is locked. Unlock it before editing.');
  const content = {...row.content};
  let changed: string[] = [];
  if (b.properties !== undefined) {
    const ds = row.parent_type === 'data_source_id' ? await call.r.dataSource(row.parent_id!) : undefined;
    const written = ds ? await dataSourceProperties(call, ds, b.properties, content.properties ?? {}) : await plainPageProperties(call, b.properties, content.properties ?? {});
    if (ds && written.schema) {
      await call.store.updateDataSource(ds.id, {properties: written.schema});
      call.r.forget(ds.id);
    }
    content.properties = written.values;
    changed = written.changed;
    await syncRelations(call, row, written.relations);
  }
  if (b.icon !== undefined) content.icon = await iconOrCover(call, b.icon, 'body.icon', true);
  if (b.cover !== undefined) content.cover = await iconOrCover(call, b.cover, 'body.cover', false);
  const fields: Parameters<typeof call.store.updateBlock>[1] = {content, last_edited_by: call.bot.id, last_edited_time: call.now};
  if (trash !== undefined) fields.in_trash = trash;
  if (typeof b.is_locked === 'boolean') fields.is_locked = b.is_locked;
  const wasTrashed = row.in_trash;
  row = await call.store.updateBlock(id, fields);
  if (trash !== undefined && trash !== wasTrashed) {
    await call.state.events.emit(call.workspace, call.bot, trash ? 'page.deleted' : 'page.undeleted', {id, type: 'page'}, {parent: {id: row.parent_id, type: parentKind(row.parent_type)}});
  }
  if (changed.length) {
    await call.state.events.emit(call.workspace, call.bot, 'page.properties_updated', {id, type: 'page'}, {parent: {id: row.parent_id, type: parentKind(row.parent_type)}, updated_properties: changed});
  }
  return call.r.page(row, filterProps(call));
}

async function movePage(call: Call): Promise<Record<string, unknown>> {
  const id = idParam(call, 'id', 'page');
  const row = await pageRow(call, id);
  editable(row, 'page');
  if (call.body.parent === undefined) throw shouldBe('body.parent', 'defined', undefined);
  const target = await parentTarget(call, call.body.parent, true);
  if (target.parent_id === id) throw validation('A page cannot be moved into itself.');
  const position = target.parent_id && target.parent_type !== 'data_source_id' ? await call.store.nextPosition(target.parent_id) : 0;
  const moved = await call.store.updateBlock(id, {last_edited_by: call.bot.id, last_edited_time: call.now, parent_id: target.parent_id, parent_type: target.parent_type, position});
  await call.state.events.emit(call.workspace, call.bot, 'page.moved', {id, type: 'page'}, {parent: {id: target.parent_id, type: parentKind(target.parent_type)}});
  return call.r.page(moved);
}

const PAGINATED = new Set(['title', 'rich_text', 'people', 'relation']);

async function propertyItem(call: Call): Promise<Record<string, unknown>> {
  const id = idParam(call, 'id', 'page');
  const row = await pageRow(call, id);
  const propId = decodeURIComponent(call.params.property ?? '');
  const ds = row.parent_type === 'data_source_id' ? await call.r.dataSource(row.parent_id!) : undefined;
  let prop: PropertySchema | undefined;
  let value: unknown;
  if (ds) {
    prop = (ds.properties as PropertySchema[]).find((p) => p.id === propId || p.name === propId);
    if (prop) value = await call.r.value(prop, row, ds, 0);
  } else if (propId === 'title') {
    prop = {description: null, id: 'title', name: 'title', title: {}, type: 'title'};
    value = row.content.properties?.title ?? [];
  }
  if (!prop) throw notFound('property', propId);
  if (!PAGINATED.has(prop.type) && prop.type !== 'rollup') return {id: prop.id, object: 'property_item', type: prop.type, [prop.type]: value};
  const items = prop.type === 'rollup' ? [] : (value as unknown[]).map((v, i) => ({i, v}));
  const size = pageSizeOf(call.query.get('page_size') ?? undefined, 'query.page_size');
  const {page, next} = paginate(items, (x) => `${prop!.id}:${x.i}`, call.query.get('start_cursor') ?? undefined, size, 'start_cursor');
  const results = page.map((x) => ({id: prop!.id, object: 'property_item', type: prop!.type, [prop!.type]: x.v}));
  const extra: Record<string, unknown> = {id: prop.id, next_url: null, type: prop.type, [prop.type]: {}};
  if (prop.type === 'rollup') extra.rollup = value;
  return list('property_item', results, next, extra);
}

export function mountPages(v1: Hono, state: NotionState): void {
  v1.post('/pages', route(state, createPage));
  v1.get('/pages/:id', route(state, async (call) => call.r.page(await pageRow(call, idParam(call, 'id', 'page')), filterProps(call))));
  v1.patch('/pages/:id', route(state, updatePage));
  v1.post('/pages/:id/move', route(state, movePage));
  v1.get('/pages/:id/properties/:property', route(state, propertyItem));
}
