/** /v1/blocks: retrieve, update, delete (to the trash), children list and append (with `after`). */
import type {Hono} from '@asym/template-kit';

import {blockContent, blockSpecs, BLOCK_TYPES} from '../blockinput.js';
import {type Call, list, type NotionState, pageSizeOf, paginate, route} from '../context.js';
import {shouldBe, validation} from '../errors.js';
import {normalizeId} from '../ids.js';
import {editable, idParam, insertBlocks, readable, valueContext} from '../ops.js';
import type {BlockRow} from '../store.js';

async function retrieve(call: Call): Promise<Record<string, unknown>> {
  const row = await readable(call, idParam(call, 'id', 'block'), 'block');
  const kids = await call.store.withChildren([row.id]);
  return call.r.block(row, kids.has(row.id));
}

async function children(call: Call): Promise<Record<string, unknown>> {
  const row = await readable(call, idParam(call, 'id', 'block'), 'block');
  const size = pageSizeOf(call.query.get('page_size') ?? undefined, 'query.page_size');
  const rows = await call.store.children(row.id);
  const {page, next} = paginate(rows, (r) => r.id, call.query.get('start_cursor') ?? undefined, size, 'start_cursor');
  return list('block', await call.r.blocks(page), next);
}

/** Where appended blocks go: at the end, after a sibling (`after`), or `position: {type: start|end|after_block}`. */
async function insertionPoint(call: Call, parent: BlockRow): Promise<{position: number; step: number}> {
  const b = call.body;
  let afterId: string | undefined;
  let atStart = false;
  if (b.after !== undefined) {
    afterId = normalizeId(b.after);
    if (!afterId) throw shouldBe('body.after', 'a valid uuid', b.after);
  } else if (b.position !== undefined) {
    const p = b.position;
    if (p?.type === 'start') atStart = true;
    else if (p?.type === 'after_block') {
      afterId = normalizeId(p.after_block?.id);
      if (!afterId) throw shouldBe('body.position.after_block.id', 'a valid uuid', p.after_block?.id);
    } else if (p?.type !== 'end') throw shouldBe('body.position.type', '`"start"`, `"end"` or `"after_block"`', p?.type);
  }
  const siblings = await call.store.children(parent.id);
  const n = Array.isArray(b.children) ? b.children.length : 1;
  if (atStart) {
    const first = siblings[0]?.position ?? 1;
    return {position: first - 1, step: 1 / (n + 1)};
  }
  if (!afterId) return {position: await call.store.nextPosition(parent.id), step: 1};
  const i = siblings.findIndex((s) => s.id === afterId);
  if (i < 0) throw validation(`body.after: block ${afterId} is not a child of ${parent.id}.`);
  const lo = siblings[i]!.position;
  const hi = siblings[i + 1]?.position ?? lo + 1;
  const step = (hi - lo) / (n + 1);
  return {position: lo + step, step};
}

async function append(call: Call): Promise<Record<string, unknown>> {
  const parent = await readable(call, idParam(call, 'id', 'block'), 'block');
  editable(parent, parent.kind === 'page' ? 'page' : 'block');
  if (parent.kind === 'database') throw validation('Children of a database are its pages: create pages with the database (data source) as their parent.');
  if (call.body.children === undefined) throw shouldBe('body.children', 'defined', undefined);
  const specs = await blockSpecs(call.body.children, 'body.children', valueContext(call));
  const {position, step} = await insertionPoint(call, parent);
  const rows = await insertBlocks(call, parent, specs, position, step);
  await call.store.updateBlock(parent.id, {last_edited_by: call.bot.id, last_edited_time: call.now});
  await emitContent(call, parent, rows.map((r) => r.id));
  return list('block', await call.r.blocks(rows), null);
}

/** page.content_updated for the page a block belongs to. */
async function emitContent(call: Call, block: BlockRow, updated: string[]): Promise<void> {
  let row: BlockRow | undefined = block;
  for (let i = 0; row && row.kind === 'block' && i < 32; i++) row = row.parent_id ? await call.store.block(row.parent_id) : undefined;
  if (!row || row.kind !== 'page') return;
  await call.state.events.emit(call.workspace, call.bot, 'page.content_updated', {id: row.id, type: 'page'}, {parent: {id: row.parent_id, type: row.parent_type.replace(/_id$/, '')}, updated_blocks: updated.map((id) => ({id, type: 'block'}))});
}

async function update(call: Call): Promise<Record<string, unknown>> {
  const row = await readable(call, idParam(call, 'id', 'block'), 'block');
  const b = call.body;
  const trash = b.in_trash ?? b.archived;
  if (trash !== undefined && typeof trash !== 'boolean') throw shouldBe('body.in_trash', 'a boolean', trash);
  const key = Object.keys(b).find((k) => BLOCK_TYPES.includes(k) || k === 'child_page' || k === 'child_database');
  let content = row.content;
  if (key) {
    if (trash !== false) editable(row);
    const own = row.kind === 'page' ? 'child_page' : row.kind === 'database' ? 'child_database' : row.type;
    if (key !== own) throw validation(`body failed validation: block type \`${key}\` does not match the block's type \`${own}\`.`);
    if (row.kind !== 'block') throw validation(`Update ${row.kind === 'page' ? 'pages' : 'databases'} with their own endpoint.`);
    if (b[key] === null || typeof b[key] !== 'object') throw shouldBe(`body.${key}`, 'an object', b[key]);
    content = await blockContent(key, b[key], 'body', valueContext(call), row.content);
  }
  const fields: Parameters<typeof call.store.updateBlock>[1] = {content, last_edited_by: call.bot.id, last_edited_time: call.now};
  if (trash !== undefined) fields.in_trash = trash;
  const next = await call.store.updateBlock(row.id, fields);
  await emitContent(call, next, [next.id]);
  const kids = await call.store.withChildren([row.id]);
  return call.r.block(next, kids.has(row.id));
}

async function remove(call: Call): Promise<Record<string, unknown>> {
  const row = await readable(call, idParam(call, 'id', 'block'), 'block');
  const next = await call.store.updateBlock(row.id, {in_trash: true, last_edited_by: call.bot.id, last_edited_time: call.now});
  if (row.kind === 'page' && !row.in_trash) await call.state.events.emit(call.workspace, call.bot, 'page.deleted', {id: row.id, type: 'page'}, {parent: {id: row.parent_id, type: row.parent_type.replace(/_id$/, '')}});
  else if (row.kind === 'block') await emitContent(call, row, [row.id]);
  const kids = await call.store.withChildren([row.id]);
  return call.r.block(next, kids.has(row.id));
}

export function mountBlocks(v1: Hono, state: NotionState): void {
  v1.get('/blocks/:id', route(state, retrieve));
  v1.patch('/blocks/:id', route(state, update));
  v1.delete('/blocks/:id', route(state, remove));
  v1.get('/blocks/:id/children', route(state, children));
  v1.patch('/blocks/:id/children', route(state, append));
}
