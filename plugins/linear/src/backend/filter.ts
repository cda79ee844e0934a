/**
 * Linear's filter language over stored rows: comparators (`eq`, `in`, `contains`, `lt` …, `null`),
 * `and`/`or`, nested filters on references (`team: {key: {eq}}`) and collection filters
 * (`labels: {some: …, every: …, length: …}`).
 */
import {getNamedType, isObjectType} from 'graphql';

import type {Context} from './context.js';
import {RELATIONS, REFERENCE_FIELDS, VIEW_OF} from './model.js';
import {linearSchema} from './schema.js';
import type {Row} from './store.js';

type Filter = Record<string, unknown>;
const DATE = /^\d{4}-\d{2}-\d{2}/;

/** `-P2W`, `P1D`, `-PT3H` … relative to now, as Linear accepts in date comparators. */
function resolveDate(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const m = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(v);
  if (!m || v === 'P' || v === '-P') return v;
  const [y, mo, w, d, h, mi, s] = m.slice(2).map((x) => Number(x ?? 0)) as number[];
  const ms = ((((y! * 365 + mo! * 30 + w! * 7 + d!) * 24 + h!) * 60 + mi!) * 60 + s!) * 1000;
  return new Date(Date.now() + (m[1] ? -ms : ms)).toISOString();
}

function cmp(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a);
  const sb = String(b);
  if (DATE.test(sa) && DATE.test(sb)) return Date.parse(sa) - Date.parse(sb);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

const lower = (v: unknown) => String(v ?? '').toLowerCase();
const noAccent = (v: unknown) => lower(v).normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** One comparator object against one value. */
export function compare(value: unknown, comparator: Filter): boolean {
  for (const [op, raw] of Object.entries(comparator)) {
    if (raw === undefined) continue;
    const expected = resolveDate(raw);
    const present = value !== null && value !== undefined;
    const ok = (() => {
      switch (op) {
        case 'eq': return present && cmp(value, expected) === 0;
        case 'neq': return !present || cmp(value, expected) !== 0;
        case 'in': return present && (expected as unknown[]).some((e) => cmp(value, e) === 0);
        case 'nin': return !present || !(expected as unknown[]).some((e) => cmp(value, e) === 0);
        case 'lt': return present && cmp(value, expected) < 0;
        case 'lte': return present && cmp(value, expected) <= 0;
        case 'gt': return present && cmp(value, expected) > 0;
        case 'gte': return present && cmp(value, expected) >= 0;
        case 'null': return expected ? !present : present;
        case 'eqIgnoreCase': return present && lower(value) === lower(expected);
        case 'neqIgnoreCase': return lower(value) !== lower(expected);
        case 'contains': return present && String(value).includes(String(expected));
        case 'notContains': return !String(value ?? '').includes(String(expected));
        case 'containsIgnoreCase': return present && lower(value).includes(lower(expected));
        case 'notContainsIgnoreCase': return !lower(value).includes(lower(expected));
        case 'containsIgnoreCaseAndAccent': return present && noAccent(value).includes(noAccent(expected));
        case 'startsWith': return present && String(value).startsWith(String(expected));
        case 'startsWithIgnoreCase': return present && lower(value).startsWith(lower(expected));
        case 'notStartsWith': return !String(value ?? '').startsWith(String(expected));
        case 'endsWith': return present && String(value).endsWith(String(expected));
        case 'notEndsWith': return !String(value ?? '').endsWith(String(expected));
        case 'and': return (expected as Filter[]).every((c) => compare(value, c));
        case 'or': return (expected as Filter[]).some((c) => compare(value, c));
        default: return true; // comparators the clone has no data for (e.g. duration comparators) do not narrow
      }
    })();
    if (!ok) return false;
  }
  return true;
}

/** The GraphQL type a field of a stored type points at, if it is an object type. */
function targetType(type: string, field: string): string | undefined {
  const t = linearSchema().getType(VIEW_OF[type] ?? type);
  if (!t || !isObjectType(t)) return undefined;
  const f = t.getFields()[field];
  if (!f) return undefined;
  const named = getNamedType(f.type);
  return isObjectType(named) ? named.name : undefined;
}

