/** `/crm/v3/properties/{objectType}`: property definitions and groups (CRUD, batch), types and field types checked. */
import {requireScope, schemaScope} from '../auth.js';
import type {Crm} from '../crm.js';
import {conflict, HubSpotError, notFound, validation} from '../errors.js';
import {batch, body, boolParam, type HsApp, type HsContext, inputs, type Json} from '../http.js';
import type {ObjectType} from '../types.js';

/** Field types each property type accepts. */
export const FIELD_TYPES: Record<string, string[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox', 'calculation_equation'],
  bool: ['booleancheckbox', 'calculation_equation'],
  phone_number: ['phonenumber'],
};

async function typeFor(crm: Crm, c: HsContext, write: boolean): Promise<ObjectType> {
  const type = await crm.type(c.req.param('objectType')!);
  requireScope(c.get('caller'), ...schemaScope(type.scope, write));
  return type;
}

function options(raw: unknown, type: string): Json[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw validation('options must be an array');
  const seen = new Set<string>();
  return raw.map((o: Json, i) => {
    if (typeof o?.value !== 'string' || typeof o?.label !== 'string') throw validation(`Option ${i} needs a string label and value`, {errors: [{message: 'label and value are required', code: 'INVALID_OPTION', context: {option: [String(i)]}}]});
    if (seen.has(o.value)) throw validation(`Duplicate option value "${o.value}"`, {errors: [{message: `duplicate option ${o.value}`, code: 'DUPLICATE_OPTION', context: {value: [o.value]}}]});
    seen.add(o.value);
    if (type === 'bool' && !['true', 'false'].includes(o.value)) throw validation(`A bool property's options are "true" and "false", got "${o.value}"`);
    return {label: o.label, value: o.value, description: o.description ?? '', displayOrder: Number.isInteger(o.displayOrder) ? o.displayOrder : i, hidden: o.hidden === true};
  });
}

async function groupExists(crm: Crm, type: ObjectType, name: string): Promise<boolean> {
  const r = await crm.db.query('SELECT 1 FROM property_groups WHERE object_type = $1 AND name = $2 AND NOT archived', [type.key, name]);
  return r.rowCount === 1;
}

/** A new property's definition (400 for bad names, types, field types, groups or options; 409 when it exists). */
export async function newProperty(crm: Crm, type: ObjectType, b: Json, caller: {appId: string}): Promise<Json> {
  for (const k of ['name', 'label', 'type', 'fieldType', 'groupName']) {
    if (typeof b[k] !== 'string' || !b[k]) throw validation(`${k} is required`, {errors: [{message: `${k} is required`, code: 'REQUIRED', context: {[k]: []}}]});
  }
  if (!/^[a-z][a-z0-9_]*$/.test(b.name) || b.name.length > 100) throw validation(`Property name "${b.name}" is invalid: use lower-case letters, digits and underscores, starting with a letter`);
  if (!FIELD_TYPES[b.type]) throw validation(`Unknown property type "${b.type}": one of ${Object.keys(FIELD_TYPES).join(', ')}`);
  if (!FIELD_TYPES[b.type]!.includes(b.fieldType)) throw validation(`fieldType "${b.fieldType}" is not valid for type "${b.type}": one of ${FIELD_TYPES[b.type]!.join(', ')}`);
  if (!(await groupExists(crm, type, b.groupName))) throw validation(`Property group ${b.groupName} does not exist for object type ${type.id}`, {errors: [{message: `group ${b.groupName} not found`, code: 'PROPERTY_GROUP_NOT_FOUND', context: {groupName: [b.groupName]}}]});
  const existing = await crm.db.query('SELECT archived FROM properties WHERE object_type = $1 AND name = $2', [type.key, b.name]);
  if (existing.rows[0]) throw conflict(`Property named '${b.name}' already exists.`, {subCategory: 'PropertyValidationError.PROPERTY_EXISTS'});
  const opts = b.type === 'bool' && b.options === undefined ? [{label: 'Yes', value: 'true', displayOrder: 0, hidden: false, description: ''}, {label: 'No', value: 'false', displayOrder: 1, hidden: false, description: ''}] : options(b.options, b.type);
  if (b.type === 'enumeration' && opts.length === 0 && b.fieldType !== 'checkbox' && !b.externalOptions) throw validation('An enumeration property needs options', {errors: [{message: 'options are required for enumeration properties', code: 'REQUIRED', context: {options: []}}]});
  const now = new Date().toISOString();
  return {
    updatedAt: now, createdAt: now, name: b.name, label: b.label, type: b.type, fieldType: b.fieldType, description: b.description ?? '', groupName: b.groupName,
    options: opts, createdUserId: caller.appId, updatedUserId: caller.appId, displayOrder: Number.isInteger(b.displayOrder) ? b.displayOrder : -1,
    calculated: false, externalOptions: b.externalOptions === true, archived: false, hasUniqueValue: b.hasUniqueValue === true, hidden: b.hidden === true,
    modificationMetadata: {archivable: true, readOnlyDefinition: false, readOnlyValue: false}, formField: b.formField === true,
  };
}

