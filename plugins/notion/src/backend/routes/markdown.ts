/**
 * GET/PATCH /v1/pages/{id}/markdown (a page's content as Markdown) and /v1/async_tasks/{id} (a
 * PATCH with `allow_async` answers 202 with a task that has already succeeded).
 */
import {randomUUID} from 'node:crypto';

import type {Hono} from '@asym/template-kit';

import {type Call, type NotionState, route} from '../context.js';
import {notFound, shouldBe, validation} from '../errors.js';
import {blockMarkdown, markdownBlocks} from '../markdown.js';
import {editable, idParam, insertBlocks, readable} from '../ops.js';
import type {BlockRow} from '../store.js';

const tasks = new Map<string, Record<string, unknown>>();

async function markdownOf(call: Call, parent: BlockRow, indent = ''): Promise<string[]> {
  const lines: string[] = [];
  for (const row of await call.store.children(parent.id)) {
    const kids = row.kind === 'block' ? await markdownOf(call, row, `${indent}\t`) : [];
    lines.push(...blockMarkdown(row, call.r.titleOf(row), kids, indent));
  }
  return lines;
}

async function page(call: Call): Promise<BlockRow> {
  const row = await readable(call, idParam(call, 'id', 'page'), 'page');
  if (row.kind !== 'page') throw notFound('page', row.id);
  return row;
}

const answer = async (call: Call, row: BlockRow) => ({object: 'page_markdown', id: row.id, markdown: (await markdownOf(call, row)).join('\n'), truncated: false, unknown_block_ids: []});

async function replaceAll(call: Call, row: BlockRow, md: string): Promise<void> {
  await call.store.db.query(`UPDATE blocks SET in_trash = true, last_edited_time = $2 WHERE parent_id = $1 AND kind = 'block' AND NOT in_trash`, [row.id, call.now]);
  await insertBlocks(call, row, markdownBlocks(md), await call.store.nextPosition(row.id));
}

async function update(call: Call): Promise<Record<string, unknown>> {
  const row = await page(call);
  editable(row, 'page');
  const b = call.body;
  const current = (await markdownOf(call, row)).join('\n');
  switch (b.type) {
    case 'insert_content': {
      const content = b.insert_content?.content;
      if (typeof content !== 'string') throw shouldBe('body.insert_content.content', 'a string', content);
      if (b.insert_content.position?.type === 'start') await replaceAll(call, row, `${content}\n${current}`);
      else await insertBlocks(call, row, markdownBlocks(content), await call.store.nextPosition(row.id));
      break;
    }
    case 'replace_content': {
      const s = b.replace_content?.new_str;
      if (typeof s !== 'string') throw shouldBe('body.replace_content.new_str', 'a string', s);
      await replaceAll(call, row, s);
      break;
    }
    case 'update_content': {
      let md = current;
      for (const [i, u] of (b.update_content?.content_updates ?? []).entries()) {
        if (!md.includes(u.old_str)) throw validation(`body.update_content.content_updates[${i}].old_str was not found in the page.`);
        md = u.replace_all_matches ? md.split(u.old_str).join(u.new_str) : md.replace(u.old_str, u.new_str);
      }
      await replaceAll(call, row, md);
      break;
    }
    case 'replace_content_range': {
      const r = b.replace_content_range;
      const [from, to] = String(r?.content_range ?? '').split('...');
      const start = from ? current.indexOf(from) : -1;
      const end = to ? current.indexOf(to, start) : -1;
      if (start < 0 || end < 0) throw validation('body.replace_content_range.content_range was not found in the page.');
      await replaceAll(call, row, current.slice(0, start) + String(r.content ?? '') + current.slice(end + to!.length));
      break;
    }
    default:
      throw shouldBe('body.type', '`"insert_content"`, `"replace_content"`, `"update_content"` or `"replace_content_range"`', b.type);
  }
  await call.store.updateBlock(row.id, {last_edited_by: call.bot.id, last_edited_time: call.now});
  const result = await answer(call, row);
  if (b.allow_async !== true) return result;
  const id = `task_${randomUUID().replace(/-/g, '')}`;
  const task = {object: 'async_task', id, status: 'succeeded', status_url: `${call.origin}/v1/async_tasks/${id}`, created_time: call.now.toISOString(), operation: {name: 'PATCH /v1/pages/:page_id/markdown', surface: 'rest'}, result};
  tasks.set(id, task);
  call.status = 202;
  return {...task, poll_after_seconds: 2, result: undefined, status: 'queued'};
}

export function mountMarkdown(v1: Hono, state: NotionState): void {
  v1.get('/pages/:id/markdown', route(state, async (call) => answer(call, await page(call))));
  v1.patch('/pages/:id/markdown', route(state, update));
  v1.get(
    '/async_tasks/:id',
    route(state, async (call) => {
      const t = tasks.get(call.params.id ?? '');
      if (!t) throw notFound('async task', call.params.id ?? '');
      return t;
    }),
  );
}
