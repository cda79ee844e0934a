import {randomBytes} from 'node:crypto';
import {join} from 'node:path';

import {
  asymError,
  type CloneInstance,
  type CloneProvider,
  type CloneRecord,
  CloneSpec as CloneSpecSchema,
  cloneRecordProblem,
  type CloneSpec,
  formatIssues,
  type CloneStatus,
  type CloneTokens,
  isAsymmetricError,
  isErrorCode,
  type LogLine,
  type LogOptions,
  type ProgressReporter,
  type ResolvedTemplate,
  type SeedResult,
  type SeedSpec,
  type SnapshotInfo,
} from '@asym/contract';

import type {ResolvedConfig} from '../config/store.js';
import {dataHash, fixtureFile, templateDatabaseName} from '../data/fixtures.js';
import {applyMigrations, type DataDrift, dataDrift, dataStamp, templateVersion} from '../data/migrate.js';
import {createDatabaseFrom, databaseUrl, dropDatabase, ensureTemplateDatabase, prepareSpare, repairSwap, swapBackWith, swapDatabase, withClient, databaseExists} from '../data/postgres.js';
import {beginReset, endReset, interruptedReset} from '../data/reset-journal.js';
import {killPoint} from '../kill-point.js';
import {clearRedisPrefix} from '../data/redis.js';
import {dumpPrefix, type RedisDumpEntry, restorePrefix} from '../data/redis-dump.js';
import {prepareSpareDetached} from '../data/spare.js';
import {replaceTree} from '../data/files.js';
import {paths} from '../home.js';
import {tracer} from '../trace.js';
import type {RegistryStore} from '../registry/store.js';
import {type Catalog, findTemplate} from '../templates/catalog.js';
import {interrupts} from './interrupt.js';
import {allocatePorts, portFree} from './ports.js';
import {portHolder} from './port-holder.js';
import {swapInBackend} from './backend-swap.js';
import {sameJson} from './same-json.js';
import {notifyReset, provision, waitHealthy} from './provision.js';
import {deleteSnapshot, dropAllSnapshots, info, restoreSnapshot, type SnapshotHost, takeSnapshot} from './snapshots.js';

export interface SharedInfra {
  /** Admin URL the CLI uses (from the host). */
  postgresUrl: string;
  redisUrl: string;
}

export interface ProviderContext {
  home: string;
  registry: RegistryStore;
  config: ResolvedConfig;
  catalog: Catalog;
}

export interface ServiceLaunch {
  record: CloneRecord;
  template: ResolvedTemplate;
  infra: SharedInfra;
  services: string[];
}

const now = () => new Date().toISOString();
const databaseExistsAt = (adminUrl: string, name: string) => withClient(adminUrl, (c) => databaseExists(c, name));
const noop: ProgressReporter = {step() {}};
/** The control token and JWT secret a clone's backend is started with. */
const newSecrets = () => ({control: randomBytes(24).toString('hex'), jwt: randomBytes(32).toString('hex')});
/** A record from an older CLI or a restored backup may lack them: its backend would then run open. */
const hasSecrets = (r: CloneRecord) => Boolean(r.secrets?.control && r.secrets.jwt);

/** Known causes of a broken clone, mapped to the command that fixes them. */
function diagnose(record: CloneRecord, t: ResolvedTemplate | undefined, reason: string | undefined): {reason: string; fix: string} | undefined {
  if (!t) return {fix: `Re-install the template "${record.template}" (asym templates), or remove the clone: asym destroy ${record.id}`, reason: `template "${record.template}" is not installed`};
  if (!reason) return undefined;
  if (/database "[^"]+" does not exist/.test(reason)) return {fix: `Recreate it from its seed: asym reset ${record.id}`, reason};
  return {fix: `Restart it: asym start ${record.id}; see logs: asym logs ${record.id}`, reason};
}

/** A clone whose data is behind or ahead of its installed template, and what brings them together. */
function driftProblem(record: CloneRecord, t: ResolvedTemplate | undefined, drift: DataDrift | undefined): {reason: string; fix: string} | undefined {
  if (!t || !drift) return undefined;
  const tv = `${t.name}@${templateVersion(t)}`;
  if (drift.ahead.length > 0) return {fix: `Re-install the template version it was made with${record.templateVersion ? ` (${record.templateVersion})` : ''}, or rebuild it from its seed (its data is lost): asym reset ${record.id}`, reason: `its data has migrations template ${tv} lacks (${drift.ahead.join(', ')}): the template was downgraded`};
  if (drift.pending.length > 0) return {fix: `Apply them keeping the data: asym upgrade ${record.id}`, reason: `its data is behind template ${tv}: ${drift.pending.length} migration(s) pending (${drift.pending.join(', ')})`};
  return undefined;
}

/**
 * Lifecycle shared by the local providers: ids, ports, per-clone database from a template database,
 * Redis prefix, health, tokens, registry, and rollback. Subclasses only run and stop services.
 */
