/**
 * The CRM service: resolves object types (standard and custom), writes records with HubSpot's
 * checks (known, writable and well-typed properties, unique email, pipeline stages, owners) and the
 * properties HubSpot computes, and shapes records as the API returns them.
 */
import type {BackendContext} from '@asym/template-kit';

import {type AssociationType, Associations} from './associations.js';
import {conflict, invalidProperties, validation} from './errors.js';
import {normalizeValues, PropertyCatalog} from './properties.js';
import {type HistoryEntry, type RecordRow, Records} from './records.js';
import {READ_ONLY} from './stock.js';
import {type ObjectType, standardType} from './types.js';

export interface ChangeEvent {
  type: ObjectType;
  kind: 'creation' | 'propertyChange' | 'deletion' | 'associationChange';
  objectId: string;
  propertyName?: string;
  propertyValue?: string | null;
  occurredAt: number;
}

export interface AssociationInput {
  to?: {id?: string};
  types?: Array<{associationCategory?: string; associationTypeId?: number}>;
}

export interface ShapeOptions {
  properties?: string[];
  history?: string[];
  /** Every property that has a value (what create and update answer with). */
  full?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const iso = (d: Date | string) => new Date(d).toISOString();

export class Crm {
  readonly records: Records;
  readonly props: PropertyCatalog;
  readonly assoc: Associations;
  private customTypes?: ObjectType[];
  private owners?: Set<string>;
  onEvent?: (events: ChangeEvent[]) => void;

  constructor(readonly db: BackendContext['db']) {
    this.records = new Records(db);
    this.props = new PropertyCatalog(db);
    this.assoc = new Associations(db);
  }

  clear(): void {
    this.customTypes = undefined;
    this.owners = undefined;
    this.props.clear();
  }

  async custom(): Promise<ObjectType[]> {
    if (!this.customTypes) {
      const r = await this.db.query('SELECT object_type_id, data FROM object_schemas WHERE NOT archived ORDER BY object_type_id');
      this.customTypes = r.rows.map((row: {object_type_id: string; data: Json}) => customType(row.object_type_id, row.data));
    }
    return this.customTypes;
  }

  /** An object type by any of its names, or HubSpot's 400. */
  async type(raw: string): Promise<ObjectType> {
    const found = standardType(raw) ?? (await this.custom()).find((t) => [t.key, t.name, t.singular, t.name.replace(/^p\d+_/, '')].includes(raw.toLowerCase()) || t.key === raw);
    if (!found) throw validation(`Unable to infer object type from: ${raw}`, {errors: [{message: `Unable to infer object type from: ${raw}`, code: 'INVALID_OBJECT_TYPE', context: {objectType: [raw]}}]});
    return found;
  }

  /** Owner ids (owners are read-only through the API, so cached until a reset). */
  async ownerIds(): Promise<Set<string>> {
    if (!this.owners) {
      const r = await this.db.query('SELECT id::text AS id FROM owners WHERE NOT archived');
      this.owners = new Set(r.rows.map((x: {id: string}) => x.id));
    }
    return this.owners;
  }

  async pipelines(kind: string): Promise<Json[]> {
    const r = await this.db.query('SELECT data FROM pipelines WHERE object_type = $1 AND NOT archived ORDER BY (data->>$2)::int, id', [kind, 'displayOrder']);
    return r.rows.map((x: {data: Json}) => x.data);
  }

