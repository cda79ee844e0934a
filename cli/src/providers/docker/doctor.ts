import {type CloneRecord, isAsymmetricError} from '@asym/contract';

import {dropDatabase, listCloneDatabases} from '../../data/postgres.js';
import {detectCompose} from './compose.js';
import {DockerEngine} from './engine.js';
import {homeId, LABELS} from './labels.js';
import {type DockerImageConfig, dockerImages, sharedNames} from './settings.js';
import {ensureSharedInfra, sharedInfraStatus} from './shared-infra.js';

/** Same shape as services/doctor.ts's Check. */
export interface DockerCheck {
  name: string;
  ok: boolean;
  detail: string;
  fixed?: boolean;
}

const message = (e: unknown) => (isAsymmetricError(e) ? e.message : (e as Error).message);

/** Remove every container, network and volume labelled with a clone id. */
export async function removeCloneResources(engine: DockerEngine, cloneId: string): Promise<void> {
  const label = {[LABELS.clone]: cloneId};
  await engine.removeContainers((await engine.listContainers(label)).map((c) => c.id));
  for (const n of await engine.listNetworks(label)) await engine.removeNetwork(n);
  for (const v of await engine.listVolumes(label)) await engine.removeVolume(v);
}

export interface DockerDoctorOptions {
  /** ASYM_HOME: only containers this home made count as its drift (others' are left alone). */
  home: string;
  /** Every clone of the registry (only `provider: docker` ones are compared with Docker). */
  clones: CloneRecord[];
  config?: DockerImageConfig;
  env?: NodeJS.ProcessEnv;
  fix?: boolean;
  /** How to clean a registry entry whose containers are gone (the provider's `cleanup`). */
  cleanup?: (record: CloneRecord) => Promise<void>;
  engine?: DockerEngine;
}

/**
 * Engine, compose, base images, network, shared containers, and drift both ways: containers (and
 * databases) of clones the registry does not know, and docker clones whose containers are gone.
 * With `fix`, the leftovers are removed and the dead entries cleaned.
 */
export async function dockerDoctor(o: DockerDoctorOptions): Promise<DockerCheck[]> {
  const engine = o.engine ?? new DockerEngine();
  const env = o.env ?? process.env;
  const checks: DockerCheck[] = [];
  try {
    const info = await engine.info();
    checks.push({detail: `engine ${info.serverVersion} (API ${info.apiVersion}, ${info.os})`, name: 'docker engine', ok: true});
  } catch (error) {
    const used = o.clones.some((c) => c.provider === 'docker');
    checks.push({detail: used ? message(error) : 'no engine answers (clones run as processes)', name: 'docker engine', ok: !used});
    return checks;
  }
  try {
    const c = await detectCompose(engine);
    checks.push({detail: `${c.flavor === 'v2' ? 'docker compose' : 'docker-compose'} ${await c.version()}`, name: 'docker compose', ok: true});
  } catch (error) {
    checks.push({detail: message(error), name: 'docker compose', ok: false});
  }
  const images = dockerImages(o.config, env);
  const missing: string[] = [];
  for (const i of Object.values(images)) if (!(await engine.inspectImage(i))) missing.push(i);
  checks.push({
    detail: missing.length === 0 ? Object.values(images).join(', ') : `not present locally: ${missing.join(', ')} (spin pulls them; offline, set ASYM_DOCKER_*_IMAGE or run scripts/docker/setup.sh)`,
    name: 'docker images',
    ok: missing.length === 0,
  });
  const names = sharedNames(env);
  const shared = await sharedInfraStatus({engine, ...names});
  checks.push({detail: shared.network ? names.network : `${names.network} does not exist (created by the first docker spin)`, name: 'docker network', ok: true});
  for (const [what, c] of [['postgres', shared.postgres], ['redis', shared.redis]] as const) {
    const name = what === 'postgres' ? names.postgresName : names.redisName;
    const detail = c ? `${name} ${c.state}${c.health ? ` (${c.health})` : ''}, ${c.image}` : `${name} not created yet`;
    checks.push({detail, name: `docker shared ${what}`, ok: !c || (c.running && c.health !== 'unhealthy')});
  }

  const records = o.clones.filter((c) => c.provider === 'docker');
  const known = new Set(o.clones.map((c) => c.id));
  const everyClone = await engine.listContainers({[LABELS.clone]: ''});
  const labelled = everyClone.filter((c) => c.labels[LABELS.home] === homeId(o.home));
  const orphans = [...new Set(labelled.map((c) => c.labels[LABELS.clone]!))].filter((id) => !known.has(id)).sort();
  if (orphans.length > 0) {
    if (o.fix) for (const id of orphans) await removeCloneResources(engine, id);
    checks.push({detail: `containers of clones the registry does not know: ${orphans.join(', ')}${o.fix ? ' (removed)' : '. Remove them: asym doctor --fix'}`, fixed: o.fix, name: 'docker drift', ok: Boolean(o.fix)});
  }
  const withContainers = new Set(labelled.map((c) => c.labels[LABELS.clone]));
  for (const r of records.filter((x) => (x.state === 'running' || x.state === 'stopped' || x.state === 'unhealthy') && !withContainers.has(x.id))) {
    if (o.fix && o.cleanup) await o.cleanup(r);
    checks.push({detail: `registry entry with no containers${o.fix && o.cleanup ? ' (cleaned)' : `. Destroy it: asym destroy ${r.id}, or asym doctor --fix`}`, fixed: o.fix && Boolean(o.cleanup), name: `clone ${r.id}`, ok: Boolean(o.fix && o.cleanup)});
  }
  if (shared.postgres?.running) {
    try {
      const infra = await ensureSharedInfra({engine, images: {postgres: images.postgres, redis: images.redis}, ...names, timeoutMs: 10_000});
      // A database is drift when no clone of this home owns it and no container (of any home) runs its clone.
      const dbs = new Set(records.map((c) => c.database));
      const live = new Set(everyClone.map((c) => `clone_${(c.labels[LABELS.clone] ?? '').replaceAll('-', '_')}`));
      const drift = (await listCloneDatabases(infra.postgres.adminUrl)).filter((d) => !dbs.has(d) && !live.has(d) && !/_(n|o)[0-9a-f]{6}$/.test(d));
      if (drift.length > 0) {
        if (o.fix) for (const d of drift) await dropDatabase(infra.postgres.adminUrl, d);
        checks.push({detail: `databases with no clone in ${names.postgresName}: ${drift.join(', ')}${o.fix ? ' (dropped)' : '. Drop them: asym doctor --fix'}`, fixed: o.fix, name: 'docker database drift', ok: Boolean(o.fix)});
      }
    } catch (error) {
      checks.push({detail: message(error), name: 'docker shared postgres', ok: false});
    }
  }
  return checks;
}
