import {randomBytes} from 'node:crypto';
import {connect} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {asymError, isAsymmetricError} from '@asym/contract';
import pg from 'pg';

import {withLock} from '../../infra/lock.js';
import {SHARED_NETWORK} from './compose-file.js';
import {type ContainerDetails, DockerCommandError, type DockerEngine} from './engine.js';
import {LABELS} from './labels.js';

/**
 * The one shared Postgres and one shared Redis every docker clone uses, as containers on the network
 * `asym-shared`, with health checks and named volumes, published on 127.0.0.1 (host ports chosen by
 * the engine unless given) so the CLI can create databases and migrate from the host.
 */
export interface SharedInfraOptions {
  engine: DockerEngine;
  images: {postgres: string; redis: string};
  /** Default `asym-shared`; tests pass their own names. */
  network?: string;
  /** Container names, default `asym-postgres` / `asym-redis`; their volumes are `<name>-data`. */
  postgresName?: string;
  redisName?: string;
  /** Host ports to publish on 127.0.0.1 (default: any free port, read back from the engine). */
  postgresPort?: number;
  redisPort?: number;
  /** How long to wait for both to answer (default 90 s). */
  timeoutMs?: number;
}

export interface SharedInfra {
  network: string;
  postgres: {
    container: string;
    hostPort: number;
    password: string;
    /** Admin URL from the host (database `postgres`). */
    adminUrl: string;
    /** URL of `database` as containers on the shared network reach it. */
    internalUrl(database: string): string;
  };
  redis: {container: string; hostPort: number; url: string; internalUrl: string};
  /** What this call had to create or start (empty when everything was already up). */
  actions: string[];
}

const names = (o: SharedInfraOptions) => ({
  network: o.network ?? SHARED_NETWORK,
  postgres: o.postgresName ?? 'asym-postgres',
  redis: o.redisName ?? 'asym-redis',
});

const infraError = (what: string, error: unknown) =>
  isAsymmetricError(error)
    ? error
    : asymError('INFRA_UNAVAILABLE', {fix: 'See: asym doctor', what: `${what} (${error instanceof DockerCommandError ? error.detail : (error as Error).message})`}, {cause: error});

/**
 * Start whatever of the shared infrastructure is missing or stopped, and wait until both answer.
 * Creation runs under a machine-wide lock file: the engine lets two racing `network create` calls
 * make two networks of one name, and two CLIs (or two clones of one spin) often start together.
 */
export async function ensureSharedInfra(o: SharedInfraOptions): Promise<SharedInfra> {
  const n = names(o);
  // The fast path (everything up) asks the engine four questions at once: it runs on every command.
  const [, pgc, rc, net] = await Promise.all([o.engine.info(), o.engine.inspectContainer(n.postgres), o.engine.inspectContainer(n.redis), o.engine.networkExists(n.network)]);
  if (pgc?.running && rc?.running && net) return connectInfo(o, pgc, rc, []);
  return withLock(join(tmpdir(), `asym-docker-${n.network}.lock`), () => createSharedInfra(o), 180_000);
}

async function createSharedInfra(o: SharedInfraOptions): Promise<SharedInfra> {
  const n = names(o);
  const {engine} = o;
  const actions: string[] = [];
  // Images first: nothing is created when they are missing.
  await ensureBaseImage(engine, o.images.postgres, 'ASYM_DOCKER_POSTGRES_IMAGE');
  await ensureBaseImage(engine, o.images.redis, 'ASYM_DOCKER_REDIS_IMAGE');
  try {
    if (!(await engine.networkExists(n.network))) {
      await engine.ensureNetwork(n.network, {[LABELS.shared]: 'network'});
      actions.push(`created network ${n.network}`);
    }
  } catch (error) {
    throw infraError(`Docker network ${n.network}`, error);
  }
  const pgPassword = randomBytes(12).toString('hex');
  const postgres = await ensureContainer(o, n.postgres, actions, [
    ['--env', `POSTGRES_PASSWORD=${pgPassword}`, '--env', 'POSTGRES_USER=postgres', '--env', 'PGDATA=/var/lib/postgresql/data'],
    ['--volume', `${n.postgres}-data:/var/lib/postgresql/data`, '--publish', `127.0.0.1:${o.postgresPort ?? ''}:5432`],
    ['--health-cmd', 'pg_isready -h 127.0.0.1 -U postgres', '--label', `${LABELS.shared}=postgres`],
    [o.images.postgres],
  ]);
  const redis = await ensureContainer(o, n.redis, actions, [
    ['--volume', `${n.redis}-data:/data`, '--publish', `127.0.0.1:${o.redisPort ?? ''}:6379`],
    ['--health-cmd', 'redis-cli ping', '--label', `${LABELS.shared}=redis`],
    [o.images.redis, 'redis-server', '--appendonly', 'yes', '--protected-mode', 'no', '--bind', '0.0.0.0'],
  ]);
  return connectInfo(o, postgres, redis, actions);
}

async function connectInfo(o: SharedInfraOptions, postgres: ContainerDetails, redis: ContainerDetails, actions: string[]): Promise<SharedInfra> {
  const n = names(o);
  const password = postgres.env.POSTGRES_PASSWORD ?? '';
  const pgPort = hostPortOf(postgres, 5432);
  const redisPort = hostPortOf(redis, 6379);
  const auth = `postgres:${encodeURIComponent(password)}`;
  const infra: SharedInfra = {
    actions,
    network: n.network,
    postgres: {
      adminUrl: `postgres://${auth}@127.0.0.1:${pgPort}/postgres`,
      container: n.postgres,
      hostPort: pgPort,
      internalUrl: (database) => `postgres://${auth}@${n.postgres}:5432/${database}`,
      password,
    },
    redis: {container: n.redis, hostPort: redisPort, internalUrl: `redis://${n.redis}:6379`, url: `redis://127.0.0.1:${redisPort}`},
  };
  await waitAnswering(infra, o.timeoutMs ?? 90_000);
  return infra;
}

