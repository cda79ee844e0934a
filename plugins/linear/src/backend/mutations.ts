/**
 * Mutations: `<entity>Create/Update/Delete/Archive/Unarchive` of every stored type through one
 * generic path (reference checks, payload assembly, webhooks), with per-type rules in entities.ts;
 * and the few mutations that are not CRUD (labels, subscriptions, batch updates).
 */
import {randomBytes} from 'node:crypto';

import {getNamedType, type GraphQLField, type GraphQLResolveInfo, isObjectType} from 'graphql';

import type {Context} from './context.js';
import {invalidInput, notFound} from './errors.js';
import {HOOKS} from './entities.js';
import {STORED} from './model.js';
import {findIssue, getOrFail, nodeTypeOf} from './lookup.js';
import {linearSchema} from './schema.js';
import {newId, nowIso, type Row} from './store.js';

type Args = Record<string, any>;
type Resolver = (args: Args, ctx: Context, info: GraphQLResolveInfo) => unknown;
type Op = 'Create' | 'Update' | 'Delete' | 'Archive' | 'Unarchive';

/** Payload objects: `success`, `lastSyncId`, the entity under its own field name or `entity`, `entityId`. */
async function payload(info: GraphQLResolveInfo, ctx: Context, row: Row | undefined, entityType: string): Promise<Record<string, unknown>> {
  const type = getNamedType(info.returnType);
  const out: Record<string, unknown> = {__typename: type.name, lastSyncId: await ctx.store.syncId(), success: true};
  if (!isObjectType(type)) return out;
  for (const f of Object.values(type.getFields())) {
    if (f.name === 'entityId') out.entityId = row?.id;
    else if (f.name === 'entity' || getNamedType(f.type).name === entityType) out[f.name] = row ?? null;
  }
  return out;
}

/** Every `<x>Id` / `<x>Ids` input that names a stored entity must exist. */
export async function checkReferences(type: string, input: Args, ctx: Context): Promise<void> {
  const t = linearSchema().getType(type);
  if (!isObjectType(t)) return;
  const fields = t.getFields();
  for (const [key, value] of Object.entries(input)) {
    if (value === null || value === undefined) continue;
    if (key.endsWith('Ids') && Array.isArray(value)) {
      const f = fields[`${key.slice(0, -3)}s`];
      const node = f && (nodeTypeOf(f.type) ?? getNamedType(f.type).name);
      if (node && STORED.has(node)) for (const id of value) if (!(await ctx.store.get(node, id))) throw notFound(node);
    } else if (key.endsWith('Id') && typeof value === 'string') {
      const f = fields[key.slice(0, -2)];
      const target = f && getNamedType(f.type).name;
      if (target && STORED.has(target)) {
        const found = target === 'Issue' ? await findIssue(ctx, value) : await ctx.store.get(target, value);
        if (!found) throw notFound(target);
        input[key] = found.id;
      }
    }
  }
}

/** What every new row of a type gets unless the input says otherwise: a slug id, the viewer as creator / owner. */
function defaults(type: string, ctx: Context): Args {
  const t = linearSchema().getType(type);
  if (!isObjectType(t)) return {};
  const fields = t.getFields();
  const out: Args = {};
  if (fields.slugId) out.slugId = randomBytes(6).toString('hex');
  for (const who of ['creator', 'owner']) if (fields[who] && getNamedType(fields[who].type).name === 'User') out[`${who}Id`] = ctx.viewer.id;
  return out;
}

const typeOfPrefix = (prefix: string): string => prefix.charAt(0).toUpperCase() + prefix.slice(1);

