import {spawn} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {expect} from 'chai';
import pg from 'pg';

import {removeCloneResources} from '../src/providers/docker/doctor.js';
import type {DockerEngine} from '../src/providers/docker/engine.js';
import {LABELS} from '../src/providers/docker/labels.js';
import {composeFilePath} from '../src/providers/docker/project.js';
import {sharedNames} from '../src/providers/docker/settings.js';
import {ensureSharedInfra, removeSharedInfra, type SharedInfraOptions} from '../src/providers/docker/shared-infra.js';
import {dockerCliEnv, requireDocker, suffix, until} from './docker-support.js';
import {CLI, runCli} from './helpers/cli.js';
import {tempHome} from './helpers/home.js';

const templates = fileURLToPath(new URL('./fixtures/templates', import.meta.url));

describe('docker spin faults leave nothing half-made', function () {
  this.timeout(300_000);
  let engine: DockerEngine;
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let infraOpts: SharedInfraOptions;
  let imagesBefore: Set<string>;
  const ids: string[] = [];
  const newId = (kind: string) => {
    const id = `${kind}-${suffix()}`;
    ids.push(id);
    return id;
  };
  const run = (args: string[]) => runCli(args, env, 240_000);
  const templateImages = async () => new Set((await engine.run(['images', '--filter', `label=${LABELS.buildHash}`, '-q'])).stdout.split('\n').filter(Boolean));

  /** No container, volume, network, compose file, database or registry entry of the clone. */
  async function nothingLeft(id: string) {
    const label = {[LABELS.clone]: id};
    expect(await engine.listContainers(label), 'containers').to.deep.equal([]);
    expect(await engine.listVolumes(label), 'volumes').to.deep.equal([]);
    expect(await engine.listNetworks(label), 'networks').to.deep.equal([]);
    expect(existsSync(composeFilePath(home.home, id)), 'compose file').to.equal(false);
    const reg = join(home.home, 'registry.json');
    expect(existsSync(reg) ? (JSON.parse(readFileSync(reg, 'utf8')) as {clones: unknown[]}).clones : []).to.deep.equal([]);
    const infra = await ensureSharedInfra(infraOpts);
    const c = new pg.Client({connectionString: infra.postgres.adminUrl});
    await c.connect();
    const rows = (await c.query('SELECT datname FROM pg_database WHERE datname = $1', [`clone_${id.replaceAll('-', '_')}`])).rows;
    await c.end();
    expect(rows, 'database').to.deep.equal([]);
  }

  before(async function () {
    const ready = await requireDocker(this);
    engine = ready.engine;
    imagesBefore = await templateImages();
    home = tempHome('asym-docker-faults-');
    const from = 24_000 + Math.floor(Math.random() * 100) * 100;
    env = dockerCliEnv(ready.images, home.home, 'asym-faults', {ASYM_TEMPLATES_DIR: templates});
    infraOpts = {engine, images: ready.images, ...sharedNames(env)};
    expect((await run(['config', 'set', 'portRange', `${from}-${from + 99}`])).code).to.equal(0);
  });

  after(async function () {
    this.timeout(120_000);
    if (!env) return;
    for (const id of ids) await removeCloneResources(engine, id);
    await removeSharedInfra(infraOpts, {volumes: true});
    for (const id of await templateImages()) if (!imagesBefore.has(id)) await engine.removeImage(id);
    home.cleanup();
  });

  it('a failing migration: MIGRATION_FAILED, no container and no database', async () => {
    const id = newId('badmig');
    const r = await run(['spin', 'test-badmigration', '--name', id, '--json']);
    expect(r.code).to.equal(1);
    expect(r.json<{error: {code: string}}>().error.code).to.equal('MIGRATION_FAILED');
    await nothingLeft(id);
  });

  it('a backend that never gets healthy: HEALTH_TIMEOUT, and its compose project is gone', async () => {
    expect((await run(['config', 'set', 'healthTimeoutSeconds', '3'])).code).to.equal(0);
    const id = newId('unhealthy');
    const r = await run(['spin', 'test-unhealthy', '--name', id]);
    expect((await run(['config', 'unset', 'healthTimeoutSeconds'])).code).to.equal(0);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.include("didn't become healthy in 3s").and.include(`asym logs ${id}`);
    await nothingLeft(id);
  });

  it('Ctrl-C while the containers start rolls the spin back', async () => {
    const id = newId('sigint');
    const child = spawn(process.execPath, [CLI, 'spin', 'test-slow', '--name', id], {env: {...process.env, ...env, CI: 'true'}, stdio: 'ignore'});
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    await until(async () => (await engine.listContainers({[LABELS.clone]: id})).some((c) => c.state === 'running'), 120_000, 'the clone container');
    child.kill('SIGINT');
    expect(await exited).to.equal(130);
    await nothingLeft(id);
  });
});
