import {asymError, type CloneInstance, type CloneRecord, type Environment, type EnvironmentState, isAsymmetricError, isErrorCode} from '@asym/contract';

import {type EnvSpec, readEnvSpec} from '../env-spec/parse.js';
import {interrupts} from '../providers/interrupt.js';
import {progressWanted, runTasks} from '../progress/index.js';
import {providerFor, providerOf} from '../providers/index.js';
import type {ProviderContext} from '../providers/local.js';
import type {Registry} from '../registry/store.js';
import {rollupState} from '../registry/rollup.js';
import {findTemplate} from '../templates/catalog.js';
import {destroyClone, resetClone, startClone, stopClone} from './clones.js';
import {joinEnvironment} from './environments.js';

export interface EnvMemberFailure {
  /** The clone id when the member existed (reset/destroy); absent for a clone that never came up. */
  id?: string;
  template?: string;
  /** Index in the file's `clones` list, and its line (spin only). */
  index?: number;
  line?: number;
  error: unknown;
}

export interface EnvSpinOutcome {
  environment: Environment;
  clones: Array<CloneInstance & {elapsedMs: number}>;
  failures: EnvMemberFailure[];
  declared: number;
  elapsedMs: number;
}

export interface EnvSpinOptions {
  json?: boolean;
  provider?: string;
  /** Spin members one after another, as the original did (for comparison; hidden flag). */
  sequential?: boolean;
}

const now = () => new Date().toISOString();
const pick = (e: Environment): Environment => ({createdAt: e.createdAt, members: [...e.members], name: e.name, spec: e.spec, state: e.state, updatedAt: e.updatedAt});

/** State after an environment-level operation: running when nothing failed, else partial (failed when nothing is up). */
function outcomeState(up: number, failed: number): EnvironmentState {
  if (failed === 0) return 'running';
  return up > 0 ? 'partial' : 'failed';
}

/**
 * Spin the environment an environment.yaml declares. The file is validated and every template looked
 * up before anything is made; the name is reserved under the registry lock (an existing environment of
 * that name is ENVIRONMENT_EXISTS); then every member spins in parallel and joins the environment as
 * soon as it is up. A failing member does not stop the others (the environment is then `partial`).
 * When no member comes up, nothing is recorded.
 */
