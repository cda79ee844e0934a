/** Fields of stored types that are derived rather than stored (labels, urls, counts, progress). */
import {connection} from './connection.js';
import type {Context} from './context.js';
import {PRIORITY_LABELS} from './model.js';
import type {Row} from './store.js';

type Computed = (row: Row, args: Record<string, any>, ctx: Context) => unknown;

export const slug = (s: unknown): string =>
  String(s ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

const DONE = new Set(['completed', 'canceled']);

async function issueProgress(issues: Row[], ctx: Context): Promise<{completed: number; total: number; progress: number; started: number}> {
  const states = await ctx.store.all('WorkflowState');
  const type = (i: Row) => states.find((s) => s.id === i.stateId)?.type as string | undefined;
  const live = issues.filter((i) => !i.archivedAt);
  const completed = live.filter((i) => DONE.has(type(i) ?? '')).length;
  const started = live.filter((i) => type(i) === 'started').length;
  return {completed, progress: live.length === 0 ? 0 : completed / live.length, started, total: live.length};
}

function cyclePosition(row: Row): 'past' | 'active' | 'future' {
  const now = Date.now();
  if (Date.parse(String(row.endsAt)) <= now) return 'past';
  if (Date.parse(String(row.startsAt)) <= now) return 'active';
  return 'future';
}

async function teamCycles(row: Row, ctx: Context): Promise<Row[]> {
  return (await ctx.store.all('Cycle')).filter((c) => c.teamId === row.teamId && !c.archivedAt).sort((a, b) => Number(a.number) - Number(b.number));
}

const issuesOf = async (field: string, row: Row, ctx: Context) => (await ctx.store.all('Issue')).filter((i) => i[field] === row.id);

/** A custom view's rows: the stored filter of the view and the caller's, both applied. */
async function viewRows(type: string, filter: unknown, args: Record<string, any>, ctx: Context) {
  const both = [filter, args.filter].filter((f) => f && Object.keys(f as object).length > 0);
  return connection(await ctx.store.all(type), {...args, filter: both.length > 0 ? {and: both} : undefined}, ctx);
}

const latest = async (type: string, field: string, row: Row, ctx: Context) =>
  (await ctx.store.all(type)).filter((u) => u[field] === row.id && !u.archivedAt).sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))[0] ?? null;

