/** Per-type rules of the generic mutations: defaults, numbering, state timestamps, history. */
import {randomBytes} from 'node:crypto';

import type {Context} from './context.js';
import {invalidInput} from './errors.js';
import {newId, nowIso, type Row} from './store.js';

type Args = Record<string, any>;
export interface Hooks {
  create?(row: Row, ctx: Context, args: Args): Promise<Row>;
  update?(prev: Row, next: Row, input: Args, ctx: Context): Promise<Row>;
  remove?(row: Row, ctx: Context): Promise<void>;
}

const hex = (n: number) => randomBytes(n).toString('hex').slice(0, n);

/** The five workflow state types with the default states a new team gets. */
export const DEFAULT_STATES: Array<{name: string; type: string; color: string; position: number}> = [
  {color: '#bec2c8', name: 'Backlog', position: 0, type: 'backlog'},
  {color: '#e2e2e2', name: 'Todo', position: 1, type: 'unstarted'},
  {color: '#f2c94c', name: 'In Progress', position: 2, type: 'started'},
  {color: '#0f783c', name: 'In Review', position: 3, type: 'started'},
  {color: '#5e6ad2', name: 'Done', position: 4, type: 'completed'},
  {color: '#95a2b3', name: 'Canceled', position: 5, type: 'canceled'},
  {color: '#95a2b3', name: 'Duplicate', position: 6, type: 'canceled'},
];

async function stateOf(ctx: Context, id: unknown): Promise<Row | undefined> {
  return ctx.store.get('WorkflowState', id as string);
}

/** startedAt / completedAt / canceledAt follow the type of the state an issue moves to. */
function applyStateTimestamps(row: Row, type: string | undefined, now: string): void {
  if (type === 'started') {
    row.startedAt ??= now;
    row.completedAt = null;
    row.canceledAt = null;
  } else if (type === 'completed') {
    row.startedAt ??= now;
    row.completedAt = now;
    row.canceledAt = null;
  } else if (type === 'canceled') {
    row.canceledAt = now;
    row.completedAt = null;
  } else {
    row.startedAt = null;
    row.completedAt = null;
    row.canceledAt = null;
  }
  if (type === 'triage') row.startedTriageAt ??= now;
}

function validateIssue(row: Row): void {
  if (typeof row.title === 'string' && row.title.trim() === '') throw invalidInput('Title must not be empty.', 'title');
  const p = row.priority as number | null | undefined;
  if (p !== null && p !== undefined && (!Number.isInteger(p) || p < 0 || p > 4)) throw invalidInput('Priority must be an integer from 0 (no priority) to 4 (low).', 'priority');
  if (row.estimate !== null && row.estimate !== undefined && Number(row.estimate) < 0) throw invalidInput('Estimate must not be negative.', 'estimate');
}

const HISTORY_FIELDS = ['stateId', 'assigneeId', 'title', 'priority', 'estimate', 'dueDate', 'parentId', 'projectId', 'cycleId', 'teamId', 'projectMilestoneId', 'delegateId'];

async function recordHistory(prev: Row, next: Row, ctx: Context): Promise<void> {
  const h: Row = {__typename: 'IssueHistory', actorId: ctx.viewer.id, archivedAt: null, createdAt: next.updatedAt, id: newId(), issueId: next.id, updatedAt: next.updatedAt};
  let changed = false;
  for (const f of HISTORY_FIELDS) {
    if ((prev[f] ?? null) === (next[f] ?? null)) continue;
    const cap = f.charAt(0).toUpperCase() + f.slice(1);
    h[`from${cap}`] = prev[f] ?? null;
    h[`to${cap}`] = next[f] ?? null;
    changed = true;
  }
  const before = new Set((prev.labelIds as string[]) ?? []);
  const after = new Set((next.labelIds as string[]) ?? []);
  const added = [...after].filter((l) => !before.has(l));
  const removed = [...before].filter((l) => !after.has(l));
  if (added.length > 0) h.addedLabelIds = added;
  if (removed.length > 0) h.removedLabelIds = removed;
  if (changed || added.length > 0 || removed.length > 0) await ctx.store.insert(h);
}

