/** Rows of the clone database and the queries the routes share. */
import type pg from 'pg';

export interface BlockRow {
  id: string;
  kind: 'page' | 'database' | 'block';
  type: string;
  parent_type: string;
  parent_id: string | null;
  position: number;
  content: Record<string, any>;
  shared: boolean;
  in_trash: boolean;
  is_locked: boolean;
  created_time: Date;
  last_edited_time: Date;
  created_by: string;
  last_edited_by: string;
  seq: string;
}

export interface DataSourceRow {
  id: string;
  database_id: string;
  title: any[];
  description: any[];
  icon: any;
  properties: any[];
  counters: Record<string, number>;
  in_trash: boolean;
  created_time: Date;
  last_edited_time: Date;
  created_by: string;
  last_edited_by: string;
}

export interface UserRow {
  id: string;
  type: 'person' | 'bot';
  name: string | null;
  avatar_url: string | null;
  email: string | null;
}

type Q = pg.Pool | pg.PoolClient;

export class Store {
  private userCache: Promise<UserRow[]> | undefined;
  constructor(readonly db: Q) {}

  async block(id: string): Promise<BlockRow | undefined> {
    return (await this.db.query('SELECT * FROM blocks WHERE id = $1', [id])).rows[0];
  }

  async blocksByIds(ids: string[]): Promise<BlockRow[]> {
    if (ids.length === 0) return [];
    return (await this.db.query('SELECT * FROM blocks WHERE id = ANY($1::uuid[])', [ids])).rows;
  }

  /** The children of a page or block in order: blocks, child pages and child databases. */
  async children(parentId: string): Promise<BlockRow[]> {
    return (await this.db.query(`SELECT * FROM blocks WHERE parent_id = $1 AND parent_type IN ('page_id', 'block_id') AND NOT in_trash ORDER BY position, seq`, [parentId])).rows;
  }

  /** Which of these have children that are not in the trash. */
  async withChildren(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const r = await this.db.query(`SELECT DISTINCT parent_id FROM blocks WHERE parent_id = ANY($1::uuid[]) AND parent_type IN ('page_id', 'block_id') AND NOT in_trash`, [ids]);
    return new Set(r.rows.map((x) => x.parent_id));
  }

  async dataSource(id: string): Promise<DataSourceRow | undefined> {
    return (await this.db.query('SELECT * FROM data_sources WHERE id = $1', [id])).rows[0];
  }

  async dataSourcesOf(databaseId: string): Promise<DataSourceRow[]> {
    return (await this.db.query('SELECT * FROM data_sources WHERE database_id = $1 ORDER BY seq', [databaseId])).rows;
  }

  async pagesOf(dataSourceId: string): Promise<BlockRow[]> {
    return (await this.db.query(`SELECT * FROM blocks WHERE parent_type = 'data_source_id' AND parent_id = $1 AND NOT in_trash ORDER BY seq`, [dataSourceId])).rows;
  }

  async users(): Promise<UserRow[]> {
    this.userCache ??= this.db.query('SELECT id, type, name, avatar_url, email FROM users ORDER BY position, id').then((r) => r.rows);
    return this.userCache;
  }

  async user(id: string): Promise<UserRow | undefined> {
    return (await this.users()).find((u) => u.id === id);
  }

  /** Whether the integration can see this page, database or block: it or an ancestor is shared with it. */
  async accessible(id: string): Promise<boolean> {
    const r = await this.db.query(
      `WITH RECURSIVE up(id, parent_type, parent_id, shared, depth) AS (
         SELECT id, parent_type, parent_id, shared, 0 FROM blocks WHERE id = $1
         UNION ALL
         SELECT b.id, b.parent_type, b.parent_id, b.shared, up.depth + 1 FROM up
           JOIN blocks b ON b.id = CASE WHEN up.parent_type = 'data_source_id' THEN (SELECT database_id FROM data_sources WHERE id = up.parent_id) ELSE up.parent_id END
         WHERE up.depth < 64)
       SELECT coalesce(bool_or(shared), false) AS ok FROM up`,
      [id],
    );
    return Boolean(r.rows[0]?.ok);
  }

  /** Everything the integration can see: what is shared with it and all below (data sources' pages included). */
  async accessibleIds(): Promise<Set<string>> {
    const r = await this.db.query(
      `WITH RECURSIVE down(id) AS (
         SELECT id FROM blocks WHERE shared
         UNION
         SELECT b.id FROM down d LEFT JOIN data_sources ds ON ds.database_id = d.id JOIN blocks b ON b.parent_id = d.id OR b.parent_id = ds.id)
       SELECT id FROM down`,
    );
    return new Set(r.rows.map((x) => x.id));
  }

  async insertBlock(b: Omit<BlockRow, 'seq' | 'shared' | 'is_locked'> & {shared?: boolean}): Promise<BlockRow> {
    const r = await this.db.query(
      `INSERT INTO blocks (id, kind, type, parent_type, parent_id, position, content, shared, in_trash, created_time, last_edited_time, created_by, last_edited_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
      [b.id, b.kind, b.type, b.parent_type, b.parent_id, b.position, b.content, b.shared ?? false, b.in_trash, b.created_time, b.last_edited_time, b.created_by, b.last_edited_by],
    );
    return r.rows[0];
  }

  async updateBlock(id: string, fields: Partial<Pick<BlockRow, 'content' | 'in_trash' | 'is_locked' | 'parent_type' | 'parent_id' | 'position' | 'type' | 'last_edited_by' | 'last_edited_time'>>): Promise<BlockRow> {
    const keys = Object.keys(fields) as Array<keyof typeof fields>;
    const sets = keys.map((k, i) => `${k} = $${i + 2}`);
    const r = await this.db.query(`UPDATE blocks SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [id, ...keys.map((k) => fields[k])]);
    return r.rows[0];
  }

  async updateDataSource(id: string, fields: Partial<Pick<DataSourceRow, 'title' | 'description' | 'icon' | 'properties' | 'counters' | 'in_trash' | 'last_edited_by' | 'last_edited_time'>>): Promise<DataSourceRow> {
    const keys = Object.keys(fields) as Array<keyof typeof fields>;
    const sets = keys.map((k, i) => `${k} = $${i + 2}`);
    const vals = keys.map((k) => (k === 'title' || k === 'description' || k === 'properties' ? JSON.stringify(fields[k]) : fields[k]));
    const r = await this.db.query(`UPDATE data_sources SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, [id, ...vals]);
    return r.rows[0];
  }

  /** The position after the last child of a parent (appending). */
  async nextPosition(parentId: string): Promise<number> {
    const r = await this.db.query('SELECT max(position) AS p FROM blocks WHERE parent_id = $1', [parentId]);
    return (Number(r.rows[0]?.p ?? 0) || 0) + 1;
  }
}
