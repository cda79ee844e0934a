/** POST /v1/search: pages and data sources (databases before 2025-09-03) shared with the integration, by title. */
import type {Hono} from '@asym/template-kit';

import {type Call, list, type NotionState, pageSizeOf, paginate, route} from '../context.js';
import {shouldBe} from '../errors.js';
import {plainText} from '../richtext.js';

async function search(call: Call): Promise<Record<string, unknown>> {
  const b = call.body;
  const legacy = call.version.model === 'databases';
  const containerKind = legacy ? 'database' : 'data_source';
  if (b.query !== undefined && typeof b.query !== 'string') throw shouldBe('body.query', 'a string', b.query);
  if (b.filter !== undefined) {
    if (b.filter?.property !== 'object') throw shouldBe('body.filter.property', '`"object"`', b.filter?.property);
    if (b.filter.value !== 'page' && b.filter.value !== containerKind) throw shouldBe('body.filter.value', `\`"page"\` or \`"${containerKind}"\``, b.filter.value);
  }
  if (b.sort !== undefined) {
    if (b.sort?.timestamp !== 'last_edited_time') throw shouldBe('body.sort.timestamp', '`"last_edited_time"`', b.sort?.timestamp);
    if (b.sort.direction !== 'ascending' && b.sort.direction !== 'descending') throw shouldBe('body.sort.direction', '`"ascending"` or `"descending"`', b.sort.direction);
  }
  const size = pageSizeOf(b.page_size, 'body.page_size');
  const q = (b.query ?? '').toLowerCase();
  const want = b.filter?.value as string | undefined;
  type Hit = {id: string; edited: number; render: () => Promise<Record<string, unknown>>};
  const hits: Hit[] = [];
  const visible = await call.store.accessibleIds();
  if (!want || want === 'page') {
    const rows = (await call.store.db.query(`SELECT * FROM blocks WHERE kind = 'page' AND NOT in_trash`)).rows;
    for (const row of rows) {
      if (q && !call.r.titleOf(row).toLowerCase().includes(q)) continue;
      if (!visible.has(row.id)) continue;
      hits.push({edited: row.last_edited_time.getTime(), id: row.id, render: () => call.r.page(row)});
    }
  }
  if (!want || want === containerKind) {
    const rows = (await call.store.db.query(`SELECT * FROM blocks WHERE kind = 'database' AND NOT in_trash`)).rows;
    for (const row of rows) {
      if (!visible.has(row.id)) continue;
      if (legacy) {
        if (q && !call.r.titleOf(row).toLowerCase().includes(q)) continue;
        hits.push({edited: row.last_edited_time.getTime(), id: row.id, render: () => call.r.database(row)});
      } else {
        for (const ds of await call.store.dataSourcesOf(row.id)) {
          if (ds.in_trash || (q && !plainText(ds.title).toLowerCase().includes(q))) continue;
          hits.push({edited: ds.last_edited_time.getTime(), id: ds.id, render: () => call.r.dataSourceObject(ds)});
        }
      }
    }
  }
  const dir = b.sort?.direction === 'ascending' ? 1 : -1;
  hits.sort((a, x) => (a.edited - x.edited) * dir || a.id.localeCompare(x.id));
  const {page, next} = paginate(hits, (h) => h.id, b.start_cursor, size, 'body.start_cursor');
  return list(legacy ? 'page_or_database' : 'page_or_data_source', await Promise.all(page.map((h) => h.render())), next);
}

export function mountSearch(v1: Hono, state: NotionState): void {
  v1.post('/search', route(state, search));
}