export async function envSpin(ctx: ProviderContext, file: string, opts: EnvSpinOptions = {}): Promise<EnvSpinOutcome> {
  const started = Date.now();
  const spec: EnvSpec = readEnvSpec(file);
  for (const c of spec.clones) findTemplate(ctx.catalog, c.template);
  const provider = await providerFor(ctx, opts.provider);

  // Ctrl-C: members being made roll themselves back; this holds the exit until the ones already up are undone too.
  const release = interrupts.hold();
  let settled: Array<PromiseSettledResult<CloneInstance & {elapsedMs: number}>>;
  try {
    await ctx.registry.update((reg) => {
      const existing = reg.environments.find((e) => e.name === spec.name);
      if (existing) throw asymError('ENVIRONMENT_EXISTS', {members: existing.members.length, name: spec.name});
      const t = now();
      reg.environments.push({createdAt: t, members: [], name: spec.name, spec: spec.path, state: 'partial', updatedAt: t});
    });
    const tasks = spec.clones.map((c) => ({
      async run(progress: {step(t: string): void}) {
        if (interrupts.interrupted) throw new Error('interrupted');
        const t0 = Date.now();
        const instance = await provider.create(
          {template: c.template, ...(c.mode ? {mode: c.mode} : {}), ...(c.seed ? {seed: {fixture: c.seed}} : {}), ...(c.name ? {name: c.name} : {})},
          progress,
        );
        try {
          await ctx.registry.update((reg) => {
            joinEnvironment(reg, spec.name, [instance.id], spec.path);
          });
        } catch (error) {
          // A clone outside its environment would be orphaned: take it down again.
          await destroyClone(ctx, instance.id).catch(() => {});
          throw error;
        }
        return {...instance, elapsedMs: Date.now() - t0};
      },
      title: `${spec.name}: ${c.name ?? c.template}${c.mode ? ` (${c.mode})` : ''}${c.seed ? ` seed ${c.seed}` : ''}`,
    }));
    settled = await runTasks(tasks, {concurrent: !opts.sequential, show: progressWanted(Boolean(opts.json))});
    if (interrupts.interrupted) {
      // Ctrl-C: the members still being made rolled themselves back; undo the ones already up too.
      const up = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.id] : []));
      await Promise.all(up.map((id) => destroyClone(ctx, id).catch(() => {})));
      await ctx.registry.update((reg) => {
        reg.environments = reg.environments.filter((e) => e.name !== spec.name || e.members.length > 0);
      });
    }
  } finally {
    release();
  }
  const clones = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failures: EnvMemberFailure[] = settled.flatMap((s, i) =>
    s.status === 'rejected' ? [{error: s.reason, index: i, line: spec.clones[i]!.line, template: spec.clones[i]!.template}] : [],
  );

  const state = outcomeState(clones.length, failures.length);
  const environment = await ctx.registry.update((reg) => {
    const env = reg.environments.find((e) => e.name === spec.name);
    const declaredOrder = clones.map((c) => c.id);
    if (!env) {
      // Someone destroyed it while we spun (or nothing came up): report what we know.
      const t = now();
      return {createdAt: t, members: declaredOrder.filter((id) => reg.clones.some((c) => c.id === id)), name: spec.name, spec: spec.path, state, updatedAt: t};
    }
    env.members = [...declaredOrder.filter((id) => env.members.includes(id)), ...env.members.filter((id) => !declaredOrder.includes(id))];
    env.state = state;
    env.updatedAt = now();
    if (env.members.length === 0) reg.environments = reg.environments.filter((e) => e !== env);
    return pick(env);
  });
  return {clones, declared: spec.clones.length, elapsedMs: Date.now() - started, environment, failures};
}

/** A member's state checked against reality (a dead process or failing health check is not `running`). */
async function liveRecord(ctx: ProviderContext, r: CloneRecord, env: string): Promise<CloneRecord> {
  try {
    const s = await (await providerOf(ctx, r)).liveStatus(r, env);
    return {...r, state: s.state};
  } catch (error) {
    if (!isAsymmetricError(error)) throw error;
    return r;
  }
}

/**
 * The live rolled-up state: from the members' live states, except that an environment whose last
 * spin or reset left it `partial` stays `partial` while its members look fine (a declared member is
 * missing or was not reset).
 */
export function liveEnvironmentState(stored: EnvironmentState, members: string[], live: CloneRecord[]): EnvironmentState {
  const rolled = rollupState(members, live);
  if (members.length === 0) return stored === 'partial' ? 'partial' : 'failed';
  return rolled === 'running' && stored === 'partial' ? 'partial' : rolled;
}

/** Every environment (or one) with its live rolled-up state. */
export async function envStatus(ctx: ProviderContext, name?: string): Promise<Environment[]> {
  const reg = await ctx.registry.read();
  const envs = name ? reg.environments.filter((e) => e.name === name) : reg.environments;
  if (name && envs.length === 0) throw asymError('ENVIRONMENT_NOT_FOUND', {name});
  return Promise.all(
    envs.map(async (e) => {
      const live = await Promise.all(e.members.flatMap((id) => reg.clones.filter((c) => c.id === id)).map((r) => liveRecord(ctx, r, e.name)));
      return {...pick(e), state: liveEnvironmentState(e.state, e.members, live)};
    }),
  );
}

function findEnvironment(reg: Registry, name: string): Environment {
  const env = reg.environments.find((e) => e.name === name);
  if (!env) throw asymError('ENVIRONMENT_NOT_FOUND', {name});
  return env;
}

export interface EnvResetOutcome {
  environment: Environment;
  reset: Array<{id: string; elapsedMs: number}>;
  failures: EnvMemberFailure[];
}

