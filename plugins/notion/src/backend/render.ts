/**
 * Objects as Notion answers them, for either data model (the version decides whether a page's
 * parent is a data source or a database, whether a database carries properties or data sources).
 */
import {type FValue, evaluate, formulaResult} from './formula.js';
import {compactId} from './ids.js';
import {plainText} from './richtext.js';
import type {PropertySchema} from './schema.js';
import type {BlockRow, DataSourceRow, Store, UserRow} from './store.js';
import type {ApiVersion} from './version.js';

export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** Notion answers object timestamps to the minute. */
export const iso = (d: Date | string): string => new Date(Math.floor(new Date(d).getTime() / 60_000) * 60_000).toISOString();
const userRef = (id: string) => ({id, object: 'user'});

export interface Workspace {
  id: string;
  name: string;
}

export function pageUrl(id: string, title: string): string {
  const slug = title.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `https://www.notion.so/${slug ? `${slug}-` : ''}${compactId(id)}`;
}

export class Renderer {
  // Promises, so renders running side by side share one load.
  private readonly dataSources = new Map<string, Promise<DataSourceRow | undefined>>();
  private readonly pages = new Map<string, Promise<BlockRow | undefined>>();

  constructor(
    readonly store: Store,
    readonly version: ApiVersion,
    readonly workspace: Workspace,
  ) {}

  get legacy(): boolean {
    return this.version.model === 'databases';
  }

  private trash(inTrash: boolean): Record<string, boolean> {
    return this.version.noArchived ? {in_trash: inTrash} : {archived: inTrash, in_trash: inTrash};
  }

  async dataSource(id: string): Promise<DataSourceRow | undefined> {
    if (!this.dataSources.has(id)) this.dataSources.set(id, this.store.dataSource(id));
    return this.dataSources.get(id)!;
  }

  forget(id: string): void {
    this.dataSources.delete(id);
    this.pages.delete(id);
  }

  async pageRow(id: string): Promise<BlockRow | undefined> {
    if (!this.pages.has(id)) this.pages.set(id, this.store.block(id));
    return this.pages.get(id)!;
  }

  /** Whether people's emails are shown (the integration's user information capability). */
  emails = true;

  user(u: UserRow): Record<string, unknown> {
    const base = {object: 'user', id: u.id, name: u.name, avatar_url: u.avatar_url, type: u.type};
    if (u.type === 'bot') {
      return {...base, bot: {owner: {type: 'workspace', workspace: true}, workspace_name: this.workspace.name, workspace_id: this.workspace.id, workspace_limits: {max_file_upload_size_in_bytes: MAX_UPLOAD_BYTES}}};
    }
    return {...base, person: this.emails ? {email: u.email, email_verified: true} : {}};
  }

  async parentOf(row: {parent_type: string; parent_id: string | null}): Promise<Record<string, unknown>> {
    switch (row.parent_type) {
      case 'workspace':
        return {type: 'workspace', workspace: true};
      case 'data_source_id': {
        const ds = await this.dataSource(row.parent_id!);
        if (this.legacy) return {database_id: ds?.database_id ?? row.parent_id, type: 'database_id'};
        return {data_source_id: row.parent_id, database_id: ds?.database_id ?? null, type: 'data_source_id'};
      }
      default:
        return {type: row.parent_type, [row.parent_type]: row.parent_id};
    }
  }

  /** The title of a page (its title property) or a database. */
  titleOf(row: BlockRow): string {
    if (row.kind === 'database') return plainText(row.content.title);
    const props = row.content.properties ?? {};
    const t = props.title ?? Object.values(props).find((v) => Array.isArray(v) && (v as any[])[0]?.plain_text !== undefined);
    return plainText(Array.isArray(t) ? t : []);
  }

