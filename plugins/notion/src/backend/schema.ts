/**
 * A data source's schema: every property type Notion has, created and updated as the API takes
 * them, stored in the form Notion answers (`{id, name, description, type, <type>: config}`).
 */
import {shouldBe, validation} from './errors.js';
import {newOptionId, newPropertyId, normalizeId} from './ids.js';
import {COLORS} from './richtext.js';

export interface PropertySchema {
  id: string;
  name: string;
  description: string | null;
  type: string;
  [config: string]: any;
}

export const PROPERTY_TYPES = [
  'title', 'rich_text', 'number', 'select', 'multi_select', 'status', 'date', 'people', 'files', 'checkbox', 'url', 'email',
  'phone_number', 'formula', 'relation', 'rollup', 'created_time', 'created_by', 'last_edited_time', 'last_edited_by', 'unique_id',
  'button', 'place', 'verification',
];

export const NUMBER_FORMATS = [
  'number', 'number_with_commas', 'percent', 'dollar', 'australian_dollar', 'canadian_dollar', 'singapore_dollar', 'euro', 'pound', 'yen',
  'ruble', 'rupee', 'won', 'yuan', 'real', 'lira', 'rupiah', 'franc', 'hong_kong_dollar', 'new_zealand_dollar', 'krona', 'norwegian_krone',
  'mexican_peso', 'rand', 'new_taiwan_dollar', 'danish_krone', 'zloty', 'baht', 'forint', 'koruna', 'shekel', 'chilean_peso',
  'philippine_peso', 'dirham', 'colombian_peso', 'riyal', 'ringgit', 'leu', 'argentine_peso', 'uruguayan_peso', 'peruvian_sol',
];

export const ROLLUP_FUNCTIONS = [
  'count', 'count_values', 'empty', 'not_empty', 'unique', 'show_unique', 'percent_empty', 'percent_not_empty', 'sum', 'average',
  'median', 'min', 'max', 'range', 'earliest_date', 'latest_date', 'date_range', 'checked', 'unchecked', 'percent_checked',
  'percent_unchecked', 'count_per_group', 'percent_per_group', 'show_original',
];

/** What the schema code needs to know about other data sources (relations, rollups). */
export interface SchemaContext {
  dataSource(id: string): Promise<{id: string; database_id: string; properties: PropertySchema[]} | undefined>;
  /** The first data source of a database (2022-06-28 relations name a database). */
  firstDataSourceOf(databaseId: string): Promise<string | undefined>;
}

/** A synced property another data source gains because of a dual relation. */
export interface DualEffect {
  dataSourceId: string;
  property: PropertySchema;
}

