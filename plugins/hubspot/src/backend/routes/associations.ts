/**
 * Associations v4 (`/crm/v4/objects/…/associations/…`, `/crm/v4/associations/{from}/{to}/…`: default and
 * labelled, create/list/delete, batch, label definitions) and the v3 batch routes still answering.
 */
import {objectScope, requireScope, schemaScope} from '../auth.js';
import type {Crm} from '../crm.js';
import {notFound, validation} from '../errors.js';
import {batch, body, collection, type HsApp, type HsContext, inputs, type Json, limitParam} from '../http.js';
import type {ObjectType} from '../types.js';
import {notFoundError, v3List} from './objects.js';

async function pair(crm: Crm, c: HsContext, fromParam: string, toParam: string, write: boolean): Promise<[ObjectType, ObjectType]> {
  const from = await crm.type(c.req.param(fromParam)!);
  const to = await crm.type(c.req.param(toParam)!);
  requireScope(c.get('caller'), ...objectScope(from.scope, write));
  requireScope(c.get('caller'), ...objectScope(to.scope, write));
  return [from, to];
}

async function mustExist(crm: Crm, type: ObjectType, id: string): Promise<void> {
  if (!(await crm.records.get(type.key, id))) throw notFound(`No ${type.singular} with id ${id}`, {context: {id: [id]}});
}