/** Run `op` on every member in parallel (continue-all); the environment's state follows the outcome. */
async function eachMember<T>(ctx: ProviderContext, name: string, verb: string, op: (id: string) => Promise<T>, settledState: (failures: number) => EnvironmentState, opts: {json?: boolean; sequential?: boolean}) {
  const members = [...findEnvironment(await ctx.registry.read(), name).members];
  const settled = await runTasks(members.map((id) => ({run: () => op(id), title: `${verb} ${id}`})), {concurrent: !opts.sequential, show: progressWanted(Boolean(opts.json))});
  const done = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failures: EnvMemberFailure[] = settled.flatMap((s, i) => (s.status === 'rejected' ? [{error: s.reason, id: members[i]!}] : []));
  const environment = await ctx.registry.update((reg) => {
    const env = findEnvironment(reg, name);
    if (members.length > 0) env.state = settledState(failures.length);
    env.updatedAt = now();
    return pick(env);
  });
  return {done, environment, failures};
}

/** Reset every member in parallel (continue-all). The environment is `running` if all reset, else `partial`. */
export async function envReset(ctx: ProviderContext, name: string, opts: {json?: boolean; sequential?: boolean} = {}): Promise<EnvResetOutcome> {
  const r = await eachMember(ctx, name, 'reset', (id) => resetClone(ctx, id), (failed) => (failed === 0 ? 'running' : 'partial'), opts);
  return {environment: r.environment, failures: r.failures, reset: r.done};
}

export interface EnvStartStopOutcome {
  environment: Environment;
  done: string[];
  failures: EnvMemberFailure[];
}

/** Start (or stop) every member in parallel (continue-all), after a reboot or to free the machine. */
export async function envStartStop(ctx: ProviderContext, name: string, action: 'start' | 'stop', opts: {json?: boolean} = {}): Promise<EnvStartStopOutcome> {
  const op = async (id: string) => {
    await (action === 'start' ? startClone(ctx, id) : stopClone(ctx, id));
    return id;
  };
  const state = (failed: number): EnvironmentState => (failed === 0 ? (action === 'start' ? 'running' : 'stopped') : 'partial');
  const r = await eachMember(ctx, name, action, op, state, opts);
  return {done: r.done, environment: r.environment, failures: r.failures};
}

export interface EnvDestroyOutcome {
  name: string;
  destroyed: string[];
  failures: EnvMemberFailure[];
  /** Whether the environment is gone (it stays while a member could not be destroyed). */
  removed: boolean;
}

/** Destroy every member in parallel (continue-all); the environment goes with its last member. */
export async function envDestroy(ctx: ProviderContext, name: string, opts: {json?: boolean} = {}): Promise<EnvDestroyOutcome> {
  const members = [...findEnvironment(await ctx.registry.read(), name).members];
  const settled = await runTasks(
    members.map((id) => ({
      async run() {
        try {
          await destroyClone(ctx, id);
        } catch (error) {
          // A member already gone from the registry counts as destroyed.
          if (!isErrorCode(error, 'CLONE_NOT_FOUND')) throw error;
        }
        return id;
      },
      title: `destroy ${id}`,
    })),
    {concurrent: true, show: progressWanted(Boolean(opts.json))},
  );
  const destroyed = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failures: EnvMemberFailure[] = settled.flatMap((s, i) => (s.status === 'rejected' ? [{error: s.reason, id: members[i]!}] : []));
  const removed = await ctx.registry.update((reg) => {
    const env = reg.environments.find((e) => e.name === name);
    if (!env) return true;
    env.members = env.members.filter((id) => !destroyed.includes(id));
    if (env.members.length === 0) {
      reg.environments = reg.environments.filter((e) => e !== env);
      return true;
    }
    env.state = rollupState(env.members, reg.clones);
    env.updatedAt = now();
    return false;
  });
  return {destroyed, failures, name, removed};
}