const isObj = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function typeOf(input: Record<string, any>, path: string): string {
  const type = input.type ?? PROPERTY_TYPES.find((t) => t in input);
  if (!type || !PROPERTY_TYPES.includes(type)) throw shouldBe(`${path}.type`, `one of ${PROPERTY_TYPES.map((t) => `\`${t}\``).join(', ')}`, input.type);
  return type;
}

function options(input: unknown, path: string, existing: any[] = []): any[] {
  if (input === undefined) return existing;
  if (!Array.isArray(input)) throw shouldBe(path, 'an array', input);
  if (input.length > 100) throw shouldBe(`${path}.length`, '≤ `100`', input.length);
  const seen = new Set<string>();
  return input.map((o, i) => {
    if (!isObj(o)) throw shouldBe(`${path}[${i}]`, 'an object', o);
    const prior = existing.find((e) => (o.id && e.id === o.id) || (o.name && e.name === o.name));
    const name = o.name ?? prior?.name;
    if (typeof name !== 'string' || name.length === 0) throw shouldBe(`${path}[${i}].name`, 'a non-empty string', o.name);
    if (name.includes(',')) throw validation(`Invalid select option, commas not allowed: ${name}`);
    if (seen.has(name)) throw validation(`Duplicate option name: ${name}`);
    seen.add(name);
    const color = o.color ?? prior?.color ?? COLORS[(existing.length + i) % COLORS.length];
    if (!COLORS.includes(color)) throw shouldBe(`${path}[${i}].color`, `one of ${COLORS.map((c) => `\`${c}\``).join(', ')}`, o.color);
    return {color, description: o.description ?? prior?.description ?? null, id: prior?.id ?? newOptionId(), name};
  });
}

const DEFAULT_STATUS = () => {
  const opts = [
    {color: 'default', description: null, id: newOptionId(), name: 'Not started'},
    {color: 'blue', description: null, id: newOptionId(), name: 'In progress'},
    {color: 'green', description: null, id: newOptionId(), name: 'Done'},
  ];
  return {
    groups: [
      {color: 'gray', id: newOptionId(), name: 'To-do', option_ids: [opts[0]!.id]},
      {color: 'blue', id: newOptionId(), name: 'In progress', option_ids: [opts[1]!.id]},
      {color: 'green', id: newOptionId(), name: 'Complete', option_ids: [opts[2]!.id]},
    ],
    options: opts,
  };
};

/** The config of one property from its input (`{number: {format}}`, `{select: {options}}` …). */
async function config(type: string, input: Record<string, any>, path: string, prior: PropertySchema | undefined, ctx: SchemaContext, self: {dataSourceId: string; props: PropertySchema[]}): Promise<Record<string, any>> {
  const raw = input[type] ?? {};
  if (!isObj(raw)) throw shouldBe(`${path}.${type}`, 'an object', raw);
  const old = prior?.type === type ? prior[type] : undefined;
  switch (type) {
    case 'number': {
      const format = raw.format ?? old?.format ?? 'number';
      if (!NUMBER_FORMATS.includes(format)) throw shouldBe(`${path}.number.format`, 'a valid number format', raw.format);
      return {format};
    }
    case 'select':
    case 'multi_select':
      return {options: options(raw.options, `${path}.${type}.options`, old?.options ?? [])};
    case 'status': {
      if (!old) return DEFAULT_STATUS();
      return {groups: old.groups, options: options(raw.options, `${path}.status.options`, old.options)};
    }
    case 'formula': {
      const expression = raw.expression ?? old?.expression;
      if (typeof expression !== 'string') throw shouldBe(`${path}.formula.expression`, 'a string', raw.expression);
      return {expression};
    }
    case 'unique_id':
      return {prefix: raw.prefix ?? old?.prefix ?? null};
    case 'relation': {
      const dsId = normalizeId(raw.data_source_id) ?? (raw.database_id ? await ctx.firstDataSourceOf(normalizeId(raw.database_id) ?? '') : undefined);
      if (!dsId) throw shouldBe(`${path}.relation.data_source_id`, 'a valid uuid', raw.data_source_id ?? raw.database_id);
      const target = dsId === self.dataSourceId ? {database_id: '', id: dsId, properties: self.props} : await ctx.dataSource(dsId);
      if (!target) throw validation(`Could not find data source with ID: ${dsId}.`);
      const kind = raw.type ?? (raw.dual_property ? 'dual_property' : 'single_property');
      if (kind === 'dual_property') {
        const synced = old?.dual_property ?? {synced_property_id: newPropertyId(), synced_property_name: raw.dual_property?.synced_property_name ?? `Related to ${self.props.find((p) => p.type === 'title') ? 'this' : 'source'}`};
        return {data_source_id: dsId, database_id: target.database_id, dual_property: synced, type: 'dual_property'};
      }
      return {data_source_id: dsId, database_id: target.database_id, single_property: {}, type: 'single_property'};
    }
    case 'rollup': {
      const fn = raw.function ?? old?.function ?? 'show_original';
      if (!ROLLUP_FUNCTIONS.includes(fn)) throw shouldBe(`${path}.rollup.function`, 'a valid rollup function', raw.function);
      const rel = self.props.find((p) => p.type === 'relation' && (p.name === raw.relation_property_name || p.id === raw.relation_property_id));
      if (!rel) throw validation(`${path}.rollup: relation property ${raw.relation_property_name ?? raw.relation_property_id} does not exist.`);
      const target = rel.relation.data_source_id === self.dataSourceId ? {properties: self.props} : await ctx.dataSource(rel.relation.data_source_id);
      const rp = target?.properties.find((p) => p.name === raw.rollup_property_name || p.id === raw.rollup_property_id);
      if (!rp) throw validation(`${path}.rollup: rollup property ${raw.rollup_property_name ?? raw.rollup_property_id} does not exist on the related data source.`);
      return {function: fn, relation_property_id: rel.id, relation_property_name: rel.name, rollup_property_id: rp.id, rollup_property_name: rp.name};
    }
    default:
      return {};
  }
}

/**
 * Apply a create or update body's `properties` to a schema. Keys are names or ids; `null` removes a
 * property; `{name}` renames; a type key changes or configures it. Returns the new schema and the
 * synced properties other data sources gain through dual relations.
 */
export async function applySchema(current: PropertySchema[], input: unknown, path: string, ctx: SchemaContext, dataSourceId: string, creating: boolean): Promise<{props: PropertySchema[]; dual: DualEffect[]}> {
  let props = current.map((p) => ({...p}));
  const dual: DualEffect[] = [];
  if (input !== undefined) {
    if (!isObj(input)) throw shouldBe(path, 'an object', input);
    const keys = Object.keys(input);
    if (keys.length > 500) throw shouldBe(`${path}`, 'an object with at most 500 properties', keys.length);
    for (const key of keys) {
      const value = input[key];
      const p = `${path}.${key}`;
      const idx = props.findIndex((x) => x.name === key || x.id === key);
      if (value === null) {
        if (idx < 0) throw validation(`${p}: property does not exist.`);
        if (props[idx]!.type === 'title') throw validation('Cannot delete the title property.');
        props.splice(idx, 1);
        continue;
      }
      if (!isObj(value)) throw shouldBe(p, 'an object or `null`', value);
      const prior = idx >= 0 ? props[idx] : undefined;
      const hasType = value.type !== undefined || PROPERTY_TYPES.some((t) => t in value);
      const type = hasType ? typeOf(value, p) : prior?.type;
      if (!type) throw shouldBe(`${p}.type`, 'defined', undefined);
      const name = typeof value.name === 'string' ? value.name : prior?.name ?? key;
      if (name.length > 100) throw shouldBe(`${p}.name.length`, '≤ `100`', name.length);
      if (type === 'title' && props.some((x, i) => x.type === 'title' && i !== idx)) {
        if (creating) props = props.filter((x) => x.type !== 'title');
        else throw validation('A data source can have only one title property.');
      }
      if (prior && prior.type === 'title' && type !== 'title') throw validation('Cannot change the type of the title property.');
      const cfg = await config(type, value, p, prior, ctx, {dataSourceId, props});
      const prop: PropertySchema = {
        description: value.description !== undefined ? value.description : prior?.description ?? null,
        id: prior?.id ?? (type === 'title' ? 'title' : newPropertyId()),
        name,
        type,
        [type]: cfg,
      };
      if (props.some((x, i) => x.name === name && i !== idx)) throw validation(`${p}: a property named "${name}" already exists.`);
      if (idx >= 0) props[idx] = prop;
      else props.push(prop);
      if (type === 'relation' && cfg.type === 'dual_property' && prior?.relation?.type !== 'dual_property') {
        dual.push({
          dataSourceId: cfg.data_source_id,
          property: {
            description: null,
            id: cfg.dual_property.synced_property_id,
            name: cfg.dual_property.synced_property_name,
            relation: {data_source_id: dataSourceId, database_id: '', dual_property: {synced_property_id: prop.id, synced_property_name: name}, type: 'dual_property'},
            type: 'relation',
          },
        });
      }
    }
  }
  if (!props.some((p) => p.type === 'title')) {
    if (!creating) throw validation('A data source must have a title property.');
    props.unshift({description: null, id: 'title', name: 'Name', title: {}, type: 'title'});
  }
  return {dual, props};
}

/** The schema as the API answers it: an object keyed by property name. */
export function schemaObject(props: PropertySchema[]): Record<string, PropertySchema> {
  return Object.fromEntries(props.map((p) => [p.name, p]));
}
