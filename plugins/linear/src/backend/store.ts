/**
 * The clone's entities, one JSON document per row of `records`, read per GraphQL request (each type
 * loaded once and kept for the rest of the request) and written through.
 */
import {randomUUID} from 'node:crypto';

import type pg from 'pg';

export interface Row {
  id: string;
  __typename: string;
  createdAt: string;
  updatedAt: string;
  archivedAt?: string | null;
  [field: string]: unknown;
}

export class Store {
  private readonly byType = new Map<string, Promise<Row[]>>();

  constructor(readonly db: pg.Pool) {}

  all(type: string): Promise<Row[]> {
    let rows = this.byType.get(type);
    if (!rows) {
      rows = this.db.query('SELECT data FROM records WHERE type = $1', [type]).then((r) => r.rows.map((x) => x.data as Row));
      this.byType.set(type, rows);
    }
    return rows;
  }

  async get(type: string, id: string | null | undefined): Promise<Row | undefined> {
    if (!id) return undefined;
    return (await this.all(type)).find((r) => r.id === id);
  }

  async insert(row: Row): Promise<Row> {
    await this.db.query('INSERT INTO records (id, type, data) VALUES ($1, $2, $3)', [row.id, row.__typename, row]);
    (await this.all(row.__typename)).push(row);
    return row;
  }

  async save(row: Row): Promise<Row> {
    await this.db.query('UPDATE records SET data = $2 WHERE id = $1', [row.id, row]);
    const rows = await this.all(row.__typename);
    const i = rows.findIndex((r) => r.id === row.id);
    if (i >= 0) rows[i] = row;
    return row;
  }

  async remove(row: Row): Promise<void> {
    await this.db.query('DELETE FROM records WHERE id = $1', [row.id]);
    const rows = await this.all(row.__typename);
    const i = rows.findIndex((r) => r.id === row.id);
    if (i >= 0) rows.splice(i, 1);
  }

  /** The next issue number of a team, taken atomically from the team's `issueCount`. */
  async nextIssueNumber(teamId: string): Promise<number> {
    const r = await this.db.query(
      `UPDATE records SET data = jsonb_set(data, '{issueCount}', to_jsonb(COALESCE((data->>'issueCount')::int, 0) + 1))
       WHERE id = $1 AND type = 'Team' RETURNING (data->>'issueCount')::int AS n`,
      [teamId],
    );
    const n = r.rows[0]?.n as number;
    const team = await this.get('Team', teamId);
    if (team) team.issueCount = n;
    return n;
  }

  async syncId(): Promise<number> {
    const r = await this.db.query(`SELECT nextval('sync_id')::float8 AS n`);
    return r.rows[0].n as number;
  }
}

export const newId = (): string => randomUUID();
export const nowIso = (): string => new Date().toISOString();
