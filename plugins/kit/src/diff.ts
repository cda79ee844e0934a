/**
 * `asym diff` for any template: the manifest's `diff` field maps tables to the product's objects
 * (entity → table, key columns that make the API id, an optional filter and soft-delete condition,
 * a jsonb document column, volatile fields to ignore). This checks such a declaration against a
 * real database of the template, so an author finds a wrong table or column before users do.
 */
import {DiffDeclaration, entitySql, formatIssues, topLevelIgnores} from '@asym/contract';

interface Queryable {
  query(sql: string, args?: unknown[]): Promise<unknown>;
}

/** Problems with a `diff` declaration (empty when every entity reads): schema, then one query per entity. */
export async function checkDiffDeclaration(db: Queryable, declaration: unknown): Promise<string[]> {
  const parsed = DiffDeclaration.safeParse(declaration);
  if (!parsed.success) return [`diff: ${formatIssues(parsed.error)}`];
  const problems: string[] = [];
  for (const [name, entity] of Object.entries(parsed.data.entities)) {
    try {
      await db.query(`${entitySql(entity)} LIMIT 1`, [topLevelIgnores(entity, parsed.data.ignore)]);
    } catch (error) {
      problems.push(`diff entity "${name}" (table ${entity.table}): ${(error as Error).message}`);
    }
  }
  return problems;
}
