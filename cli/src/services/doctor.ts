import {copyFileSync, existsSync, readFileSync, statSync} from 'node:fs';

import {type CloneRecord, Environment, StoredCloneRecord, isAsymmetricError, isErrorCode, REGISTRY_VERSION} from '@asym/contract';
import type {Config as OclifConfig} from '@oclif/core';

import {ConfigStore} from '../config/store.js';
import {dropDatabase, listCloneDatabases} from '../data/postgres.js';
import {asymHome, ensureHome, paths} from '../home.js';
import {currentInfra, infraChecks, resolveInfraSettings} from '../infra/index.js';
import {isAlive} from '../infra/pids.js';
import {dockerEngineAnswers, providerOf} from '../providers/index.js';
import {parseRegistry, readQuarantine, RegistryStore, writeFileAtomic} from '../registry/store.js';
import {loadCatalog} from '../templates/catalog.js';
import {orphanCheck, swapChecks} from './doctor-swaps.js';
import {templateGarbageCheck} from './doctor-templates.js';
import {recoverableClones} from './recover.js';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fixed?: boolean;
}

/** Keep every clone and environment of a damaged registry that still validates; drop the rest. */
function salvage(text: string): {clones: CloneRecord[]; environments: Environment[]} {
  try {
    const raw = JSON.parse(text) as {clones?: unknown[]; environments?: unknown[]};
    const clones = (Array.isArray(raw.clones) ? raw.clones : []).flatMap((c) => {
      const r = StoredCloneRecord.safeParse(c);
      return r.success ? [r.data] : [];
    });
    const environments = (Array.isArray(raw.environments) ? raw.environments : []).flatMap((e) => {
      const r = Environment.safeParse(e);
      return r.success ? [r.data] : [];
    });
    return {clones, environments};
  } catch {
    return {clones: [], environments: []};
  }
}

async function registryCheck(home: string, fix: boolean): Promise<Check[]> {
  const file = paths(home).registry;
  if (!existsSync(file)) return [{detail: `${file} does not exist yet (created by the first spin)`, name: 'registry', ok: true}];
  const checks: Check[] = [];
  const mode = statSync(file).mode & 0o777;
  checks.push({detail: mode === 0o600 ? 'mode 0600' : `mode ${mode.toString(8)}: it holds tokens; chmod 600 ${file}`, name: 'registry permissions', ok: mode === 0o600});
  const text = readFileSync(file, 'utf8');
  try {
    const {migrated, registry} = parseRegistry(text, file);
    checks.push({detail: `version ${REGISTRY_VERSION}${migrated ? ' (upgraded from v1 on read)' : ''}, ${registry.clones.length} clone(s), ${registry.environments.length} environment(s)`, name: 'registry', ok: true});
    if (migrated) await new RegistryStore(home).read();
    checks.push(...quarantineChecks(home));
  } catch (error) {
    if (!isAsymmetricError(error)) throw error;
    if (isErrorCode(error, 'REGISTRY_TOO_NEW') || !fix) {
      checks.push({detail: error.message, name: 'registry', ok: false});
      return checks;
    }
    const backup = `${file}.corrupt-${new Date().toISOString().replaceAll(/[:.]/g, '-')}`;
    copyFileSync(file, backup);
    const kept = salvage(text);
    writeFileAtomic(file, JSON.stringify({version: 2, ...kept}, null, 2) + '\n');
    checks.push({detail: `rebuilt with ${kept.clones.length} clone(s) that still validated; the damaged file is saved as ${backup}`, fixed: true, name: 'registry', ok: true});
  }
  return checks;
}

/** Clone records moved out of the registry because they do not validate: reported until dealt with. */
function quarantineChecks(home: string): Check[] {
  const file = paths(home).quarantine;
  return readQuarantine(home).map((q) => {
    const id = (q.record as {id?: unknown} | null)?.id;
    return {
      detail: `${q.problem}. The record is kept in ${file} (its data is untouched): correct it and move it back into registry.json, or remove it there once its data is not needed`,
      name: `quarantined clone ${typeof id === 'string' ? id : '(no id)'}`,
      ok: false,
    };
  });
}

/** Databases of quarantined records: not drift, whatever their record says. */
function quarantinedDatabases(home: string): string[] {
  return readQuarantine(home).flatMap((q) => {
    const r = q.record as {id?: unknown; database?: unknown} | null;
    return [typeof r?.database === 'string' ? r.database : undefined, typeof r?.id === 'string' ? `clone_${r.id.replaceAll('-', '_')}` : undefined].filter((d): d is string => Boolean(d));
  });
}

/** An unhealthy clone (a service died or stopped answering): with --fix, started again in place. */
async function restartUnhealthy(id: string, fix: boolean, start: () => Promise<void>, reason?: string): Promise<Check> {
  const name = `clone ${id}`;
  if (!fix) return {detail: `unhealthy${reason ? ` (${reason})` : ''}. Restart it: asym doctor --fix (or asym start ${id}); see logs: asym logs ${id}`, name, ok: false};
  try {
    await start();
    return {detail: 'was unhealthy; restarted (same ports, data and tokens)', fixed: true, name, ok: true};
  } catch (error) {
    return {detail: `unhealthy, and restarting failed: ${(error as Error).message}`, name, ok: false};
  }
}

