/**
 * Linear's webhooks: on a create, update or remove of a subscribed resource type, each enabled
 * webhook gets `{action, type, data, updatedFrom?, url, createdAt, organizationId, webhookTimestamp,
 * webhookId, actor}` signed with `Linear-Signature` (HMAC-SHA256 of the raw body with the webhook's
 * secret, hex), plus `Linear-Delivery`, `Linear-Event` and `Linear-Timestamp`; failed deliveries are retried.
 */
import {randomUUID} from 'node:crypto';

import {DeliveryQueue, hmacSha256Hex, type Logger} from '@asym/template-kit';

import {COMPUTED} from './computed.js';
import type {Context} from './context.js';
import type {Row} from './store.js';

/** The resource types Linear sends webhooks for that this clone stores. */
export const WEBHOOK_TYPES = new Set(['Issue', 'Comment', 'IssueLabel', 'Project', 'ProjectUpdate', 'Cycle', 'Attachment', 'IssueRelation', 'Document', 'Initiative', 'InitiativeUpdate']);

/** Linear retries after a minute, an hour and six hours; ASYM_LINEAR_WEBHOOK_RETRY_MS overrides (comma-separated ms). */
const retryDelays = (): number[] => (process.env.ASYM_LINEAR_WEBHOOK_RETRY_MS ?? '60000,3600000,21600000').split(',').map(Number);

function publicFields(row: Row): Record<string, unknown> {
  const {__typename: _t, ...rest} = row;
  return rest;
}

async function serialize(row: Row, ctx: Context): Promise<Record<string, unknown>> {
  const data = publicFields(row);
  const s = ctx.store;
  if (row.__typename === 'Issue') {
    const [team, state, assignee, project, cycle, labels] = await Promise.all([
      s.get('Team', row.teamId as string),
      s.get('WorkflowState', row.stateId as string),
      s.get('User', row.assigneeId as string),
      s.get('Project', row.projectId as string),
      s.get('Cycle', row.cycleId as string),
      s.all('IssueLabel'),
    ]);
    Object.assign(data, {
      assignee: assignee ? {email: assignee.email, id: assignee.id, name: assignee.name} : undefined,
      cycle: cycle ? {endsAt: cycle.endsAt, id: cycle.id, name: cycle.name ?? null, number: cycle.number, startsAt: cycle.startsAt} : undefined,
      labels: labels.filter((l) => ((row.labelIds as string[]) ?? []).includes(l.id)).map((l) => ({color: l.color, id: l.id, name: l.name, parentId: l.parentId ?? null})),
      priorityLabel: COMPUTED.Issue!.priorityLabel!(row, {}, ctx),
      project: project ? {id: project.id, name: project.name} : undefined,
      state: state ? {color: state.color, id: state.id, name: state.name, type: state.type} : undefined,
      team: team ? {id: team.id, key: team.key, name: team.name} : undefined,
      url: COMPUTED.Issue!.url!(row, {}, ctx),
    });
  } else if (row.__typename === 'Comment') {
    const [issue, user] = await Promise.all([s.get('Issue', row.issueId as string), s.get('User', row.userId as string)]);
    Object.assign(data, {
      issue: issue ? {id: issue.id, identifier: issue.identifier, teamId: issue.teamId, title: issue.title, url: COMPUTED.Issue!.url!(issue, {}, ctx)} : undefined,
      url: COMPUTED.Comment!.url!(row, {}, ctx),
      user: user ? {email: user.email, id: user.id, name: user.name} : undefined,
    });
  }
  return data;
}

function changedFrom(prev: Row, next: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(prev), ...Object.keys(next)])) {
    if (k === '__typename') continue;
    if (JSON.stringify(prev[k] ?? null) !== JSON.stringify(next[k] ?? null)) out[k] = prev[k] ?? null;
  }
  return out;
}

async function teamOf(row: Row, ctx: Context): Promise<string | undefined> {
  if (row.teamId) return row.teamId as string;
  if (row.issueId) return (await ctx.store.get('Issue', row.issueId as string))?.teamId as string | undefined;
  return undefined;
}

export class WebhookEvents {
  readonly queue: DeliveryQueue;

  constructor(log: Logger) {
    this.queue = new DeliveryQueue({
      onResult: (job, r) => log(r.ok ? 'debug' : 'warn', 'webhook delivery', {attempt: r.attempt, final: r.final, ok: r.ok, status: r.status, url: job.url, webhookId: job.meta?.webhookId, error: r.error}),
      retryDelaysMs: retryDelays(),
      timeoutMs: 5000,
    });
  }

  async emit(ctx: Context, action: 'create' | 'update' | 'remove', row: Row, previous?: Row): Promise<void> {
    if (!WEBHOOK_TYPES.has(row.__typename)) return;
    const hooks = (await ctx.store.all('Webhook')).filter((h) => h.enabled !== false && !h.archivedAt && ((h.resourceTypes as string[]) ?? []).includes(row.__typename));
    if (hooks.length === 0) return;
    const team = await teamOf(row, ctx);
    const data = await serialize(row, ctx);
    const createdAt = new Date().toISOString();
    const actor = {email: ctx.viewer.email, id: ctx.viewer.id, name: ctx.viewer.name, type: 'user', url: COMPUTED.User!.url!(ctx.viewer, {}, ctx)};
    for (const hook of hooks) {
      if (hook.teamId && hook.teamId !== team) continue;
      const delivery = randomUUID();
      const base = {
        action,
        actor,
        createdAt,
        data,
        organizationId: ctx.org.id,
        type: row.__typename,
        ...(action === 'update' && previous ? {updatedFrom: changedFrom(previous, row)} : {}),
        url: typeof data.url === 'string' ? data.url : `${ctx.appUrl}/${ctx.org.urlKey}`,
        webhookId: hook.id,
      };
      let sentAt = 0;
      this.queue.enqueue(hook.id, {
        // each attempt carries the time it is sent (receivers reject payloads older than a minute)
        body: JSON.stringify({...base, webhookTimestamp: Date.now()}),
        bodyFor: () => JSON.stringify({...base, webhookTimestamp: (sentAt = Date.now())}),
        headers: (_attempt, body) => ({
          'content-type': 'application/json; charset=utf-8',
          'linear-delivery': delivery,
          'linear-event': row.__typename,
          'linear-signature': hmacSha256Hex(String(hook.secret ?? ''), body),
          'linear-timestamp': String(sentAt),
          'user-agent': 'Linear-Webhook',
        }),
        meta: {webhookId: hook.id},
        url: String(hook.url),
      });
    }
  }
}
