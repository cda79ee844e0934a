/** Writes the routes share: inserting blocks in order, the contexts validation needs, access checks. */
import {shouldBe, notFound, validation} from './errors.js';
import {newId, normalizeId} from './ids.js';
import type {Call} from './context.js';
import type {BlockSpec, BlockInputContext} from './blockinput.js';
import type {MentionResolver} from './richtext.js';
import {pageUrl} from './render.js';
import type {BlockRow, DataSourceRow} from './store.js';
import type {ValueContext} from './values.js';

const integration = (call: Call) => ({id: call.bot.id, name: call.bot.name ?? 'integration'});

/** The id in a path parameter, or object_not_found as Notion answers for ids it cannot read. */
export function idParam(call: Call, name: string, kind: string): string {
  const raw = call.params[name] ?? '';
  const id = normalizeId(raw);
  if (!id) throw validation(`path failed validation: path.${kind.replace(/ /g, '_')}_id should be a valid uuid, instead was \`"${raw}"\`.`);
  return id;
}

/** A page, database or block the integration may see. */
export async function readable(call: Call, id: string, kind: string): Promise<BlockRow> {
  const row = await call.store.block(id);
  if (!row || !(await call.store.accessible(id))) throw notFound(kind, id, integration(call));
  return row;
}

export async function readableDataSource(call: Call, id: string): Promise<DataSourceRow> {
  const ds = await call.store.dataSource(id);
  if (!ds || !(await call.store.accessible(ds.database_id))) throw notFound('data_source', id, integration(call));
  return ds;
}

export function editable(row: {in_trash: boolean}, kind = 'block'): void {
  if (row.in_trash) throw validation(`Can't edit ${kind} that is archived. You must unarchive the ${kind} before editing.`);
}

export function resolver(call: Call): MentionResolver {
  return {
    database: async (id) => {
      const row = await call.store.block(id);
      return row?.kind === 'database' ? {title: call.r.titleOf(row), url: pageUrl(id, '')} : undefined;
    },
    page: async (id) => {
      const row = await call.store.block(id);
      return row?.kind === 'page' ? {title: call.r.titleOf(row), url: pageUrl(id, call.r.titleOf(row))} : undefined;
    },
    user: async (id) => call.store.user(id),
  };
}

export function valueContext(call: Call): ValueContext & BlockInputContext {
  return {
    async attachUpload(id, path) {
      const r = await call.store.db.query('SELECT id, status, filename, created_time FROM file_uploads WHERE id = $1', [id]);
      const up = r.rows[0];
      if (!up) throw validation(`${path}: Could not find file upload with ID: ${id}.`);
      if (up.status !== 'uploaded') throw validation(`${path}: File upload ${id} is ${up.status}; only uploaded files can be attached.`);
      const expiry = new Date(call.now.getTime() + 3_600_000).toISOString();
      return {file: {expiry_time: expiry, url: `${call.origin}/_files/${id}/${encodeURIComponent(up.filename ?? 'file')}`}, name: up.filename ?? 'file', type: 'file'};
    },
    async pageExists(id) {
      const row = await call.store.block(id);
      return row?.kind === 'page';
    },
    resolver: resolver(call),
    async userExists(id) {
      return Boolean(await call.store.user(id));
    },
  };
}

/** Insert block specs under a parent (page or block) from a position on, children recursively. */
export async function insertBlocks(call: Call, parent: BlockRow, specs: BlockSpec[], position: number, step = 1): Promise<BlockRow[]> {
  const out: BlockRow[] = [];
  let pos = position;
  for (const spec of specs) {
    const row = await call.store.insertBlock({
      content: spec.content,
      created_by: call.bot.id,
      created_time: call.now,
      id: newId(),
      in_trash: false,
      kind: 'block',
      last_edited_by: call.bot.id,
      last_edited_time: call.now,
      parent_id: parent.id,
      parent_type: parent.kind === 'page' ? 'page_id' : 'block_id',
      position: pos,
      type: spec.type,
    });
    pos += step;
    if (spec.children.length > 0) await insertBlocks(call, row, spec.children, 1);
    out.push(row);
  }
  return out;
}

/** Where a page or database is created: `{page_id}`, `{block_id}`, `{workspace: true}` (and data sources for pages). */
export async function parentTarget(call: Call, parent: unknown, allowDataSource: boolean): Promise<{parent_type: string; parent_id: string | null; ds?: DataSourceRow; row?: BlockRow}> {
  if (typeof parent !== 'object' || parent === null) throw shouldBe('body.parent', 'an object', parent);
  const p = parent as Record<string, any>;
  const type = p.type ?? ['page_id', 'data_source_id', 'database_id', 'block_id', 'workspace'].find((k) => p[k] !== undefined);
  if (type === 'workspace') return {parent_id: null, parent_type: 'workspace'};
  if (!type) throw shouldBe('body.parent.page_id', 'defined', undefined);
  const id = normalizeId(p[type]);
  if (!id) throw shouldBe(`body.parent.${type}`, 'a valid uuid', p[type]);
  if (type === 'data_source_id' || type === 'database_id') {
    if (!allowDataSource) throw shouldBe('body.parent.page_id', 'defined', undefined);
    let dsId = id;
    if (type === 'database_id') {
      const db = await readable(call, id, 'database');
      const sources = (await call.store.dataSourcesOf(db.id)).filter((d) => !d.in_trash);
      if (db.kind !== 'database' || sources.length === 0) throw notFound('database', id, {id: call.bot.id, name: call.bot.name ?? ''});
      if (sources.length > 1 && call.version.model === 'data_sources') throw validation('body.parent.database_id: this database has several data sources; use parent.data_source_id.');
      dsId = sources[0]!.id;
    }
    const ds = await readableDataSource(call, dsId);
    if (ds.in_trash) throw validation(`Can't edit data source that is archived. You must unarchive the data source before editing.`);
    return {ds, parent_id: ds.id, parent_type: 'data_source_id'};
  }
  const row = await readable(call, id, type === 'block_id' ? 'block' : 'page');
  editable(row, row.kind === 'page' ? 'page' : 'block');
  if (type === 'page_id' && row.kind !== 'page') throw notFound('page', id, {id: call.bot.id, name: call.bot.name ?? ''});
  return {parent_id: row.id, parent_type: row.kind === 'page' ? 'page_id' : 'block_id', row};
}