export function associationRoutes(api: HsApp, crm: Crm): void {
  const O = '/crm/v4/objects/:fromType/:fromId/associations';

  api.put(`${O}/default/:toType/:toId`, async (c) => {
    const [from, to] = await pair(crm, c, 'fromType', 'toType', true);
    const started = new Date();
    const result = await associateDefault(crm, from, c.req.param('fromId'), to, c.req.param('toId'));
    return batch(c, started, [result]);
  });

  api.put(`${O}/:toType/:toId`, async (c) => {
    const [from, to] = await pair(crm, c, 'fromType', 'toType', true);
    const {fromId, toId} = c.req.param();
    const specs = await c.req.json().catch(() => undefined);
    if (!Array.isArray(specs)) throw validation('The body must be an array of {associationCategory, associationTypeId}');
    await mustExist(crm, from, fromId);
    await mustExist(crm, to, toId);
    const types = await crm.assoc.check(from.key, to.key, specs);
    await crm.assoc.add(from.key, fromId, to.key, toId, types);
    changed(crm, from, fromId);
    return c.json(await labelsBetween(crm, from, fromId, to, toId), 201);
  });

  api.get(`${O}/:toType`, async (c) => {
    const [from, to] = await pair(crm, c, 'fromType', 'toType', false);
    const fromId = c.req.param('fromId');
    await mustExist(crm, from, fromId);
    const {results, next} = await crm.assoc.list(fromId, to.key, {after: c.req.query('after'), limit: limitParam(c.req.query('limit'), 500, 500)});
    return c.json(collection(c, results, next));
  });

  api.delete(`${O}/:toType/:toId`, async (c) => {
    const [from] = await pair(crm, c, 'fromType', 'toType', true);
    await crm.assoc.remove(c.req.param('fromId'), c.req.param('toId'));
    changed(crm, from, c.req.param('fromId'));
    return c.body(null, 204);
  });

  const B = '/crm/v4/associations/:fromType/:toType';
  api.post(`${B}/batch/create`, async (c) => {
    const [from, to] = await pair(crm, c, 'fromType', 'toType', true);
    const started = new Date();
    const results = [];
    const missing: string[] = [];
    for (const i of inputs(await body(c), 2000)) {
      const fromId = String(i.from?.id ?? '');
      const toId = String(i.to?.id ?? '');
      if (!(await crm.records.get(from.key, fromId)) || !(await crm.records.get(to.key, toId))) {
        missing.push(`${fromId}->${toId}`);
        continue;
      }
      await crm.assoc.add(from.key, fromId, to.key, toId, await crm.assoc.check(from.key, to.key, i.types ?? []));
      changed(crm, from, fromId);
      results.push(await labelsBetween(crm, from, fromId, to, toId));
    }
    return batch(c, started, results, missing.length ? [{status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Some records to associate do not exist', context: {ids: missing}}] : [], 201);
  });

  api.post(`${B}/batch/associate/default`, async (c) => {
    const [from, to] = await pair(crm, c, 'fromType', 'toType', true);
    const started = new Date();
    const results = [];
    for (const i of inputs(await body(c), 2000)) results.push(await associateDefault(crm, from, String(i.from?.id ?? ''), to, String(i.to?.id ?? '')));
    return batch(c, started, results);
  });

  api.post(`${B}/batch/read`, async (c) => {
    const [from, to] = await pair(crm, c, 'fromType', 'toType', false);
    const started = new Date();
    const results = [];
    const missing: string[] = [];
    for (const i of inputs(await body(c), 1000)) {
      const id = String(i.id ?? '');
      if (!(await crm.records.get(from.key, id))) {
        missing.push(id);
        continue;
      }
      const {results: to_, next} = await crm.assoc.list(id, to.key, {after: i.after, limit: 500});
      if (to_.length === 0) {
        missing.push(id);
        continue;
      }
      results.push({from: {id}, to: to_, ...(next ? {paging: {next: {after: next}}} : {})});
    }
    const errors = missing.length ? [{status: 'error', category: 'OBJECT_NOT_FOUND', message: `No ${to.name} is associated with ${missing.join(', ')}`, context: {fromIds: missing}}] : [];
    return batch(c, started, results, errors);
  });

  api.post(`${B}/batch/archive`, async (c) => {
    const [from] = await pair(crm, c, 'fromType', 'toType', true);
    for (const i of inputs(await body(c), 2000)) {
      for (const t of (i.to ?? []) as Json[]) await crm.assoc.remove(String(i.from?.id ?? ''), String(t.id ?? ''));
      changed(crm, from, String(i.from?.id ?? ''));
    }
    return c.body(null, 204);
  });

  api.post(`${B}/batch/labels/archive`, async (c) => {
    const [from] = await pair(crm, c, 'fromType', 'toType', true);
    for (const i of inputs(await body(c), 2000)) {
      await crm.assoc.remove(String(i.from?.id ?? ''), String(i.to?.id ?? ''), ((i.types ?? []) as Json[]).map((t) => Number(t.associationTypeId)));
      changed(crm, from, String(i.from?.id ?? ''));
    }
    return c.body(null, 204);
  });

  // label definitions
  const labelsOf = async (from: ObjectType, to: ObjectType) => (await crm.assoc.types(from.key, to.key)).map((t) => ({category: t.category, typeId: t.typeId, label: t.label}));
  api.get(`${B}/labels`, async (c) => {
    const [from, to] = await pair(crm, c, 'fromType', 'toType', false);
    return c.json({results: await labelsOf(from, to)});
  });
  api.post(`${B}/labels`, async (c) => {
    const [from, to] = await pair(crm, c, 'fromType', 'toType', true);
    requireScope(c.get('caller'), ...schemaScope(from.scope, true));
    const b = await body(c);
    if (typeof b.label !== 'string' || !b.label || typeof b.name !== 'string' || !b.name) throw validation('A label needs a name and a label');
    await crm.assoc.createLabel(from.key, to.key, b.label, typeof b.inverseLabel === 'string' ? b.inverseLabel : undefined);
    return c.json({results: await labelsOf(from, to)});
  });
  api.put(`${B}/labels`, async (c) => {
    await pair(crm, c, 'fromType', 'toType', true);
    const b = await body(c);
    if (!(await crm.assoc.updateLabel(Number(b.associationTypeId), String(b.label ?? '')))) throw notFound(`No user-defined association type ${b.associationTypeId}`);
    return c.body(null, 204);
  });
  api.delete(`${B}/labels/:associationTypeId`, async (c) => {
    await pair(crm, c, 'fromType', 'toType', true);
    if (!(await crm.assoc.deleteLabel(Number(c.req.param('associationTypeId'))))) throw notFound(`No user-defined association type ${c.req.param('associationTypeId')}`);
    return c.body(null, 204);
  });

  // definition configurations: per-type limits
  const config = (t: {category: string; typeId: number; label: string | null; maxToObjects: number | null}) => ({category: t.category, typeId: t.typeId, label: t.label, userEnforcedMaxToObjectIds: t.maxToObjects});
  const C = '/crm/v4/associations/definitions/configurations';
  api.get(`${C}/all`, async (c) => {
    requireScope(c.get('caller'), ...schemaScope('contacts', false));
    return c.json({results: (await crm.assoc.allTypes()).filter((t) => t.maxToObjects !== null).map(config)});
  });
  api.get(`${C}/:fromType/:toType`, async (c) => {
    const [from, to] = await pair(crm, c, 'fromType', 'toType', false);
    return c.json({results: (await crm.assoc.types(from.key, to.key)).filter((t) => t.maxToObjects !== null).map(config)});
  });
  const setLimits = async (c: HsContext, purge: boolean) => {
    const [from, to] = await pair(crm, c, 'fromType', 'toType', true);
    const known = await crm.assoc.types(from.key, to.key);
    const results = [];
    for (const i of inputs(await body(c))) {
      const t = known.find((k) => k.typeId === Number(i.typeId) && (!i.category || k.category === i.category));
      if (!t) throw validation(`${i.category ?? ''} ${i.typeId} is not an association type between ${from.name} and ${to.name}`);
      const max = purge ? null : Number(i.maxToObjectIds);
      if (!purge && (!Number.isInteger(max) || max! < 1)) throw validation(`maxToObjectIds must be a positive integer, got ${String(i.maxToObjectIds)}`);
      results.push((await crm.assoc.setLimit(t.typeId, max))!);
    }
    return results;
  };
  api.post(`${C}/:fromType/:toType/batch/create`, async (c) => {
    const started = new Date();
    return batch(c, started, (await setLimits(c, false)).map(config), [], 201);
  });
  api.post(`${C}/:fromType/:toType/batch/update`, async (c) => {
    const started = new Date();
    return batch(c, started, (await setLimits(c, false)).map((t) => ({category: t.category, typeId: t.typeId, userEnforcedMaxToObjectIds: t.maxToObjects})));
  });
  api.post(`${C}/:fromType/:toType/batch/purge`, async (c) => {
    await setLimits(c, true);
    return c.body(null, 204);
  });

  // The high-usage report is e-mailed by HubSpot; the clone acknowledges it for a user of the portal.
  api.post('/crm/v4/associations/usage/high-usage-report/:userId', async (c) => {
    requireScope(c.get('caller'), ...schemaScope('contacts', false));
    const r = /^\d+$/.test(c.req.param('userId')) ? await crm.db.query('SELECT user_id, email FROM owners WHERE user_id = $1', [c.req.param('userId')]) : {rows: []};
    if (!r.rows[0]) throw notFound(`No user ${c.req.param('userId')} in this portal`);
    return c.json({userId: Number(r.rows[0].user_id), userEmail: r.rows[0].email, enqueueTime: new Date().toISOString()});
  });

  // v3 batch routes
  const V3 = '/crm/v3/associations/:fromType/:toType';
  api.post(`${V3}/batch/read`, async (c) => {
    const [from, to] = await pair(crm, c, 'fromType', 'toType', false);
    const started = new Date();
    const results = [];
    const missing: string[] = [];
    for (const i of inputs(await body(c), 1000)) {
      const id = String(i.id ?? '');
      const list = (await crm.records.get(from.key, id)) ? await v3List(crm, from, id, to) : [];
      if (list.length === 0) missing.push(id);
      else results.push({from: {id}, to: list});
    }
    return batch(c, started, results, missing.length ? [notFoundError(from, missing)] : []);
  });
  api.post(`${V3}/batch/create`, async (c) => {
    const [from, to] = await pair(crm, c, 'fromType', 'toType', true);
    const started = new Date();
    const results = [];
    for (const i of inputs(await body(c), 1000)) {
      const fromId = String(i.from?.id ?? '');
      const toId = String(i.to?.id ?? '');
      await mustExist(crm, from, fromId);
      await mustExist(crm, to, toId);
      const t = await crm.assoc.defaultType(from.key, to.key);
      if (!t) throw validation(`No association type between ${from.name} and ${to.name}`);
      await crm.assoc.add(from.key, fromId, to.key, toId, [t]);
      changed(crm, from, fromId);
      results.push({from: {id: fromId}, to: {id: toId}, type: typeof i.type === 'string' ? i.type : `${from.singular}_to_${to.singular}`});
    }
    return batch(c, started, results, [], 201);
  });
  api.post(`${V3}/batch/archive`, async (c) => {
    const [from] = await pair(crm, c, 'fromType', 'toType', true);
    for (const i of inputs(await body(c), 1000)) {
      await crm.assoc.remove(String(i.from?.id ?? ''), String(i.to?.id ?? ''));
      changed(crm, from, String(i.from?.id ?? ''));
    }
    return c.body(null, 204);
  });
}

/** The pair's default association (and Primary, for a record's first company). */
async function associateDefault(crm: Crm, from: ObjectType, fromId: string, to: ObjectType, toId: string): Promise<Json> {
  await mustExist(crm, from, fromId);
  await mustExist(crm, to, toId);
  const t = await crm.assoc.defaultType(from.key, to.key);
  if (!t) throw validation(`No association type between ${from.name} and ${to.name}`);
  const types = [t];
  const primary = (await crm.assoc.types(from.key, to.key)).find((x) => x.label === 'Primary' && x.category === 'HUBSPOT_DEFINED');
  if (primary) {
    const existing = await crm.db.query('SELECT 1 FROM associations WHERE from_id = $1 AND type_id = $2 LIMIT 1', [fromId, primary.typeId]);
    if (!existing.rowCount) types.push(primary);
  }
  await crm.assoc.add(from.key, fromId, to.key, toId, types);
  changed(crm, from, fromId);
  return {from: {id: fromId}, to: {id: toId}, associationSpec: {associationCategory: t.category, associationTypeId: t.typeId}};
}

async function labelsBetween(crm: Crm, from: ObjectType, fromId: string, to: ObjectType, toId: string): Promise<Json> {
  const r = await crm.db.query('SELECT t.label FROM associations a JOIN association_types t ON t.type_id = a.type_id WHERE a.from_id = $1 AND a.to_id = $2 ORDER BY t.type_id', [fromId, toId]);
  return {fromObjectTypeId: from.id, fromObjectId: fromId, toObjectTypeId: to.id, toObjectId: toId, labels: r.rows.map((x: {label: string | null}) => x.label).filter((l: string | null): l is string => l !== null)};
}

function changed(crm: Crm, type: ObjectType, id: string): void {
  crm.emit([{type, kind: 'associationChange', objectId: id, occurredAt: Date.now()}]);
}
