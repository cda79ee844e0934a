/** Finding stored rows the way Linear's API does (issues also by identifier), and connection node types. */
import {getNamedType, type GraphQLOutputType, isObjectType} from 'graphql';

import type {Context} from './context.js';
import {notFound} from './errors.js';
import type {Row} from './store.js';

export const nodeTypeOf = (type: GraphQLOutputType): string | undefined => {
  const named = getNamedType(type);
  if (!isObjectType(named) || !named.name.endsWith('Connection')) return undefined;
  const nodes = named.getFields().nodes;
  return nodes ? getNamedType(nodes.type).name : undefined;
};

/** Finds an issue by id or by identifier (`ENG-12`), as Linear's `issue(id:)` does. */
export async function findIssue(ctx: Context, id: string): Promise<Row | undefined> {
  const issues = await ctx.store.all('Issue');
  return issues.find((i) => i.id === id) ?? issues.find((i) => i.identifier === id.toUpperCase() || ((i.previousIdentifiers as string[] | undefined) ?? []).includes(id));
}

export async function getOrFail(ctx: Context, type: string, id: string): Promise<Row> {
  const row = type === 'Issue' ? await findIssue(ctx, id) : type === 'Organization' ? (id === ctx.org.id ? ctx.org : undefined) : await ctx.store.get(type, id);
  if (!row) throw notFound(type);
  return row;
}

