/**
 * How every field of Linear's schema resolves: explicit root operations and computed fields first,
 * then the stored document's own value, then the stored relations (references by `<field>Id`,
 * connections declared in model.ts), then the empty value of the field's type for data the clone
 * never holds. Root operations the clone does not implement answer a GraphQL error saying so.
 */
import {
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

import {COMPUTED} from './computed.js';
import {connection, emptyConnection} from './connection.js';
import type {Context} from './context.js';
import {notFound, notImplemented} from './errors.js';
import {reference, related} from './filter.js';
import {getOrFail, nodeTypeOf} from './lookup.js';
import {STORED, VIEW_OF} from './model.js';
import {MUTATIONS, genericMutation} from './mutations.js';
import {QUERIES} from './queries.js';
import type {Row} from './store.js';

type Args = Record<string, any>;

/** Arguments a generic list query understands; a field with others needs an explicit resolver. */
const LIST_ARGS = new Set(['first', 'after', 'last', 'before', 'orderBy', 'includeArchived', 'filter', 'includeSubTeams', 'includeDisabled', 'sort']);

/** Can a root query be answered from the store without an explicit resolver? */
export function genericQuery(field: GraphQLField<unknown, unknown>): ((args: Args, ctx: Context) => Promise<unknown>) | undefined {
  const node = nodeTypeOf(field.type);
  const argNames = field.args.map((a) => a.name);
  if (node && STORED.has(node) && argNames.every((a) => LIST_ARGS.has(a))) {
    return async (args, ctx) => connection(await ctx.store.all(node), args, ctx);
  }
  const named = getNamedType(field.type).name;
  if (STORED.has(named) && argNames.length === 1 && argNames[0] === 'id') return (args, ctx) => getOrFail(ctx, named, args.id);
  return undefined;
}

/** The value of a field the clone holds no data for: null, empty, or the type's zero value. */
async function emptyValue(type: GraphQLOutputType, source: Row, field: string, parent: string, ctx: Context, args: Args): Promise<unknown> {
  const nonNull = isNonNullType(type);
  const inner = getNullableType(type);
  if (nodeTypeOf(inner)) {
    const rows = await related(source, field, ctx);
    return rows ? connection(rows, args, ctx) : emptyConnection();
  }
  if (isListType(inner)) {
    const rows = await related(source, field, ctx);
    return rows ? rows.filter((r) => !r.archivedAt) : nonNull ? [] : null;
  }
  const named = getNamedType(inner);
  if (!isScalarType(named) && !isEnumType(named)) {
    const ref = await reference(source, field, ctx);
    if (ref !== false) {
      if (!ref && nonNull) throw notFound(named.name);
      return ref ?? null;
    }
    if (!nonNull) return null;
    if (isObjectType(named)) return {__typename: named.name, __synthetic: true};
    throw notImplemented(`${parent}.${field}`);
  }
  if (!nonNull) return null;
  if (isEnumType(named)) return named.getValues()[0]?.value;
  switch (named.name) {
    case 'Boolean': return false;
    case 'Int':
    case 'Float': return 0;
    case 'ID': return source.id ?? '';
    case 'DateTime': return source.createdAt ?? new Date(0).toISOString();
    case 'JSON':
    case 'JSONObject': return {};
    case 'TimelessDate': return String(source.createdAt ?? '1970-01-01').slice(0, 10);
    default: return '';
  }
}

export const fieldResolver: GraphQLFieldResolver<any, Context> = (source, args, ctx, info) => {
  const parent = info.parentType.name;
  const field = info.fieldName;
  if (parent === 'Query') return resolveRoot(args, ctx, info, 'Query');
  if (parent === 'Mutation') return resolveRoot(args, ctx, info, 'Mutation');
  const computed = COMPUTED[VIEW_OF[parent] ?? parent]?.[field];
  if (computed && !source.__synthetic) return computed(source, args, ctx);
  const own = source?.[field];
  if (typeof own === 'function') return own(args, ctx, info);
  if (own !== undefined) return own;
  return emptyValue(info.returnType, source, field, parent, ctx, args);
};

function resolveRoot(args: Args, ctx: Context, info: GraphQLResolveInfo, root: 'Query' | 'Mutation'): unknown {
  const field = info.parentType.getFields()[info.fieldName]!;
  if (root === 'Query') {
    const explicit = QUERIES[info.fieldName];
    if (explicit) return explicit(args, ctx, info);
    const generic = genericQuery(field);
    if (generic) return generic(args, ctx);
  } else {
    const explicit = MUTATIONS[info.fieldName];
    if (explicit) return explicit(args, ctx, info);
    const generic = genericMutation(info.fieldName, field);
    if (generic) return generic(args, ctx, info);
  }
  throw notImplemented(`${root}.${info.fieldName}`);
}

export const typeResolver = (value: {__typename?: string}): string | undefined => value?.__typename;
