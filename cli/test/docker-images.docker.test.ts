import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {TemplateManifest} from '@asym/contract';
import {expect} from 'chai';
import pg from 'pg';

import {detectCompose, projectName} from '../src/providers/docker/compose.js';
import {composeYaml} from '../src/providers/docker/compose-file.js';
import {type DockerEngine} from '../src/providers/docker/engine.js';
import {resolveServiceImage, type ServiceImage, type TemplateSource} from '../src/providers/docker/images.js';
import {LABELS} from '../src/providers/docker/labels.js';
import {ensureSharedInfra, removeSharedInfra, type SharedInfra, type SharedInfraOptions} from '../src/providers/docker/shared-infra.js';
import {freePort, repoRoot, requireDocker, suffix, until} from './docker-support.js';

const slackRoot = join(repoRoot, 'plugins/slack');

describe('docker images of a template', () => {
  let engine: DockerEngine;
  let nodeImage: string;
  let slack: TemplateSource;
  let infraOpts: SharedInfraOptions;
  let infra: SharedInfra;
  let built: ServiceImage | undefined;
  let dir: string;

  before(async function () {
    const ready = await requireDocker(this);
    engine = ready.engine;
    nodeImage = ready.images.node;
    if (!existsSync(join(slackRoot, 'dist/backend.js'))) throw new Error('the slack bundle is missing: pnpm --filter @asym/template-slack build');
    dir = mkdtempSync(join(tmpdir(), 'asym-images-test-'));
    // A snapshot of the template: its bundle may be rebuilt by someone else while the suite runs.
    const root = join(dir, 'slack');
    for (const f of ['clone.manifest.json', 'package.json', 'dist/backend.js', 'migrations']) cpSync(join(slackRoot, f), join(root, f), {recursive: true});
    slack = {manifest: TemplateManifest.parse(JSON.parse(readFileSync(join(root, 'clone.manifest.json'), 'utf8'))), name: 'slack', root};
    const s = suffix();
    infraOpts = {engine, images: ready.images, network: `asym-test-net-${s}`, postgresName: `asym-test-pg-${s}`, redisName: `asym-test-redis-${s}`};
    infra = await ensureSharedInfra(infraOpts);
  });

  after(async function () {
    this.timeout(60_000);
    if (built?.source === 'built') await engine.removeImage(built.image);
    if (infraOpts) await removeSharedInfra(infraOpts, {volumes: true});
    if (dir) rmSync(dir, {force: true, recursive: true});
  });

  it('builds the backend from the bundle when its image cannot be pulled, pinned by image id, and reuses it', async function () {
    this.timeout(180_000);
    built = await resolveServiceImage(slack, 'backend', {cloneId: 'slack-test', engine, nodeImage});
    expect(built.source).to.be.oneOf(['built', 'cached']);
    expect(built.ref).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(built.image).to.match(/^asym-template\/slack-backend:[0-9a-f]{16}$/);
    const info = await engine.inspectImage(built.ref);
    expect(info!.labels[LABELS.template]).to.equal('slack');
    const again = await resolveServiceImage(slack, 'backend', {engine, nodeImage});
    expect(again).to.include({ref: built.ref, source: 'cached'});
    const pinned = await resolveServiceImage(slack, 'backend', {engine, nodeImage, pinned: built.ref});
    expect(pinned).to.include({ref: built.ref, source: 'pinned'});
  });

  it('runs the slack bundle against the shared Postgres and answers /_asym/health', async function () {
    this.timeout(180_000);
    const image = built ?? (await resolveServiceImage(slack, 'backend', {engine, nodeImage}));
    const id = `slack-${suffix()}`;
    const database = `clone_${id.replaceAll('-', '_')}`;
    const admin = new pg.Client({connectionString: infra.postgres.adminUrl});
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const port = await freePort();
    const file = join(dir, `${id}.yml`);
    writeFileSync(
      file,
      composeYaml({
        cloneId: id,
        databaseUrl: infra.postgres.internalUrl(database),
        images: {backend: image.ref},
        manifest: slack.manifest,
        mode: 'api',
        ports: {backend: port},
        redisPrefix: `${id}:`,
        redisUrl: infra.redis.internalUrl,
        secrets: {control: 'ctl', jwt: 'jwt'},
        sharedNetwork: infra.network,
      }),
    );
    const compose = await detectCompose(engine);
    const project = {cloneId: id, file, name: projectName(id)};
    try {
      await compose.up(project);
      let body: {ok?: boolean; cloneId?: string; template?: string} = {};
      await until(
        async () => {
          const r = await fetch(`http://127.0.0.1:${port}/_asym/health`);
          body = (await r.json()) as typeof body;
          return r.ok;
        },
        60_000,
        'the slack backend to answer its health path',
      );
      expect(body).to.deep.equal({cloneId: id, ok: true, template: 'slack'});
      const sessions = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
      expect(sessions.rows[0].n).to.be.greaterThan(0);
    } finally {
      await compose.down(project);
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('builds a service from its build context on the configured node image', async function () {
    this.timeout(120_000);
    const root = join(dir, `web-${suffix()}`);
    mkdirSync(join(root, 'web'), {recursive: true});
    writeFileSync(join(root, 'web/Dockerfile'), 'ARG NODE_IMAGE\nFROM ${NODE_IMAGE}\nCOPY server.js /srv/server.js\nCMD ["node", "/srv/server.js"]\n');
    writeFileSync(join(root, 'web/server.js'), `// ${suffix()}\n`);
    const manifest = TemplateManifest.parse({
      database: {migrations: './migrations'},
      displayName: 'Web',
      engine: '^1.0.0',
      modes: {full: ['backend', 'frontend']},
      name: 'web',
      realProduct: 'web',
      services: {backend: {entry: './dist/backend.js', health: '/', port: 3000}, frontend: {build: './web', health: '/', port: 5173}},
    });
    const img = await resolveServiceImage({manifest, name: 'web', root}, 'frontend', {engine, nodeImage, pull: false});
    try {
      expect(img.source).to.equal('built');
      expect(img.ref).to.match(/^sha256:/);
      expect((await engine.inspectImage(img.ref))!.labels[LABELS.template]).to.equal('web');
      expect((await resolveServiceImage({manifest, name: 'web', root}, 'frontend', {engine, nodeImage, pull: false})).source).to.equal('cached');
    } finally {
      await engine.removeImage(img.image);
    }
  });
});