export function genericMutation(name: string, field: GraphQLField<unknown, unknown>): Resolver | undefined {
  const m = /^(.+)(Create|Update|Delete|Archive|Unarchive)$/.exec(name);
  if (!m) return undefined;
  const type = typeOfPrefix(m[1]!);
  const op = m[2] as Op;
  if (!STORED.has(type) || type === 'Organization' || type === 'IssueHistory') return undefined;
  const hooks = HOOKS[type] ?? {};
  const softDelete = op === 'Delete' && Boolean(isObjectType(getNamedType(field.type)) && (getNamedType(field.type) as any).getFields().entity);
  return async (args, ctx, info) => {
    const now = nowIso();
    if (op === 'Create') {
      const input = {...(args.input as Args)};
      await checkReferences(type, input, ctx);
      const row: Row = {archivedAt: null, createdAt: now, ...defaults(type, ctx), ...input, __typename: type, id: (input.id as string | undefined) ?? newId(), updatedAt: now};
      if (await ctx.store.get(type, row.id)) throw invalidInput(`An entity with id ${row.id} already exists.`, 'id');
      const created = hooks.create ? await hooks.create(row, ctx, args) : await ctx.store.insert(row);
      await ctx.webhooks.emit(ctx, 'create', created);
      return payload(info, ctx, created, type);
    }
    const current = await getOrFail(ctx, type, args.id);
    if (op === 'Update') {
      const input = {...(args.input as Args)};
      await checkReferences(type, input, ctx);
      const next: Row = {...current, ...input, id: current.id, updatedAt: now};
      const saved = hooks.update ? await hooks.update(current, next, input, ctx) : await ctx.store.save(next);
      await ctx.webhooks.emit(ctx, 'update', saved, current);
      return payload(info, ctx, saved, type);
    }
    if (op === 'Delete' && !(softDelete && !args.permanentlyDelete)) {
      if (hooks.remove) await hooks.remove(current, ctx);
      await ctx.store.remove(current);
      await ctx.webhooks.emit(ctx, 'remove', current);
      return payload(info, ctx, current, type);
    }
    const archived = op !== 'Unarchive';
    const next: Row = {...current, archivedAt: archived ? now : null, trashed: archived && (op === 'Delete' || Boolean(args.trash)) ? true : null, updatedAt: now};
    const saved = await ctx.store.save(next);
    await ctx.webhooks.emit(ctx, archived ? 'remove' : 'update', saved, current);
    return payload(info, ctx, saved, type);
  };
}

async function updateIssue(ctx: Context, issue: Row, input: Args): Promise<Row> {
  await checkReferences('Issue', input, ctx);
  const next: Row = {...issue, ...input, updatedAt: nowIso()};
  const saved = await HOOKS.Issue!.update!(issue, next, input, ctx);
  await ctx.webhooks.emit(ctx, 'update', saved, issue);
  return saved;
}

const issueArg = async (ctx: Context, id: string) => {
  const issue = await findIssue(ctx, id);
  if (!issue) throw notFound('Issue');
  return issue;
};

export const MUTATIONS: Record<string, Resolver> = {
  issueAddLabel: async (args, ctx, info) => payload(info, ctx, await updateIssue(ctx, await issueArg(ctx, args.id), {addedLabelIds: [args.labelId]}), 'Issue'),
  issueBatchUpdate: async (args, ctx) => {
    const issues: Row[] = [];
    for (const id of args.ids as string[]) issues.push(await updateIssue(ctx, await issueArg(ctx, id), {...args.input}));
    return {issues, lastSyncId: await ctx.store.syncId(), success: true};
  },
  issueRemoveLabel: async (args, ctx, info) => payload(info, ctx, await updateIssue(ctx, await issueArg(ctx, args.id), {removedLabelIds: [args.labelId]}), 'Issue'),
  issueSubscribe: async (args, ctx, info) => {
    const issue = await issueArg(ctx, args.id);
    const user = (args.userId as string | undefined) ?? ctx.viewer.id;
    const ids = (issue.subscriberIds as string[] | undefined) ?? [];
    return payload(info, ctx, await updateIssue(ctx, issue, {subscriberIds: ids.includes(user) ? ids : [...ids, user]}), 'Issue');
  },
  issueUnsubscribe: async (args, ctx, info) => {
    const issue = await issueArg(ctx, args.id);
    const user = (args.userId as string | undefined) ?? ctx.viewer.id;
    return payload(info, ctx, await updateIssue(ctx, issue, {subscriberIds: ((issue.subscriberIds as string[] | undefined) ?? []).filter((u) => u !== user)}), 'Issue');
  },
};
