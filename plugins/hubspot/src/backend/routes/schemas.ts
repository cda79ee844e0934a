/** Custom object schemas at `/crm/v3/schemas` and `/crm-object-schemas/v3/schemas`. */
import {requireScope} from '../auth.js';
import {type Crm, customType} from '../crm.js';
import {conflict, notFound, validation} from '../errors.js';
import {body, boolParam, type HsApp, type HsContext, type Json} from '../http.js';
import {STOCK_TIME, stockProperty} from '../stock.js';
import {newProperty} from './properties.js';

interface SchemaRow {
  object_type_id: string;
  name: string;
  data: Json;
  archived: boolean;
}

async function model(crm: Crm, row: SchemaRow): Promise<Json> {
  const props = await crm.db.query('SELECT data FROM properties WHERE object_type = $1 AND NOT archived ORDER BY name', [row.object_type_id]);
  const assoc = await crm.db.query('SELECT * FROM association_types WHERE from_type = $1 ORDER BY type_id', [row.object_type_id]);
  const typeIdOf = async (key: string) => (await crm.type(key).catch(() => undefined))?.id ?? key;
  const associations = [];
  for (const a of assoc.rows) {
    associations.push({id: String(a.type_id), fromObjectTypeId: row.object_type_id, toObjectTypeId: await typeIdOf(a.to_type), name: a.label ?? `${row.name}_to_${a.to_type}`, createdAt: row.data.createdAt, updatedAt: row.data.updatedAt});
  }
  return {...row.data, archived: row.archived, properties: props.rows.map((x: {data: Json}) => x.data), associations};
}

async function find(crm: Crm, key: string, archived = false): Promise<SchemaRow> {
  const r = await crm.db.query(`SELECT * FROM object_schemas WHERE (object_type_id = $1 OR name = $1 OR data->>'fullyQualifiedName' = $1) AND archived = $2`, [key, archived]);
  if (!r.rows[0]) throw notFound(`Unable to find object schema ${key}`);
  return r.rows[0];
}

export function schemaRoutes(api: HsApp, crm: Crm): void {
  for (const base of ['/crm/v3/schemas', '/crm-object-schemas/v3/schemas']) {
    api.get(base, async (c) => {
      requireScope(c.get('caller'), 'crm.schemas.custom.read');
      const r = await crm.db.query('SELECT * FROM object_schemas WHERE archived = $1 ORDER BY object_type_id', [boolParam(c, 'archived')]);
      const results = [];
      for (const row of r.rows) results.push(await model(crm, row));
      return c.json({results});
    });
    api.post(base, async (c) => {
      requireScope(c.get('caller'), 'crm.schemas.custom.write');
      return c.json(await createSchema(crm, c, await body(c)), 201);
    });
    api.get(`${base}/:objectType`, async (c) => {
      requireScope(c.get('caller'), 'crm.schemas.custom.read');
      return c.json(await model(crm, await find(crm, c.req.param('objectType'))));
    });
    api.patch(`${base}/:objectType`, async (c) => {
      requireScope(c.get('caller'), 'crm.schemas.custom.write');
      const row = await find(crm, c.req.param('objectType'));
      const b = await body(c);
      for (const k of ['labels', 'requiredProperties', 'searchableProperties', 'primaryDisplayProperty', 'secondaryDisplayProperties', 'description']) if (b[k] !== undefined) row.data[k] = b[k];
      row.data.updatedAt = new Date().toISOString();
      await crm.db.query('UPDATE object_schemas SET data = $2 WHERE object_type_id = $1', [row.object_type_id, row.data]);
      crm.clear();
      const {properties: _p, associations: _a, ...definition} = await model(crm, row);
      return c.json(definition);
    });
    api.delete(`${base}/:objectType`, async (c) => {
      requireScope(c.get('caller'), 'crm.schemas.custom.write');
      const purge = boolParam(c, 'archived');
      const row = await find(crm, c.req.param('objectType'), purge);
      if (purge) {
        await crm.db.query('DELETE FROM object_schemas WHERE object_type_id = $1', [row.object_type_id]);
        await crm.db.query('DELETE FROM properties WHERE object_type = $1', [row.object_type_id]);
        await crm.db.query('DELETE FROM objects WHERE type = $1', [row.object_type_id]);
      } else {
        const live = await crm.db.query('SELECT 1 FROM objects WHERE type = $1 AND NOT archived LIMIT 1', [row.object_type_id]);
        if (live.rowCount) throw validation(`Object type ${row.object_type_id} still has records; archive them before deleting the schema`, {errors: [{message: 'schema has records', code: 'OBJECT_TYPE_HAS_RECORDS', context: {objectTypeId: [row.object_type_id]}}]});
        await crm.db.query('UPDATE object_schemas SET archived = true WHERE object_type_id = $1', [row.object_type_id]);
      }
      crm.clear();
      return c.body(null, 204);
    });
    api.post(`${base}/:objectType/associations`, async (c) => {
      requireScope(c.get('caller'), 'crm.schemas.custom.write');
      const row = await find(crm, c.req.param('objectType'));
      const b = await body(c);
      const from = await crm.type(String(b.fromObjectTypeId ?? row.object_type_id));
      const to = await crm.type(String(b.toObjectTypeId ?? ''));
      const t = await crm.assoc.createLabel(from.key, to.key, typeof b.name === 'string' ? b.name : null);
      const now = new Date().toISOString();
      return c.json({id: String(t.typeId), fromObjectTypeId: from.id, toObjectTypeId: to.id, name: b.name ?? `${from.singular}_to_${to.singular}`, createdAt: now, updatedAt: now}, 201);
    });
    api.delete(`${base}/:objectType/associations/:associationIdentifier`, async (c) => {
      requireScope(c.get('caller'), 'crm.schemas.custom.write');
      await find(crm, c.req.param('objectType'));
      if (!(await crm.assoc.deleteLabel(Number(c.req.param('associationIdentifier'))))) throw notFound(`No association ${c.req.param('associationIdentifier')}`);
      return c.body(null, 204);
    });
  }
}