export abstract class LocalProvider implements CloneProvider {
  readonly kind = 'local' as const;
  abstract readonly name: 'process' | 'docker';

  constructor(protected readonly ctx: ProviderContext) {}

  /** Make sure the shared Postgres and Redis answer. */
  protected abstract ensureInfra(onStep?: (title: string) => void): Promise<SharedInfra>;
  /** Start the clone's services; returns pids (process provider) or nothing. */
  protected abstract launch(l: ServiceLaunch): Promise<Record<string, number> | undefined>;
  /** Whether a service is still running (health polling stops early when it died). */
  protected abstract serviceAlive(record: CloneRecord, service: string): Promise<boolean>;
  /** Stop the services, keeping data. Must tolerate services that are already gone. */
  protected abstract halt(record: CloneRecord): Promise<void>;
  /** Remove everything of the clone's services beyond data (containers, log files …). */
  protected abstract teardown(record: CloneRecord): Promise<void>;
  abstract logs(id: string, opts?: LogOptions): AsyncIterable<LogLine>;

  /** Host URL of a service. */
  serviceUrl(record: CloneRecord, service: string): string {
    return `http://127.0.0.1:${record.ports[service]}`;
  }

  endpoints(record: CloneRecord, t?: ResolvedTemplate): CloneInstance['endpoints'] {
    const m = t?.manifest;
    const api = m?.apiService ?? 'backend';
    const base = record.ports[api] ? this.serviceUrl(record, api) : this.serviceUrl(record, Object.keys(record.ports)[0] ?? api);
    const web = m?.webService && record.ports[m.webService] ? this.serviceUrl(record, m.webService) : undefined;
    return {api: base + (m?.apiPath ?? ''), ...(web ? {web} : {})};
  }

  protected template(record: CloneRecord): ResolvedTemplate {
    return findTemplate(this.ctx.catalog, record.template);
  }

  protected async get(id: string): Promise<CloneRecord> {
    const r = (await this.ctx.registry.read()).clones.find((c) => c.id === id);
    if (!r) throw asymError('CLONE_NOT_FOUND', {id});
    return r;
  }

  protected async save(id: string, patch: Partial<CloneRecord>): Promise<CloneRecord> {
    return this.ctx.registry.update((reg) => {
      const r = reg.clones.find((c) => c.id === id);
      if (!r) throw asymError('CLONE_NOT_FOUND', {id});
      Object.assign(r, patch, {updatedAt: now()});
      return {...r};
    });
  }

  private healthTimeoutMs(): number {
    return this.ctx.config.healthTimeoutSeconds * 1000;
  }

  /** Wait until every service of the record answers its health path. */
  protected async waitForHealth(record: CloneRecord, t: ResolvedTemplate, services: string[]): Promise<void> {
    for (const svc of services) {
      const health = t.manifest.services[svc]!.health;
      const result = await waitHealthy(this.serviceUrl(record, svc) + health, this.healthTimeoutMs(), async () => !interrupts.interrupted && (await this.serviceAlive(record, svc)));
      if (result === 'timeout') throw asymError('HEALTH_TIMEOUT', {id: record.id, seconds: this.ctx.config.healthTimeoutSeconds});
      if (result === 'died') throw asymError('CLONE_START_FAILED', {detail: `service ${svc} exited`, id: record.id});
    }
  }

  protected modeServices(t: ResolvedTemplate, mode: string): string[] {
    const services = t.manifest.modes[mode];
    if (!services) throw asymError('MODE_NOT_FOUND', {mode, modes: Object.keys(t.manifest.modes).join(', '), template: t.name});
    return services;
  }

