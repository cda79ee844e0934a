/** `/crm/v3/pipelines/{objectType}`: deal and ticket pipelines and their stages (probability, closed, ticket state). */
import {objectScope, requireScope} from '../auth.js';
import type {Crm} from '../crm.js';
import {notFound, validation} from '../errors.js';
import {body, boolParam, type HsApp, type HsContext, type Json} from '../http.js';

async function kindFor(crm: Crm, c: HsContext, write: boolean): Promise<string> {
  const type = await crm.type(c.req.param('objectType')!);
  if (!type.pipeline) throw validation(`Object type ${type.name} has no pipelines: use deals or tickets`, {errors: [{message: 'pipelines exist for deals and tickets', code: 'INVALID_OBJECT_TYPE', context: {objectType: [type.name]}}]});
  requireScope(c.get('caller'), ...objectScope(type.scope, write));
  return type.pipeline.kind;
}

async function nextId(crm: Crm): Promise<string> {
  return String((await crm.db.query(`SELECT nextval('misc_ids')::text AS id`)).rows[0].id);
}

/** A stage from input, with HubSpot's metadata rules: deals need a probability between 0 and 1, tickets a ticketState. */
async function stageFrom(crm: Crm, kind: string, s: Json, i: number, now: string, id?: string): Promise<Json> {
  if (typeof s?.label !== 'string' || !s.label) throw validation(`Stage ${i} needs a label`);
  const metadata: Record<string, string> = Object.fromEntries(Object.entries((s.metadata ?? {}) as Json).map(([k, v]) => [k, String(v)]));
  if (kind === 'deals') {
    const p = Number(metadata.probability);
    if (metadata.probability === undefined || !Number.isFinite(p) || p < 0 || p > 1) throw validation(`Stage "${s.label}" needs metadata.probability between 0.0 and 1.0`, {errors: [{message: 'probability is required for deal stages', code: 'INVALID_METADATA', context: {probability: [String(metadata.probability)]}}]});
    metadata.probability = p.toFixed(1).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '.0');
    metadata.isClosed = String(metadata.isClosed === 'true' || p === 1 || (p === 0 && metadata.isClosed !== 'false' && /lost/i.test(s.label)));
  } else {
    if (metadata.ticketState !== undefined && !['OPEN', 'CLOSED'].includes(metadata.ticketState)) throw validation(`ticketState must be OPEN or CLOSED, got ${metadata.ticketState}`);
    metadata.ticketState ??= 'OPEN';
    metadata.isClosed = String(metadata.ticketState === 'CLOSED');
  }
  return {label: s.label, displayOrder: Number.isInteger(s.displayOrder) ? s.displayOrder : i, metadata, id: id ?? (await nextId(crm)), createdAt: now, updatedAt: now, archived: false, writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT'};
}

async function load(crm: Crm, kind: string, id: string): Promise<Json> {
  const r = await crm.db.query('SELECT data FROM pipelines WHERE object_type = $1 AND id = $2 AND NOT archived', [kind, id]);
  if (!r.rows[0]) throw notFound(`Unable to find pipeline ${id}`);
  return r.rows[0].data;
}

const save = (crm: Crm, kind: string, p: Json) => crm.db.query('UPDATE pipelines SET data = $3, archived = $4 WHERE object_type = $1 AND id = $2', [kind, p.id, p, p.archived === true]);

