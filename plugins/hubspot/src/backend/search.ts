/**
 * CRM search: filter groups (OR of ANDs, at most 5 groups and 6 filters each), HubSpot's operators,
 * a free-text `query` over the type's searchable properties, sorts, and offset paging capped at
 * 10,000 results.
 */
import {validation} from './errors.js';
import {type PropertyDef, toMillis} from './properties.js';
import type {RecordRow} from './records.js';

export interface Filter {
  propertyName?: string;
  operator?: string;
  value?: unknown;
  highValue?: unknown;
  values?: unknown[];
}

export const OPERATORS = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'];

type Kind = 'number' | 'time' | 'bool' | 'text';
const kindOf = (def: PropertyDef | undefined, name: string): Kind => {
  if (name === 'hs_object_id') return 'number';
  switch (def?.type) {
    case 'number': return 'number';
    case 'date': case 'datetime': return 'time';
    case 'bool': return 'bool';
    default: return 'text';
  }
};

function comparable(v: unknown, kind: Kind): number | string | undefined {
  if (v === null || v === undefined || v === '') return undefined;
  if (kind === 'number') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  if (kind === 'time') return toMillis(v);
  return String(v).toLowerCase();
}

const tokens = (s: string) => s.toLowerCase().split(/[^\p{L}\p{N}@._-]+|(?<=@)|(?=@)/u).filter(Boolean);
function tokenMatch(value: string, pattern: string): boolean {
  const p = pattern.toLowerCase();
  if (p.includes('*')) {
    const re = new RegExp(`^${p.split('*').map((x) => x.replaceAll(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(value.toLowerCase()) || tokens(value).some((t) => re.test(t));
  }
  return value.toLowerCase() === p || tokens(value).includes(p) || value.toLowerCase().split(/\s+/).includes(p);
}

/** Check filter groups against the type's properties (400 for unknown properties or operators). */
export function checkFilters(groups: unknown, defs: Map<string, PropertyDef>): Filter[][] {
  if (groups === undefined || groups === null) return [];
  if (!Array.isArray(groups)) throw validation('filterGroups must be an array');
  if (groups.length > 5) throw validation(`Too many filter groups (${groups.length}); the maximum is 5`, {errors: [{message: 'maximum of 5 filterGroups', code: 'TOO_MANY_FILTER_GROUPS'}]});
  return groups.map((g: {filters?: Filter[]}) => {
    const filters = g?.filters ?? [];
    if (filters.length > 6) throw validation(`Too many filters in a group (${filters.length}); the maximum is 6`, {errors: [{message: 'maximum of 6 filters per group', code: 'TOO_MANY_FILTERS'}]});
    for (const f of filters) {
      if (!f.operator || !OPERATORS.includes(f.operator)) throw validation(`Invalid input JSON on line 1: Cannot deserialize value of type \`FilterOperatorEnum\` from String "${f.operator}": not one of the values accepted for Enum class: [${OPERATORS.join(', ')}]`);
      if (!f.propertyName || (!defs.has(f.propertyName) && f.propertyName !== 'hs_object_id' && !f.propertyName.startsWith('associations.'))) {
        throw validation(`There was a problem with the request.`, {errors: [{message: `Unable to find property ${f.propertyName}`, code: 'PROPERTY_DOESNT_EXIST', context: {propertyName: [String(f.propertyName)]}}]});
      }
    }
    return filters;
  });
}

/** Ids of associated records per record, for `associations.<type>` filters (`associations.company EQ 123`). */
export type AssociatedIds = Map<string, Map<string, Set<string>>>;

