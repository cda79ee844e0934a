import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {isErrorCode, type TemplateManifest} from '@asym/contract';
import {expect} from 'chai';

import {type ComposeClient, type ComposeProject, detectCompose, projectName} from '../src/providers/docker/compose.js';
import {composeYaml} from '../src/providers/docker/compose-file.js';
import type {DockerEngine} from '../src/providers/docker/engine.js';
import {resolveServiceImage, type ServiceImage} from '../src/providers/docker/images.js';
import {LABELS} from '../src/providers/docker/labels.js';
import {freePort, requireDocker, suffix, until} from './docker-support.js';

// A tiny "template": its bundled entry answers its health path and echoes the environment it got.
const SERVER = `import {createServer} from 'node:http';
createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  if (req.url === '/health') return res.end(JSON.stringify({ok: true}));
  res.end(JSON.stringify(process.env));
}).listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => process.exit(0));
`;

const manifest: TemplateManifest = {
  apiPath: '',
  database: {migrations: './migrations', nameTemplate: 'clone_{id}'},
  displayName: 'Echo',
  engine: '^1.0.0',
  modes: {api: ['backend']},
  name: 'echo',
  realProduct: 'echo',
  redis: {prefixTemplate: '{id}:'},
  services: {backend: {entry: './dist/backend.js', health: '/health', port: 8080}},
};

describe('docker compose project of a clone', () => {
  let engine: DockerEngine;
  let compose: ComposeClient;
  let dir: string;
  let network: string;
  let image: ServiceImage;
  const blockers: Server[] = [];

  before(async function () {
    const ready = await requireDocker(this);
    engine = ready.engine;
    compose = await detectCompose(engine);
    dir = mkdtempSync(join(tmpdir(), 'asym-compose-test-'));
    mkdirSync(join(dir, 'dist'));
    mkdirSync(join(dir, 'migrations'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({type: 'module'}));
    writeFileSync(join(dir, 'dist/backend.js'), `${SERVER}// ${suffix()}\n`);
    network = `asym-test-shared-${suffix()}`;
    await engine.ensureNetwork(network, {[LABELS.shared]: 'test'});
    image = await resolveServiceImage({manifest, name: 'echo', root: dir}, 'backend', {engine, nodeImage: ready.images.node, pull: false});
  });

  after(async function () {
    this.timeout(60_000);
    for (const b of blockers) b.close();
    if (image?.source === 'built') await engine.removeImage(image.image);
    if (network) await engine.removeNetwork(network);
    if (dir) rmSync(dir, {force: true, recursive: true});
  });

  async function project(hostPort: number): Promise<ComposeProject & {id: string}> {
    const id = `echo-${suffix()}`;
    const file = join(dir, `${id}.yml`);
    writeFileSync(
      file,
      composeYaml({
        cloneId: id,
        databaseUrl: 'postgres://postgres@nowhere:5432/clone_x',
        healthInterval: 1,
        images: {backend: image.ref},
        manifest,
        mode: 'api',
        ports: {backend: hostPort},
        redisPrefix: `${id}:`,
        redisUrl: 'redis://nowhere:6379',
        secrets: {control: 'c0ntrol', jwt: 'jwt-secret'},
        sharedNetwork: network,
      }),
    );
    return {cloneId: id, file, id, name: projectName(id)};
  }

  async function leftovers(id: string) {
    const label = {[LABELS.clone]: id};
    return {containers: await engine.listContainers(label), networks: await engine.listNetworks(label), volumes: await engine.listVolumes(label)};
  }

  it(`builds from a bundled entry, comes up healthy with the clone's environment, stops, starts, and goes down without a trace`, async function () {
    this.timeout(240_000);
    expect(image.ref).to.match(/^sha256:[0-9a-f]{64}$/);
    const port = await freePort();
    const p = await project(port);
    await compose.up(p);
    try {
      const made = await leftovers(p.id);
      expect(made.containers).to.have.length(1);
      expect(made.volumes).to.have.length(1);
      expect(made.networks).to.have.length(1);
      expect(made.containers[0]!.labels[LABELS.template]).to.equal('echo');
      await until(async () => (await compose.ps(p))[0]?.health === 'healthy', 60_000, 'a healthy container');
      const [svc] = await compose.ps(p);
      expect(svc!.service).to.equal('backend');
      expect(svc!.ports['8080/tcp']).to.deep.equal([{hostIp: '127.0.0.1', hostPort: port}]);
      const env = (await (await fetch(`http://127.0.0.1:${port}/env`)).json()) as Record<string, string>;
      expect(env).to.include({ASYM_CLONE_ID: p.id, ASYM_CONTROL_TOKEN: 'c0ntrol', HOST: '0.0.0.0', JWT_SECRET: 'jwt-secret', PORT: '8080', REDIS_PREFIX: `${p.id}:`});
      expect(env.DATABASE_URL).to.equal('postgres://postgres@nowhere:5432/clone_x');

      await compose.stop(p);
      expect((await compose.ps(p)).map((s) => s.running)).to.deep.equal([false]);
      await compose.start(p);
      await until(async () => (await fetch(`http://127.0.0.1:${port}/health`)).ok, 30_000, 'the service after start');
      expect(await compose.logs(p)).to.be.a('string');
    } finally {
      await compose.down(p);
    }
    expect(await leftovers(p.id)).to.deep.equal({containers: [], networks: [], volumes: []});
  });

  it('tears a failed `up` down before throwing CLONE_START_FAILED', async function () {
    this.timeout(120_000);
    const port = await freePort();
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
    blockers.push(blocker);
    const p = await project(port);
    const err = await compose.up(p).catch((e: unknown) => e);
    expect(isErrorCode(err, 'CLONE_START_FAILED'), String(err)).to.equal(true);
    expect((err as Error).message).to.include(p.id);
    expect(await leftovers(p.id)).to.deep.equal({containers: [], networks: [], volumes: []});
  });
});
