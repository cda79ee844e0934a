/** Writing a page's properties: by name or id, against its data source's schema; dual relations kept in sync. */
import type {Call} from './context.js';
import {shouldBe, validation} from './errors.js';
import {richText} from './richtext.js';
import type {PropertySchema} from './schema.js';
import type {BlockRow, DataSourceRow} from './store.js';
import {normalizeValue} from './values.js';
import {resolver, valueContext} from './ops.js';

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface WrittenProperties {
  values: Record<string, unknown>;
  changed: string[];
  schema?: PropertySchema[];
  /** Relation changes to mirror: property id → ids added/removed. */
  relations: Array<{prop: PropertySchema; before: string[]; after: string[]}>;
}

/** Properties of a page outside any data source: only its title. */
export async function plainPageProperties(call: Call, input: unknown, current: Record<string, unknown> = {}): Promise<WrittenProperties> {
  if (input === undefined) return {changed: [], relations: [], values: current};
  if (!isObj(input)) throw shouldBe('body.properties', 'an object', input);
  const values = {...current};
  const changed: string[] = [];
  for (const [key, v] of Object.entries(input)) {
    if (key !== 'title' && key !== 'Name' && !(isObj(v) && 'title' in v)) {
      throw validation(`${key} is not a property that exists. Pages outside a data source have only a title.`);
    }
    const arr = Array.isArray(v) ? v : isObj(v) ? v.title : undefined;
    values.title = await richText(arr, `body.properties.${key}.title`, resolver(call));
    changed.push('title');
  }
  return {changed, relations: [], values};
}

export async function dataSourceProperties(call: Call, ds: DataSourceRow, input: unknown, current: Record<string, unknown> = {}): Promise<WrittenProperties> {
  const values = {...current};
  const changed: string[] = [];
  const relations: WrittenProperties['relations'] = [];
  if (input === undefined) return {changed, relations, values};
  if (!isObj(input)) throw shouldBe('body.properties', 'an object', input);
  const schema = structuredClone(ds.properties) as PropertySchema[];
  let schemaChanged = false;
  const ctx = valueContext(call);
  for (const [key, v] of Object.entries(input)) {
    const prop = schema.find((p) => p.name === key) ?? schema.find((p) => p.id === key || p.id === decodeURIComponent(key));
    if (!prop) throw validation(`${key} is not a property that exists.`);
    const r = await normalizeValue(prop, v, `body.properties.${key}`, ctx);
    schemaChanged ||= r.schemaChanged;
    if (prop.type === 'relation') relations.push({after: r.value as string[], before: (values[prop.id] as string[] | undefined) ?? [], prop});
    values[prop.id] = r.value;
    changed.push(prop.id);
  }
  return {changed, relations, schema: schemaChanged ? schema : undefined, values};
}

/** Mirror relation changes into the synced property of dual relations on the related pages. */
export async function syncRelations(call: Call, page: BlockRow, relations: WrittenProperties['relations']): Promise<void> {
  for (const {prop, before, after} of relations) {
    if (prop.relation?.type !== 'dual_property') continue;
    const synced = prop.relation.dual_property.synced_property_id as string;
    const added = after.filter((x) => !before.includes(x));
    const removed = before.filter((x) => !after.includes(x));
    for (const id of [...added, ...removed]) {
      const other = await call.store.block(id);
      if (!other || other.kind !== 'page') continue;
      const cur = ((other.content.properties ?? {})[synced] as string[] | undefined) ?? [];
      const next = added.includes(id) ? [...new Set([...cur, page.id])] : cur.filter((x) => x !== page.id);
      await call.store.updateBlock(id, {content: {...other.content, properties: {...other.content.properties, [synced]: next}}});
      call.r.forget(id);
    }
  }
}

/** Give a new page its unique_id numbers (the data source keeps a counter per property). */
export async function assignUniqueIds(call: Call, ds: DataSourceRow, values: Record<string, unknown>): Promise<void> {
  const props = (ds.properties as PropertySchema[]).filter((p) => p.type === 'unique_id');
  if (props.length === 0) return;
  const r = await call.store.db.query('SELECT counters FROM data_sources WHERE id = $1 FOR UPDATE', [ds.id]);
  const counters = {...(r.rows[0]?.counters ?? {})} as Record<string, number>;
  for (const p of props) {
    counters[p.id] = (counters[p.id] ?? 0) + 1;
    values[p.id] = counters[p.id];
  }
  await call.store.db.query('UPDATE data_sources SET counters = $2 WHERE id = $1', [ds.id, counters]);
}