/** Every check doctor runs; `fix` repairs what can be repaired (corrupt registry, leftovers of crashed spins). */
export async function runDoctor(oclif: OclifConfig, fix: boolean): Promise<Check[]> {
  const home = ensureHome(asymHome());
  const checks: Check[] = [{detail: home, name: 'ASYM_HOME', ok: true}];
  checks.push(...(await registryCheck(home, fix)));
  let config;
  try {
    config = new ConfigStore(home).read();
    checks.push({detail: `provider ${config.provider}, ports ${config.portRange.from}-${config.portRange.to}`, name: 'config', ok: true});
  } catch (error) {
    if (!isAsymmetricError(error)) throw error;
    checks.push({detail: error.message, name: 'config', ok: false});
    return checks;
  }
  const catalog = await loadCatalog(oclif);
  checks.push({detail: catalog.templates.map((t) => `${t.name}@${t.plugin.version}`).join(', ') || 'none installed', name: 'templates', ok: catalog.templates.length > 0});
  for (const p of catalog.problems) checks.push({detail: `${p.error.message} (${p.error.code})`, name: `template plugin ${p.plugin}`, ok: false});

  const settings = resolveInfraSettings({postgresUrl: config.postgresUrl, redisUrl: config.redisUrl});
  for (const c of await infraChecks(home, settings)) checks.push(c);

  let registry;
  try {
    registry = await new RegistryStore(home).read();
  } catch {
    return checks;
  }
  const ctx = {catalog, config, home, registry: new RegistryStore(home)};
  const lost = recoverableClones(home, catalog, new Set(registry.clones.map((c) => c.id)));
  if (lost.length > 0) {
    const ids = lost.map((c) => c.id).join(', ');
    if (fix) {
      await ctx.registry.update((reg) => {
        for (const r of lost) if (!reg.clones.some((c) => c.id === r.id)) reg.clones.push(r);
      });
      registry = await ctx.registry.read();
      checks.push({detail: `recovered running clone(s) ${ids} from their processes; mint tokens again: asym tokens ${lost[0]!.id} --reprovision`, fixed: true, name: 'lost clones', ok: true});
    } else checks.push({detail: `running clone(s) ${ids} are missing from the registry. Recover them: asym doctor --fix`, name: 'lost clones', ok: false});
  }
  checks.push(...(await orphanCheck(fix)));
  // Before the health checks: a reset killed mid-swap leaves a clone unhealthy until it is completed.
  const live = await currentInfra(home, settings).catch(() => undefined);
  checks.push(...(await swapChecks({home, postgresUrl: live?.postgresUrl, provider: (r) => providerOf(ctx, r)}, registry.clones, fix)));
  if (dockerEngineAnswers()) {
    const {dockerDoctor} = await import('../providers/docker/doctor.js');
    const docker = await dockerDoctor({cleanup: async (r: CloneRecord) => (await providerOf(ctx, r)).cleanup(r), clones: registry.clones, config, fix, home});
    // Docker problems only count when Docker is in use (asked for, or running clones).
    const inUse = config.provider === 'docker' || registry.clones.some((c) => c.provider === 'docker');
    checks.push(...docker.map((c) => (c.ok || inUse ? c : {...c, detail: `${c.detail} — not in use: clones run as processes`, ok: true})));
  } else checks.push({detail: 'no engine answers (clones run as processes)', name: 'docker', ok: true});
  for (const r of registry.clones) {
    const orphan = r.state === 'creating' && r.ownerPid !== undefined && !isAlive(r.ownerPid);
    if (orphan || r.state === 'destroying') {
      if (fix) {
        await (await providerOf(ctx, r)).cleanup(r);
        checks.push({detail: `left half-made by an interrupted ${r.state === 'creating' ? 'spin' : 'destroy'}; cleaned up`, fixed: true, name: `clone ${r.id}`, ok: true});
      } else checks.push({detail: `left half-made by an interrupted ${r.state === 'creating' ? 'spin' : 'destroy'}. Clean it: asym doctor --fix`, name: `clone ${r.id}`, ok: false});
      continue;
    }
    const provider = await providerOf(ctx, r);
    const s = await provider.liveStatus(r, null).catch(() => undefined);
    // A known cause that a restart does not cure (its database is gone …) is named with its fix.
    if (s?.problem && !/asym start /.test(s.problem.fix)) checks.push({detail: `${s.state}: ${s.problem.reason}. ${s.problem.fix}`, name: `clone ${r.id}`, ok: false});
    else if (s && s.state === 'unhealthy') checks.push(await restartUnhealthy(r.id, fix, () => provider.start(r.id), s.problem?.reason));
  }
  if (live?.postgresUrl) checks.push(...(await templateGarbageCheck({catalog, clones: registry.clones, fix, home, owned: settings.postgresUrl === undefined, postgresUrl: live.postgresUrl})));
  // Only for the Postgres asymmetric owns: a configured server may hold other homes' clones.
  if (settings.postgresUrl === undefined) {
    const pg = checks.find((c) => /postgres/i.test(c.name));
    if (pg?.ok) {
      // Only look at servers already up: doctor never starts (and leaves behind) infrastructure.
      const infra = await currentInfra(home, settings).catch(() => undefined);
      const dbs = infra ? await listCloneDatabases(infra.postgresUrl).catch(() => []) : [];
      const known = new Set([...registry.clones.map((c) => c.database), ...quarantinedDatabases(home)]);
      const drift = dbs.filter((d) => !known.has(d) && !/_(n|o)[0-9a-f]{6}$/.test(d));
      if (drift.length > 0 && fix && infra) {
        for (const d of drift) await dropDatabase(infra.postgresUrl, d);
        checks.push({detail: `dropped databases with no clone: ${drift.join(', ')}`, fixed: true, name: 'drift', ok: true});
      } else if (drift.length > 0) checks.push({detail: `databases with no clone: ${drift.join(', ')}. Drop them: asym doctor --fix`, name: 'drift', ok: false});
    }
  }
  return checks;
}
