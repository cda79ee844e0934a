import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';

import type {CloneInstance} from '@asym/contract';
import {WebClient} from '@slack/web-api';
import {expect} from 'chai';
import {Redis} from 'ioredis';
import pg from 'pg';

import {PROJECT_LABEL} from '../src/providers/docker/compose.js';
import {removeCloneResources} from '../src/providers/docker/doctor.js';
import type {DockerEngine} from '../src/providers/docker/engine.js';
import {LABELS} from '../src/providers/docker/labels.js';
import {composeFilePath} from '../src/providers/docker/project.js';
import {sharedNames} from '../src/providers/docker/settings.js';
import {ensureSharedInfra, removeSharedInfra, type SharedInfraOptions} from '../src/providers/docker/shared-infra.js';
import {requireDocker, suffix} from './docker-support.js';
import {runCli} from './helpers/cli.js';
import {tempHome} from './helpers/home.js';

const slack = (token: string, api: string) => new WebClient(token, {retryConfig: {retries: 0}, slackApiUrl: api.endsWith('/') ? api : `${api}/`});

describe('spin slack end to end (docker provider, built CLI)', function () {
  this.timeout(300_000);
  let engine: DockerEngine;
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let infraOpts: SharedInfraOptions;
  let clone: CloneInstance;
  let imageExisted = true;
  const run = (args: string[]) => runCli(args, env, 240_000);
  const sql = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => {
    const infra = await ensureSharedInfra(infraOpts);
    const c = new pg.Client({connectionString: infra.postgres.adminUrl});
    await c.connect();
    try {
      return (await c.query<T>(text, params)).rows;
    } finally {
      await c.end();
    }
  };

  before(async function () {
    const ready = await requireDocker(this);
    engine = ready.engine;
    home = tempHome('asym-docker-e2e-');
    const prefix = `asym-e2e-${suffix()}`;
    const from = 24_000 + Math.floor(Math.random() * 100) * 100;
    env = {
      ASYM_DOCKER_NODE_IMAGE: ready.images.node,
      ASYM_DOCKER_POSTGRES_IMAGE: ready.images.postgres,
      ASYM_DOCKER_REDIS_IMAGE: ready.images.redis,
      ASYM_DOCKER_SHARED_PREFIX: prefix,
      ASYM_HOME: home.home,
      ASYM_PROVIDER: 'process',
    };
    infraOpts = {engine, images: ready.images, ...sharedNames(env)};
    imageExisted = (await engine.run(['images', '-q', 'asym-template/slack-backend'])).stdout.trim() !== '';
    expect((await run(['config', 'set', 'portRange', `${from}-${from + 99}`])).code).to.equal(0);
    const r = await run(['spin', 'slack', '--provider', 'docker', '--name', `slack-${suffix()}`, '--seed', 'acme-corp', '--json']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    clone = r.json<CloneInstance[]>()[0]!;
  });

  after(async function () {
    this.timeout(120_000);
    if (!env) return;
    const list = await run(['status', '--json']);
    for (const c of list.code === 0 ? list.json<Array<{id: string}>>() : []) await run(['destroy', c.id, '--force']);
    if (clone) await removeCloneResources(engine, clone.id);
    await removeSharedInfra(infraOpts, {volumes: true});
    if (!imageExisted) for (const id of (await engine.run(['images', '-q', 'asym-template/slack-backend'])).stdout.split('\n').filter(Boolean)) await engine.removeImage(id);
    home.cleanup();
  });

  it('runs the clone as a compose project on the shared network, pinned and labelled', async () => {
    expect(clone).to.include({composeProject: `asym-${clone.id}`, provider: 'docker', state: 'running'});
    expect(clone.imageDigest).to.match(/^(sha256:[0-9a-f]{64}|.+@sha256:[0-9a-f]{64})$/);
    expect(clone.endpoints.api).to.match(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    const [c] = await engine.listContainers({[LABELS.clone]: clone.id});
    expect(c!.labels).to.include({[LABELS.template]: 'slack', [PROJECT_LABEL]: `asym-${clone.id}`});
    const details = (await engine.inspectContainer(c!.id))!;
    expect(details.networks).to.include(infraOpts.network);
    expect(details.env.DATABASE_URL).to.match(new RegExp(`@${infraOpts.postgresName}:5432/${clone.database}$`));
    expect(Object.values(details.ports).flat().map((b) => b.hostIp)).to.deep.equal(['127.0.0.1']);
    expect(clone.tokens?.botToken).to.match(/^xoxb-/);
  });

  it('answers @slack/web-api, keeps data across stop/start, and reset returns to the seed', async () => {
    const bot = slack(clone.tokens!.botToken!, clone.endpoints.api);
    expect((await bot.auth.test()).ok).to.equal(true);
    const seeded = ((await bot.conversations.list({types: 'public_channel'})).channels ?? []).map((ch) => ch.name);
    expect(seeded, 'the acme-corp fixture').to.include('general');
    const created = await bot.conversations.create({name: `docker-e2e-${suffix()}`});
    const channel = created.channel!.id!;
    const posted = await bot.chat.postMessage({channel, text: 'written through docker'});
    expect(posted.ok).to.equal(true);

    const stop = await run(['stop', clone.id]);
    expect(stop.code, stop.stderr).to.equal(0);
    expect((await run(['status', clone.id, '--json'])).json<Array<{state: string}>>()[0]!.state).to.equal('stopped');
    expect((await engine.listContainers({[LABELS.clone]: clone.id})).map((c) => c.state)).to.deep.equal(['exited']);
    const start = await run(['start', clone.id]);
    expect(start.code, start.stderr).to.equal(0);
    const history = await bot.conversations.history({channel});
    expect(history.messages?.some((m) => m.ts === posted.ts && m.text === 'written through docker')).to.equal(true);

    const reset = await run(['reset', clone.id, '--json']);
    expect(reset.code, reset.stderr).to.equal(0);
    const after = ((await bot.conversations.list({types: 'public_channel'})).channels ?? []).map((ch) => ch.name);
    expect(after.sort()).to.deep.equal(seeded.sort());
    expect((await bot.auth.test()).ok, 'tokens survive the reset').to.equal(true);
  });

  it('snapshot and restore work under docker: a checkpoint comes back, the change after it is gone', async () => {
    const bot = slack(clone.tokens!.botToken!, clone.endpoints.api);
    const channel = (await bot.conversations.create({name: `docker-snap-${suffix()}`})).channel!.id!;
    const kept = await bot.chat.postMessage({channel, text: 'before the checkpoint'});
    expect((await run(['snapshot', clone.id, 'cp1'])).code).to.equal(0);
    const later = await bot.chat.postMessage({channel, text: 'after the checkpoint'});
    const restored = await run(['restore', clone.id, 'cp1']);
    expect(restored.code, restored.stderr).to.equal(0);
    const texts = ((await bot.conversations.history({channel})).messages ?? []).map((m) => [m.ts, m.text]);
    expect(texts).to.deep.include([kept.ts, 'before the checkpoint']);
    expect(texts.map(([ts]) => ts)).to.not.include(later.ts);
    expect((await bot.auth.test()).ok, 'tokens survive the restore').to.equal(true);
  });

  it('logs come from the containers', async () => {
    const r = await run(['logs', clone.id, '--json']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include('listening');
  });

  it('with no engine answering, status still lists the clone and destroy keeps it (DOCKER_UNAVAILABLE)', async () => {
    const down = {...env, DOCKER_HOST: `unix:///tmp/asym-no-engine-${suffix()}.sock`};
    const status = await runCli(['status', '--json'], down);
    expect(status.code, status.stderr).to.equal(0);
    expect(status.json<Array<{id: string; state: string}>>().map((c) => c.id)).to.deep.equal([clone.id]);
    const destroy = await runCli(['destroy', clone.id, '--force', '--json'], down);
    expect(destroy.code).to.equal(1);
    expect(destroy.json<{error: {code: string}}>().error.code).to.equal('DOCKER_UNAVAILABLE');
    expect((await run(['status', clone.id, '--json'])).json<Array<{state: string}>>()[0]!.state).to.equal('running');
  });

  it('destroy leaves no container, volume, network, database, Redis key or registry entry', async () => {
    const r = await run(['destroy', clone.id, '--force']);
    expect(r.code, r.stderr).to.equal(0);
    const label = {[LABELS.clone]: clone.id};
    expect(await engine.listContainers(label)).to.deep.equal([]);
    expect(await engine.listVolumes(label)).to.deep.equal([]);
    expect(await engine.listNetworks(label)).to.deep.equal([]);
    expect(await sql('SELECT datname FROM pg_database WHERE datname = $1', [clone.database])).to.deep.equal([]);
    const infra = await ensureSharedInfra(infraOpts);
    const redis = new Redis(infra.redis.url, {lazyConnect: true});
    await redis.connect();
    expect(await redis.keys(`${clone.redisPrefix}*`)).to.deep.equal([]);
    redis.disconnect();
    expect(existsSync(composeFilePath(home.home, clone.id))).to.equal(false);
    const reg = JSON.parse(readFileSync(join(home.home, 'registry.json'), 'utf8')) as {clones: unknown[]};
    expect(reg.clones).to.deep.equal([]);
  });

  it('two clones spun at once share the infrastructure and are isolated', async () => {
    const name = `pair-${suffix()}`;
    const r = await run(['spin', 'slack', 'slack', '--provider', 'docker', '--name', name, '--seed', 'acme-corp', '--json']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    const [a, b] = r.json<CloneInstance[]>();
    try {
      expect([a!.id, b!.id]).to.deep.equal([`${name}-1`, `${name}-2`]);
      const err = await slack(a!.tokens!.botToken!, b!.endpoints.api).auth.test().catch((e: {data?: {error?: string}}) => e);
      expect((err as {data?: {error?: string}}).data?.error).to.equal('invalid_auth');
      expect(await engine.listNetworks({[LABELS.shared]: 'network'})).to.include(infraOpts.network);
      expect((await engine.run(['network', 'ls', '-q', '--filter', `name=^${infraOpts.network}$`])).stdout.trim().split('\n')).to.have.length(1);
    } finally {
      for (const c of [a, b]) if (c) expect((await run(['destroy', c.id, '--force'])).code).to.equal(0);
    }
  });
});