const issueHooks: Hooks = {
  async create(row, ctx) {
    validateIssue(row);
    const team = await ctx.store.get('Team', row.teamId as string);
    if (!team) throw invalidInput('teamId is required.', 'teamId');
    const states = (await ctx.store.all('WorkflowState')).filter((s) => s.teamId === team.id && !s.archivedAt);
    let state = row.stateId ? states.find((s) => s.id === row.stateId) : undefined;
    if (row.stateId && !state) throw invalidInput('The workflow state does not belong to the issue’s team.', 'stateId');
    state ??= [...states].filter((s) => s.type === 'backlog' || s.type === 'unstarted').sort((a, b) => Number(a.position) - Number(b.position))[0] ?? states[0];
    const number = await ctx.store.nextIssueNumber(team.id);
    const now = row.createdAt;
    const labelIds = [...new Set((row.labelIds as string[] | undefined) ?? [])];
    const subscribers = new Set([ctx.viewer.id, ...((row.subscriberIds as string[] | undefined) ?? [])]);
    if (row.assigneeId) subscribers.add(row.assigneeId as string);
    const issue: Row = {
      addedToCycleAt: row.cycleId ? now : null,
      addedToProjectAt: row.projectId ? now : null,
      addedToTeamAt: now,
      assigneeId: null,
      boardOrder: 0,
      cycleId: null,
      description: null,
      dueDate: null,
      estimate: null,
      parentId: null,
      priority: 0,
      projectId: null,
      projectMilestoneId: null,
      sortOrder: -number,
      subIssueSortOrder: row.parentId ? number : null,
      ...row,
      creatorId: ctx.viewer.id,
      identifier: `${team.key}-${number}`,
      labelIds,
      number,
      previousIdentifiers: [],
      prioritySortOrder: Number(row.priority ?? 0),
      stateId: state?.id,
      subscriberIds: [...subscribers],
    };
    applyStateTimestamps(issue, state?.type as string | undefined, now);
    if (row.completedAt) issue.completedAt = row.completedAt;
    return ctx.store.insert(issue);
  },
  async update(prev, next, input, ctx) {
    validateIssue(next);
    const labels = new Set((input.labelIds as string[] | undefined) ?? (prev.labelIds as string[]) ?? []);
    for (const l of (input.addedLabelIds as string[] | undefined) ?? []) labels.add(l);
    for (const l of (input.removedLabelIds as string[] | undefined) ?? []) labels.delete(l);
    next.labelIds = [...labels];
    delete next.addedLabelIds;
    delete next.removedLabelIds;
    if (next.parentId && next.parentId === prev.id) throw invalidInput('An issue cannot be its own parent.', 'parentId');
    if (next.teamId !== prev.teamId) {
      const team = await ctx.store.get('Team', next.teamId as string);
      const n = await ctx.store.nextIssueNumber(next.teamId as string);
      next.number = n;
      next.identifier = `${team!.key}-${n}`;
      next.previousIdentifiers = [...((prev.previousIdentifiers as string[]) ?? []), prev.identifier as string];
      next.addedToTeamAt = next.updatedAt;
      if (!input.stateId) {
        const states = (await ctx.store.all('WorkflowState')).filter((s) => s.teamId === next.teamId);
        const same = states.find((s) => s.type === (states.find((x) => x.id === prev.stateId)?.type ?? 'backlog')) ?? states[0];
        next.stateId = same?.id;
      }
    }
    if (next.stateId !== prev.stateId) {
      const state = await stateOf(ctx, next.stateId);
      if (!state || state.teamId !== next.teamId) throw invalidInput('The workflow state does not belong to the issue’s team.', 'stateId');
      applyStateTimestamps(next, state.type as string, next.updatedAt);
    }
    if (next.projectId !== prev.projectId) next.addedToProjectAt = next.projectId ? next.updatedAt : null;
    if (next.cycleId !== prev.cycleId) next.addedToCycleAt = next.cycleId ? next.updatedAt : null;
    if (next.assigneeId && next.assigneeId !== prev.assigneeId) {
      const subs = new Set((next.subscriberIds as string[]) ?? []);
      subs.add(next.assigneeId as string);
      next.subscriberIds = [...subs];
    }
    if (input.priority !== undefined) next.prioritySortOrder = Number(next.priority ?? 0);
    const saved = await ctx.store.save(next);
    await recordHistory(prev, saved, ctx);
    return saved;
  },
  async remove(row, ctx) {
    for (const type of ['Comment', 'Attachment', 'IssueHistory', 'IssueRelation']) {
      for (const r of [...(await ctx.store.all(type))]) if (r.issueId === row.id || r.relatedIssueId === row.id) await ctx.store.remove(r);
    }
  },
};