async function createSchema(crm: Crm, c: HsContext, b: Json): Promise<Json> {
  if (typeof b.name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(b.name)) throw validation('name is required: letters, digits and underscores, starting with a letter');
  if (typeof b.labels?.singular !== 'string' || typeof b.labels?.plural !== 'string') throw validation('labels.singular and labels.plural are required');
  if (!Array.isArray(b.properties) || b.properties.length === 0) throw validation('A schema needs at least one property');
  const name = b.name.toLowerCase();
  const taken = await crm.db.query('SELECT 1 FROM object_schemas WHERE name = $1', [name]);
  if (taken.rowCount || (await crm.type(name).catch(() => undefined))) throw conflict(`Object type with name ${name} already exists.`);
  const names = (b.properties as Json[]).map((p) => p.name);
  for (const k of ['primaryDisplayProperty']) if (b[k] && !names.includes(b[k])) throw validation(`${k} ${b[k]} is not one of the schema's properties`);
  for (const r of (b.requiredProperties ?? []) as string[]) if (!names.includes(r)) throw validation(`Required property ${r} is not one of the schema's properties`);
  const n = String((await crm.db.query(`SELECT nextval('custom_object_ids')::text AS n`)).rows[0].n);
  const objectTypeId = `2-${1_000_000 + Number(n)}`;
  const now = new Date().toISOString();
  const data = {
    id: String(1_000_000 + Number(n)), objectTypeId, fullyQualifiedName: `p${c.get('caller').portalId}_${name}`, name, labels: b.labels, description: b.description,
    requiredProperties: b.requiredProperties ?? [], searchableProperties: b.searchableProperties ?? [], primaryDisplayProperty: b.primaryDisplayProperty ?? names[0],
    secondaryDisplayProperties: b.secondaryDisplayProperties ?? [], createdAt: now, updatedAt: now, createdByUserId: Number(c.get('caller').appId), updatedByUserId: Number(c.get('caller').appId),
  };
  await crm.db.query('INSERT INTO object_schemas (object_type_id, name, data) VALUES ($1, $2, $3)', [objectTypeId, name, data]);
  const group = `${name}_information`;
  await crm.db.query('INSERT INTO property_groups (object_type, name, label, display_order) VALUES ($1, $2, $3, 0)', [objectTypeId, group, `${b.labels.singular} information`]);
  const stock: Array<[string, string, string, string, string]> = [
    ['hs_object_id', 'Record ID', 'number', 'number', group], ['hs_createdate', 'Create Date', 'datetime', 'date', group],
    ['hs_lastmodifieddate', 'Last Modified Date', 'datetime', 'date', group], ['hubspot_owner_id', 'Owner', 'enumeration', 'select', group],
  ];
  for (const [i, row] of stock.entries()) await crm.db.query('INSERT INTO properties (object_type, name, data) VALUES ($1, $2, $3)', [objectTypeId, row[0], {...stockProperty(row, i), createdAt: STOCK_TIME}]);
  crm.clear();
  const type = customType(objectTypeId, data);
  for (const p of b.properties as Json[]) {
    const def = await newProperty(crm, type, {groupName: group, ...p, hasUniqueValue: p.hasUniqueValue === true}, c.get('caller'));
    await crm.db.query('INSERT INTO properties (object_type, name, data) VALUES ($1, $2, $3)', [objectTypeId, def.name, def]);
  }
  for (const other of (b.associatedObjects ?? []) as string[]) {
    const to = await crm.type(other.toLowerCase() === 'contact' || other === 'CONTACT' ? 'contacts' : other);
    await crm.assoc.createLabel(objectTypeId, to.key, null);
  }
  crm.clear();
  return model(crm, (await find(crm, objectTypeId)));
}