/** A base image present locally, pulled when missing; a named error naming the setting otherwise. */
export async function ensureBaseImage(engine: DockerEngine, image: string, setting: string): Promise<void> {
  if (await engine.inspectImage(image)) return;
  const pulled = await engine.pull(image).then(
    () => undefined,
    (e: unknown) => (e instanceof DockerCommandError ? e.detail : Promise.reject(e)),
  );
  if (pulled !== undefined) {
    throw asymError('INFRA_UNAVAILABLE', {fix: `Pull it when online, or set ${setting} to an image you have (offline: scripts/docker/setup.sh builds stand-ins).`, what: `Docker image ${image} (${pulled})`});
  }
}

function hostPortOf(c: ContainerDetails, port: number): number {
  const b = c.ports[`${port}/tcp`]?.find((x) => x.hostIp === '127.0.0.1') ?? c.ports[`${port}/tcp`]?.[0];
  if (!b) throw asymError('INFRA_UNAVAILABLE', {fix: `Remove it (docker rm -f ${c.name}) and retry; asymmetric recreates it.`, what: `${c.name} publishes no port ${port}`});
  return b.hostPort;
}

/** The container `name`, created (with its labelled volume) or started when needed; its details once running. */
async function ensureContainer(o: SharedInfraOptions, name: string, actions: string[], runArgs: string[][]): Promise<ContainerDetails> {
  const {engine} = o;
  try {
    let c = await engine.inspectContainer(name);
    if (!c) {
      await engine.ensureVolume(`${name}-data`, {[LABELS.shared]: 'volume'});
      const args = ['run', '--detach', '--name', name, '--network', names(o).network, '--restart', 'unless-stopped'];
      args.push('--health-interval', '2s', '--health-timeout', '5s', '--health-retries', '30', '--health-start-period', '60s');
      await engine.run([...args, ...runArgs.flat()]).catch(async (error: unknown) => {
        // Another asymmetric command may have created it at the same moment.
        if (!(error instanceof DockerCommandError && /already in use|Conflict/i.test(error.stderr))) throw error;
      });
      actions.push(`created ${name}`);
    } else if (!c.running) {
      await engine.startContainer(name);
      actions.push(`started ${name}`);
    }
    c = await engine.inspectContainer(name);
    if (!c) throw new Error(`${name} vanished right after it was started`);
    return c;
  } catch (error) {
    throw infraError(`Shared container ${name}`, error);
  }
}

/** Both servers answer from the host (Postgres `select 1`, Redis `PING`). */
async function waitAnswering(infra: SharedInfra, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pgError = 'not tried';
  let redisError = 'not tried';
  let pgOk = false;
  let redisOk = false;
  while (Date.now() < deadline) {
    if (!pgOk) pgOk = await pgAnswers(infra.postgres.adminUrl).then(() => true, (e: Error) => ((pgError = e.message), false));
    if (!redisOk) redisOk = await redisPing(infra.redis.hostPort).then(() => true, (e: Error) => ((redisError = e.message), false));
    if (pgOk && redisOk) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  const what = pgOk ? `Shared Redis ${infra.redis.container} (${redisError})` : `Shared Postgres ${infra.postgres.container} (${pgError})`;
  throw asymError('INFRA_UNAVAILABLE', {fix: `See: docker logs ${pgOk ? infra.redis.container : infra.postgres.container}`, what});
}

async function pgAnswers(url: string): Promise<void> {
  const c = new pg.Client({connectionString: url, connectionTimeoutMillis: 3000});
  c.on('error', () => undefined);
  await c.connect();
  try {
    await c.query('select 1');
  } finally {
    await c.end().catch(() => undefined);
  }
}

function redisPing(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect({host: '127.0.0.1', port});
    const timer = setTimeout(() => s.destroy(new Error('no answer in 3s')), 3000);
    let data = '';
    s.once('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => {
      data += d.toString();
      if (data.includes('\r\n')) {
        clearTimeout(timer);
        s.end();
        if (data.startsWith('+PONG')) resolve();
        else reject(new Error(data.trim()));
      }
    });
    s.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

export interface SharedInfraStatus {
  network: boolean;
  postgres?: ContainerDetails;
  redis?: ContainerDetails;
}

/** What exists of the shared infrastructure, without changing anything (for `doctor`). */
export async function sharedInfraStatus(o: Omit<SharedInfraOptions, 'images'>): Promise<SharedInfraStatus> {
  const n = names(o as SharedInfraOptions);
  return {
    network: await o.engine.networkExists(n.network),
    postgres: await o.engine.inspectContainer(n.postgres),
    redis: await o.engine.inspectContainer(n.redis),
  };
}

/** Remove the shared containers, network and (with `volumes`) their data. Clones using them break. */
export async function removeSharedInfra(o: Omit<SharedInfraOptions, 'images'>, opts: {volumes?: boolean} = {}): Promise<void> {
  const n = names(o as SharedInfraOptions);
  await o.engine.removeContainers([n.postgres, n.redis].filter(Boolean)).catch(() => undefined);
  for (const c of [n.postgres, n.redis]) if (await o.engine.inspectContainer(c)) await o.engine.removeContainers([c]);
  if (opts.volumes) for (const v of [`${n.postgres}-data`, `${n.redis}-data`]) await o.engine.removeVolume(v).catch(() => undefined);
  await o.engine.removeNetwork(n.network);
}
