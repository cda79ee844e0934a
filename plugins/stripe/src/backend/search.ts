/**
 * Stripe's search query language over one resource: `email:'a@b.c'`, `metadata['k']:'v'`,
 * `name~'sub'`, `-status:'x'`, `amount>1000`, `created<=1700000000`, clauses joined by AND or OR.
 * Results are `search_result` pages with an opaque `next_page`.
 */
import {decodeCursor, encodeCursor} from '@asym/template-kit';

import type {Api, Req} from './api.js';
import {invalid} from './errors.js';
import {str} from './forms.js';
import {limitOf} from './lists.js';
import type {Obj} from './store.js';

interface Clause {
  field: string[];
  op: ':' | '~' | '>' | '<' | '>=' | '<=';
  value: string | number | null;
  negate: boolean;
}

const CLAUSE = /^\s*(-)?([a-z_][a-z0-9_.]*)(?:\[\s*(['"])(.*?)\3\s*\])?\s*(>=|<=|:|~|>|<)\s*(?:(['"])((?:\\.|(?!\6).)*)\6|(-?\d+(?:\.\d+)?)|(null))\s*/i;

export function parseQuery(query: string, fields: string[]): {clauses: Clause[]; joiner: 'AND' | 'OR'} {
  const clauses: Clause[] = [];
  let rest = query.trim();
  let joiner: 'AND' | 'OR' | undefined;
  if (!rest) throw invalid('Search query is empty.', 'query');
  for (;;) {
    const m = CLAUSE.exec(rest);
    if (!m) throw invalid(`Invalid search query: could not parse near \`${rest.slice(0, 30)}\`.`, 'query');
    const [, neg, name, , key, op, , quoted, num, nul] = m;
    if (!fields.includes(name!)) throw invalid(`Field \`${name}\` is an unsupported search field for this resource. Supported fields: ${fields.join(', ')}.`, 'query');
    if (name === 'metadata' && key === undefined) throw invalid('Metadata searches need a key: metadata[\'key\']:\'value\'.', 'query');
    const value = nul ? null : num !== undefined ? Number(num) : quoted!.replaceAll(/\\(.)/g, '$1');
    clauses.push({field: key !== undefined ? [name!, key] : name!.split('.'), negate: Boolean(neg), op: op as Clause['op'], value});
    rest = rest.slice(m[0].length);
    if (!rest) break;
    const j = /^(AND|OR)\s+/i.exec(rest);
    if (!j) throw invalid(`Invalid search query: expected AND or OR near \`${rest.slice(0, 30)}\`.`, 'query');
    const word = j[1]!.toUpperCase() as 'AND' | 'OR';
    if (joiner && joiner !== word) throw invalid('Search queries cannot mix AND and OR.', 'query');
    joiner = word;
    rest = rest.slice(j[0].length);
  }
  return {clauses, joiner: joiner ?? 'AND'};
}

function matches(o: Obj, c: Clause): boolean {
  let v: unknown = o;
  for (const f of c.field) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[f] : undefined;
  let ok: boolean;
  if (c.op === ':' ) {
    if (c.value === null) ok = v === null || v === undefined;
    else if (typeof c.value === 'number') ok = Number(v) === c.value;
    else if (typeof v === 'boolean') ok = String(v) === c.value.toLowerCase();
    else ok = typeof v === 'string' || typeof v === 'number' ? String(v).toLowerCase() === c.value.toLowerCase() : false;
  } else if (c.op === '~') {
    ok = typeof v === 'string' && typeof c.value === 'string' && c.value.length >= 3 && v.toLowerCase().includes(c.value.toLowerCase());
  } else {
    const a = Number(v);
    const b = Number(c.value);
    ok = Number.isFinite(a) && Number.isFinite(b) && (c.op === '>' ? a > b : c.op === '<' ? a < b : c.op === '>=' ? a >= b : a <= b);
  }
  return c.negate ? !ok : ok;
}

export async function searchOf(api: Api, req: Req, type: string, fields: string[]): Promise<Obj> {
  const query = str(req.params.query);
  if (!query) throw invalid('Missing required param: query.', 'query', 'parameter_missing');
  const {clauses, joiner} = parseQuery(query, fields);
  const limit = limitOf(req.params.limit);
  const offset = Number(decodeCursor<{o: number}>(str(req.params.page))?.o ?? 0);
  const r = await api.ctx.db.query("SELECT data FROM objects WHERE account = $1 AND type = $2 AND NOT (data ? '_deleted') ORDER BY seq DESC", [req.account, type]);
  const hits = r.rows.map((x) => x.data as Obj).filter((o) => (joiner === 'AND' ? clauses.every((c) => matches(o, c)) : clauses.some((c) => matches(o, c))));
  const data = hits.slice(offset, offset + limit);
  const hasMore = hits.length > offset + limit;
  const wantsTotal = [req.params.expand].flat().includes('total_count');
  return {
    data,
    has_more: hasMore,
    next_page: hasMore ? encodeCursor({o: offset + limit}) : null,
    object: 'search_result',
    url: req.url,
    ...(wantsTotal ? {total_count: hits.length} : {}),
  } as unknown as Obj;
}