export const COMPUTED: Record<string, Record<string, Computed>> = {
  CustomView: {
    issues: (r, a, ctx) => viewRows('Issue', r.filterData, a, ctx),
    projects: (r, a, ctx) => viewRows('Project', r.projectFilterData, a, ctx),
  },
  Document: {
    url: (r, _a, ctx) => `${ctx.appUrl}/${ctx.org.urlKey}/document/${slug(r.title)}-${r.slugId}`,
  },
  Initiative: {
    lastUpdate: (r, _a, ctx) => latest('InitiativeUpdate', 'initiativeId', r, ctx),
    url: (r, _a, ctx) => `${ctx.appUrl}/${ctx.org.urlKey}/initiative/${slug(r.name)}-${r.slugId}`,
  },
  InitiativeUpdate: {
    url: (r, _a, ctx) => `${ctx.appUrl}/${ctx.org.urlKey}/initiative-update/${r.slugId}`,
  },
  Roadmap: {
    url: (r, _a, ctx) => `${ctx.appUrl}/${ctx.org.urlKey}/roadmap/${slug(r.name)}-${r.slugId}`,
  },
  Comment: {
    url: (r, _a, ctx) => `${ctx.appUrl}/${ctx.org.urlKey}/comment/${r.id}`,
  },
  Cycle: {
    currentProgress: async (r, _a, ctx) => issueProgress(await issuesOf('cycleId', r, ctx), ctx),
    isActive: (r) => cyclePosition(r) === 'active',
    isFuture: (r) => cyclePosition(r) === 'future',
    isNext: async (r, _a, ctx) => (await teamCycles(r, ctx)).find((c) => cyclePosition(c) === 'future')?.id === r.id,
    isPast: (r) => cyclePosition(r) === 'past',
    isPrevious: async (r, _a, ctx) => (await teamCycles(r, ctx)).filter((c) => cyclePosition(c) === 'past').at(-1)?.id === r.id,
    progress: async (r, _a, ctx) => (await issueProgress(await issuesOf('cycleId', r, ctx), ctx)).progress,
  },
  Issue: {
    branchName: (r) => `${String(r.identifier).toLowerCase()}-${slug(r.title)}`.slice(0, 80),
    priorityLabel: (r) => PRIORITY_LABELS[Number(r.priority ?? 0)] ?? 'No priority',
    url: (r, _a, ctx) => `${ctx.appUrl}/${ctx.org.urlKey}/issue/${r.identifier}/${slug(r.title)}`,
  },
  Organization: {
    createdIssueCount: async (_r, _a, ctx) => (await ctx.store.all('Issue')).length,
    userCount: async (_r, _a, ctx) => (await ctx.store.all('User')).filter((u) => u.active !== false).length,
  },
  Project: {
    currentProgress: async (r, _a, ctx) => issueProgress(await issuesOf('projectId', r, ctx), ctx),
    lastUpdate: (r, _a, ctx) => latest('ProjectUpdate', 'projectId', r, ctx),
    priorityLabel: (r) => PRIORITY_LABELS[Number(r.priority ?? 0)] ?? 'No priority',
    progress: async (r, _a, ctx) => (await issueProgress(await issuesOf('projectId', r, ctx), ctx)).progress,
    scope: async (r, _a, ctx) => (await issuesOf('projectId', r, ctx)).filter((i) => !i.archivedAt).reduce((n, i) => n + Number(i.estimate ?? 1), 0),
    state: async (r, _a, ctx) => (await ctx.store.get('ProjectStatus', r.statusId as string))?.type ?? 'backlog',
    url: (r, _a, ctx) => `${ctx.appUrl}/${ctx.org.urlKey}/project/${slug(r.name)}-${r.slugId}`,
  },
  ProjectMilestone: {
    currentProgress: async (r, _a, ctx) => issueProgress(await issuesOf('projectMilestoneId', r, ctx), ctx),
    progress: async (r, _a, ctx) => (await issueProgress(await issuesOf('projectMilestoneId', r, ctx), ctx)).progress,
    status: async (r, _a, ctx) => {
      const p = await issueProgress(await issuesOf('projectMilestoneId', r, ctx), ctx);
      if (p.total > 0 && p.completed === p.total) return 'done';
      if (r.targetDate && Date.parse(String(r.targetDate)) < Date.now()) return 'overdue';
      return p.started > 0 || p.completed > 0 ? 'next' : 'unstarted';
    },
  },
  ProjectUpdate: {
    commentCount: async (r, _a, ctx) => (await ctx.store.all('Comment')).filter((c) => c.projectUpdateId === r.id && !c.archivedAt).length,
    url: (r, _a, ctx) => `${ctx.appUrl}/${ctx.org.urlKey}/project-update/${r.slugId}`,
  },
  Team: {
    activeCycle: async (r, _a, ctx) => (await ctx.store.all('Cycle')).find((c) => c.teamId === r.id && !c.archivedAt && cyclePosition(c) === 'active') ?? null,
    defaultIssueState: async (r, _a, ctx) =>
      (await ctx.store.all('WorkflowState')).filter((s) => s.teamId === r.id && s.type === 'backlog' && !s.archivedAt).sort((a, b) => Number(a.position) - Number(b.position))[0] ?? null,
    displayName: (r) => r.name,
    issueCount: async (r, a, ctx) => (await ctx.store.all('Issue')).filter((i) => i.teamId === r.id && (a.includeArchived || !i.archivedAt)).length,
    membership: async (r, a, ctx) => (await ctx.store.all('TeamMembership')).find((m) => m.teamId === r.id && m.userId === a.userId) ?? null,
  },
  User: {
    createdIssueCount: async (r, _a, ctx) => (await ctx.store.all('Issue')).filter((i) => i.creatorId === r.id).length,
    initials: (r) =>
      String(r.name ?? '')
        .split(/\s+/)
        .map((w) => w[0] ?? '')
        .join('')
        .slice(0, 2)
        .toUpperCase(),
    isMe: (r, _a, ctx) => r.id === ctx.viewer.id,
    url: (r, _a, ctx) => `${ctx.appUrl}/${ctx.org.urlKey}/profiles/${r.displayName}`,
  },
};