  async page(row: BlockRow, only?: Set<string>): Promise<Record<string, unknown>> {
    const ds = row.parent_type === 'data_source_id' ? await this.dataSource(row.parent_id!) : undefined;
    const properties = ds ? await this.pageProperties(row, ds, 0, only) : {title: {id: 'title', title: row.content.properties?.title ?? [], type: 'title'}};
    return {
      object: 'page',
      id: row.id,
      created_time: iso(row.created_time),
      last_edited_time: iso(row.last_edited_time),
      created_by: userRef(row.created_by),
      last_edited_by: userRef(row.last_edited_by),
      cover: row.content.cover ?? null,
      icon: row.content.icon ?? null,
      parent: await this.parentOf(row),
      in_trash: row.in_trash,
      is_archived: false,
      is_locked: row.is_locked,
      properties,
      url: pageUrl(row.id, this.titleOf(row)),
      public_url: null,
      ...this.trash(row.in_trash),
    };
  }

  async pageProperties(row: BlockRow, ds: DataSourceRow, depth = 0, only?: Set<string>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const prop of ds.properties as PropertySchema[]) {
      if (only && !only.has(prop.id) && !only.has(prop.name)) continue;
      out[prop.name] = {id: prop.id, type: prop.type, [prop.type]: await this.value(prop, row, ds, depth), ...(prop.type === 'relation' ? {has_more: false} : {})};
    }
    return out;
  }

  /** One property's value as the page answers it. */
  async value(prop: PropertySchema, row: BlockRow, ds: DataSourceRow, depth: number): Promise<unknown> {
    const stored = row.content.properties?.[prop.id];
    switch (prop.type) {
      case 'title':
      case 'rich_text':
      case 'files':
        return stored ?? [];
      case 'number':
      case 'date':
      case 'url':
      case 'email':
      case 'phone_number':
        return stored ?? null;
      case 'checkbox':
        return stored ?? false;
      case 'select':
      case 'status': {
        const o = (prop[prop.type].options as any[]).find((x) => x.id === stored);
        return o ? {color: o.color, id: o.id, name: o.name} : null;
      }
      case 'multi_select':
        return ((stored ?? []) as string[]).map((id) => (prop.multi_select.options as any[]).find((x) => x.id === id)).filter(Boolean).map((o) => ({color: o.color, id: o.id, name: o.name}));
      case 'people': {
        const out = [];
        for (const id of (stored ?? []) as string[]) {
          const u = await this.store.user(id);
          out.push(u ? this.user(u) : userRef(id));
        }
        return out;
      }
      case 'relation':
        return ((stored ?? []) as string[]).map((id) => ({id}));
      case 'created_time':
        return iso(row.created_time);
      case 'last_edited_time':
        return iso(row.last_edited_time);
      case 'created_by':
      case 'last_edited_by': {
        const u = await this.store.user(prop.type === 'created_by' ? row.created_by : row.last_edited_by);
        return u ? this.user(u) : userRef(row.created_by);
      }
      case 'unique_id':
        return {number: stored ?? null, prefix: prop.unique_id?.prefix ?? null};
      case 'formula':
        return this.formula(prop, row, ds, depth);
      case 'rollup':
        return this.rollup(prop, row, ds, depth);
      case 'button':
        return {};
      default:
        return stored ?? null;
    }
  }

  private async formula(prop: PropertySchema, row: BlockRow, ds: DataSourceRow, depth: number): Promise<Record<string, unknown>> {
    if (depth > 3) return {string: null, type: 'string'};
    const raw = new Map<string, FValue>();
    for (const p of ds.properties as PropertySchema[]) {
      if (p.id === prop.id || !prop.formula.expression.includes(p.name)) continue;
      raw.set(p.name, toFormulaValue(p, await this.value(p, row, ds, depth + 1)));
    }
    try {
      return formulaResult(evaluate(prop.formula.expression, (name) => raw.get(name) ?? null));
    } catch {
      return {string: null, type: 'string'};
    }
  }

  private async rollup(prop: PropertySchema, row: BlockRow, ds: DataSourceRow, depth: number): Promise<Record<string, unknown>> {
    const cfg = prop.rollup;
    const fn = cfg.function as string;
    if (depth > 2) return {function: fn, number: null, type: 'number'};
    const rel = (ds.properties as PropertySchema[]).find((p) => p.id === cfg.relation_property_id);
    const ids = rel ? ((row.content.properties?.[rel.id] ?? []) as string[]) : [];
    const values: Array<{type: string; [k: string]: unknown}> = [];
    for (const id of ids) {
      const other = await this.pageRow(id);
      if (!other || other.in_trash || other.parent_type !== 'data_source_id') continue;
      const ods = await this.dataSource(other.parent_id!);
      const rp = (ods?.properties as PropertySchema[] | undefined)?.find((p) => p.id === cfg.rollup_property_id);
      if (!ods || !rp) continue;
      values.push({type: rp.type, [rp.type]: await this.value(rp, other, ods, depth + 1)});
    }
    return rollupResult(fn, values);
  }

  async block(row: BlockRow, hasChildren: boolean): Promise<Record<string, unknown>> {
    let type = row.type;
    let payload: unknown = row.content;
    if (row.kind === 'page') {
      type = 'child_page';
      payload = {title: this.titleOf(row)};
    } else if (row.kind === 'database') {
      type = 'child_database';
      payload = {title: this.titleOf(row)};
    }
    return {
      object: 'block',
      id: row.id,
      parent: await this.parentOf(row),
      created_time: iso(row.created_time),
      last_edited_time: iso(row.last_edited_time),
      created_by: userRef(row.created_by),
      last_edited_by: userRef(row.last_edited_by),
      has_children: hasChildren,
      in_trash: row.in_trash,
      type,
      [type]: payload,
      ...this.trash(row.in_trash),
    };
  }

  async blocks(rows: BlockRow[]): Promise<Record<string, unknown>[]> {
    const withKids = await this.store.withChildren(rows.map((r) => r.id));
    return Promise.all(rows.map((r) => this.block(r, withKids.has(r.id))));
  }

  /** The schema as this version answers it (2022-06-28 relations name databases only). */
  schema(ds: DataSourceRow): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const p of ds.properties as PropertySchema[]) {
      if (p.type === 'relation' && this.legacy) {
        const {data_source_id: _d, ...rest} = p.relation;
        out[p.name] = {...p, relation: rest};
      } else out[p.name] = p;
    }
    return out;
  }

  async database(row: BlockRow): Promise<Record<string, unknown>> {
    const sources = (await this.store.dataSourcesOf(row.id)).filter((d) => !d.in_trash);
    const c = row.content;
    const common = {
      object: 'database',
      id: row.id,
      title: c.title ?? [],
      description: c.description ?? [],
      parent: await this.parentOf(row),
      is_inline: Boolean(c.is_inline),
      in_trash: row.in_trash,
      is_locked: row.is_locked,
      created_time: iso(row.created_time),
      last_edited_time: iso(row.last_edited_time),
    };
    if (this.legacy) {
      const first = sources[0];
      return {
        ...common,
        created_by: userRef(row.created_by),
        last_edited_by: userRef(row.last_edited_by),
        properties: first ? this.schema(first) : {},
        icon: c.icon ?? null,
        cover: c.cover ?? null,
        url: pageUrl(row.id, ''),
        public_url: null,
        ...this.trash(row.in_trash),
      };
    }
    return {
      ...common,
      data_sources: sources.map((d) => ({id: d.id, name: plainText(d.title)})),
      icon: c.icon ?? null,
      cover: c.cover ?? null,
      url: pageUrl(row.id, ''),
      public_url: null,
      ...this.trash(row.in_trash),
    };
  }

  async dataSourceObject(ds: DataSourceRow): Promise<Record<string, unknown>> {
    const db = await this.store.block(ds.database_id);
    return {
      object: 'data_source',
      id: ds.id,
      cover: null,
      icon: ds.icon ?? null,
      created_time: iso(ds.created_time),
      created_by: userRef(ds.created_by),
      last_edited_by: userRef(ds.last_edited_by),
      last_edited_time: iso(ds.last_edited_time),
      title: ds.title,
      description: ds.description,
      is_inline: Boolean(db?.content.is_inline),
      properties: this.schema(ds),
      parent: {database_id: ds.database_id, type: 'database_id'},
      database_parent: db ? await this.parentOf(db) : null,
      url: pageUrl(ds.database_id, ''),
      public_url: null,
      in_trash: ds.in_trash,
      ...this.trash(ds.in_trash),
    };
  }
}

