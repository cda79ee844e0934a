import type {CloneRecord} from '@asym/contract';
import {expect} from 'chai';
import pg from 'pg';

import {dockerDoctor} from '../src/providers/docker/doctor.js';
import type {DockerEngine} from '../src/providers/docker/engine.js';
import {homeId, LABELS} from '../src/providers/docker/labels.js';
import {sharedNames} from '../src/providers/docker/settings.js';
import {ensureSharedInfra, removeSharedInfra, type SharedInfraOptions} from '../src/providers/docker/shared-infra.js';
import {requireDocker, suffix} from './docker-support.js';

describe('docker doctor', function () {
  this.timeout(180_000);
  let engine: DockerEngine;
  let env: NodeJS.ProcessEnv;
  let infraOpts: SharedInfraOptions;
  let adminUrl: string;
  const home = `/tmp/asym-doctor-home-${suffix()}`;
  const otherHome = `/tmp/asym-doctor-other-${suffix()}`;
  const ghost = `ghost-${suffix()}`;
  const foreign = `foreign-${suffix()}`;

  const sql = async (q: string) => {
    const c = new pg.Client({connectionString: adminUrl});
    await c.connect();
    try {
      return (await c.query(q)).rows;
    } finally {
      await c.end();
    }
  };
  const container = (id: string, h: string) =>
    engine.run(['run', '-d', '--label', `${LABELS.clone}=${id}`, '--label', `${LABELS.home}=${homeId(h)}`, '--network', 'none', env.ASYM_DOCKER_NODE_IMAGE!, 'node', '-e', 'setInterval(() => {}, 1e9)']);

  before(async function () {
    const ready = await requireDocker(this);
    engine = ready.engine;
    env = {
      ...process.env,
      ASYM_DOCKER_NODE_IMAGE: ready.images.node,
      ASYM_DOCKER_POSTGRES_IMAGE: ready.images.postgres,
      ASYM_DOCKER_REDIS_IMAGE: ready.images.redis,
      ASYM_DOCKER_SHARED_PREFIX: `asym-doctor-${suffix()}`,
    };
    infraOpts = {engine, images: ready.images, ...sharedNames(env)};
    adminUrl = (await ensureSharedInfra(infraOpts)).postgres.adminUrl;
  });

  after(async function () {
    if (!engine) return;
    for (const id of [ghost, foreign]) await engine.removeContainers((await engine.listContainers({[LABELS.clone]: id})).map((c) => c.id));
    await engine.removeVolume(`asym-doctor-vol-${ghost}`).catch(() => undefined);
    await removeSharedInfra(infraOpts, {volumes: true});
  });

  it('reports the engine, compose, images and shared containers, and drift both ways; --fix cleans this home only', async () => {
    await container(ghost, home);
    await engine.ensureVolume(`asym-doctor-vol-${ghost}`, {[LABELS.clone]: ghost});
    await container(foreign, otherHome);
    await sql(`CREATE DATABASE clone_${ghost.replace('-', '_')}_db`);
    const lost: CloneRecord = {
      composeProject: 'asym-lost-1',
      createdAt: new Date().toISOString(),
      database: 'clone_lost_1',
      expose: false,
      id: 'lost-1',
      mode: 'api',
      ports: {backend: 3999},
      provider: 'docker',
      redisPrefix: 'lost-1:',
      seed: null,
      state: 'running',
      template: 'slack',
      updatedAt: new Date().toISOString(),
    };
    const cleaned: string[] = [];
    const opts = {cleanup: async (r: CloneRecord) => void cleaned.push(r.id), clones: [lost], engine, env, home};

    const checks = await dockerDoctor(opts);
    const by = (n: string) => checks.find((c) => c.name === n);
    expect(by('docker engine')!.ok).to.equal(true);
    expect(by('docker compose')!.detail).to.match(/docker.compose/);
    expect(by('docker images')!.ok).to.equal(true);
    expect(by('docker shared postgres')!.detail).to.include('running');
    expect(by('docker drift')).to.include({ok: false});
    expect(by('docker drift')!.detail).to.include(ghost).and.not.include(foreign);
    expect(by('clone lost-1')).to.include({ok: false});
    expect(by('docker database drift')!.detail).to.include(`clone_${ghost.replace('-', '_')}_db`);

    const fixed = await dockerDoctor({...opts, fix: true});
    expect(fixed.filter((c) => c.fixed).map((c) => c.name).sort()).to.deep.equal(['clone lost-1', 'docker database drift', 'docker drift']);
    expect(cleaned).to.deep.equal(['lost-1']);
    expect(await engine.listContainers({[LABELS.clone]: ghost})).to.deep.equal([]);
    expect(await engine.listVolumes({[LABELS.clone]: ghost})).to.deep.equal([]);
    expect(await engine.listContainers({[LABELS.clone]: foreign})).to.have.length(1);
    expect(await sql(`SELECT 1 FROM pg_database WHERE datname = 'clone_${ghost.replace('-', '_')}_db'`)).to.deep.equal([]);
  });
});
