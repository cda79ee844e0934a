import {asymError, type CloneInstance, EnvironmentFile, type CloneSpec, type CloneStatus, type CloneTokens, isAsymmetricError, type SeedResult, type SeedSpec} from '@asym/contract';

import {interrupts} from '../providers/interrupt.js';
import {progressWanted, runTasks} from '../progress/index.js';
import type {LocalProvider, ProviderContext} from '../providers/local.js';
import {providerFor, providerOf} from '../providers/index.js';
import {tracer} from '../trace.js';
import {joinEnvironment} from './environments.js';

export interface SpinOptions {
  mode?: string;
  /** A fixture for every clone (`acme-corp`), or per template (`slack=acme-corp`). */
  seed?: string[];
  name?: string;
  group?: string;
  expose?: boolean;
  provider?: string;
  json?: boolean;
}

export interface SpinOutcome {
  /** Tokens included (spin shows them once); the clone's internal secrets are not. */
  clones: Array<CloneInstance & {elapsedMs: number}>;
  failures: Array<{template: string; error: unknown}>;
  environment: string | null;
}

/** The fixture `--seed` asks for this template: `t=fixture` for that template, a bare name for all. */
export function fixtureFor(template: string, seeds: string[] | undefined): string | undefined {
  const own = seeds?.find((s) => s.startsWith(`${template}=`));
  return own ? own.slice(template.length + 1) : seeds?.find((s) => !s.includes('='));
}

/** Spin one or more templates in parallel; every one runs to the end (continue-all). */
export async function spin(ctx: ProviderContext, templates: string[], opts: SpinOptions): Promise<SpinOutcome> {
  if (opts.group !== undefined && !EnvironmentFile.shape.name.safeParse(opts.group).success) {
    throw asymError('INVALID_INPUT', {detail: `--group "${opts.group}" is not a valid environment name: letters, digits, '_', '.' and '-'.`});
  }
  for (const seed of opts.seed ?? []) {
    const key = seed.includes('=') ? seed.slice(0, seed.indexOf('=')) : undefined;
    if (key !== undefined && !templates.includes(key)) throw asymError('INVALID_INPUT', {detail: `--seed ${seed} names template "${key}", which is not being spun (${templates.join(', ')}).`});
  }
  const provider = await providerFor(ctx, opts.provider);
  const tasks = templates.map((template, i) => ({
    async run(progress: {step(t: string): void}) {
      const started = Date.now();
      const spec: CloneSpec = {
        template,
        ...(opts.mode ? {mode: opts.mode} : {}),
        ...(fixtureFor(template, opts.seed) ? {seed: {fixture: fixtureFor(template, opts.seed)!}} : {}),
        ...(opts.name ? {name: templates.length > 1 ? `${opts.name}-${i + 1}` : opts.name} : {}),
        ...(opts.expose ? {expose: true} : {}),
      };
      const instance: CloneInstance = {...(await provider.create(spec, progress))};
      delete instance.secrets;
      return {...instance, elapsedMs: Date.now() - started};
    },
    title: `spin ${template}`,
  }));
  // Ctrl-C: clones still being made roll themselves back; hold the exit until the ones already up are undone too.
  const release = interrupts.hold();
  let settled;
  try {
    const {progressWanted, runTasks} = await import('../progress/index.js');
    settled = await runTasks(tasks, {concurrent: true, show: progressWanted(Boolean(opts.json))});
    if (interrupts.interrupted) {
      await Promise.all(settled.flatMap((s) => (s.status === 'fulfilled' ? [provider.destroy(s.value.id).catch(() => {})] : [])));
    }
  } finally {
    release();
  }
  const clones = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failures = settled.flatMap((s, i) => (s.status === 'rejected' ? [{error: s.reason, template: templates[i]!}] : []));
  if (opts.group && clones.length > 0) {
    await ctx.registry.update((reg) => {
      joinEnvironment(reg, opts.group!, clones.map((c) => c.id));
    });
  }
  return {clones, environment: opts.group ?? null, failures};
}

export async function providerForId(ctx: ProviderContext, id: string): Promise<LocalProvider> {
  const reg = await ctx.registry.read();
  const record = reg.clones.find((c) => c.id === id);
  if (!record) throw asymError('CLONE_NOT_FOUND', {id});
  return providerOf(ctx, record);
}

export async function startClone(ctx: ProviderContext, id: string, opts: {newPorts?: boolean} = {}): Promise<void> {
  await (await providerForId(ctx, id)).start(id, opts);
}

