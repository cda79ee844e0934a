/** Relay connections over rows: includeArchived, filter, orderBy, first/after/last/before. */
import type {Context} from './context.js';
import {invalidInput} from './errors.js';
import {matches} from './filter.js';
import type {Row} from './store.js';

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  orderBy?: 'createdAt' | 'updatedAt' | null;
  includeArchived?: boolean | null;
  filter?: Record<string, unknown> | null;
}

export interface Connection<T = Row> {
  nodes: T[];
  edges: Array<{node: T; cursor: string}>;
  pageInfo: {hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null};
}

export const MAX_PAGE = 250;
export const DEFAULT_PAGE = 50;

/** Newest first by the order field (Linear's default order is `createdAt`), id as tie-break. */
export function sortRows(rows: Row[], orderBy: ConnectionArgs['orderBy']): Row[] {
  const key = orderBy ?? 'createdAt';
  return [...rows].sort((a, b) => {
    const d = Date.parse(String(b[key] ?? b.createdAt)) - Date.parse(String(a[key] ?? a.createdAt));
    if (d !== 0) return d;
    const p = Number(a.position ?? a.number ?? 0) - Number(b.position ?? b.number ?? 0);
    return p !== 0 ? p : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

export async function selectRows(rows: Row[], args: ConnectionArgs, ctx: Context): Promise<Row[]> {
  const out: Row[] = [];
  for (const r of rows) {
    if (r.archivedAt && !args.includeArchived) continue;
    if (await matches(r, args.filter ?? undefined, ctx)) out.push(r);
  }
  return sortRows(out, args.orderBy);
}

export function page<T extends {id: string}>(sorted: T[], args: ConnectionArgs): Connection<T> {
  for (const n of [args.first, args.last]) {
    if (n !== undefined && n !== null && (n < 0 || n > MAX_PAGE)) throw invalidInput(`first and last must be between 0 and ${MAX_PAGE}.`, n === args.first ? 'first' : 'last');
  }
  let start = 0;
  let end = sorted.length;
  if (args.after) {
    const i = sorted.findIndex((r) => r.id === args.after);
    start = i >= 0 ? i + 1 : sorted.length;
  }
  if (args.before) {
    const i = sorted.findIndex((r) => r.id === args.before);
    end = i >= 0 ? i : end;
  }
  if (end < start) end = start;
  if (args.first !== undefined && args.first !== null) end = Math.min(end, start + args.first);
  else if (args.last !== undefined && args.last !== null) start = Math.max(start, end - args.last);
  else end = Math.min(end, start + DEFAULT_PAGE);
  const nodes = sorted.slice(start, end);
  return {
    edges: nodes.map((node) => ({cursor: node.id, node})),
    nodes,
    pageInfo: {
      endCursor: nodes.at(-1)?.id ?? null,
      hasNextPage: end < sorted.length,
      hasPreviousPage: start > 0,
      startCursor: nodes[0]?.id ?? null,
    },
  };
}

export async function connection(rows: Row[], args: ConnectionArgs, ctx: Context): Promise<Connection> {
  return page(await selectRows(rows, args, ctx), args);
}

export const emptyConnection = (): Connection => page([], {});