export function matches(row: RecordRow, f: Filter, defs: Map<string, PropertyDef>, associated?: AssociatedIds): boolean {
  const name = f.propertyName!;
  if (name.startsWith('associations.')) {
    const ids = associated?.get(name)?.get(row.id) ?? new Set<string>();
    const wanted = (f.operator === 'IN' || f.operator === 'NOT_IN' ? (f.values ?? []) : [f.value]).map(String);
    const hit = wanted.some((w) => ids.has(w));
    if (f.operator === 'HAS_PROPERTY') return ids.size > 0;
    if (f.operator === 'NOT_HAS_PROPERTY') return ids.size === 0;
    return f.operator === 'NEQ' || f.operator === 'NOT_IN' ? !hit : (f.operator === 'EQ' || f.operator === 'IN') && hit;
  }
  const kind = kindOf(defs.get(name), name);
  const raw = name === 'hs_object_id' ? row.id : row.properties[name];
  const has = raw !== null && raw !== undefined && raw !== '';
  const v = comparable(raw, kind);
  const target = comparable(f.value, kind);
  const multi = (val: string | undefined, want: unknown) => {
    if (val === undefined || kind !== 'text') return false;
    const def = defs.get(name);
    return def?.fieldType === 'checkbox' ? val.split(';').includes(String(want).toLowerCase()) : val === String(want).toLowerCase();
  };
  switch (f.operator) {
    case 'HAS_PROPERTY': return has;
    case 'NOT_HAS_PROPERTY': return !has;
    case 'EQ': return has && (v === target || multi(v as string, f.value));
    case 'NEQ': return !(has && (v === target || multi(v as string, f.value)));
    case 'LT': return has && target !== undefined && v! < target;
    case 'LTE': return has && target !== undefined && v! <= target;
    case 'GT': return has && target !== undefined && v! > target;
    case 'GTE': return has && target !== undefined && v! >= target;
    case 'BETWEEN': {
      const hi = comparable(f.highValue, kind);
      return has && target !== undefined && hi !== undefined && v! >= target && v! <= hi;
    }
    case 'IN': return has && (f.values ?? []).some((x) => comparable(x, kind) === v || multi(v as string, x));
    case 'NOT_IN': return !(has && (f.values ?? []).some((x) => comparable(x, kind) === v || multi(v as string, x)));
    case 'CONTAINS_TOKEN': return has && tokenMatch(String(raw), String(f.value ?? ''));
    case 'NOT_CONTAINS_TOKEN': return !(has && tokenMatch(String(raw), String(f.value ?? '')));
    default: return false;
  }
}

/** `query`: every word is a prefix of a token of one of the searchable properties (or the id). */
export function matchesQuery(row: RecordRow, query: string, searchable: string[]): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = searchable.map((p) => row.properties[p]).filter((x): x is string => Boolean(x));
  const toks = hay.flatMap((h) => [h.toLowerCase(), ...tokens(h)]);
  return words.every((w) => row.id === w || toks.some((t) => t.startsWith(w)));
}

export interface Sort {
  propertyName: string;
  direction: 'ASCENDING' | 'DESCENDING';
}

/** Sorts as strings (`createdate`, `-createdate`) or objects `{propertyName, direction}`; one sort at most. */
export function parseSorts(raw: unknown, defs: Map<string, PropertyDef>): Sort[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw validation('sorts must be an array');
  if (raw.length > 1) throw validation('Only one sort is supported', {errors: [{message: 'too many sorts', code: 'TOO_MANY_SORTS'}]});
  return raw.map((s: unknown) => {
    const sort: Sort = typeof s === 'string'
      ? {propertyName: s.replace(/^-/, ''), direction: s.startsWith('-') ? 'DESCENDING' : 'ASCENDING'}
      : {propertyName: String((s as Sort).propertyName), direction: (s as Sort).direction === 'DESCENDING' ? 'DESCENDING' : 'ASCENDING'};
    if (!defs.has(sort.propertyName) && sort.propertyName !== 'hs_object_id') throw validation(`Unable to sort by ${sort.propertyName}: property does not exist`, {errors: [{message: `Unable to find property ${sort.propertyName}`, code: 'PROPERTY_DOESNT_EXIST', context: {propertyName: [sort.propertyName]}}]});
    return sort;
  });
}

export function sortRows(rows: RecordRow[], sorts: Sort[], defs: Map<string, PropertyDef>): RecordRow[] {
  const s = sorts[0];
  if (!s) return rows;
  const kind = kindOf(defs.get(s.propertyName), s.propertyName);
  const key = (r: RecordRow) => comparable(s.propertyName === 'hs_object_id' ? r.id : r.properties[s.propertyName], kind);
  const dir = s.direction === 'DESCENDING' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === y) return Number(BigInt(a.id) - BigInt(b.id));
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    return (x < y ? -1 : 1) * dir;
  });
}
