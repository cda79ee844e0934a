/**
 * The association graph: HubSpot-defined and labelled association types per pair of object types,
 * and associations stored in both directions, each with the type id of its direction.
 */
import type {BackendContext} from '@asym/template-kit';

import {validation} from './errors.js';

export interface AssociationType {
  typeId: number;
  fromType: string;
  toType: string;
  category: 'HUBSPOT_DEFINED' | 'USER_DEFINED' | 'INTEGRATOR_DEFINED';
  label: string | null;
  inverseId: number;
  maxToObjects: number | null;
}

export interface Associated {
  toObjectId: string;
  associationTypes: Array<{category: string; typeId: number; label: string | null}>;
}

const rowType = (r: Record<string, unknown>): AssociationType => ({
  typeId: Number(r.type_id),
  fromType: String(r.from_type),
  toType: String(r.to_type),
  category: r.category as AssociationType['category'],
  label: (r.label as string | null) ?? null,
  inverseId: Number(r.inverse_id),
  maxToObjects: r.max_to_objects === null || r.max_to_objects === undefined ? null : Number(r.max_to_objects),
});

export class Associations {
  constructor(private readonly db: BackendContext['db']) {}

  async types(fromType: string, toType: string): Promise<AssociationType[]> {
    const r = await this.db.query('SELECT * FROM association_types WHERE from_type = $1 AND to_type = $2 ORDER BY (category <> $3), (label IS NOT NULL), type_id', [fromType, toType, 'HUBSPOT_DEFINED']);
    return r.rows.map(rowType);
  }

  async allTypes(): Promise<AssociationType[]> {
    const r = await this.db.query('SELECT * FROM association_types ORDER BY type_id');
    return r.rows.map(rowType);
  }

  /** The unlabeled type of the pair (what "default" associations use). */
  async defaultType(fromType: string, toType: string): Promise<AssociationType | undefined> {
    const all = await this.types(fromType, toType);
    return all.find((t) => t.label === null) ?? all[0];
  }

  /** A new labelled pair of types (one id per direction; the same id when both ends are one type). */
  async createLabel(fromType: string, toType: string, label: string | null, inverseLabel?: string): Promise<AssociationType> {
    const ids = await this.db.query(`SELECT nextval('association_type_ids')::int AS a, nextval('association_type_ids')::int AS b`);
    const a = Number(ids.rows[0].a);
    const b = fromType === toType && !inverseLabel ? a : Number(ids.rows[0].b);
    await this.db.query('INSERT INTO association_types (type_id, from_type, to_type, category, label, inverse_id) VALUES ($1, $2, $3, $4, $5, $6)', [a, fromType, toType, 'USER_DEFINED', label, b]);
    if (b !== a) await this.db.query('INSERT INTO association_types (type_id, from_type, to_type, category, label, inverse_id) VALUES ($1, $2, $3, $4, $5, $6)', [b, toType, fromType, 'USER_DEFINED', inverseLabel ?? label, a]);
    return {typeId: a, fromType, toType, category: 'USER_DEFINED', label, inverseId: b, maxToObjects: null};
  }

  async updateLabel(typeId: number, label: string): Promise<boolean> {
    const r = await this.db.query(`UPDATE association_types SET label = $2 WHERE type_id = $1 AND category = 'USER_DEFINED'`, [typeId, label]);
    return (r.rowCount ?? 0) > 0;
  }

  async deleteLabel(typeId: number): Promise<boolean> {
    const r = await this.db.query(`DELETE FROM association_types WHERE (type_id = $1 OR inverse_id = $1) AND category = 'USER_DEFINED' RETURNING type_id`, [typeId]);
    await this.db.query('DELETE FROM associations WHERE type_id = ANY($1::int[])', [r.rows.map((x: {type_id: number}) => x.type_id)]);
    return (r.rowCount ?? 0) > 0;
  }

  /** The types, checked to belong to the pair (400 otherwise). */
  async check(fromType: string, toType: string, specs: Array<{associationCategory?: string; associationTypeId?: number}>): Promise<AssociationType[]> {
    const known = await this.types(fromType, toType);
    return specs.map((s) => {
      const t = known.find((k) => k.typeId === Number(s.associationTypeId));
      if (!t || (s.associationCategory && s.associationCategory !== t.category)) {
        throw validation(`${s.associationCategory ?? 'HUBSPOT_DEFINED'} ${s.associationTypeId} is not a valid association type between ${fromType} and ${toType}`, {
          errors: [{message: `invalid association type id ${s.associationTypeId}`, code: 'INVALID_ASSOCIATION_TYPE', context: {associationTypeId: [String(s.associationTypeId)]}}],
        });
      }
      return t;
    });
  }