  /** Validate and normalize written values; `existing` is the record before the write. */
  private async values(type: ObjectType, input: unknown, existing?: Record<string, string | null>): Promise<Record<string, string | null>> {
    if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input))) throw validation('properties must be an object of property names to values');
    const defs = await this.props.of(type.key);
    const external = new Set(type.pipeline ? [type.pipeline.pipeline, type.pipeline.stage] : []);
    const vals = normalizeValues(defs, (input ?? {}) as Json, {owners: await this.ownerIds(), readOnly: READ_ONLY, external});
    if (type.pipeline) await this.checkStage(type, vals, existing);
    return vals;
  }

  private async checkStage(type: ObjectType, vals: Record<string, string | null>, existing?: Record<string, string | null>): Promise<void> {
    const p = type.pipeline!;
    // Tickets need a status (stage) at creation; a deal may be created without a stage.
    if (!existing && !vals[p.stage] && type.name === 'tickets') {
      throw invalidProperties([{name: p.stage, error: 'REQUIRED', message: `${p.stage} is required`}]);
    }
    if (vals[p.pipeline] === undefined && vals[p.stage] === undefined) return;
    const pipelines = await this.pipelines(p.kind);
    const pipelineId = vals[p.pipeline] ?? existing?.[p.pipeline] ?? pipelines[0]?.id;
    const pipeline = pipelines.find((x) => x.id === pipelineId);
    if (!pipeline) {
      throw invalidProperties([{name: p.pipeline, error: 'INVALID_OPTION', message: `${pipelineId} was not one of the allowed options: [${pipelines.map((x) => `label: "${x.label}"\nvalue: "${x.id}"`).join(', ')}]`}]);
    }
    const stageId = vals[p.stage] ?? existing?.[p.stage] ?? pipeline.stages[0]?.id;
    const stages = pipeline.stages as Json[];
    if (!stages.some((s) => s.id === stageId)) {
      throw invalidProperties([{name: p.stage, error: 'INVALID_OPTION', message: `${stageId} was not one of the allowed options: [${stages.map((s) => `label: "${s.label}"\nvalue: "${s.id}"`).join(', ')}]`}]);
    }
    vals[p.pipeline] = pipeline.id;
    vals[p.stage] = stageId;
  }

  /** The properties HubSpot derives from the others. */
  private async derive(type: ObjectType, props: Record<string, string | null>, changed: Set<string>): Promise<Record<string, string | null>> {
    const out: Record<string, string | null> = {};
    if (type.name === 'contacts' && changed.has('email')) out.hs_email_domain = props.email?.split('@')[1]?.toLowerCase() ?? null;
    if (type.pipeline && (changed.has(type.pipeline.stage) || changed.has('amount'))) {
      const pipeline = (await this.pipelines(type.pipeline.kind)).find((x) => x.id === props[type.pipeline!.pipeline]);
      const stage = (pipeline?.stages as Json[] | undefined)?.find((s) => s.id === props[type.pipeline!.stage]);
      const meta = (stage?.metadata ?? {}) as Record<string, string>;
      const closed = meta.isClosed === 'true' || meta.ticketState === 'CLOSED';
      out.hs_is_closed = String(closed);
      if (type.name === 'deals') {
        const probability = Number(meta.probability ?? 0);
        out.hs_deal_stage_probability = meta.probability ?? null;
        out.hs_is_closed_won = String(closed && probability >= 1);
        out.hs_is_closed_lost = String(closed && probability === 0);
        out.hs_forecast_amount = props.amount ? String(Number(props.amount) * probability) : null;
      } else if (changed.has(type.pipeline.stage)) {
        out.closed_date = closed ? new Date().toISOString() : null;
      }
    }
    if (type.name === 'line_items' && (changed.has('price') || changed.has('quantity') || changed.has('discount')) && props.price) {
      out.amount = String(Number(props.price) * Number(props.quantity ?? 1) - Number(props.discount ?? 0) * Number(props.quantity ?? 1));
    }
    return out;
  }

  private async checkUnique(type: ObjectType, vals: Record<string, string | null>, self?: string, batch: Array<Record<string, string | null>> = []): Promise<void> {
    const defs = await this.props.of(type.key);
    const unique = [...(type.unique ?? []), ...[...defs.values()].filter((d) => d.hasUniqueValue).map((d) => d.name)];
    for (const name of unique) {
      const v = vals[name];
      if (!v) continue;
      const found = (await this.records.byProperty(type.key, name, [v])).find((r) => r.id !== self);
      if (found) {
        if (type.name === 'contacts' && name === 'email') throw conflict(`Contact already exists. Existing ID: ${found.id}`);
        throw conflict(`A ${type.singular} with ${name} "${v}" already exists. Existing ID: ${found.id}`);
      }
      if (batch.filter((b) => b[name]?.toLowerCase() === v.toLowerCase()).length > 1) throw validation(`Duplicate ${name} values in the input: ${v}`, {errors: [{message: `Duplicate ${name}: ${v}`, code: 'DUPLICATE_VALUE', context: {[name]: [v]}}]});
    }
  }

  private history(row: RecordRow, vals: Record<string, string | null>, at: string, sourceType: string, sourceId?: string): void {
    for (const [k, v] of Object.entries(vals)) {
      if (v === null || v === undefined) continue;
      const entry: HistoryEntry = {value: v, timestamp: at, sourceType, ...(sourceId ? {sourceId} : {})};
      row.history[k] = [entry, ...(row.history[k] ?? [])].slice(0, 20);
    }
  }

  /** Create records (all or none), with their associations. */
  async create(type: ObjectType, inputs: Array<{properties?: unknown; associations?: AssociationInput[]}>, source?: string): Promise<RecordRow[]> {
    const prepared: Array<{vals: Record<string, string | null>; links: Array<{toType: string; toId: string; types: AssociationType[]}>}> = [];
    for (const input of inputs) {
      const vals = await this.values(type, input.properties);
      const missing = (type.required ?? []).filter((n) => !vals[n]);
      if (missing.length > 0) throw invalidProperties(missing.map((n) => ({name: n, error: 'REQUIRED', message: `${n} is required`})));
      prepared.push({vals, links: await this.links(type, input.associations)});
    }
    for (const p of prepared) await this.checkUnique(type, p.vals, undefined, prepared.map((x) => x.vals));
    const ids = await this.records.nextIds(prepared.length);
    const now = new Date();
    const at = now.toISOString();
    const rows: RecordRow[] = [];
    for (const [i, p] of prepared.entries()) {
      const id = ids[i]!;
      const vals = Object.fromEntries(Object.entries(p.vals).filter(([, v]) => v !== null));
      if (type.name === 'contacts' && !vals.lifecyclestage) vals.lifecyclestage = 'lead';
      const base: Record<string, string | null> = {...vals, hs_object_id: id, [type.created]: at, [type.modified]: at};
      if (type.created !== 'createdate' && !type.custom) base.createdate = at;
      if (type.name === 'notes' || type.name === 'tasks' || type.name === 'calls' || type.name === 'emails' || type.name === 'meetings') base.hs_timestamp ??= at;
      const derived = await this.derive(type, base, new Set(Object.keys(base)));
      const row: RecordRow = {id, type: type.key, properties: {...base, ...derived}, history: {}, archived: false, created_at: now, updated_at: now, archived_at: null};
      this.history(row, vals, at, 'INTEGRATION', source);
      this.history(row, {...derived, hs_object_id: id, [type.created]: at, [type.modified]: at}, at, 'CALCULATED');
      rows.push(row);
    }
    await this.records.insert(rows);
    for (const [i, p] of prepared.entries()) for (const l of p.links) await this.assoc.add(type.key, rows[i]!.id, l.toType, l.toId, l.types);
    this.emit(rows.map((r) => ({type, kind: 'creation', objectId: r.id, occurredAt: now.getTime()})));
    return rows;
  }

  /** Associations given at create: targets must exist and type ids fit the pair. */
  private async links(type: ObjectType, input: AssociationInput[] | undefined): Promise<Array<{toType: string; toId: string; types: AssociationType[]}>> {
    const out: Array<{toType: string; toId: string; types: AssociationType[]}> = [];
    for (const a of input ?? []) {
      const toId = String(a.to?.id ?? '');
      const found = await this.db.query('SELECT type FROM objects WHERE id = $1 AND NOT archived', [/^\d+$/.test(toId) ? toId : '0']);
      if (!found.rows[0]) throw validation(`No object found with id ${toId} to associate with`, {errors: [{message: `Object ${toId} not found`, code: 'OBJECT_NOT_FOUND', context: {id: [toId]}}]});
      const toType = found.rows[0].type as string;
      out.push({toType, toId, types: await this.assoc.check(type.key, toType, a.types ?? [])});
    }
    return out;
  }

  /** Apply a partial update; answers the saved record. */
  async update(type: ObjectType, row: RecordRow, input: unknown, source?: string): Promise<RecordRow> {
    const vals = await this.values(type, input, row.properties);
    await this.checkUnique(type, vals, row.id);
    const changed = new Set(Object.keys(vals).filter((k) => (row.properties[k] ?? null) !== vals[k]));
    const now = new Date();
    const at = now.toISOString();
    const merged = {...row.properties, ...vals, [type.modified]: at};
    const derived = await this.derive(type, merged, changed);
    row.properties = Object.fromEntries(Object.entries({...merged, ...derived}).filter(([, v]) => v !== null));
    row.updated_at = now;
    this.history(row, Object.fromEntries([...changed].map((k) => [k, vals[k] ?? ''])), at, 'INTEGRATION', source);
    this.history(row, {...derived, [type.modified]: at}, at, 'CALCULATED');
    await this.records.save(row);
    this.emit([...changed].map((k) => ({type, kind: 'propertyChange', objectId: row.id, propertyName: k, propertyValue: vals[k] ?? null, occurredAt: now.getTime()})));
    return row;
  }

  async archive(type: ObjectType, ids: string[]): Promise<string[]> {
    const done = await this.records.archive(type.key, ids);
    const now = Date.now();
    this.emit(done.map((id) => ({type, kind: 'deletion', objectId: id, occurredAt: now})));
    return done;
  }

  /** Merge `merged` into `primary`: the primary's values win, blanks are filled, associations move, the merged record is archived. */
  async merge(type: ObjectType, primary: RecordRow, merged: RecordRow, source?: string): Promise<RecordRow> {
    const computed = new Set(['hs_object_id', type.created, type.modified, 'createdate']);
    const fill = Object.fromEntries(Object.entries(merged.properties).filter(([k, v]) => v !== null && !primary.properties[k] && !computed.has(k) && !READ_ONLY.has(k)));
    if (type.unique) for (const u of type.unique) delete fill[u];
    await this.db.query(
      `INSERT INTO associations (from_type, from_id, to_type, to_id, type_id, created_at)
       SELECT from_type, $1, to_type, to_id, type_id, created_at FROM associations WHERE from_id = $2 AND to_id <> $1
       UNION ALL SELECT from_type, from_id, to_type, $1, type_id, created_at FROM associations WHERE to_id = $2 AND from_id <> $1 ON CONFLICT DO NOTHING`,
      [primary.id, merged.id],
    );
    await this.archive(type, [merged.id]);
    const extra = type.name === 'contacts' && merged.properties.email ? {hs_additional_emails: [primary.properties.hs_additional_emails, merged.properties.email].filter(Boolean).join(';')} : {};
    return this.update(type, primary, {...fill, ...extra}, source);
  }

  /** Delete a record for good (GDPR), with its associations. */
  async purge(type: ObjectType, id: string): Promise<void> {
    await this.db.query('DELETE FROM associations WHERE from_id = $1 OR to_id = $1', [id]);
    await this.db.query('DELETE FROM objects WHERE id = $1 AND type = $2', [id, type.key]);
    this.emit([{type, kind: 'deletion', objectId: id, occurredAt: Date.now()}]);
  }

  emit(events: ChangeEvent[]): void {
    if (events.length > 0) this.onEvent?.(events);
  }

  /** A record by id, or by a unique property when `idProperty` is given. */
  async find(type: ObjectType, key: string, opts: {idProperty?: string; archived?: boolean} = {}): Promise<RecordRow | undefined> {
    if (opts.idProperty && opts.idProperty !== 'hs_object_id') {
      const defs = await this.props.of(type.key);
      const def = defs.get(opts.idProperty);
      if (!def || !(def.hasUniqueValue || type.unique?.includes(opts.idProperty))) {
        throw validation(`${opts.idProperty} is not a unique property of ${type.name}`, {errors: [{message: `Property ${opts.idProperty} is not unique`, code: 'INVALID_ID_PROPERTY', context: {idProperty: [opts.idProperty]}}]});
      }
      return (await this.records.byProperty(type.key, opts.idProperty, [key]))[0];
    }
    return this.records.get(type.key, key, opts.archived ?? false);
  }

  /** The record as the API answers it. */
  async shape(type: ObjectType, row: RecordRow, opts: ShapeOptions = {}): Promise<Json> {
    const defs = await this.props.of(type.key);
    let names: string[];
    if (opts.full) names = Object.keys(row.properties);
    else if (opts.properties && opts.properties.length > 0) names = [...opts.properties.filter((n) => defs.has(n)), 'hs_object_id', type.created, type.modified];
    else names = type.defaults;
    const properties: Record<string, string | null> = {};
    for (const n of [...new Set(names)].sort()) properties[n] = row.properties[n] ?? null;
    const out: Json = {id: row.id, properties, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at), archived: row.archived};
    if (row.archived && row.archived_at) out.archivedAt = iso(row.archived_at);
    if (opts.history && opts.history.length > 0) {
      out.propertiesWithHistory = Object.fromEntries(opts.history.filter((n) => defs.has(n)).map((n) => [n, row.history[n] ?? []]));
    }
    return out;
  }
}

/** An ObjectType for a custom object schema. */
export function customType(objectTypeId: string, data: Json): ObjectType {
  const primary = (data.primaryDisplayProperty as string | undefined) ?? 'hs_object_id';
  return {
    name: String(data.fullyQualifiedName),
    key: objectTypeId,
    singular: String(data.name),
    id: objectTypeId,
    scope: 'custom',
    defaults: [...new Set(['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id', primary])],
    created: 'hs_createdate',
    modified: 'hs_lastmodifieddate',
    searchable: (data.searchableProperties as string[] | undefined) ?? [primary],
    upper: String(data.name).toUpperCase(),
    custom: true,
    required: (data.requiredProperties as string[] | undefined) ?? [],
  };
}
