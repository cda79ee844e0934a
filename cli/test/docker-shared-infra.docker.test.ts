import {isErrorCode} from '@asym/contract';
import {expect} from 'chai';
import pg from 'pg';

import {DockerEngine} from '../src/providers/docker/engine.js';
import {LABELS} from '../src/providers/docker/labels.js';
import {dockerUsable} from '../src/providers/docker/usable.js';
import {ensureSharedInfra, removeSharedInfra, type SharedInfraOptions, sharedInfraStatus} from '../src/providers/docker/shared-infra.js';
import {requireDocker, suffix} from './docker-support.js';

describe('docker shared infrastructure', () => {
  let opts: SharedInfraOptions;

  before(async function () {
    const {engine, images} = await requireDocker(this);
    const s = suffix();
    opts = {engine, images, network: `asym-test-net-${s}`, postgresName: `asym-test-pg-${s}`, redisName: `asym-test-redis-${s}`};
  });

  after(async function () {
    this.timeout(60_000);
    if (opts) await removeSharedInfra(opts, {volumes: true});
  });

  it('starts Postgres and Redis on the shared network, published on 127.0.0.1, and is idempotent', async function () {
    this.timeout(180_000);
    const first = await ensureSharedInfra(opts);
    expect(first.actions).to.include.members([`created network ${opts.network}`, `created ${opts.postgresName}`, `created ${opts.redisName}`]);
    expect(first.postgres.adminUrl).to.match(/^postgres:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
    expect(first.postgres.internalUrl('clone_x')).to.equal(`postgres://postgres:${first.postgres.password}@${opts.postgresName}:5432/clone_x`);

    const db = `clone_t_${suffix()}`;
    const c = new pg.Client({connectionString: first.postgres.adminUrl});
    await c.connect();
    await c.query(`CREATE DATABASE ${db}`);
    await c.query(`DROP DATABASE ${db}`);
    await c.end();

    const status = await sharedInfraStatus(opts);
    expect(status.network).to.equal(true);
    for (const ctr of [status.postgres!, status.redis!]) {
      expect(ctr.networks).to.include(opts.network);
      expect(ctr.health).to.be.oneOf(['healthy', 'starting']);
      for (const bindings of Object.values(ctr.ports)) for (const b of bindings) expect(b.hostIp).to.equal('127.0.0.1');
    }
    expect(status.postgres!.labels[LABELS.shared]).to.equal('postgres');
    expect(await opts.engine.listVolumes({[LABELS.shared]: 'volume'})).to.include.members([`${opts.postgresName}-data`, `${opts.redisName}-data`]);

    const t0 = Date.now();
    const second = await ensureSharedInfra(opts);
    expect(second.actions).to.deep.equal([]);
    expect(second.postgres.hostPort).to.equal(first.postgres.hostPort);
    expect(second.postgres.password).to.equal(first.postgres.password);
    expect(Date.now() - t0).to.be.below(5000);
  });

  it('starts a stopped shared container again and keeps its data', async function () {
    this.timeout(180_000);
    const infra = await ensureSharedInfra(opts);
    const db = `clone_keep_${suffix()}`;
    const admin = async (sql: string, url = infra.postgres.adminUrl) => {
      const c = new pg.Client({connectionString: url});
      await c.connect();
      try {
        return await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await admin(`CREATE DATABASE ${db}`);
    await opts.engine.run(['stop', opts.postgresName!]);
    const again = await ensureSharedInfra(opts);
    expect(again.actions).to.deep.equal([`started ${opts.postgresName}`]);
    const r = await admin(`SELECT 1 FROM pg_database WHERE datname = '${db}'`, again.postgres.adminUrl);
    expect(r.rowCount).to.equal(1);
    await admin(`DROP DATABASE ${db}`, again.postgres.adminUrl);
  });

  it('reports DOCKER_UNAVAILABLE when no engine answers', async () => {
    const dead = new DockerEngine('docker', {...process.env, DOCKER_HOST: `unix:///tmp/asym-no-engine-${suffix()}.sock`});
    const err = await ensureSharedInfra({...opts, engine: dead}).catch((e: unknown) => e);
    expect(isErrorCode(err, 'DOCKER_UNAVAILABLE'), String(err)).to.equal(true);
    expect(await dead.available()).to.equal(false);
  });

  it('names the image setting when a base image is missing, and creates nothing', async function () {
    this.timeout(60_000);
    const s = suffix();
    const o = {...opts, images: {...opts.images, postgres: `asym-test/no-such-postgres:${s}`}, network: `asym-test-none-${s}`, postgresName: `asym-test-nopg-${s}`};
    const err = await ensureSharedInfra(o).catch((e: unknown) => e);
    expect(isErrorCode(err, 'INFRA_UNAVAILABLE'), String(err)).to.equal(true);
    expect((err as Error).message).to.include('ASYM_DOCKER_POSTGRES_IMAGE').and.include(`no-such-postgres:${s}`);
    expect(await opts.engine.networkExists(o.network)).to.equal(false);
    expect(await opts.engine.listVolumes({[LABELS.shared]: 'volume'})).to.not.include(`${o.postgresName}-data`);
  });

  it('is usable for provider auto only when the base images are here', async () => {
    const env = {ASYM_DOCKER_NODE_IMAGE: opts.images.postgres, ASYM_DOCKER_POSTGRES_IMAGE: opts.images.postgres, ASYM_DOCKER_REDIS_IMAGE: opts.images.redis};
    expect(await dockerUsable({}, env, opts.engine)).to.equal(true);
    expect(await dockerUsable({}, {...env, ASYM_DOCKER_NODE_IMAGE: `asym-test/missing:${suffix()}`}, opts.engine)).to.equal(false);
  });

  it('concurrent callers make one network and one container of each', async function () {
    this.timeout(180_000);
    const s = suffix();
    const o = {...opts, network: `asym-test-race-${s}`, postgresName: `asym-test-race-pg-${s}`, redisName: `asym-test-race-redis-${s}`};
    try {
      const all = await Promise.all([ensureSharedInfra(o), ensureSharedInfra(o), ensureSharedInfra(o)]);
      expect(new Set(all.map((i) => i.postgres.adminUrl)).size).to.equal(1);
      expect(all.flatMap((i) => i.actions).filter((a) => a.startsWith('created'))).to.have.length(3);
      expect((await opts.engine.run(['network', 'ls', '-q', '--filter', `name=^${o.network}$`])).stdout.trim().split('\n')).to.have.length(1);
    } finally {
      await removeSharedInfra(o, {volumes: true});
    }
  });
});
