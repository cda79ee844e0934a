import {type DiffChange, type DiffDeclaration, entitySql, type EntityDiff, topLevelIgnores} from '@asym/contract';

import {withClient} from './postgres.js';

type Doc = Record<string, unknown>;
const isPlain = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{a: {b: 1}, c: [1]}` → `{'a.b': 1, c: [1]}`: nested objects become dotted fields, arrays stay values. */
export function flatten(doc: Doc, prefix = '', out: Doc = {}): Doc {
  for (const [k, v] of Object.entries(doc)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (isPlain(v) && Object.keys(v).length > 0) flatten(v, path, out);
    else out[path] = v;
  }
  return out;
}

/** `a` ignores `a` and `a.b…`; `_*` ignores every field starting with `_`. */
const ignored = (field: string, rules: string[]) => rules.some((r) => (r.endsWith('*') ? field.startsWith(r.slice(0, -1)) : field === r || field.startsWith(`${r}.`)));

/** The fields that differ between two versions of an object, ignoring the declared volatile ones. */
export function fieldChanges(before: Doc, after: Doc, rules: string[]): DiffChange[] {
  const a = flatten(before);
  const b = flatten(after);
  // An empty object on one side and fields under it on the other: only the fields are the change.
  const emptyParent = (f: string, x: Doc, y: Doc) => isPlain(x[f]) && !(f in y) && Object.keys(y).some((k) => k.startsWith(`${f}.`));
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((f) => !ignored(f, rules) && !emptyParent(f, a, b) && !emptyParent(f, b, a)).sort();
  return fields.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f])).map((f) => ({field: f, new: b[f] ?? null, old: a[f] ?? null}));
}

/** An object without its ignored fields (dotted rules remove nested ones). */
function strip(doc: Doc, rules: string[]): Doc {
  const copy = structuredClone(doc);
  for (const k of Object.keys(copy)) if (ignored(k, rules.filter((r) => r.endsWith('*')))) delete copy[k];
  for (const r of rules.filter((x) => x.includes('.') && !x.endsWith('*'))) {
    const parts = r.split('.');
    let cur: unknown = copy;
    for (const p of parts.slice(0, -1)) cur = isPlain(cur) ? cur[p] : undefined;
    if (isPlain(cur)) delete cur[parts.at(-1)!];
  }
  return copy;
}

async function readEntity(url: string, sql: string, ignore: string[]): Promise<Map<string, Doc>> {
  return withClient(url, async (c) => {
    const r = await c.query<{k: string; d: Doc}>(sql, [ignore]);
    return new Map(r.rows.map((row) => [row.k, row.d]));
  });
}

/**
 * Compare two databases of the same template entity by entity, as the template declares them:
 * objects created, deleted, and updated (with the fields that changed), by API id.
 */
export async function diffDatabases(baseUrl: string, currentUrl: string, declaration: DiffDeclaration): Promise<EntityDiff[]> {
  const out: EntityDiff[] = [];
  for (const [name, entity] of Object.entries(declaration.entities)) {
    const rules = [...(declaration.ignore ?? []), ...(entity.ignore ?? [])];
    const sql = entitySql(entity);
    const top = topLevelIgnores(entity, declaration.ignore);
    const [before, after] = await Promise.all([readEntity(baseUrl, sql, top), readEntity(currentUrl, sql, top)]);
    const e: EntityDiff = {created: [], deleted: [], entity: name, updated: []};
    for (const [id, doc] of after) {
      const old = before.get(id);
      if (!old) e.created.push({id, object: strip(doc, rules)});
      else {
        const changes = fieldChanges(old, doc, rules);
        if (changes.length > 0) e.updated.push({changes, id});
      }
    }
    for (const [id, doc] of before) if (!after.has(id)) e.deleted.push({id, object: strip(doc, rules)});
    if (e.created.length + e.deleted.length + e.updated.length > 0) out.push(e);
  }
  return out;
}