/** A property value as a formula sees it. */
function toFormulaValue(p: PropertySchema, v: any): FValue {
  switch (p.type) {
    case 'title':
    case 'rich_text':
      return plainText(v);
    case 'select':
    case 'status':
      return v?.name ?? null;
    case 'multi_select':
      return (v as any[]).map((o) => o.name);
    case 'people':
    case 'created_by':
    case 'last_edited_by':
      return Array.isArray(v) ? v.map((u) => u.name ?? '') : (v?.name ?? '');
    case 'date':
      return v?.start ? new Date(v.start) : null;
    case 'created_time':
    case 'last_edited_time':
      return new Date(v);
    case 'relation':
      return (v as any[]).map((r) => r.id);
    case 'unique_id':
      return v?.number === null ? null : `${v.prefix ? `${v.prefix}-` : ''}${v.number}`;
    case 'formula':
      return v?.[v.type] ?? null;
    case 'rollup':
      return v?.type === 'number' ? v.number : v?.type === 'date' ? (v.date?.start ? new Date(v.date.start) : null) : null;
    case 'files':
      return (v as any[]).map((f) => f.name);
    default:
      return v ?? null;
  }
}

const isEmptyValue = (x: {type: string; [k: string]: unknown}) => {
  const v = x[x.type];
  return v === null || v === undefined || v === false || v === '' || (Array.isArray(v) && v.length === 0);
};
const numberOf = (x: {type: string; [k: string]: any}): number | null => {
  const v = x[x.type];
  if (typeof v === 'number') return v;
  if (x.type === 'formula' && v?.type === 'number') return v.number;
  if (x.type === 'unique_id') return v?.number ?? null;
  return null;
};
const dateOf = (x: {type: string; [k: string]: any}): string | null => {
  const v = x[x.type];
  if (x.type === 'date') return v?.start ?? null;
  if (x.type === 'created_time' || x.type === 'last_edited_time') return v;
  return null;
};

