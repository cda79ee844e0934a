/** CRM records in Postgres: one row per record of any object type, properties as a JSON map. */
import type {BackendContext} from '@asym/template-kit';

export interface HistoryEntry {
  value: string;
  timestamp: string;
  sourceType: string;
  sourceId?: string;
  updatedByUserId?: number;
}

export interface RecordRow {
  id: string;
  type: string;
  properties: Record<string, string | null>;
  history: Record<string, HistoryEntry[]>;
  archived: boolean;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
}

const COLS = 'id::text AS id, type, properties, history, archived, created_at, updated_at, archived_at';
const isId = (v: string) => /^\d{1,18}$/.test(v);

export class Records {
  constructor(readonly db: BackendContext['db']) {}

  async get(type: string, id: string, archived = false): Promise<RecordRow | undefined> {
    if (!isId(id)) return undefined;
    const r = await this.db.query(`SELECT ${COLS} FROM objects WHERE type = $1 AND id = $2 AND archived = $3`, [type, id, archived]);
    return r.rows[0];
  }

  async many(type: string, ids: string[]): Promise<RecordRow[]> {
    const valid = ids.filter(isId);
    if (valid.length === 0) return [];
    const r = await this.db.query(`SELECT ${COLS} FROM objects WHERE type = $1 AND id = ANY($2::bigint[]) AND NOT archived`, [type, valid]);
    return r.rows;
  }

  /** Records whose property equals the value (case-insensitive for emails). */
  async byProperty(type: string, property: string, values: string[]): Promise<RecordRow[]> {
    if (values.length === 0) return [];
    const r = await this.db.query(`SELECT ${COLS} FROM objects WHERE type = $1 AND NOT archived AND lower(properties->>$2) = ANY($3::text[]) ORDER BY id`, [
      type,
      property,
      values.map((v) => v.toLowerCase()),
    ]);
    return r.rows;
  }

  /** One page in id order from `after` (an id, inclusive), and the id that starts the next page. */
  async page(type: string, opts: {after?: string; limit: number; archived: boolean}): Promise<{rows: RecordRow[]; next?: string}> {
    const after = opts.after && isId(opts.after) ? opts.after : '0';
    const r = await this.db.query(`SELECT ${COLS} FROM objects WHERE type = $1 AND archived = $2 AND id >= $3 ORDER BY id LIMIT $4`, [type, opts.archived, after, opts.limit + 1]);
    const rows = r.rows as RecordRow[];
    return {rows: rows.slice(0, opts.limit), next: rows.length > opts.limit ? rows[opts.limit]!.id : undefined};
  }

  async all(type: string): Promise<RecordRow[]> {
    const r = await this.db.query(`SELECT ${COLS} FROM objects WHERE type = $1 AND NOT archived ORDER BY id`, [type]);
    return r.rows;
  }

  async nextIds(n: number): Promise<string[]> {
    const r = await this.db.query(`SELECT nextval('object_ids')::text AS id FROM generate_series(1, $1)`, [n]);
    return r.rows.map((x: {id: string}) => x.id);
  }

  async insert(rows: RecordRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO objects (id, type, properties, history, archived, created_at, updated_at)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::jsonb[], $4::jsonb[], $5::boolean[], $6::timestamptz[], $7::timestamptz[])`,
      [rows.map((x) => x.id), rows.map((x) => x.type), rows.map((x) => JSON.stringify(x.properties)), rows.map((x) => JSON.stringify(x.history)), rows.map(() => false), rows.map((x) => x.created_at), rows.map((x) => x.updated_at)],
    );
  }

  async save(row: RecordRow): Promise<void> {
    await this.db.query('UPDATE objects SET properties = $2, history = $3, updated_at = $4, archived = $5, archived_at = $6 WHERE id = $1', [
      row.id,
      JSON.stringify(row.properties),
      JSON.stringify(row.history),
      row.updated_at,
      row.archived,
      row.archived_at,
    ]);
  }

  async archive(type: string, ids: string[]): Promise<string[]> {
    const valid = ids.filter(isId);
    if (valid.length === 0) return [];
    const r = await this.db.query(`UPDATE objects SET archived = true, archived_at = now(), updated_at = now() WHERE type = $1 AND id = ANY($2::bigint[]) AND NOT archived RETURNING id::text AS id`, [type, valid]);
    await this.db.query('DELETE FROM associations WHERE from_id = ANY($1::bigint[]) OR to_id = ANY($1::bigint[])', [r.rows.map((x: {id: string}) => x.id)]);
    return r.rows.map((x: {id: string}) => x.id);
  }
}