  async create(input: CloneSpec, progress: ProgressReporter = noop, attempt = 1): Promise<CloneInstance> {
    const parsed = CloneSpecSchema.safeParse(input);
    if (!parsed.success) throw asymError('INVALID_INPUT', {detail: `Invalid clone spec: ${formatIssues(parsed.error)}`});
    const t = findTemplate(this.ctx.catalog, input.template);
    const mode = input.mode ?? Object.keys(t.manifest.modes)[0]!;
    const services = this.modeServices(t, mode);
    const fixture = input.seed?.fixture ?? t.manifest.seed?.default;
    if (fixture) fixtureFile(t, fixture);
    if (input.seed?.ai) throw asymError('LLM_UNAVAILABLE', {detail: 'AI seeding is not available in this build; use --seed <fixture>'});
    const range = input.portRange ?? this.ctx.config.portRange;

    progress.step('Allocating id and ports');
    interrupts.enter();
    const record = await this.ctx.registry.update(async (reg) => {
      const ids = new Set(reg.clones.map((c) => c.id));
      let id = input.name;
      if (id && ids.has(id)) throw asymError('NAME_TAKEN', {id});
      while (!id || ids.has(id)) id = `${t.name}-${randomBytes(2).toString('hex')}`;
      const taken = new Set(reg.clones.flatMap((c) => Object.values(c.ports)));
      const ports = await allocatePorts(range, taken, services.length, input.expose);
      const db = t.manifest.database.nameTemplate.replace('{id}', id).replaceAll('-', '_');
      const r: CloneRecord = {
        composeProject: `asym-${id}`,
        createdAt: now(),
        database: db,
        expose: input.expose ?? false,
        id,
        mode,
        ownerPid: process.pid,
        ports: Object.fromEntries(services.map((s, i) => [s, ports[i]!])),
        provider: this.name,
        redisPrefix: t.manifest.redis.prefixTemplate.replace('{id}', id),
        secrets: newSecrets(),
        seed: fixture ? {fixture} : null,
        state: 'creating',
        template: t.name,
        updatedAt: now(),
      };
      const problem = cloneRecordProblem(r);
      if (problem) throw asymError('MANIFEST_INVALID', {detail: `${problem}: check database.nameTemplate and redis.prefixTemplate`, file: `${t.root}/clone.manifest.json`});
      reg.clones.push(r);
      return {...r};
    }).catch((error: unknown) => {
      interrupts.leave();
      throw error;
    });

    let infra: SharedInfra | undefined;
    let current = record;
    // Only what this spin made is undone: a database (and Redis prefix) that was there before belongs to someone else.
    let madeData = false;
    let spareReady: () => Promise<boolean> = async () => false;
    // What the rollback undid, said in the INTERRUPTED error so a Ctrl-C'd user knows nothing is left.
    const undone: string[] = [];
    const rollback = async () => {
      await spareReady();
      const pids = Object.values(current.pids ?? {});
      await this.halt(current).catch(() => {});
      await this.teardown(current).catch(() => {});
      if (pids.length) undone.push(`stopped its backend (pid ${pids.join(', ')})`);
      if (infra && madeData) {
        await dropDatabase(infra.postgresUrl, current.database).catch(() => {});
        await clearRedisPrefix(infra.redisUrl, current.redisPrefix).catch(() => {});
        undone.push(`dropped database ${current.database}`, `cleared Redis keys ${current.redisPrefix}*`);
      }
      await this.ctx.registry.update((reg) => {
        reg.clones = reg.clones.filter((c) => c.id !== record.id);
      });
      undone.push('removed its registry record');
    };
    const step = (title: string) => {
      if (interrupts.interrupted) throw asymError('INTERRUPTED', {id: record.id});
      progress.step(title);
    };
    try {
      step('Starting shared Postgres and Redis');
      infra = await this.ensureInfra((s) => progress.step(s));
      step(fixture ? `Preparing database (migrations + ${fixture})` : 'Preparing database (migrations)');
      const tpl = await ensureTemplateDatabase(infra.postgresUrl, t, fixture);
      step('Creating the clone database');
      if (await databaseExistsAt(infra.postgresUrl, record.database)) throw asymError('NAME_TAKEN', {database: record.database, id: record.id});
      madeData = true;
      await createDatabaseFrom(infra.postgresUrl, record.database, tpl.name);
      // The next reset's copy is made now, while the backend starts (which takes longer), so even
      // a reset right after the spin only renames; if it fails a detached worker tries again.
      const pg = infra.postgresUrl;
      const spare = prepareSpare(pg, record.database, tpl.name, tpl.hash, []).then(() => true, () => false);
      spareReady = () => spare;
      current = await this.save(record.id, {dataHash: tpl.hash, ...dataStamp(t)});
      step('Starting services');
      const pids = await this.launch({infra, record: current, services, template: t});
      if (pids) current = await this.save(record.id, {pids});
      step('Waiting for health');
      await this.waitForHealth(current, t, services);
      let tokens: CloneTokens | undefined;
      if (t.manifest.provision) {
        step('Minting tokens');
        tokens = await provision(t, current, this.serviceUrl(current, t.manifest.apiService ?? 'backend'), {kind: 'new'});
      }
      step('Recording the clone');
      current = await this.ctx.registry.update((reg) => {
        const r = reg.clones.find((c) => c.id === record.id)!;
        Object.assign(r, {state: 'running', updatedAt: now()}, tokens ? {tokens} : {});
        delete r.ownerPid;
        return {...r};
      });
      if (!(await spareReady())) prepareSpareDetached({adminUrl: infra.postgresUrl, database: record.database, drop: [], hash: tpl.hash, template: tpl.name});
      return {...current, endpoints: this.endpoints(current, t)};
    } catch (error) {
      await rollback();
      const named = interrupts.interrupted ? asymError('INTERRUPTED', {id: record.id, undone: undone.join(', ')}) : error;
      if (interrupts.interrupted) interrupts.note((named as Error).message);
      // A generated id that another home's clone already uses in the shared Postgres: draw another.
      if (isErrorCode(named, 'NAME_TAKEN') && !input.name && attempt < 3) return this.create(input, progress, attempt + 1);
      if (isAsymmetricError(named)) throw named;
      throw asymError('CLONE_START_FAILED', {detail: (error as Error).message, id: record.id}, {cause: error});
    } finally {
      interrupts.leave();
    }
  }

