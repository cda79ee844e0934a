import type {DiffEntity} from './schemas/diff.js';

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Top-level names of ignore rules (dotted and `prefix*` rules are applied after fetching). */
export function topLevelIgnores(entity: DiffEntity, global: string[] = []): string[] {
  return [...global, ...(entity.ignore ?? [])].filter((f) => !f.includes('.') && !f.endsWith('*'));
}

/**
 * The SQL that reads one declared entity: `k` its API id (key columns joined with ":"), `d` the
 * object as jsonb without its top-level ignored fields. Bind `$1` to `topLevelIgnores(...)`.
 * Used by `asym diff` and by the kit's check of a declaration.
 */
export function entitySql(entity: DiffEntity): string {
  const keys = typeof entity.key === 'string' ? [entity.key] : entity.key;
  const k = keys.length === 1 ? `t.${ident(keys[0]!)}::text` : `concat_ws(':', ${keys.map((c) => `t.${ident(c)}::text`).join(', ')})`;
  const doc = entity.document ? `t.${ident(entity.document)}` : 'to_jsonb(t)';
  const conds = [entity.where ? `(${entity.where})` : 'true', entity.deleted ? `NOT coalesce((${entity.deleted}), false)` : 'true'];
  return `SELECT ${k} AS k, (${doc}) - $1::text[] AS d FROM ${ident(entity.table)} t WHERE ${conds.join(' AND ')} ORDER BY 1`;
}