/** Rows of a to-many relation of `row`. */
export async function related(row: Row, field: string, ctx: Context): Promise<Row[] | undefined> {
  const type = VIEW_OF[row.__typename] ?? row.__typename;
  const rel = RELATIONS[type]?.[field];
  if (!rel) return undefined;
  const rows = await ctx.store.all(rel.type);
  if (rel.all) return rows;
  if (rel.fk) return rows.filter((r) => r[rel.fk!] === row.id);
  if (rel.ids) {
    const ids = (row[rel.ids] as string[] | undefined) ?? [];
    return rows.filter((r) => ids.includes(r.id));
  }
  if (rel.contains) return rows.filter((r) => ((r[rel.contains!] as string[] | undefined) ?? []).includes(row.id));
  if (rel.via) {
    const links = (await ctx.store.all(rel.via.type)).filter((l) => l[rel.via!.from] === row.id && !l.archivedAt);
    const ids = new Set(links.map((l) => l[rel.via!.to]));
    return rows.filter((r) => ids.has(r.id));
  }
  return [];
}

/** The row a single reference of `row` points at (undefined when unset), or `false` when `field` is no reference. */
export async function reference(row: Row, field: string, ctx: Context): Promise<Row | undefined | false> {
  const type = VIEW_OF[row.__typename] ?? row.__typename;
  const special = REFERENCE_FIELDS[type]?.[field];
  if (special) return ctx.store.get(special.type, row[special.field] as string);
  const target = targetType(type, field);
  if (!target) return false;
  if (field === 'organization') return ctx.org;
  const key = `${field}Id`;
  if (!(key in row)) return false;
  return ctx.store.get(target, row[key] as string);
}

function scalarValue(row: Row, field: string, ctx: Context): unknown {
  if (field === 'isMe') return row.id === ctx.viewer.id;
  if (field === 'searchableContent') return `${row.title ?? ''}\n${row.description ?? ''}`;
  if (field === 'slaStatus' || field === 'sourceMetadata') return undefined;
  return row[field];
}

export async function matches(row: Row, filter: Filter | undefined | null, ctx: Context): Promise<boolean> {
  if (!filter) return true;
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    if (key === 'and') {
      for (const f of value as Filter[]) if (!(await matches(row, f, ctx))) return false;
      continue;
    }
    if (key === 'or') {
      let any = false;
      for (const f of value as Filter[]) if (await matches(row, f, ctx)) any = true;
      if (!any) return false;
      continue;
    }
    if (key === 'null') continue; // handled by the reference that holds this filter
    const many = await related(row, key, ctx);
    if (many) {
      if (!(await matchesCollection(many, value as Filter, ctx))) return false;
      continue;
    }
    const one = await reference(row, key, ctx);
    if (one !== false) {
      const f = value as Filter;
      if (f.null === true && one) return false;
      if (f.null === false && !one) return false;
      const rest = Object.keys(f).filter((k) => k !== 'null');
      if (rest.length > 0 && (!one || !(await matches(one, f, ctx)))) return false;
      continue;
    }
    if (!compare(scalarValue(row, key, ctx), value as Filter)) return false;
  }
  return true;
}

/** A collection filter (`some`, `every`, `length`, and fields meaning "some item has …"). */
async function matchesCollection(items: Row[], filter: Filter, ctx: Context): Promise<boolean> {
  const live = items.filter((i) => !i.archivedAt);
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    let ok = true;
    if (key === 'some') ok = await someMatch(live, value as Filter, ctx);
    else if (key === 'every') {
      for (const i of live) if (!(await matches(i, value as Filter, ctx))) ok = false;
    } else if (key === 'length') ok = compare(live.length, value as Filter);
    else if (key === 'null') ok = value ? live.length === 0 : live.length > 0;
    else if (key === 'and') {
      for (const f of value as Filter[]) if (!(await matchesCollection(items, f, ctx))) ok = false;
    } else if (key === 'or') {
      ok = false;
      for (const f of value as Filter[]) if (await matchesCollection(items, f, ctx)) ok = true;
    } else ok = await someMatch(live, {[key]: value}, ctx);
    if (!ok) return false;
  }
  return true;
}

async function someMatch(items: Row[], filter: Filter, ctx: Context): Promise<boolean> {
  for (const i of items) if (await matches(i, filter, ctx)) return true;
  return false;
}