async function getProperty(crm: Crm, type: ObjectType, name: string, archived = false): Promise<Json> {
  const r = await crm.db.query('SELECT data, archived FROM properties WHERE object_type = $1 AND name = $2 AND archived = $3', [type.key, name, archived]);
  if (!r.rows[0]) throw notFound(`Unable to find property ${name} for object type ${type.id}`);
  return {...r.rows[0].data, archived: r.rows[0].archived};
}

const groupModel = (g: Json) => ({name: g.name, label: g.label, displayOrder: g.display_order, archived: g.archived});

export function propertyRoutes(api: HsApp, crm: Crm): void {
  const P = '/crm/v3/properties/:objectType';

  api.get(P, async (c) => {
    const type = await typeFor(crm, c, false);
    const r = await crm.db.query('SELECT data, archived FROM properties WHERE object_type = $1 AND archived = $2 ORDER BY name', [type.key, boolParam(c, 'archived')]);
    return c.json({results: r.rows.map((x: {data: Json; archived: boolean}) => ({...x.data, archived: x.archived}))});
  });

  api.post(P, async (c) => {
    const type = await typeFor(crm, c, true);
    const data = await newProperty(crm, type, await body(c), c.get('caller'));
    await crm.db.query('INSERT INTO properties (object_type, name, data) VALUES ($1, $2, $3)', [type.key, data.name, data]);
    crm.props.clear(type.key);
    return c.json(data, 201);
  });

  // groups before /:propertyName
  api.get(`${P}/groups`, async (c) => {
    const type = await typeFor(crm, c, false);
    const r = await crm.db.query('SELECT * FROM property_groups WHERE object_type = $1 AND NOT archived ORDER BY display_order, name', [type.key]);
    return c.json({results: r.rows.map(groupModel)});
  });
  api.post(`${P}/groups`, async (c) => {
    const type = await typeFor(crm, c, true);
    const b = await body(c);
    if (typeof b.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(b.name) || typeof b.label !== 'string') throw validation('A property group needs a name (lower-case letters, digits, underscores) and a label');
    const r = await crm.db.query('INSERT INTO property_groups (object_type, name, label, display_order) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING *', [type.key, b.name, b.label, Number.isInteger(b.displayOrder) ? b.displayOrder : -1]);
    if (!r.rows[0]) throw conflict(`Property group named '${b.name}' already exists.`);
    return c.json(groupModel(r.rows[0]), 201);
  });
  api.get(`${P}/groups/:groupName`, async (c) => {
    const type = await typeFor(crm, c, false);
    const r = await crm.db.query('SELECT * FROM property_groups WHERE object_type = $1 AND name = $2 AND NOT archived', [type.key, c.req.param('groupName')]);
    if (!r.rows[0]) throw notFound(`Unable to find property group ${c.req.param('groupName')}`);
    return c.json(groupModel(r.rows[0]));
  });
  api.patch(`${P}/groups/:groupName`, async (c) => {
    const type = await typeFor(crm, c, true);
    const b = await body(c);
    const r = await crm.db.query(
      'UPDATE property_groups SET label = COALESCE($3, label), display_order = COALESCE($4, display_order) WHERE object_type = $1 AND name = $2 AND NOT archived RETURNING *',
      [type.key, c.req.param('groupName'), typeof b.label === 'string' ? b.label : null, Number.isInteger(b.displayOrder) ? b.displayOrder : null],
    );
    if (!r.rows[0]) throw notFound(`Unable to find property group ${c.req.param('groupName')}`);
    return c.json(groupModel(r.rows[0]));
  });
  api.delete(`${P}/groups/:groupName`, async (c) => {
    const type = await typeFor(crm, c, true);
    const used = await crm.db.query(`SELECT 1 FROM properties WHERE object_type = $1 AND data->>'groupName' = $2 AND NOT archived LIMIT 1`, [type.key, c.req.param('groupName')]);
    if (used.rowCount) throw validation(`Property group ${c.req.param('groupName')} still has properties; move or archive them first`);
    await crm.db.query('UPDATE property_groups SET archived = true WHERE object_type = $1 AND name = $2', [type.key, c.req.param('groupName')]);
    return c.body(null, 204);
  });

  api.post(`${P}/batch/read`, async (c) => {
    const type = await typeFor(crm, c, false);
    const b = await body(c);
    const started = new Date();
    const results = [];
    const missing: string[] = [];
    for (const i of inputs(b, 1000)) {
      const p = await getProperty(crm, type, String(i.name), b.archived === true).catch(() => undefined);
      if (p) results.push(p);
      else missing.push(String(i.name));
    }
    return batch(c, started, results, missing.length ? [{status: 'error', category: 'OBJECT_NOT_FOUND', message: `Unable to find properties ${missing.join(', ')}`, context: {names: missing}}] : []);
  });
  api.post(`${P}/batch/create`, async (c) => {
    const type = await typeFor(crm, c, true);
    const started = new Date();
    const results = [];
    for (const i of inputs(await body(c))) {
      const data = await newProperty(crm, type, i, c.get('caller'));
      await crm.db.query('INSERT INTO properties (object_type, name, data) VALUES ($1, $2, $3)', [type.key, data.name, data]);
      results.push(data);
    }
    crm.props.clear(type.key);
    return batch(c, started, results, [], 201);
  });
  api.post(`${P}/batch/archive`, async (c) => {
    const type = await typeFor(crm, c, true);
    for (const i of inputs(await body(c))) await archiveProperty(crm, type, String(i.name));
    return c.body(null, 204);
  });

  api.get(`${P}/:propertyName`, async (c) => {
    const type = await typeFor(crm, c, false);
    return c.json(await getProperty(crm, type, c.req.param('propertyName'), boolParam(c, 'archived')));
  });
  api.patch(`${P}/:propertyName`, async (c) => {
    const type = await typeFor(crm, c, true);
    const p = await getProperty(crm, type, c.req.param('propertyName'));
    const b = await body(c);
    if (p.hubspotDefined && Object.keys(b).some((k) => !['label', 'description', 'displayOrder', 'hidden', 'options', 'groupName'].includes(k))) {
      throw validation(`${p.name} is a HubSpot-defined property: only its label, description, group, order, visibility and options can change`);
    }
    const nextType = typeof b.type === 'string' ? b.type : p.type;
    const nextField = typeof b.fieldType === 'string' ? b.fieldType : p.fieldType;
    if (!FIELD_TYPES[nextType]?.includes(nextField)) throw validation(`fieldType "${nextField}" is not valid for type "${nextType}"`);
    if (typeof b.groupName === 'string' && !(await groupExists(crm, type, b.groupName))) throw validation(`Property group ${b.groupName} does not exist for object type ${type.id}`);
    const updated = {
      ...p,
      ...Object.fromEntries(['label', 'description', 'groupName', 'displayOrder', 'hidden', 'formField', 'calculationFormula'].filter((k) => b[k] !== undefined).map((k) => [k, b[k]])),
      type: nextType,
      fieldType: nextField,
      ...(b.options !== undefined ? {options: options(b.options, nextType)} : {}),
      updatedAt: new Date().toISOString(),
      updatedUserId: c.get('caller').appId,
    };
    await crm.db.query('UPDATE properties SET data = $3 WHERE object_type = $1 AND name = $2', [type.key, p.name, updated]);
    crm.props.clear(type.key);
    return c.json(updated);
  });
  api.delete(`${P}/:propertyName`, async (c) => {
    const type = await typeFor(crm, c, true);
    await archiveProperty(crm, type, c.req.param('propertyName'));
    return c.body(null, 204);
  });
}

async function archiveProperty(crm: Crm, type: ObjectType, name: string): Promise<void> {
  const p = await getProperty(crm, type, name);
  if (p.hubspotDefined) throw new HubSpotError(400, 'VALIDATION_ERROR', `${name} is a HubSpot-defined property and cannot be archived`);
  const now = new Date().toISOString();
  await crm.db.query('UPDATE properties SET archived = true, data = data || $3 WHERE object_type = $1 AND name = $2', [type.key, name, {archived: true, archivedAt: now}]);
  crm.props.clear(type.key);
}