  async start(id: string, opts: {newPorts?: boolean} = {}): Promise<void> {
    // A reset killed mid-way: finishing it also starts the clone.
    if (await this.completeInterruptedReset(id)) return;
    let record = await this.get(id);
    const t = this.template(record);
    const services = this.modeServices(t, record.mode);
    // Never a backend without a control token: one started without (older CLI) is restarted with one.
    const secured = hasSecrets(record);
    if (secured && record.state === 'running' && (await this.healthy(record, t, services))) return;
    if (record.state === 'creating' || record.state === 'destroying') {
      throw asymError('CLONE_STATE_INVALID', {action: 'start it', fix: `Run asym doctor --fix to clean it up, or asym destroy ${id}.`, id, state: record.state});
    }
    await this.halt(record);
    if (!secured) record = await this.save(id, {secrets: newSecrets()});
    if (opts.newPorts) record = await this.movePorts(record, services);
    await this.assertPortsFree(record, services, (port, holder) => asymError('PORT_IN_USE', {holder, id, port}));
    const infra = await this.ensureInfra();
    // A template upgraded since the clone's data was built: its pending migrations first (all or none).
    record = await this.migrateData(record, t, infra);
    try {
      const pids = await this.launch({infra, record, services, template: t});
      const started = await this.save(id, {...(pids ? {pids} : {}), state: 'running'});
      await this.waitForHealth(started, t, services);
    } catch (error) {
      await this.halt(await this.get(id)).catch(() => {});
      await this.save(id, {state: 'failed'});
      if (isAsymmetricError(error)) throw error;
      throw asymError('CLONE_START_FAILED', {detail: (error as Error).message, id});
    }
  }

  async stop(id: string): Promise<void> {
    const record = await this.get(id);
    try {
      await this.halt(record);
    } catch (error) {
      if (isAsymmetricError(error)) throw error;
      throw asymError('CLONE_START_FAILED', {detail: `stop failed: ${(error as Error).message}`, id});
    }
    await this.save(id, {pids: {}, state: 'stopped'});
  }

  async destroy(id: string): Promise<void> {
    const record = await this.save(id, {state: 'destroying'});
    await this.halt(record).catch(() => {});
    await this.teardown(record).catch(() => {});
    const infra = await this.ensureInfra().catch(() => undefined);
    if (infra) {
      await dropDatabase(infra.postgresUrl, record.database);
      await clearRedisPrefix(infra.redisUrl, record.redisPrefix);
    }
    endReset(this.ctx.home, id);
    await dropAllSnapshots(this.ctx.home, infra?.postgresUrl, record);
    await this.ctx.registry.update((reg) => {
      reg.clones = reg.clones.filter((c) => c.id !== id);
      for (const env of reg.environments) env.members = env.members.filter((m) => m !== id);
      reg.environments = reg.environments.filter((e) => e.members.length > 0);
    });
  }

  protected async healthy(record: CloneRecord, t: ResolvedTemplate, services: string[]): Promise<boolean> {
    for (const svc of services) {
      if (!(await this.serviceAlive(record, svc))) return false;
      const ok = await fetch(this.serviceUrl(record, svc) + t.manifest.services[svc]!.health, {signal: AbortSignal.timeout(2000)})
        .then((r) => r.ok)
        .catch(() => false);
      if (!ok) return false;
    }
    return true;
  }

  async status(id: string): Promise<CloneStatus> {
    const reg = await this.ctx.registry.read();
    const record = reg.clones.find((c) => c.id === id);
    if (!record) throw asymError('CLONE_NOT_FOUND', {id});
    return this.liveStatus(record, reg.environments.find((e) => e.members.includes(id))?.name ?? null);
  }

  /** A record checked against reality: a dead process or a failing health check is `unhealthy`. */
  async liveStatus(record: CloneRecord, environment: string | null): Promise<CloneStatus> {
    let t: ResolvedTemplate | undefined;
    try {
      t = this.template(record);
    } catch {}
    const names = Object.keys(record.ports);
    const services = await Promise.all(
      names.map(async (name) => {
        const alive = record.state === 'stopped' ? false : await this.serviceAlive(record, name);
        const health = t?.manifest.services[name]?.health ?? '/_asym/health';
        // A failing health check carries the backend's own reason (e.g. its database is gone).
        const answer = alive ? await fetch(this.serviceUrl(record, name) + health, {signal: AbortSignal.timeout(1500)}).then(async (r) => ({ok: r.ok, reason: r.ok ? undefined : ((await r.json().catch(() => ({}))) as {error?: string}).error ?? `HTTP ${r.status}`}), (error: Error) => ({ok: false, reason: error.message})) : {ok: false, reason: undefined};
        const state = answer.ok ? ('running' as const) : alive ? ('unhealthy' as const) : ('stopped' as const);
        return {name, port: record.ports[name]!, state, ...(record.pids?.[name] ? {pid: record.pids[name]} : {}), ...(state === 'unhealthy' && answer.reason ? {reason: answer.reason} : {})};
      }),
    );
    const drift = t ? dataDrift(t, record) : undefined;
    const problem = diagnose(record, t, services.find((s) => s.reason)?.reason) ?? driftProblem(record, t, drift);
    const data = t && drift && !drift.unknown ? {ahead: drift.ahead, pending: drift.pending, ...(record.templateVersion ? {templateVersion: record.templateVersion} : {})} : undefined;
    let state = record.state;
    if (state === 'running' && services.some((s) => s.state !== 'running')) state = 'unhealthy';
    if (state === 'unhealthy' && services.every((s) => s.state === 'running')) state = 'running';
    return {
      database: record.database,
      endpoints: this.endpoints(record, t),
      environment,
      id: record.id,
      mode: record.mode,
      ports: record.ports,
      seed: record.seed ?? null,
      services,
      snapshots: (record.snapshots ?? []).map(info),
      state,
      template: record.template,
      ...(data ? {data} : {}),
      ...(problem ? {problem} : {}),
    };
  }

