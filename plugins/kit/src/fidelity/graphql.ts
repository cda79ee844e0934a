/**
 * A GraphQL SDL as the scorer reads it: the root fields are the operations; a probe queries a root
 * field that needs no argument for the scalar fields of what it returns and checks the answer's
 * types against the schema.
 */
import {
  buildSchema,
  getNamedType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  isEnumType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

export interface GraphqlProbe {
  operation: string;
  query: string;
  check(data: unknown): string[];
}

export interface GraphqlReference {
  operations: string[];
  probes: GraphqlProbe[];
  /** A root query taking one required id, asked for an id that does not exist (the product's not-found error). */
  missing?: {operation: string; query: string};
}

const isLeaf = (t: GraphQLOutputType) => {
  const n = getNamedType(t);
  return isScalarType(n) || isEnumType(n);
};
const noRequiredArgs = (f: GraphQLField<unknown, unknown>) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined);

interface Selection {
  field: string;
  type: GraphQLOutputType;
  sub?: Selection[];
}

/** The scalar fields of an object type (at most `max`), and for a connection its `nodes`' scalar fields. */
function selectionOf(type: GraphQLOutputType, depth: number): Selection[] | undefined {
  const named = getNamedType(type);
  if (!isObjectType(named) && !isInterfaceType(named)) return undefined;
  const fields = Object.values(named.getFields()).filter(noRequiredArgs);
  const leaves: Selection[] = fields.filter((f) => isLeaf(f.type)).slice(0, 20).map((f) => ({field: f.name, type: f.type}));
  const nodes = fields.find((f) => f.name === 'nodes' && isListType(isNonNullType(f.type) ? f.type.ofType : f.type));
  if (nodes && depth === 0) {
    const sub = selectionOf(nodes.type, depth + 1);
    if (sub) leaves.push({field: 'nodes', sub, type: nodes.type});
  }
  return leaves.length > 0 ? leaves : [{field: '__typename', type: named as never}];
}

const render = (sel: Selection[]): string => sel.map((s) => (s.sub ? `${s.field} { ${render(s.sub)} }` : s.field)).join(' ');

function checkValue(type: GraphQLOutputType, sub: Selection[] | undefined, value: unknown, path: string): string[] {
  if (value === null || value === undefined) return isNonNullType(type) ? [`${path} is null, the schema says non-null`] : [];
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    if (!Array.isArray(value)) return [`${path} is not a list`];
    return value.flatMap((v, i) => checkValue(inner.ofType, sub, v, `${path}[${i}]`)).slice(0, 3);
  }
  if (isEnumType(inner)) return inner.getValues().some((v) => v.name === value) ? [] : [`${path} = ${JSON.stringify(value)} is not a ${inner.name}`];
  if (isScalarType(inner)) {
    const ok =
      inner.name === 'Int' ? Number.isInteger(value)
      : inner.name === 'Float' ? typeof value === 'number'
      : inner.name === 'Boolean' ? typeof value === 'boolean'
      : inner.name === 'String' || inner.name === 'ID' ? typeof value === 'string'
      : true;
    return ok ? [] : [`${path} = ${JSON.stringify(value)} is not a ${inner.name}`];
  }
  if (typeof value !== 'object' || Array.isArray(value)) return [`${path} is not an object`];
  return (sub ?? []).flatMap((s) => (s.field === '__typename' ? [] : checkValue(s.type, s.sub, (value as Record<string, unknown>)[s.field], `${path}.${s.field}`)));
}

export function parseGraphql(sdl: string, maxProbes = 40): GraphqlReference {
  const schema: GraphQLSchema = buildSchema(sdl, {assumeValidSDL: true});
  const query = Object.values(schema.getQueryType()?.getFields() ?? {});
  const mutation = Object.values(schema.getMutationType()?.getFields() ?? {});
  const probes: GraphqlProbe[] = [];
  for (const f of query.filter(noRequiredArgs)) {
    if (probes.length >= maxProbes) break;
    const sel = isLeaf(f.type) ? undefined : selectionOf(f.type, 0);
    if (!isLeaf(f.type) && !sel) continue;
    probes.push({
      check: (data) => checkValue(f.type, sel, (data as Record<string, unknown> | null)?.[f.name], f.name),
      operation: `Query.${f.name}`,
      query: `query { ${f.name}${sel ? ` { ${render(sel)} }` : ''} }`,
    });
  }
  const byId = query.find((f) => f.args.length >= 1 && f.args.filter((a) => isNonNullType(a.type)).length === 1 && f.args.some((a) => a.name === 'id' && isNonNullType(a.type)) && !isLeaf(f.type));
  return {
    missing: byId ? {operation: `Query.${byId.name}`, query: `query { ${byId.name}(id: "00000000-0000-4000-8000-asymmissing0") { __typename } }`} : undefined,
    operations: [...query.map((f) => `Query.${f.name}`), ...mutation.map((f) => `Mutation.${f.name}`)],
    probes,
  };
}
