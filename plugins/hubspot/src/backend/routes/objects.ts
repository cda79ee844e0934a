/** `/crm/v3/objects/{objectType}`: CRUD, batch, search, and the v3 association reads on records. */
import {objectScope, requireScope} from '../auth.js';
import type {Crm} from '../crm.js';
import {notFound, validation} from '../errors.js';
import {batch, body, boolParam, collection, type HsApp, type HsContext, inputs, type Json, limitParam, listParam} from '../http.js';
import type {RecordRow} from '../records.js';
import {type AssociatedIds, checkFilters, matches, matchesQuery, parseSorts, sortRows} from '../search.js';
import type {ObjectType} from '../types.js';

const SEARCH_CAP = 10_000;

/** The object type of the route, after checking the caller's scope for it. */
async function typeFor(crm: Crm, c: HsContext, write: boolean): Promise<ObjectType> {
  const type = await crm.type(c.req.param('objectType')!);
  requireScope(c.get('caller'), ...objectScope(type.scope, write));
  return type;
}

/** `associations: {companies: {results: [{id, type}]}}` for the requested types that have any. */
async function v3Associations(crm: Crm, type: ObjectType, row: RecordRow, names: string[]): Promise<Json | undefined> {
  if (names.length === 0) return undefined;
  const out: Json = {};
  for (const name of names) {
    const to = await crm.type(name).catch(() => undefined);
    if (!to) continue;
    const results = await v3List(crm, type, row.id, to);
    if (results.length > 0) out[to.name] = {results};
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** v3 association entries `{id, type}`: `contact_to_company` (primary or only kind), `…_unlabeled` beside a primary. */
export async function v3List(crm: Crm, from: ObjectType, id: string, to: ObjectType): Promise<Array<{id: string; type: string}>> {
  const {results} = await crm.assoc.list(id, to.key, {limit: 10_000});
  const base = `${from.singular}_to_${to.singular}`;
  const hasPrimary = (await crm.assoc.types(from.key, to.key)).some((t) => t.label === 'Primary' && t.category === 'HUBSPOT_DEFINED');
  return results.flatMap((r) =>
    r.associationTypes.map((t) => ({
      id: r.toObjectId,
      type: t.category === 'HUBSPOT_DEFINED' ? (t.label === null && hasPrimary ? `${base}_unlabeled` : base) : (t.label ?? base).toLowerCase().replaceAll(/\s+/g, '_'),
    })),
  );
}

export function objectRoutes(api: HsApp, crm: Crm): void {
  const P = '/crm/v3/objects/:objectType';

  api.get(P, async (c) => {
    const type = await typeFor(crm, c, false);
    const limit = limitParam(c.req.query('limit'), 10, 100);
    const page = await crm.records.page(type.key, {after: c.req.query('after'), limit, archived: boolParam(c, 'archived')});
    const properties = listParam(c, 'properties');
    const history = listParam(c, 'propertiesWithHistory');
    const assoc = listParam(c, 'associations');
    const results = [];
    for (const row of page.rows) {
      const o = await crm.shape(type, row, {properties, history});
      const a = await v3Associations(crm, type, row, assoc);
      results.push(a ? {...o, associations: a} : o);
    }
    return c.json(collection(c, results, page.next));
  });

  api.post(P, async (c) => {
    const type = await typeFor(crm, c, true);
    const b = await body(c);
    const [row] = await crm.create(type, [{properties: b.properties, associations: b.associations}], c.get('caller').appId);
    return c.json(await crm.shape(type, row!, {full: true}), 201);
  });

  api.post(`${P}/search`, async (c) => {
    const type = await typeFor(crm, c, false);
    const b = await body(c);
    const defs = await crm.props.of(type.key);
    const groups = checkFilters(b.filterGroups, defs);
    const sorts = parseSorts(b.sorts, defs);
    const limit = limitParam(b.limit, 10, 200);
    const offset = b.after === undefined || b.after === null || b.after === '' ? 0 : Number(b.after);
    if (!Number.isInteger(offset) || offset < 0) throw validation(`after must be an offset, got ${String(b.after)}`);
    if (offset + limit > SEARCH_CAP) {
      throw validation(`The search results are capped at ${SEARCH_CAP} records; page past them with a narrower filter (for example on hs_object_id) instead of a larger after.`, {errors: [{message: 'after + limit above 10000', code: 'SEARCH_RESULT_CAP'}]});
    }
    const associated: AssociatedIds = new Map();
    for (const name of new Set(groups.flat().map((f) => f.propertyName!).filter((n) => n.startsWith('associations.')))) {
      const to = await crm.type(name.slice('associations.'.length));
      const r = await crm.db.query('SELECT from_id::text AS f, to_id::text AS t FROM associations WHERE from_type = $1 AND to_type = $2', [type.key, to.key]);
      const byRecord = new Map<string, Set<string>>();
      for (const x of r.rows as Array<{f: string; t: string}>) byRecord.set(x.f, (byRecord.get(x.f) ?? new Set()).add(x.t));
      associated.set(name, byRecord);
    }
    let rows = (await crm.records.all(type.key)).filter((r) => groups.length === 0 || groups.some((g) => g.every((f) => matches(r, f, defs, associated))));
    if (typeof b.query === 'string' && b.query.trim()) rows = rows.filter((r) => matchesQuery(r, b.query, type.searchable));
    rows = sortRows(rows, sorts, defs);
    const properties = Array.isArray(b.properties) ? (b.properties as string[]) : [];
    const page = rows.slice(offset, offset + limit);
    const results = [];
    for (const r of page) results.push(await crm.shape(type, r, {properties}));
    const out: Json = {total: rows.length, results};
    const next = offset + limit;
    if (next < Math.min(rows.length, SEARCH_CAP)) out.paging = {next: {after: String(next)}};
    return c.json(out);
  });

  api.post(`${P}/batch/read`, async (c) => {
    const type = await typeFor(crm, c, false);
    const b = await body(c);
    const started = new Date();
    const list = inputs(b);
    const idProperty = typeof b.idProperty === 'string' ? b.idProperty : undefined;
    const results = [];
    const missing: string[] = [];
    for (const input of list) {
      const row = await crm.find(type, String(input.id ?? ''), {idProperty, archived: b.archived === true});
      if (!row) missing.push(String(input.id));
      else results.push(await crm.shape(type, row, {properties: b.properties ?? [], history: b.propertiesWithHistory ?? []}));
    }
    const errors = missing.length > 0 ? [notFoundError(type, missing)] : [];
    return batch(c, started, results, errors);
  });

  api.post(`${P}/batch/create`, async (c) => {
    const type = await typeFor(crm, c, true);
    const started = new Date();
    const rows = await crm.create(type, inputs(await body(c)).map((i) => ({properties: i.properties, associations: i.associations})), c.get('caller').appId);
    const results = [];
    for (const r of rows) results.push(await crm.shape(type, r, {full: true}));
    return batch(c, started, results, [], 201);
  });

  api.post(`${P}/batch/update`, async (c) => {
    const type = await typeFor(crm, c, true);
    const b = await body(c);
    const started = new Date();
    const list = inputs(b);
    const results = [];
    const missing: string[] = [];
    for (const input of list) {
      const row = await crm.find(type, String(input.id ?? ''), {idProperty: input.idProperty});
      if (!row) missing.push(String(input.id));
      else results.push(await crm.shape(type, await crm.update(type, row, input.properties, c.get('caller').appId), {full: true}));
    }
    return batch(c, started, results, missing.length > 0 ? [notFoundError(type, missing)] : []);
  });

  api.post(`${P}/batch/archive`, async (c) => {
    const type = await typeFor(crm, c, true);
    const list = inputs(await body(c));
    await crm.archive(type, list.map((i) => String(i.id ?? '')));
    return c.body(null, 204);
  });

  api.post(`${P}/batch/upsert`, async (c) => {
    const type = await typeFor(crm, c, true);
    const started = new Date();
    const results = [];
    for (const input of inputs(await body(c))) {
      const idProperty = typeof input.idProperty === 'string' ? input.idProperty : 'hs_object_id';
      const key = String(input.id ?? '');
      const row = await crm.find(type, key, {idProperty});
      if (row) {
        results.push({...(await crm.shape(type, await crm.update(type, row, input.properties, c.get('caller').appId), {full: true})), new: false});
      } else {
        if (idProperty === 'hs_object_id') throw validation(`Cannot upsert by hs_object_id: no ${type.singular} ${key}`);
        const [created] = await crm.create(type, [{properties: {...(input.properties ?? {}), [idProperty]: key}}], c.get('caller').appId);
        results.push({...(await crm.shape(type, created!, {full: true})), new: true});
      }
    }
    return batch(c, started, results);
  });

  api.post(`${P}/merge`, async (c) => {
    const type = await typeFor(crm, c, true);
    const b = await body(c);
    const primary = await crm.find(type, String(b.primaryObjectId ?? ''));
    const merged = await crm.find(type, String(b.objectIdToMerge ?? ''));
    if (!primary || !merged) throw notFound(`Could not merge: ${!primary ? b.primaryObjectId : b.objectIdToMerge} is not a ${type.singular}`);
    if (primary.id === merged.id) throw validation('A record cannot be merged into itself');
    return c.json(await crm.shape(type, await crm.merge(type, primary, merged, c.get('caller').appId), {full: true}));
  });

  api.post(`${P}/gdpr-delete`, async (c) => {
    const type = await typeFor(crm, c, true);
    if (type.name !== 'contacts') throw validation('GDPR delete applies to contacts');
    const b = await body(c);
    const row = await crm.find(type, String(b.objectId ?? ''), {idProperty: b.idProperty});
    if (!row) throw notFound();
    await crm.purge(type, row.id);
    return c.body(null, 204);
  });

  api.get(`${P}/:objectId`, async (c) => {
    const type = await typeFor(crm, c, false);
    const row = await crm.find(type, c.req.param('objectId'), {idProperty: c.req.query('idProperty'), archived: boolParam(c, 'archived')});
    if (!row) throw notFound();
    const o = await crm.shape(type, row, {properties: listParam(c, 'properties'), history: listParam(c, 'propertiesWithHistory')});
    const a = await v3Associations(crm, type, row, listParam(c, 'associations'));
    return c.json(a ? {...o, associations: a} : o);
  });

  api.patch(`${P}/:objectId`, async (c) => {
    const type = await typeFor(crm, c, true);
    const row = await crm.find(type, c.req.param('objectId'), {idProperty: c.req.query('idProperty')});
    if (!row) throw notFound();
    const b = await body(c);
    return c.json(await crm.shape(type, await crm.update(type, row, b.properties, c.get('caller').appId), {full: true}));
  });

  api.delete(`${P}/:objectId`, async (c) => {
    const type = await typeFor(crm, c, true);
    await crm.archive(type, [c.req.param('objectId')]);
    return c.body(null, 204);
  });

  // v3 association reads on one record
  api.get(`${P}/:objectId/associations/:toObjectType`, async (c) => {
    const type = await typeFor(crm, c, false);
    const row = await crm.find(type, c.req.param('objectId'));
    if (!row) throw notFound();
    const to = await crm.type(c.req.param('toObjectType'));
    return c.json({results: await v3List(crm, type, row.id, to)});
  });
}

export function notFoundError(type: ObjectType, ids: string[]): Json {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${type.upper} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: {ids},
  };
}