/** Apply the pending migrations of each clone's template to its data (`asym upgrade`), continue-all. */
export async function upgradeClones(ctx: ProviderContext, ids: string[] | 'all', opts: {json?: boolean} = {}): Promise<{upgraded: Array<{id: string; applied: string[]}>; failures: Array<{id: string; error: unknown}>}> {
  const list = ids === 'all' ? (await ctx.registry.read()).clones.filter((c) => c.state !== 'creating' && c.state !== 'destroying').map((c) => c.id) : ids;
  const settled = await runTasks(
    list.map((id) => ({
      async run(): Promise<{id: string; applied: string[]}> {
        return {applied: await (await providerForId(ctx, id)).upgrade(id), id};
      },
      title: `upgrade ${id}`,
    })),
    {concurrent: ids === 'all', show: progressWanted(Boolean(opts.json))},
  );
  return {
    failures: settled.flatMap((s, i) => (s.status === 'rejected' ? [{error: s.reason, id: list[i]!}] : [])),
    upgraded: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value as {id: string; applied: string[]}] : [])),
  };
}

/** Start every clone of this home (after a reboot), in parallel; one failing does not stop the others. */
export async function startAll(ctx: ProviderContext, opts: {newPorts?: boolean; json?: boolean} = {}): Promise<{started: string[]; failures: Array<{id: string; error: unknown}>}> {
  const ids = (await ctx.registry.read()).clones.filter((c) => c.state !== 'creating' && c.state !== 'destroying').map((c) => c.id);
  const settled = await runTasks(ids.map((id) => ({run: async (): Promise<string> => {
      await startClone(ctx, id, opts);
      return id;
    }, title: `start ${id}`})), {concurrent: true, show: progressWanted(Boolean(opts.json))});
  return {
    failures: settled.flatMap((s, i) => (s.status === 'rejected' ? [{error: s.reason, id: ids[i]!}] : [])),
    started: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
  };
}

export async function stopClone(ctx: ProviderContext, id: string): Promise<void> {
  await (await providerForId(ctx, id)).stop(id);
}

/** CLONE_NOT_FOUND unless the registry has the clone (before asking the user to confirm anything). */
export async function assertCloneExists(ctx: ProviderContext, id: string): Promise<void> {
  await providerForId(ctx, id);
}

export async function destroyClone(ctx: ProviderContext, id: string): Promise<void> {
  await (await providerForId(ctx, id)).destroy(id);
}

export async function resetClone(ctx: ProviderContext, id: string): Promise<{id: string; elapsedMs: number}> {
  const started = Date.now();
  const trace = tracer('reset');
  const provider = await providerForId(ctx, id);
  trace('provider loaded');
  await provider.reset(id);
  return {elapsedMs: Date.now() - started, id};
}

export async function seedClone(ctx: ProviderContext, id: string, spec: SeedSpec): Promise<SeedResult> {
  return (await providerForId(ctx, id)).seed(id, spec);
}

export async function cloneTokens(ctx: ProviderContext, id: string, reprovision: boolean): Promise<{id: string; rotated: boolean; tokens: CloneTokens}> {
  const provider = await providerForId(ctx, id);
  if (reprovision) return {id, rotated: true, tokens: await provider.reprovision(id)};
  const record = (await ctx.registry.read()).clones.find((c) => c.id === id)!;
  if (!record.tokens || Object.keys(record.tokens).length === 0) {
    const t = ctx.catalog.templates.find((x) => x.name === record.template);
    if (t?.manifest.provision) return {id, rotated: true, tokens: await provider.reprovision(id)};
  }
  return {id, rotated: false, tokens: record.tokens ?? {}};
}

export async function cloneDatabaseUrl(ctx: ProviderContext, id: string): Promise<string> {
  return (await providerForId(ctx, id)).databaseUrl(id);
}

export async function cloneLogs(ctx: ProviderContext, id: string, opts: {follow?: boolean; tail?: number; service?: string}) {
  return (await providerForId(ctx, id)).logs(id, opts);
}

/** Live status of every clone (or one), with each clone's environment by reverse lookup. */
export async function statuses(ctx: ProviderContext, id?: string): Promise<CloneStatus[]> {
  const reg = await ctx.registry.read();
  const records = id ? reg.clones.filter((c) => c.id === id) : reg.clones;
  if (id && records.length === 0) throw asymError('CLONE_NOT_FOUND', {id});
  return Promise.all(
    records.map(async (r) => {
      const env = reg.environments.find((e) => e.members.includes(r.id))?.name ?? null;
      try {
        return await (await providerOf(ctx, r)).liveStatus(r, env);
      } catch (error) {
        if (!isAsymmetricError(error)) throw error;
        return {database: r.database, endpoints: {api: ''}, environment: env, id: r.id, mode: r.mode, ports: r.ports, seed: r.seed ?? null, services: [], state: r.state, template: r.template};
      }
    }),
  );
}