export const HOOKS: Record<string, Hooks> = {
  CustomView: {
    async create(row, ctx) {
      return ctx.store.insert({filterData: {}, modelName: 'Issue', shared: false, ...row});
    },
  },
  Document: {
    async create(row, ctx) {
      if (!String(row.title ?? '').trim()) throw invalidInput('A document needs a title.', 'title');
      return ctx.store.insert({content: '', sortOrder: 0, ...row});
    },
  },
  Favorite: {
    async create(row, ctx) {
      const kinds = ['issue', 'project', 'cycle', 'customView', 'document', 'initiative', 'label', 'projectLabel', 'roadmap'];
      const type = kinds.find((k) => row[`${k}Id`]) ?? (row.folderName ? 'folder' : 'issue');
      return ctx.store.insert({sortOrder: 0, ...row, ownerId: ctx.viewer.id, type, userId: ctx.viewer.id});
    },
  },
  Initiative: {
    async create(row, ctx) {
      return ctx.store.insert({labelIds: [], priority: 0, status: 'Planned', visibility: 'public', ...row});
    },
  },
  InitiativeUpdate: {
    async create(row, ctx) {
      return ctx.store.insert({body: '', health: 'onTrack', isDiffHidden: false, ...row, userId: ctx.viewer.id});
    },
  },
  Attachment: {
    async create(row, ctx) {
      const existing = (await ctx.store.all('Attachment')).find((a) => a.issueId === row.issueId && a.url === row.url);
      if (existing) return ctx.store.save({...existing, ...row, createdAt: existing.createdAt, id: existing.id});
      return ctx.store.insert({groupBySource: false, metadata: {}, ...row, creatorId: ctx.viewer.id});
    },
  },
  Comment: {
    async create(row, ctx) {
      if (!row.body && !row.bodyData) throw invalidInput('A comment needs a body.', 'body');
      if (!row.issueId && !row.projectUpdateId && !row.projectId && !row.parentId) throw invalidInput('A comment needs an issueId (or a projectUpdateId or parentId).', 'issueId');
      if (row.parentId && !row.issueId) row.issueId = (await ctx.store.get('Comment', row.parentId as string))?.issueId ?? null;
      return ctx.store.insert({body: '', bodyData: JSON.stringify({content: [], type: 'doc'}), editedAt: null, parentId: null, ...row, userId: ctx.viewer.id});
    },
    async update(_prev, next, _input, ctx) {
      next.editedAt = next.updatedAt;
      return ctx.store.save(next);
    },
    async remove(row, ctx) {
      for (const c of [...(await ctx.store.all('Comment'))]) if (c.parentId === row.id) await ctx.store.remove(c);
    },
  },
  Cycle: {
    async create(row, ctx) {
      const cycles = (await ctx.store.all('Cycle')).filter((c) => c.teamId === row.teamId);
      if (Date.parse(String(row.endsAt)) <= Date.parse(String(row.startsAt))) throw invalidInput('endsAt must be after startsAt.', 'endsAt');
      return ctx.store.insert({...row, number: cycles.reduce((n, c) => Math.max(n, Number(c.number)), 0) + 1});
    },
  },
  Issue: issueHooks,
  IssueLabel: {
    async create(row, ctx) {
      if (!String(row.name ?? '').trim()) throw invalidInput('A label needs a name.', 'name');
      return ctx.store.insert({color: '#bec2c8', description: null, isGroup: false, parentId: null, teamId: null, ...row, creatorId: ctx.viewer.id});
    },
  },
  IssueRelation: {
    async create(row, ctx) {
      if (row.issueId === row.relatedIssueId) throw invalidInput('An issue cannot relate to itself.', 'relatedIssueId');
      return ctx.store.insert(row);
    },
  },
  Project: {
    async create(row, ctx) {
      if (!String(row.name ?? '').trim()) throw invalidInput('A project needs a name.', 'name');
      const statuses = (await ctx.store.all('ProjectStatus')).sort((a, b) => Number(a.position) - Number(b.position));
      return ctx.store.insert({
        color: '#5e6ad2',
        description: '',
        leadId: null,
        memberIds: [],
        priority: 0,
        slugId: hex(12),
        sortOrder: 0,
        startDate: null,
        statusId: statuses.find((s) => s.type === 'backlog')?.id ?? statuses[0]?.id,
        targetDate: null,
        ...row,
        creatorId: ctx.viewer.id,
      });
    },
    async update(prev, next, input, ctx) {
      if (input.statusId && input.statusId !== prev.statusId) {
        const type = (await ctx.store.get('ProjectStatus', input.statusId as string))?.type;
        if (type === 'started') next.startedAt ??= next.updatedAt;
        next.completedAt = type === 'completed' ? next.updatedAt : null;
        next.canceledAt = type === 'canceled' ? next.updatedAt : null;
      }
      return ctx.store.save(next);
    },
  },
  ProjectMilestone: {
    async create(row, ctx) {
      return ctx.store.insert({description: null, sortOrder: 0, targetDate: null, ...row});
    },
  },
  ProjectUpdate: {
    async create(row, ctx) {
      const project = await ctx.store.get('Project', row.projectId as string);
      const update = await ctx.store.insert({body: '', health: 'onTrack', isDiffHidden: false, ...row, slugId: hex(8), userId: ctx.viewer.id});
      if (project) await ctx.store.save({...project, health: update.health, healthUpdatedAt: update.createdAt});
      return update;
    },
  },
  Team: {
    async remove(row, ctx) {
      for (const type of ['Issue', 'WorkflowState', 'IssueLabel', 'Cycle', 'TeamMembership', 'Template', 'CustomView']) {
        for (const r of [...(await ctx.store.all(type))]) if (r.teamId === row.id) await ctx.store.remove(r);
      }
    },
    async create(row, ctx) {
      const key = String(row.key ?? String(row.name).replace(/[^A-Za-z]/g, '').slice(0, 3)).toUpperCase();
      if ((await ctx.store.all('Team')).some((t) => t.key === key)) throw invalidInput(`A team with the key ${key} already exists.`, 'key');
      const team = await ctx.store.insert({cyclesEnabled: false, description: null, private: false, timezone: 'America/Los_Angeles', ...row, issueCount: 0, key});
      for (const s of DEFAULT_STATES) {
        await ctx.store.insert({...s, __typename: 'WorkflowState', archivedAt: null, createdAt: team.createdAt, description: null, id: newId(), teamId: team.id, updatedAt: team.createdAt});
      }
      await ctx.store.insert({__typename: 'TeamMembership', archivedAt: null, createdAt: team.createdAt, id: newId(), owner: true, sortOrder: 0, teamId: team.id, updatedAt: team.createdAt, userId: ctx.viewer.id});
      return team;
    },
  },
  TeamMembership: {
    async create(row, ctx) {
      return ctx.store.insert({owner: false, sortOrder: 0, ...row});
    },
  },
  Webhook: {
    async create(row, ctx) {
      let url: URL;
      try {
        url = new URL(String(row.url));
      } catch {
        throw invalidInput('The webhook url is not a valid URL.', 'url');
      }
      if (!/^https?:$/.test(url.protocol)) throw invalidInput('The webhook url must be http(s).', 'url');
      if (!Array.isArray(row.resourceTypes) || row.resourceTypes.length === 0) throw invalidInput('Give at least one resource type.', 'resourceTypes');
      return ctx.store.insert({allPublicTeams: !row.teamId, enabled: true, label: null, teamId: null, ...row, creatorId: ctx.viewer.id, secret: row.secret ?? `lin_wh_${hex(32)}`});
    },
  },
  WorkflowState: {
    async create(row, ctx) {
      if (!['triage', 'backlog', 'unstarted', 'started', 'completed', 'canceled'].includes(String(row.type))) {
        throw invalidInput('type must be one of triage, backlog, unstarted, started, completed, canceled.', 'type');
      }
      const states = (await ctx.store.all('WorkflowState')).filter((s) => s.teamId === row.teamId);
      return ctx.store.insert({description: null, position: states.length, ...row});
    },
  },
};

