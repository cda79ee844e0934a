import {asymError, type SnapshotInfo} from '@asym/contract';

import {progressWanted, runTasks} from '../progress/index.js';
import type {ProviderContext} from '../providers/local.js';
import {info} from '../providers/snapshots.js';
import {providerForId} from './clones.js';
import type {EnvMemberFailure} from './env-ops.js';

export async function snapshotClone(ctx: ProviderContext, id: string, name: string, opts: {force?: boolean} = {}): Promise<{id: string; snapshot: SnapshotInfo; elapsedMs: number}> {
  const started = Date.now();
  const snapshot = await (await providerForId(ctx, id)).snapshot(id, name, opts);
  return {elapsedMs: Date.now() - started, id, snapshot};
}

export async function restoreClone(ctx: ProviderContext, id: string, name: string): Promise<{id: string; snapshot: string; elapsedMs: number}> {
  const started = Date.now();
  await (await providerForId(ctx, id)).restore(id, name);
  return {elapsedMs: Date.now() - started, id, snapshot: name};
}

export async function listSnapshots(ctx: ProviderContext, id: string): Promise<{id: string; snapshots: SnapshotInfo[]}> {
  const record = (await ctx.registry.read()).clones.find((c) => c.id === id);
  if (!record) throw asymError('CLONE_NOT_FOUND', {id});
  return {id, snapshots: (record.snapshots ?? []).map(info)};
}

export async function deleteSnapshotOf(ctx: ProviderContext, id: string, name: string): Promise<{id: string; deleted: string}> {
  await (await providerForId(ctx, id)).deleteSnapshot(id, name);
  return {deleted: name, id};
}

export interface EnvMembersOutcome<T> {
  environment: string;
  done: T[];
  failures: EnvMemberFailure[];
}

/** Run `fn` on every member of an environment in parallel; one failing does not stop the others. */
async function eachMember<T>(ctx: ProviderContext, env: string, verb: string, fn: (id: string) => Promise<T>, json: boolean): Promise<EnvMembersOutcome<T>> {
  const e = (await ctx.registry.read()).environments.find((x) => x.name === env);
  if (!e) throw asymError('ENVIRONMENT_NOT_FOUND', {name: env});
  const members = [...e.members];
  const settled = await runTasks(members.map((id) => ({run: () => fn(id), title: `${verb} ${id}`})), {concurrent: true, show: progressWanted(json)});
  return {
    done: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
    environment: env,
    failures: settled.flatMap((s, i) => (s.status === 'rejected' ? [{error: s.reason, id: members[i]!}] : [])),
  };
}

/** Snapshot every member of an environment under the same name. */
export function envSnapshot(ctx: ProviderContext, env: string, name: string, opts: {force?: boolean; json?: boolean} = {}) {
  return eachMember(ctx, env, 'snapshot', (id) => snapshotClone(ctx, id, name, opts), Boolean(opts.json));
}

/** Restore every member of an environment to its snapshot of that name. */
export function envRestore(ctx: ProviderContext, env: string, name: string, opts: {json?: boolean} = {}) {
  return eachMember(ctx, env, 'restore', (id) => restoreClone(ctx, id, name), Boolean(opts.json));
}
