/**
 * Notion's query language over rendered pages: per-type conditions, compound `and`/`or` nested at
 * most two levels, timestamp filters, and sorts by property or timestamp.
 */
import {shouldBe, validation} from './errors.js';
import {plainText} from './richtext.js';

export interface Candidate {
  created_time: Date;
  last_edited_time: Date;
  /** Rendered properties keyed by name: {id, type, <type>: value}. */
  properties: Record<string, {id: string; type: string; [k: string]: any}>;
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const DAY = 86_400_000;
const TEXT = new Set(['title', 'rich_text', 'url', 'email', 'phone_number']);

/** The filter type key that applies to a property type. */
function filterKey(type: string): string {
  if (type === 'title' || type === 'url' || type === 'email' || type === 'phone_number') return type;
  if (type === 'created_by' || type === 'last_edited_by') return 'people';
  return type;
}

export function checkFilter(filter: unknown, path: string, depth = 0): void {
  if (!isObj(filter)) throw shouldBe(path, 'an object', filter);
  for (const op of ['and', 'or'] as const) {
    if (filter[op] === undefined) continue;
    if (!Array.isArray(filter[op])) throw shouldBe(`${path}.${op}`, 'an array', filter[op]);
    if (depth >= 2) throw validation(`${path}.${op}: filters may nest compound filters at most two levels deep.`);
    if (filter[op].length > 100) throw shouldBe(`${path}.${op}.length`, '≤ `100`', filter[op].length);
    filter[op].forEach((f: unknown, i: number) => checkFilter(f, `${path}.${op}[${i}]`, depth + 1));
    return;
  }
  if (filter.timestamp === undefined && typeof filter.property !== 'string') throw shouldBe(`${path}.property`, 'defined', filter.property);
}

export function matches(c: Candidate, filter: Record<string, any>, path = 'body.filter'): boolean {
  if (Array.isArray(filter.and)) return filter.and.every((f: any, i: number) => matches(c, f, `${path}.and[${i}]`));
  if (Array.isArray(filter.or)) return filter.or.some((f: any, i: number) => matches(c, f, `${path}.or[${i}]`));
  if (filter.timestamp) {
    const ts = filter.timestamp as string;
    if (ts !== 'created_time' && ts !== 'last_edited_time') throw shouldBe(`${path}.timestamp`, '`"created_time"` or `"last_edited_time"`', ts);
    const cond = filter[ts];
    if (!isObj(cond)) throw shouldBe(`${path}.${ts}`, 'an object', cond);
    return dateCondition(c[ts].toISOString(), cond, `${path}.${ts}`);
  }
  const prop = c.properties[filter.property] ?? Object.values(c.properties).find((p) => p.id === filter.property);
  if (!prop) throw validation(`Could not find property with name or id: ${filter.property}`);
  const key = Object.keys(filter).find((k) => k !== 'property' && k !== 'type');
  if (!key) throw shouldBe(`${path}.${filterKey(prop.type)}`, 'defined', undefined);
  const expected = filterKey(prop.type);
  const textish = TEXT.has(prop.type) && (key === 'rich_text' || key === 'title' || key === prop.type);
  if (key !== expected && !textish) throw validation(`${path}: filter type \`${key}\` does not match property type \`${prop.type}\` of "${filter.property}".`);
  return condition(prop.type, prop[prop.type], filter[key], `${path}.${key}`);
}

function condition(type: string, value: any, cond: unknown, path: string): boolean {
  if (!isObj(cond)) throw shouldBe(path, 'an object', cond);
  switch (type) {
    case 'title':
    case 'rich_text':
      return textCondition(plainText(value), cond, path);
    case 'url':
    case 'email':
    case 'phone_number':
      return textCondition(value ?? '', cond, path);
    case 'number':
      return numberCondition(value, cond, path);
    case 'unique_id':
      return numberCondition(value?.number ?? null, cond, path);
    case 'checkbox':
      if ('equals' in cond) return value === cond.equals;
      if ('does_not_equal' in cond) return value !== cond.does_not_equal;
      throw shouldBe(path, 'one of `equals`, `does_not_equal`', cond);
    case 'select':
    case 'status': {
      const name = value?.name ?? null;
      if ('equals' in cond) return name === cond.equals;
      if ('does_not_equal' in cond) return name !== cond.does_not_equal;
      if (cond.is_empty) return name === null;
      if (cond.is_not_empty) return name !== null;
      throw shouldBe(path, 'one of `equals`, `does_not_equal`, `is_empty`, `is_not_empty`', cond);
    }
    case 'multi_select':
      return listCondition((value as any[]).map((o) => o.name), cond, path);
    case 'people':
    case 'created_by':
    case 'last_edited_by':
      return listCondition((Array.isArray(value) ? value : [value]).map((u) => u?.id), cond, path);
    case 'relation':
      return listCondition((value as any[]).map((r) => r.id), cond, path);
    case 'files':
      if (cond.is_empty) return value.length === 0;
      if (cond.is_not_empty) return value.length > 0;
      throw shouldBe(path, 'one of `is_empty`, `is_not_empty`', cond);
    case 'date':
      return dateCondition(value?.start ?? null, cond, path);
    case 'created_time':
    case 'last_edited_time':
      return dateCondition(value, cond, path);
    case 'formula': {
      const k = Object.keys(cond)[0];
      const t = value?.type;
      if (k === 'string') return textCondition(value?.string ?? '', cond.string, `${path}.string`);
      if (k === 'number') return numberCondition(t === 'number' ? value.number : null, cond.number, `${path}.number`);
      if (k === 'checkbox') return condition('checkbox', t === 'boolean' ? value.boolean : false, cond.checkbox, `${path}.checkbox`);
      if (k === 'date') return dateCondition(t === 'date' ? (value.date?.start ?? null) : null, cond.date, `${path}.date`);
      throw shouldBe(path, 'one of `string`, `number`, `checkbox`, `date`', cond);
    }
    case 'rollup': {
      const k = Object.keys(cond)[0]!;
      if (k === 'number') return numberCondition(value?.type === 'number' ? value.number : null, cond.number, `${path}.number`);
      if (k === 'date') return dateCondition(value?.type === 'date' ? (value.date?.start ?? null) : null, cond.date, `${path}.date`);
      if (k === 'any' || k === 'every' || k === 'none') {
        const items: any[] = value?.type === 'array' ? value.array : [];
        const test = (x: any) => {
          const sub = cond[k];
          const subType = Object.keys(sub)[0]!;
          return condition(x.type === 'title' || x.type === 'rich_text' ? x.type : subType === 'rich_text' ? 'rich_text' : x.type, x[x.type], sub[subType], `${path}.${k}.${subType}`);
        };
        if (k === 'any') return items.some(test);
        if (k === 'every') return items.every(test);
        return !items.some(test);
      }
      throw shouldBe(path, 'one of `any`, `every`, `none`, `number`, `date`', cond);
    }
    default:
      throw validation(`${path}: properties of type ${type} cannot be filtered.`);
  }
}

function textCondition(s: string, cond: Record<string, any>, path: string): boolean {
  if ('equals' in cond) return s === cond.equals;
  if ('does_not_equal' in cond) return s !== cond.does_not_equal;
  if ('contains' in cond) return s.toLowerCase().includes(String(cond.contains).toLowerCase());
  if ('does_not_contain' in cond) return !s.toLowerCase().includes(String(cond.does_not_contain).toLowerCase());
  if ('starts_with' in cond) return s.toLowerCase().startsWith(String(cond.starts_with).toLowerCase());
  if ('ends_with' in cond) return s.toLowerCase().endsWith(String(cond.ends_with).toLowerCase());
  if (cond.is_empty) return s === '';
  if (cond.is_not_empty) return s !== '';
  throw shouldBe(path, 'one of `equals`, `does_not_equal`, `contains`, `does_not_contain`, `starts_with`, `ends_with`, `is_empty`, `is_not_empty`', cond);
}

function numberCondition(n: number | null, cond: Record<string, any>, path: string): boolean {
  if (cond.is_empty) return n === null;
  if (cond.is_not_empty) return n !== null;
  const [k, v] = Object.entries(cond)[0] ?? [];
  if (typeof v !== 'number') throw shouldBe(`${path}.${k}`, 'a number', v);
  if (n === null) return k === 'does_not_equal';
  switch (k) {
    case 'equals': return n === v;
    case 'does_not_equal': return n !== v;
    case 'greater_than': return n > v;
    case 'less_than': return n < v;
    case 'greater_than_or_equal_to': return n >= v;
    case 'less_than_or_equal_to': return n <= v;
  }
  throw shouldBe(path, 'a number condition', cond);
}

function listCondition(items: string[], cond: Record<string, any>, path: string): boolean {
  if ('contains' in cond) return items.includes(cond.contains);
  if ('does_not_contain' in cond) return !items.includes(cond.does_not_contain);
  if (cond.is_empty) return items.length === 0;
  if (cond.is_not_empty) return items.length > 0;
  throw shouldBe(path, 'one of `contains`, `does_not_contain`, `is_empty`, `is_not_empty`', cond);
}

/** Dates compare by day when the condition gives a date without time. */
function dateCondition(value: string | null, cond: Record<string, any>, path: string): boolean {
  if (cond.is_empty) return value === null;
  if (cond.is_not_empty) return value !== null;
  if (value === null) return false;
  const t = new Date(value).getTime();
  const now = Date.now();
  const within = (from: number, to: number) => t >= from && t <= to;
  if (cond.past_week) return within(now - 7 * DAY, now);
  if (cond.past_month) return within(now - 30 * DAY, now);
  if (cond.past_year) return within(now - 365 * DAY, now);
  if (cond.next_week) return within(now, now + 7 * DAY);
  if (cond.next_month) return within(now, now + 30 * DAY);
  if (cond.next_year) return within(now, now + 365 * DAY);
  if (cond.this_week) {
    const d = new Date(now);
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - d.getUTCDay() * DAY;
    return within(start, start + 7 * DAY - 1);
  }
  const [k, v] = Object.entries(cond)[0] ?? [];
  if (typeof v !== 'string' || Number.isNaN(new Date(v).getTime())) throw shouldBe(`${path}.${k}`, 'a valid ISO 8601 date string', v);
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const a = dayOnly ? value.slice(0, 10) : new Date(value).toISOString();
  const b = dayOnly ? v : new Date(v).toISOString();
  switch (k) {
    case 'equals': return a === b;
    case 'before': return a < b;
    case 'after': return a > b;
    case 'on_or_before': return a <= b;
    case 'on_or_after': return a >= b;
  }
  throw shouldBe(path, 'a date condition', cond);
}

/** A sortable key of a property value. */
function sortKey(p: {type: string; [k: string]: any} | undefined): string | number | null {
  if (!p) return null;
  const v = p[p.type];
  switch (p.type) {
    case 'title':
    case 'rich_text':
      return plainText(v) || null;
    case 'number':
      return v;
    case 'checkbox':
      return v ? 1 : 0;
    case 'select':
    case 'status':
      return v?.name ?? null;
    case 'multi_select':
      return v.length ? v.map((o: any) => o.name).join(',') : null;
    case 'date':
      return v?.start ?? null;
    case 'created_time':
    case 'last_edited_time':
      return v;
    case 'unique_id':
      return v?.number ?? null;
    case 'formula':
      return v?.[v.type] === undefined ? null : typeof v[v.type] === 'object' ? (v[v.type]?.start ?? null) : v[v.type];
    case 'rollup':
      return v?.type === 'number' ? v.number : v?.type === 'date' ? (v.date?.start ?? null) : null;
    default:
      return v === null || v === undefined ? null : JSON.stringify(v);
  }
}

export function checkSorts(sorts: unknown): Array<Record<string, any>> {
  if (sorts === undefined) return [];
  if (!Array.isArray(sorts)) throw shouldBe('body.sorts', 'an array', sorts);
  if (sorts.length > 100) throw shouldBe('body.sorts.length', '≤ `100`', sorts.length);
  sorts.forEach((s, i) => {
    if (!isObj(s)) throw shouldBe(`body.sorts[${i}]`, 'an object', s);
    if (s.direction !== 'ascending' && s.direction !== 'descending') throw shouldBe(`body.sorts[${i}].direction`, '`"ascending"` or `"descending"`', s.direction);
    if (s.property === undefined && s.timestamp !== 'created_time' && s.timestamp !== 'last_edited_time') throw shouldBe(`body.sorts[${i}].property`, 'defined', s.property);
  });
  return sorts;
}

/** Compare two candidates by the sorts in order (empty values last, as Notion shows them). */
export function compare(a: Candidate, b: Candidate, sorts: Array<Record<string, any>>): number {
  for (const s of sorts) {
    const ka = s.timestamp ? a[s.timestamp as 'created_time'].getTime() : sortKey(a.properties[s.property] ?? Object.values(a.properties).find((p) => p.id === s.property));
    const kb = s.timestamp ? b[s.timestamp as 'created_time'].getTime() : sortKey(b.properties[s.property] ?? Object.values(b.properties).find((p) => p.id === s.property));
    if (ka === kb) continue;
    if (ka === null) return 1;
    if (kb === null) return -1;
    const d = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb));
    if (d !== 0) return s.direction === 'descending' ? -d : d;
  }
  return 0;
}
