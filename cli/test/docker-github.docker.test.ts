// Issue 12: the GitHub clone under the docker provider. Its backend runs the real `git` binary, which
// node images do not ship: the manifest's `packages: ["git"]` makes the built image install it.
import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';

import type {CloneInstance} from '@asym/contract';
import {expect} from 'chai';

import {removeCloneResources} from '../src/providers/docker/doctor.js';
import type {DockerEngine} from '../src/providers/docker/engine.js';
import {sharedNames} from '../src/providers/docker/settings.js';
import {removeSharedInfra, type SharedInfraOptions} from '../src/providers/docker/shared-infra.js';
import {requireDocker, suffix} from './docker-support.js';
import {runCli} from './helpers/cli.js';
import {tempHome} from './helpers/home.js';

const exec = promisify(execFile);

describe('spin github (docker provider): git over HTTP from the container', function () {
  this.timeout(400_000);
  let engine: DockerEngine;
  let home: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  let infraOpts: SharedInfraOptions;
  let clone: CloneInstance | undefined;
  const run = (args: string[]) => runCli(args, env, 360_000);

  before(async function () {
    const ready = await requireDocker(this);
    engine = ready.engine;
    home = tempHome('asym-docker-github-');
    const from = 26_000 + Math.floor(Math.random() * 100) * 100;
    env = {
      ASYM_DOCKER_NODE_IMAGE: ready.images.node,
      ASYM_DOCKER_POSTGRES_IMAGE: ready.images.postgres,
      ASYM_DOCKER_REDIS_IMAGE: ready.images.redis,
      ASYM_DOCKER_SHARED_PREFIX: `asym-gh-${suffix()}`,
      ASYM_HOME: home.home,
    };
    infraOpts = {engine, images: ready.images, ...sharedNames(env)};
    expect((await run(['config', 'set', 'portRange', `${from}-${from + 99}`])).code).to.equal(0);
  });

  after(async function () {
    this.timeout(120_000);
    if (!env) return;
    if (clone) {
      await run(['destroy', clone.id, '--force']);
      await removeCloneResources(engine, clone.id);
    }
    await removeSharedInfra(infraOpts, {volumes: true});
    home.cleanup();
  });

  it('spins, serves `git clone` with the token, and reset keeps serving the seed', async () => {
    const r = await run(['spin', 'github', '--provider', 'docker', '--name', `gh-${suffix()}`, '--json']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    clone = r.json<CloneInstance[]>()[0]!;
    const key = clone.tokens!.apiKey!;
    const work = mkdtempSync(join(tmpdir(), 'asym-docker-github-git-'));
    try {
      const url = new URL(`${clone.endpoints.api}/acme/hello-world.git`);
      url.username = 'dana';
      url.password = key;
      const gitEnv = {GIT_TERMINAL_PROMPT: '0', HOME: work, PATH: process.env.PATH};
      await exec('git', ['clone', '--quiet', url.toString(), join(work, 'a')], {env: gitEnv});
      const head = (await exec('git', ['rev-parse', 'HEAD'], {cwd: join(work, 'a')})).stdout.trim();
      expect(head).to.match(/^[0-9a-f]{40}$/);
      expect((await run(['reset', clone.id])).code).to.equal(0);
      await exec('git', ['clone', '--quiet', url.toString(), join(work, 'b')], {env: gitEnv});
      expect((await exec('git', ['rev-parse', 'HEAD'], {cwd: join(work, 'b')})).stdout.trim()).to.equal(head);
    } finally {
      rmSync(work, {force: true, recursive: true});
    }
  });
});