  /**
   * A reset of the clone that was killed before it finished (its journal's pid is dead): undo the
   * swap's leftovers and run the reset again. Returns whether there was one.
   */
  async completeInterruptedReset(id: string): Promise<boolean> {
    const entry = interruptedReset(this.ctx.home, id);
    if (!entry) return false;
    await this.rebuildData(await this.get(id), entry.fixture ?? undefined);
    return true;
  }

  /** A reset or seed of a clone that is being destroyed (or is gone) answers a named error. */
  private async assertResettable(id: string): Promise<CloneRecord> {
    const current = await this.get(id);
    if (current.state === 'destroying' || current.state === 'creating') {
      throw asymError('CLONE_STATE_INVALID', {action: 'reset it', fix: current.state === 'destroying' ? 'It is being destroyed; spin a new one.' : `Wait for the spin to finish, or run asym doctor --fix.`, id, state: current.state});
    }
    return current;
  }

  /** Swap the database back to the template copy for `fixture`, tell the backend, restore tokens. */
  private async rebuildData(input: CloneRecord, fixture: string | undefined, opts: {viaBackend?: boolean} = {}): Promise<{rows: number; record: CloneRecord}> {
    const trace = tracer('reset');
    const record = await this.assertResettable(input.id);
    const t = this.template(record);
    trace('record and template');
    const fast = opts.viaBackend ? await this.resetInBackend(record, t, fixture, trace) : undefined;
    if (fast && fast !== 'not-swapped') {
      trace('reset by the backend');
      return {record: fast, rows: 0};
    }
    // What can be checked before the data is touched: a backend that must be started needs its ports.
    const services = this.modeServices(t, record.mode);
    const mustStart = record.state !== 'running' || (fast === 'not-swapped' && !(await this.healthy(record, t, services)));
    if (mustStart) await this.assertPortsFree(record, services, (port, holder) => asymError('RESET_FAILED', {detail: `port ${port} is busy${holder ? ` (held by ${holder})` : ''}`, fix: `Free the port, then retry: asym reset ${record.id}`, id: record.id}));
    const infra = await this.ensureInfra();
    trace('infra');
    const tpl = await ensureTemplateDatabase(infra.postgresUrl, t, fixture);
    trace('template database');
    // A killed reset, or a backend that did not answer its reset (it may have died mid-swap).
    const interrupted = fast === 'not-swapped' || interruptedReset(this.ctx.home, record.id);
    beginReset(this.ctx.home, record.id, fixture);
    killPoint('reset:journaled');
    let old: string | undefined;
    let swapped = false;
    let redisKeys: RedisDumpEntry[] = [];
    try {
      // Undo what a killed reset left (a database refusing connections, `_n…`/`_o…` copies).
      if (interrupted) await repairSwap(infra.postgresUrl, record.database);
      let usedSpare: boolean;
      ({old, usedSpare} = await swapDatabase(infra.postgresUrl, record.database, tpl.name, tpl.hash));
      swapped = true;
      trace(usedSpare ? 'swap database (ready spare)' : 'swap database (copied: no spare was ready)');
      // A destroy that ran meanwhile must not find its clone's database brought back by this swap.
      const after = await this.get(record.id).catch(() => undefined);
      if (!after || after.state === 'destroying') {
        await dropDatabase(infra.postgresUrl, record.database).catch(() => {});
        throw asymError('CLONE_STATE_INVALID', {action: 'reset it', fix: 'It was destroyed while the reset ran; spin a new one.', id: record.id, state: 'destroying'});
      }
      // Kept to be written back if the reset fails later (this path is not the fast one).
      redisKeys = await dumpPrefix(infra.redisUrl, record.redisPrefix);
      await clearRedisPrefix(infra.redisUrl, record.redisPrefix);
      trace('clear redis');
      killPoint('reset:data-swapped');
    } catch (error) {
      // Not swapped: the clone still has its previous data, nothing to complete later.
      if (!swapped) endReset(this.ctx.home, record.id);
      const now = await this.get(record.id).catch(() => undefined);
      if (!now || now.state === 'destroying') throw asymError('CLONE_STATE_INVALID', {action: 'reset it', fix: 'It was destroyed while the reset ran; spin a new one.', id: record.id, state: now?.state ?? 'destroying'});
      if (isAsymmetricError(error)) throw error;
      throw asymError('CLONE_START_FAILED', {detail: `database reset failed: ${(error as Error).message}`, id: record.id});
    }
    let told: {record: CloneRecord; tokens?: CloneTokens};
    try {
      told = await this.afterSwap(record, t);
    } catch (error) {
      throw await this.undoSwap(record, infra, old, redisKeys, error);
    }
    trace('backend reset, tokens restored');
    killPoint('reset:backend-told');
    let current = told.record;
    const tokens = told.tokens;
    const kept = tokens ?? current.tokens;
    current = await this.save(record.id, {dataHash: tpl.hash, seed: fixture ? {fixture} : null, ...dataStamp(t), ...(kept ? {tokens: kept} : {})});
    trace('registry saved');
    killPoint('reset:saved');
    endReset(this.ctx.home, record.id);
    prepareSpareDetached({adminUrl: infra.postgresUrl, database: record.database, drop: old ? [old] : [], hash: tpl.hash, template: tpl.name});
    return {record: current, rows: tpl.fixtureRows};
  }

