/** Root queries that need more than the generic list/get of a stored type. */
import type {GraphQLResolveInfo} from 'graphql';

import {connection, page, selectRows} from './connection.js';
import type {Context} from './context.js';
import {notFound} from './errors.js';
import {PRIORITY_LABELS} from './model.js';
import {findIssue, getOrFail} from './lookup.js';
import type {Row} from './store.js';

type Args = Record<string, any>;
type Resolver = (args: Args, ctx: Context, info: GraphQLResolveInfo) => unknown;

/** `searchProjects` / `searchDocuments`: rows whose text fields contain the term, as `<Type>SearchResult`s. */
function searchOf(type: string, fields: string[]): Resolver {
  return async (args, ctx) => {
    const t = String(args.term ?? '').trim().toLowerCase();
    const rows = (await ctx.store.all(type)).filter((r) => !t || fields.some((f) => String(r[f] ?? '').toLowerCase().includes(t)));
    const scoped = args.teamId ? rows.filter((r) => r.teamId === args.teamId || ((r.teamIds as string[] | undefined) ?? []).includes(args.teamId)) : rows;
    const sorted = (await selectRows(scoped, {...args, filter: undefined}, ctx)).map((r) => ({...r, __typename: `${type}SearchResult`, metadata: {}}));
    return {...page(sorted, args), archivePayload: {__synthetic: true, __typename: 'ArchiveResponse'}, totalCount: sorted.length};
  };
}

async function textSearch(ctx: Context, term: string, includeComments: boolean): Promise<Row[]> {
  const t = term.trim().toLowerCase();
  const issues = await ctx.store.all('Issue');
  if (!t) return issues;
  const comments = includeComments ? await ctx.store.all('Comment') : [];
  return issues.filter(
    (i) =>
      String(i.identifier).toLowerCase() === t ||
      String(i.title ?? '').toLowerCase().includes(t) ||
      String(i.description ?? '').toLowerCase().includes(t) ||
      comments.some((c) => c.issueId === i.id && String(c.body ?? '').toLowerCase().includes(t)),
  );
}

export const QUERIES: Record<string, Resolver> = {
  archivedTeams: async (_args, ctx) => (await ctx.store.all('Team')).filter((t) => t.archivedAt),
  attachmentsForURL: async (args, ctx) => connection((await ctx.store.all('Attachment')).filter((a) => a.url === args.url), args, ctx),
  attachmentIssue: async (args, ctx) => {
    const a = (await ctx.store.all('Attachment')).find((x) => x.id === args.id || x.url === args.id);
    if (!a) throw notFound('Attachment');
    return getOrFail(ctx, 'Issue', a.issueId as string);
  },
  comment: async (args, ctx) => {
    if (!args.id) throw notFound('Comment');
    return getOrFail(ctx, 'Comment', args.id);
  },
  customerNeed: async (args, ctx) => {
    if (!args.id) throw notFound('CustomerNeed');
    return getOrFail(ctx, 'CustomerNeed', args.id);
  },
  issue: async (args, ctx) => {
    const issue = await findIssue(ctx, args.id);
    if (!issue) throw notFound('Issue');
    return issue;
  },
  issuePriorityValues: () => PRIORITY_LABELS.map((label, priority) => ({label, priority})),
  issueSearch: async (args, ctx) => connection(await textSearch(ctx, String(args.query ?? ''), false), args, ctx),
  issueVcsBranchSearch: async (args, ctx) => {
    const id = /([a-z]+-\d+)/i.exec(String(args.branchName))?.[1];
    return id ? ((await findIssue(ctx, id)) ?? null) : null;
  },
  organization: (_args, ctx) => ctx.org,
  organizationExists: (args, ctx) => ({exists: String(args.urlKey).toLowerCase() === String(ctx.org.urlKey), success: true}),
  rateLimitStatus: (_args, ctx) => ({
    identifier: ctx.viewer.id,
    kind: ctx.rate.kind,
    limits: [
      {allowedAmount: ctx.rate.requests.limit, period: 3_600_000, remainingAmount: ctx.rate.requests.remaining, requestedAmount: 1, reset: ctx.rate.requests.reset, type: 'requestLimit'},
      {allowedAmount: ctx.rate.complexity.limit, period: 3_600_000, remainingAmount: ctx.rate.complexity.remaining, requestedAmount: ctx.rate.complexity.cost, reset: ctx.rate.complexity.reset, type: 'complexityLimit'},
    ],
  }),
  projectUpdate: (args, ctx) => getOrFail(ctx, 'ProjectUpdate', args.id),
  searchDocuments: searchOf('Document', ['title', 'content']),
  searchProjects: searchOf('Project', ['name', 'description', 'content']),
  searchIssues: async (args, ctx) => {
    let rows = await textSearch(ctx, String(args.term ?? ''), Boolean(args.includeComments));
    if (args.teamId) rows = rows.filter((i) => i.teamId === args.teamId);
    const sorted = (await selectRows(rows, args, ctx)).map((r) => ({...r, __typename: 'IssueSearchResult', metadata: {}}));
    return {...page(sorted, args), archivePayload: {__synthetic: true, __typename: 'ArchiveResponse'}, totalCount: sorted.length};
  },
  templates: async (_args, ctx) => (await ctx.store.all('Template')).filter((t) => !t.archivedAt),
  team: async (args, ctx) => {
    const teams = await ctx.store.all('Team');
    const team = teams.find((t) => t.id === args.id) ?? teams.find((t) => String(t.key).toUpperCase() === String(args.id).toUpperCase());
    if (!team) throw notFound('Team');
    return team;
  },
  /** The viewer's settings: Linear's defaults (the clone keeps no per-user preferences). */
  userSettings: (_args, ctx) => ({__typename: 'UserSettings', createdAt: ctx.viewer.createdAt, id: `settings-${ctx.viewer.id}`, updatedAt: ctx.viewer.updatedAt, userId: ctx.viewer.id}),
  user: (args, ctx) => getOrFail(ctx, 'User', args.id),
  viewer: (_args, ctx) => ctx.viewer,
};
