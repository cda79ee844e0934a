import {type CloneRecord, isErrorCode, type LogLine, type LogOptions} from '@asym/contract';

import {replaceTree} from '../../data/files.js';
import {LocalProvider, type ServiceLaunch, type SharedInfra} from '../local.js';
import {type ComposeClient, detectCompose, PROJECT_LABEL, SERVICE_LABEL} from './compose.js';
import {DockerEngine} from './engine.js';
import {resolveImages} from './images.js';
import {homeId, LABELS} from './labels.js';
import {projectLogs} from './logs.js';
import {cloneProject, composeFileExists, removeComposeFile, writeComposeFile} from './project.js';
import {type DockerImageConfig, dockerImages, sharedNames} from './settings.js';
import {ensureSharedInfra, type SharedInfra as DockerShared} from './shared-infra.js';

/** Extra record field: service → pinned image reference (the API service's is also `imageDigest`). */
type DockerRecord = CloneRecord & {serviceImages?: Record<string, string>};

/**
 * Clones as compose projects `asym-<id>` beside one shared Postgres and Redis container on
 * `asym-shared`. The lifecycle, data, tokens and rollback are LocalProvider's; this class only runs,
 * stops and removes the containers.
 */
export class DockerProvider extends LocalProvider {
  readonly name = 'docker' as const;
  readonly engine = new DockerEngine();
  private composeClient?: Promise<ComposeClient>;
  private shared?: DockerShared;

  compose(): Promise<ComposeClient> {
    this.composeClient ??= detectCompose(this.engine);
    return this.composeClient;
  }

  images() {
    return dockerImages(this.ctx.config as DockerImageConfig);
  }

  /** The shared Postgres and Redis containers (started when missing), with their in-network URLs. */
  async sharedInfra(onStep?: (title: string) => void): Promise<DockerShared> {
    const {postgres, redis} = this.images();
    this.shared = await ensureSharedInfra({engine: this.engine, images: {postgres, redis}, ...sharedNames()});
    for (const a of this.shared.actions) onStep?.(a);
    return this.shared;
  }

  protected async ensureInfra(onStep?: (title: string) => void): Promise<SharedInfra> {
    const s = await this.sharedInfra(onStep);
    return {postgresUrl: s.postgres.adminUrl, redisUrl: s.redis.url};
  }

  protected async launch({record, services, template}: ServiceLaunch): Promise<undefined> {
    const shared = this.shared ?? (await this.sharedInfra());
    const r = record as DockerRecord;
    const api = template.manifest.apiService ?? 'backend';
    const pinned = {...r.serviceImages, ...(r.imageDigest ? {[api]: r.imageDigest} : {})};
    const images = await resolveImages(template, services, {cloneId: record.id, engine: this.engine, nodeImage: this.images().node, pinned});
    const refs = Object.fromEntries(Object.entries(images).map(([s, i]) => [s, i.ref]));
    const main = images[api] ?? Object.values(images)[0]!;
    await this.save(record.id, {image: main.image, imageDigest: main.ref, serviceImages: refs} as Partial<CloneRecord>);
    writeComposeFile(this.ctx.home, {
      cloneId: record.id,
      databaseUrl: shared.postgres.internalUrl(record.database),
      expose: record.expose,
      home: homeId(this.ctx.home),
      images: refs,
      manifest: template.manifest,
      mode: record.mode,
      ports: record.ports,
      redisPrefix: record.redisPrefix,
      redisUrl: shared.redis.internalUrl,
      secrets: record.secrets ?? {control: '', jwt: ''},
      sharedNetwork: shared.network,
    });
    await (await this.compose()).up(cloneProject(this.ctx.home, record));
    return undefined;
  }

  /** Running container of the service; false (not an error) when no engine answers, so `status` still lists. */
  protected async serviceAlive(record: CloneRecord, service: string): Promise<boolean> {
    try {
      const cs = await this.engine.listContainers({[PROJECT_LABEL]: record.composeProject, [SERVICE_LABEL]: service});
      return cs.some((c) => c.state === 'running');
    } catch (error) {
      if (isErrorCode(error, 'DOCKER_UNAVAILABLE')) return false;
      throw error;
    }
  }

  protected async halt(record: CloneRecord): Promise<void> {
    if (composeFileExists(this.ctx.home, record.id)) {
      await (await this.compose()).stop(cloneProject(this.ctx.home, record));
      return;
    }
    const running = (await this.engine.listContainers({[LABELS.clone]: record.id})).filter((c) => c.state === 'running');
    if (running.length > 0) await this.engine.run(['stop', ...running.map((c) => c.id)]);
  }

  /** `compose down -v`, then anything still labelled with the clone (a lost compose file, a crash). */
  protected async teardown(record: CloneRecord): Promise<void> {
    if (composeFileExists(this.ctx.home, record.id)) await (await this.compose()).down(cloneProject(this.ctx.home, record));
    const label = {[LABELS.clone]: record.id};
    await this.engine.removeContainers((await this.engine.listContainers(label)).map((c) => c.id));
    for (const n of await this.engine.listNetworks(label)) await this.engine.removeNetwork(n);
    for (const v of await this.engine.listVolumes(label)) await this.engine.removeVolume(v);
    removeComposeFile(this.ctx.home, record.id);
  }

  /** The running (or stopped) container of the clone's API service, which mounts the `data` volume at /data. */
  private async dataContainer(record: CloneRecord): Promise<string | undefined> {
    const api = this.template(record).manifest.apiService ?? 'backend';
    const cs = await this.engine.listContainers({[PROJECT_LABEL]: record.composeProject, [SERVICE_LABEL]: api});
    return (cs.find((c) => c.state === 'running') ?? cs[0])?.id;
  }

  /** Snapshots of a template with `dataDir`: the files come out of the container's /data volume. */
  protected async saveFiles(record: CloneRecord, dir: string): Promise<void> {
    replaceTree('', dir);
    const c = await this.dataContainer(record);
    if (c) await this.engine.run(['cp', `${c}:/data/.`, dir]);
  }

  /** …and go back in: the volume is emptied first (needs the container running), then copied into. */
  protected async loadFiles(record: CloneRecord, dir: string): Promise<void> {
    const c = await this.dataContainer(record);
    if (!c) return;
    const running = (await this.engine.listContainers({[PROJECT_LABEL]: record.composeProject})).some((x) => x.id === c && x.state === 'running');
    if (running) await this.engine.run(['exec', c, 'find', '/data', '-mindepth', '1', '-delete']);
    await this.engine.run(['cp', `${dir}/.`, `${c}:/data`]);
  }

  /** DOCKER_UNAVAILABLE (record kept) rather than forgetting a clone whose containers and database cannot be removed. */
  async destroy(id: string): Promise<void> {
    await this.get(id);
    await this.engine.info();
    await super.destroy(id);
  }

  async *logs(id: string, opts?: LogOptions): AsyncIterable<LogLine> {
    const record = await this.get(id);
    yield* projectLogs(this.engine, record.composeProject, opts);
  }
}