  /**
   * Give the services whose saved port another program holds a free port of the range (under the
   * registry lock, as a spin does). Data and tokens stay; endpoints follow the ports.
   */
  private async movePorts(record: CloneRecord, services: string[]): Promise<CloneRecord> {
    const busy: string[] = [];
    for (const svc of services) if (record.ports[svc] && !(await portFree(record.ports[svc]))) busy.push(svc);
    if (busy.length === 0) return record;
    return this.ctx.registry.update(async (reg) => {
      const r = reg.clones.find((c) => c.id === record.id);
      if (!r) throw asymError('CLONE_NOT_FOUND', {id: record.id});
      const taken = new Set(reg.clones.flatMap((c) => Object.values(c.ports)));
      const fresh = await allocatePorts(this.ctx.config.portRange, taken, busy.length, r.expose);
      busy.forEach((svc, i) => (r.ports[svc] = fresh[i]!));
      r.updatedAt = now();
      return {...r};
    });
  }

  /**
   * Apply the template's migrations the clone's data lacks to its own database (one transaction:
   * MIGRATION_FAILED leaves the data as it was), record them, and rebuild the spare copy from the
   * upgraded template. Returns the record, saved when something was applied.
   */
  private async migrateData(record: CloneRecord, t: ResolvedTemplate, infra: SharedInfra): Promise<CloneRecord> {
    const drift = dataDrift(t, record);
    if (drift.unknown || drift.pending.length === 0) return record;
    await applyMigrations(databaseUrl(infra.postgresUrl, record.database), t, drift.pending);
    const fixture = record.seed?.fixture;
    const saved = await this.save(record.id, {dataHash: dataHash(t, fixture), ...dataStamp(t)});
    const tpl = await ensureTemplateDatabase(infra.postgresUrl, t, fixture).catch(() => undefined);
    if (tpl) prepareSpareDetached({adminUrl: infra.postgresUrl, database: record.database, drop: [], hash: tpl.hash, template: tpl.name});
    return saved;
  }

  /**
   * `asym upgrade`: bring the clone's data to its installed template's migrations, keeping the data.
   * A running clone is migrated in place, then restarted on the new code; a failing migration leaves
   * it running as it was. Returns the migrations applied.
   */
  async upgrade(id: string): Promise<string[]> {
    const record = await this.assertResettable(id);
    const t = this.template(record);
    const drift = dataDrift(t, record);
    if (drift.unknown) throw asymError('CLONE_STATE_INVALID', {action: 'upgrade it', fix: `Its data's migrations are not known (built by an older CLI from another template version); rebuild it from its seed: asym reset ${id}`, id, state: record.state});
    if (drift.pending.length === 0) return [];
    const infra = await this.ensureInfra();
    await this.migrateData(record, t, infra);
    if (record.state === 'running') {
      await this.halt(record);
      await this.start(id);
    }
    return drift.pending;
  }

  /** Throw `fail(port, holder)` for the first of the clone's ports another program holds. */
  protected async assertPortsFree(record: CloneRecord, services: string[], fail: (port: number, holder?: string) => Error): Promise<void> {
    for (const svc of services) {
      const port = record.ports[svc];
      if (port && !(await portFree(port))) throw fail(port, await portHolder(port));
    }
  }