  /** Set (or, with null, remove) the limit of records one record may be associated with through a type. */
  async setLimit(typeId: number, max: number | null): Promise<AssociationType | undefined> {
    const r = await this.db.query('UPDATE association_types SET max_to_objects = $2 WHERE type_id = $1 RETURNING *', [typeId, max]);
    return r.rows[0] ? rowType(r.rows[0]) : undefined;
  }

  /** Associate in both directions (idempotent); a type's configured limit refuses one association too many. */
  async add(fromType: string, fromId: string, toType: string, toId: string, types: AssociationType[]): Promise<void> {
    for (const t of types) {
      if (t.maxToObjects !== null) {
        const n = await this.db.query('SELECT count(*)::int AS n FROM associations WHERE from_id = $1 AND type_id = $2 AND to_id <> $3', [fromId, t.typeId, toId]);
        if (n.rows[0].n >= t.maxToObjects) {
          throw validation(`${fromType} ${fromId} already has ${n.rows[0].n} associations of type ${t.typeId}, the configured maximum`, {
            errors: [{message: `at most ${t.maxToObjects} associations of type ${t.typeId}`, code: 'TOO_MANY_ASSOCIATIONS', context: {typeId: [String(t.typeId)], fromObjectId: [fromId]}}],
          });
        }
      }
      await this.db.query(
        `INSERT INTO associations (from_type, from_id, to_type, to_id, type_id, created_at) VALUES ($1, $2, $3, $4, $5, now()), ($3, $4, $1, $2, $6, now()) ON CONFLICT DO NOTHING`,
        [fromType, fromId, toType, toId, t.typeId, t.inverseId],
      );
    }
  }

  /** Remove the given types (all when none given) between two records, both directions. */
  async remove(fromId: string, toId: string, typeIds?: number[]): Promise<number> {
    if (typeIds) {
      const r = await this.db.query('SELECT type_id, inverse_id FROM association_types WHERE type_id = ANY($1::int[])', [typeIds]);
      const inverse = r.rows.map((x: {inverse_id: number}) => x.inverse_id);
      const d = await this.db.query(
        'DELETE FROM associations WHERE (from_id = $1 AND to_id = $2 AND type_id = ANY($3::int[])) OR (from_id = $2 AND to_id = $1 AND type_id = ANY($4::int[]))',
        [fromId, toId, typeIds, inverse],
      );
      return d.rowCount ?? 0;
    }
    const d = await this.db.query('DELETE FROM associations WHERE (from_id = $1 AND to_id = $2) OR (from_id = $2 AND to_id = $1)', [fromId, toId]);
    return d.rowCount ?? 0;
  }

  /** Records of `toType` associated with one record, grouped by target, in id order from `after`. */
  async list(fromId: string, toType: string, opts: {after?: string; limit: number} = {limit: 500}): Promise<{results: Associated[]; next?: string}> {
    const r = await this.db.query(
      `SELECT a.to_id::text AS to_id, t.type_id, t.category, t.label FROM associations a JOIN association_types t ON t.type_id = a.type_id
       WHERE a.from_id = $1 AND a.to_type = $2 AND a.to_id >= $3 ORDER BY a.to_id, (t.label IS NOT NULL) DESC, t.type_id`,
      [fromId, toType, opts.after && /^\d+$/.test(opts.after) ? opts.after : '0'],
    );
    const grouped = new Map<string, Associated>();
    for (const row of r.rows) {
      const g: Associated = grouped.get(row.to_id) ?? {toObjectId: row.to_id, associationTypes: []};
      g.associationTypes.push({category: row.category, typeId: Number(row.type_id), label: row.label ?? null});
      grouped.set(row.to_id, g);
    }
    const all = [...grouped.values()];
    return {results: all.slice(0, opts.limit), next: all.length > opts.limit ? all[opts.limit]!.toObjectId : undefined};
  }
}