/** A rollup's value from the related pages' values of the rolled-up property. */
export function rollupResult(fn: string, values: Array<{type: string; [k: string]: any}>): Record<string, unknown> {
  const n = values.length;
  const empties = values.filter(isEmptyValue).length;
  const nums = values.map(numberOf).filter((x): x is number => x !== null);
  const dates = values.map(dateOf).filter((x): x is string => x !== null).sort();
  const checked = values.filter((x) => x.type === 'checkbox' && x.checkbox === true).length;
  const number = (v: number | null) => ({function: fn, number: v, type: 'number'});
  switch (fn) {
    case 'count': return number(n);
    case 'count_values': return number(values.reduce((s, x) => s + (Array.isArray(x[x.type]) ? x[x.type].length : isEmptyValue(x) ? 0 : 1), 0));
    case 'empty': return number(empties);
    case 'not_empty': return number(n - empties);
    case 'unique': return number(new Set(values.map((x) => JSON.stringify(x[x.type]))).size);
    case 'percent_empty': return number(n ? empties / n : 0);
    case 'percent_not_empty': return number(n ? (n - empties) / n : 0);
    case 'sum': return number(nums.reduce((s, x) => s + x, 0));
    case 'average': return number(nums.length ? nums.reduce((s, x) => s + x, 0) / nums.length : null);
    case 'median': {
      const s = [...nums].sort((a, b) => a - b);
      return number(s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : null);
    }
    case 'min': return number(nums.length ? Math.min(...nums) : null);
    case 'max': return number(nums.length ? Math.max(...nums) : null);
    case 'range': return number(nums.length ? Math.max(...nums) - Math.min(...nums) : null);
    case 'checked': return number(checked);
    case 'unchecked': return number(n - checked);
    case 'percent_checked': return number(n ? checked / n : 0);
    case 'percent_unchecked': return number(n ? (n - checked) / n : 0);
    case 'earliest_date': return {date: dates[0] ? {end: null, start: dates[0], time_zone: null} : null, function: fn, type: 'date'};
    case 'latest_date': return {date: dates.length ? {end: null, start: dates[dates.length - 1], time_zone: null} : null, function: fn, type: 'date'};
    case 'date_range': return {date: dates.length ? {end: dates[dates.length - 1], start: dates[0], time_zone: null} : null, function: fn, type: 'date'};
    default: return {array: values, function: fn, type: 'array'};
  }
}