  /**
   * A reset that failed after its swap (the backend would not start, its reset hook refused, the
   * tokens could not be restored): stop what this reset started, put the previous database and Redis
   * keys back, and answer RESET_FAILED. When that fails too, the original error is thrown with the
   * journal kept (start and doctor --fix complete the reset).
   */
  private async undoSwap(record: CloneRecord, infra: SharedInfra, old: string | undefined, redisKeys: RedisDumpEntry[], error: unknown): Promise<unknown> {
    if (!old) return error;
    try {
      const now = await this.get(record.id);
      if (record.state !== 'running') await this.halt(now).catch(() => {});
      await withClient(infra.postgresUrl, (c) => swapBackWith(c, record.database, old));
      await clearRedisPrefix(infra.redisUrl, record.redisPrefix);
      await restorePrefix(infra.redisUrl, record.redisPrefix, redisKeys);
      await this.save(record.id, {pids: record.state === 'running' ? now.pids : {}, state: record.state});
      endReset(this.ctx.home, record.id);
    } catch {
      return error;
    }
    const detail = isAsymmetricError(error) ? error.message : (error as Error).message;
    return asymError('RESET_FAILED', {detail, id: record.id});
  }

  /**
   * The fast path of reset/seed for a running clone: its backend swaps its own database (taking the
   * spare prepared for it), clears its caches and Redis keys, restores the tokens, and prepares the
   * next spare, in one request. The CLI loads no database client. Undefined when the clone is not
   * running; 'not-swapped' when its backend did not swap (an older kit, a failed swap, a backend
   * that died mid-swap): the caller then takes the CLI's path, which first undoes any leftovers.
   */
  private async resetInBackend(record: CloneRecord, t: ResolvedTemplate, fixture: string | undefined, trace: (step: string) => void): Promise<CloneRecord | 'not-swapped' | undefined> {
    if (record.state !== 'running' || interruptedReset(this.ctx.home, record.id)) return undefined;
    const hash = dataHash(t, fixture);
    const tplName = templateDatabaseName(t, hash);
    trace('data hash');
    const restore = t.manifest.provision ? record.tokens : undefined;
    beginReset(this.ctx.home, record.id, fixture);
    killPoint('reset:journaled');
    const api = this.serviceUrl(record, t.manifest.apiService ?? 'backend');
    const swap = {hash, source: tplName, spare: {hash, template: tplName}};
    // A swap followed by a failed token restore throws with the journal kept: start completes it.
    const done = await swapInBackend(record, api, swap, restore ? {restore} : {}).catch((error: unknown) => {
      // Undone by the backend: no reset to complete later.
      if (isErrorCode(error, 'RESET_FAILED')) endReset(this.ctx.home, record.id);
      throw error;
    });
    trace(`backend answered (${done === 'not-swapped' ? 'not swapped' : 'swapped'})`);
    // Not swapped, or unknown (the backend died mid-request): the CLI's path repairs, then swaps.
    if (done === 'not-swapped') return 'not-swapped';
    trace(done.usedSpare ? 'swap database (ready spare), by the backend' : 'swap database (copied: no spare was ready), by the backend');
    // The backend swapped and was told in one step: both points are here.
    killPoint('reset:data-swapped');
    killPoint('reset:backend-told');
    const after = await this.get(record.id).catch(() => undefined);
    if (!after || after.state === 'destroying') {
      endReset(this.ctx.home, record.id);
      throw asymError('CLONE_STATE_INVALID', {action: 'reset it', fix: 'It was destroyed while the reset ran; spin a new one.', id: record.id, state: 'destroying'});
    }
    const seed = fixture ? {fixture} : null;
    const tokens = done.tokens ?? after.tokens;
    const stamp = dataStamp(t);
    const unchanged = after.dataHash === hash && sameJson(after.seed ?? null, seed) && sameJson(after.tokens, tokens) && sameJson(after.migrations, stamp.migrations) && after.templateVersion === stamp.templateVersion;
    const current = unchanged ? after : await this.save(record.id, {dataHash: hash, seed, ...stamp, ...(tokens ? {tokens} : {})});
    trace(unchanged ? 'registry unchanged' : 'registry saved');
    killPoint('reset:saved');
    endReset(this.ctx.home, record.id);
    return current;
  }

  /**
   * After the clone's database was swapped (reset, seed, restore): a running backend only needs to
   * hear about it (and restores the tokens in the same round trip); a stopped or dead one is
   * started first. Returns the current record and the tokens put back.
   */
  protected async afterSwap(record: CloneRecord, t: ResolvedTemplate): Promise<{record: CloneRecord; tokens?: CloneTokens}> {
    let current = record;
    const api = this.serviceUrl(current, t.manifest.apiService ?? 'backend');
    const restore = t.manifest.provision ? current.tokens : undefined;
    let tokens: CloneTokens | undefined;
    let told = false;
    if (record.state === 'running') {
      try {
        tokens = await notifyReset(current, api, restore);
        told = true;
      } catch (error) {
        if (isErrorCode(error, 'PROVISION_FAILED')) throw error;
      }
    }
    if (!told) {
      await this.start(record.id);
      current = await this.get(record.id);
      tokens = await notifyReset(current, api, restore);
    }
    if (restore && !tokens) tokens = await provision(t, current, api, {kind: 'restore', previous: restore});
    return {record: current, tokens};
  }