export function pipelineRoutes(api: HsApp, crm: Crm): void {
  const P = '/crm/v3/pipelines/:objectType';

  api.get(P, async (c) => {
    const kind = await kindFor(crm, c, false);
    return c.json({results: await crm.pipelines(kind)});
  });

  api.post(P, async (c) => {
    const kind = await kindFor(crm, c, true);
    const b = await body(c);
    if (typeof b.label !== 'string' || !b.label) throw validation('label is required');
    if (!Array.isArray(b.stages) || b.stages.length === 0) throw validation('A pipeline needs at least one stage');
    const now = new Date().toISOString();
    const stages = [];
    for (const [i, s] of (b.stages as Json[]).entries()) stages.push(await stageFrom(crm, kind, s, i, now));
    const p = {label: b.label, displayOrder: Number.isInteger(b.displayOrder) ? b.displayOrder : 0, id: await nextId(crm), stages, createdAt: now, updatedAt: now, archived: false};
    await crm.db.query('INSERT INTO pipelines (object_type, id, data) VALUES ($1, $2, $3)', [kind, p.id, p]);
    return c.json(p, 201);
  });

  api.get(`${P}/:pipelineId`, async (c) => c.json(await load(crm, await kindFor(crm, c, false), c.req.param('pipelineId'))));

  api.patch(`${P}/:pipelineId`, async (c) => {
    const kind = await kindFor(crm, c, true);
    const p = await load(crm, kind, c.req.param('pipelineId'));
    const b = await body(c);
    if (typeof b.label === 'string') p.label = b.label;
    if (Number.isInteger(b.displayOrder)) p.displayOrder = b.displayOrder;
    if (b.archived === true) p.archived = true;
    p.updatedAt = new Date().toISOString();
    await save(crm, kind, p);
    return c.json(p);
  });

  api.put(`${P}/:pipelineId`, async (c) => {
    const kind = await kindFor(crm, c, true);
    const p = await load(crm, kind, c.req.param('pipelineId'));
    const b = await body(c);
    if (typeof b.label !== 'string' || !Array.isArray(b.stages) || b.stages.length === 0) throw validation('A pipeline needs a label and at least one stage');
    const now = new Date().toISOString();
    const stages = [];
    for (const [i, s] of (b.stages as Json[]).entries()) stages.push(await stageFrom(crm, kind, s, i, now, typeof s.stageId === 'string' ? s.stageId : undefined));
    Object.assign(p, {label: b.label, displayOrder: Number.isInteger(b.displayOrder) ? b.displayOrder : p.displayOrder, stages, updatedAt: now});
    await save(crm, kind, p);
    return c.json(p);
  });

  api.delete(`${P}/:pipelineId`, async (c) => {
    const kind = await kindFor(crm, c, true);
    const p = await load(crm, kind, c.req.param('pipelineId'));
    if (boolParam(c, 'validateReferencesBeforeDelete')) {
      const prop = kind === 'deals' ? 'pipeline' : 'hs_pipeline';
      const used = await crm.db.query(`SELECT 1 FROM objects WHERE type = $1 AND NOT archived AND properties->>$2 = $3 LIMIT 1`, [kind, prop, p.id]);
      if (used.rowCount) throw validation(`Pipeline ${p.id} still has records in it`, {errors: [{message: 'pipeline in use', code: 'PIPELINE_IN_USE', context: {pipelineId: [p.id]}}]});
    }
    p.archived = true;
    p.archivedAt = new Date().toISOString();
    await save(crm, kind, p);
    return c.body(null, 204);
  });

  // The audit trail: the creation and last change the clone knows of.
  const audit = (kind: string, id: string, o: Json) => ({
    results: [
      {portalId: 0, identifier: id, action: 'CREATE', timestamp: o.createdAt, message: `Created ${kind} ${id}`, rawObject: o, fromUserId: 0},
      ...(o.updatedAt !== o.createdAt ? [{portalId: 0, identifier: id, action: 'UPDATE', timestamp: o.updatedAt, message: `Updated ${kind} ${id}`, rawObject: o, fromUserId: 0}] : []),
    ],
  });
  api.get(`${P}/:pipelineId/audit`, async (c) => c.json(audit('pipeline', c.req.param('pipelineId'), await load(crm, await kindFor(crm, c, false), c.req.param('pipelineId')))));

  const S = `${P}/:pipelineId/stages`;
  api.get(S, async (c) => {
    const p = await load(crm, await kindFor(crm, c, false), c.req.param('pipelineId'));
    return c.json({results: p.stages});
  });
  api.post(S, async (c) => {
    const kind = await kindFor(crm, c, true);
    const p = await load(crm, kind, c.req.param('pipelineId'));
    const s = await stageFrom(crm, kind, await body(c), p.stages.length, new Date().toISOString());
    p.stages.push(s);
    await save(crm, kind, p);
    return c.json(s, 201);
  });
  const stage = (p: Json, id: string) => {
    const s = (p.stages as Json[]).find((x) => x.id === id);
    if (!s) throw notFound(`Unable to find stage ${id} in pipeline ${p.id}`);
    return s;
  };
  api.get(`${S}/:stageId/audit`, async (c) => c.json(audit('stage', c.req.param('stageId'), stage(await load(crm, await kindFor(crm, c, false), c.req.param('pipelineId')), c.req.param('stageId')))));
  api.get(`${S}/:stageId`, async (c) => c.json(stage(await load(crm, await kindFor(crm, c, false), c.req.param('pipelineId')), c.req.param('stageId'))));
  const edit = (replace: boolean) => async (c: HsContext) => {
    const kind = await kindFor(crm, c, true);
    const p = await load(crm, kind, c.req.param('pipelineId')!);
    const s = stage(p, c.req.param('stageId')!);
    const b = await body(c);
    const merged = replace ? b : {label: b.label ?? s.label, displayOrder: b.displayOrder ?? s.displayOrder, metadata: {...s.metadata, ...(b.metadata ?? {})}};
    const next = await stageFrom(crm, kind, merged, s.displayOrder, new Date().toISOString(), s.id);
    next.createdAt = s.createdAt;
    p.stages = (p.stages as Json[]).map((x) => (x.id === s.id ? next : x));
    await save(crm, kind, p);
    return c.json(next);
  };
  api.patch(`${S}/:stageId`, edit(false));
  api.put(`${S}/:stageId`, edit(true));
  api.delete(`${S}/:stageId`, async (c) => {
    const kind = await kindFor(crm, c, true);
    const p = await load(crm, kind, c.req.param('pipelineId'));
    stage(p, c.req.param('stageId'));
    p.stages = (p.stages as Json[]).filter((x) => x.id !== c.req.param('stageId'));
    await save(crm, kind, p);
    return c.body(null, 204);
  });
}