  /** Checkpoints: the logic is in ./snapshots.ts, shared by both providers. */
  snapshot(id: string, name: string, options?: {force?: boolean}): Promise<SnapshotInfo> {
    return takeSnapshot(this.snapshotHost(), id, name, options);
  }

  restore(id: string, name: string): Promise<void> {
    return restoreSnapshot(this.snapshotHost(), id, name);
  }

  deleteSnapshot(id: string, name: string): Promise<void> {
    return deleteSnapshot(this.snapshotHost(), id, name);
  }

  private snapshotHost(): SnapshotHost {
    return {
      afterSwap: (r, t) => this.afterSwap(r, t),
      get: (id) => this.get(id),
      home: this.ctx.home,
      infra: () => this.ensureInfra(),
      loadFiles: (r, dir) => this.loadFiles(r, dir),
      registry: this.ctx.registry,
      saveFiles: (r, dir) => this.saveFiles(r, dir),
      apiUrl: (r, t) => this.serviceUrl(r, t.manifest.apiService ?? 'backend'),
      template: (r) => this.template(r),
    };
  }

  /** Copy the files the clone's backend keeps (ASYM_DATA_DIR) into `dir`. */
  protected async saveFiles(record: CloneRecord, dir: string): Promise<void> {
    replaceTree(join(paths(this.ctx.home).data, record.id), dir);
  }

  /** Make the clone's data directory a copy of `dir`. */
  protected async loadFiles(record: CloneRecord, dir: string): Promise<void> {
    replaceTree(dir, join(paths(this.ctx.home).data, record.id));
  }

  async reset(id: string): Promise<void> {
    const record = await this.get(id);
    await this.rebuildData(record, record.seed?.fixture, {viaBackend: true});
  }

  async seed(id: string, spec: SeedSpec): Promise<SeedResult> {
    const record = await this.get(id);
    if (spec.ai) throw asymError('LLM_UNAVAILABLE', {detail: process.env.ANTHROPIC_API_KEY ? 'AI seeding is not available in this build' : 'ANTHROPIC_API_KEY is not set'});
    if (!spec.fixture) throw asymError('NOTHING_TO_SEED', {});
    fixtureFile(this.template(record), spec.fixture);
    const {rows} = await this.rebuildData(record, spec.fixture);
    return {fixture: {name: spec.fixture, rows}, id, warnings: []};
  }

  /** Mint a new credential pair and revoke the old one (or recover one that was never captured). */
  async reprovision(id: string): Promise<CloneTokens> {
    const record = await this.get(id);
    const t = this.template(record);
    if (!t.manifest.provision) throw asymError('NO_PROVISION_SURFACE', {id, template: t.name});
    // A half-made clone (a spin still running, or one that crashed) gets no credentials minted.
    if (record.state === 'creating' || record.state === 'destroying') {
      throw asymError('CLONE_STATE_INVALID', {action: 'mint tokens', fix: record.state === 'creating' ? `Wait for the spin to finish, or clean it up: asym doctor --fix` : 'It is being destroyed.', id, state: record.state});
    }
    const services = this.modeServices(t, record.mode);
    if (!(await this.healthy(record, t, services))) {
      throw asymError('CLONE_STATE_INVALID', {action: 'mint tokens', fix: `Start it first: asym start ${id}`, id, state: record.state === 'running' ? 'unhealthy' : record.state});
    }
    const tokens = await provision(t, record, this.serviceUrl(record, t.manifest.apiService ?? 'backend'), {kind: 'reprovision', previous: record.tokens});
    await this.save(id, {tokens});
    return tokens ?? {};
  }

  /** The clone database's connection URL. */
  async databaseUrl(id: string): Promise<string> {
    const record = await this.get(id);
    const infra = await this.ensureInfra();
    return databaseUrl(infra.postgresUrl, record.database);
  }

  /** The admin URL of the shared Postgres the clone's database lives in. */
  async postgresAdminUrl(): Promise<string> {
    return (await this.ensureInfra()).postgresUrl;
  }

  /** Clean a record a crashed spin left behind (used by doctor --fix). */
  async cleanup(record: CloneRecord): Promise<void> {
    await this.halt(record).catch(() => {});
    await this.teardown(record).catch(() => {});
    const infra = await this.ensureInfra().catch(() => undefined);
    if (infra) {
      await dropDatabase(infra.postgresUrl, record.database).catch(() => {});
      await clearRedisPrefix(infra.redisUrl, record.redisPrefix).catch(() => {});
    }
    endReset(this.ctx.home, record.id);
    await dropAllSnapshots(this.ctx.home, infra?.postgresUrl, record).catch(() => {});
    await this.ctx.registry.update((reg) => {
      reg.clones = reg.clones.filter((c) => c.id !== record.id);
      for (const env of reg.environments) env.members = env.members.filter((m) => m !== record.id);
      reg.environments = reg.environments.filter((e) => e.members.length > 0);
    });
  }
}
