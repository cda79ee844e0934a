import {expect} from 'chai';
import {readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import {isErrorCode} from '@asym/contract';

import {readQuarantine, RegistryStore} from '../src/registry/store.js';
import {tempHome} from './helpers/home.js';

const record = (id: string, extra: Record<string, unknown> = {}) => ({
  composeProject: `asym-${id}`,
  createdAt: '2026-01-01T00:00:00.000Z',
  database: `clone_${id.replaceAll('-', '_')}`,
  id,
  mode: 'api',
  ports: {backend: 3001},
  redisPrefix: `${id}:`,
  state: 'running',
  template: 'slack',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('registry', () => {
  let h: ReturnType<typeof tempHome>;
  beforeEach(() => (h = tempHome()));
  afterEach(() => h.cleanup());

  it('reads an absent registry as empty v2 and writes it with mode 0600', async () => {
    const store = new RegistryStore(h.home);
    expect(await store.read()).to.deep.equal({clones: [], environments: [], version: 2});
    await store.update((r) => void r.clones.push(record('slack-a1b2') as never));
    expect(statSync(store.file).mode & 0o777).to.equal(0o600);
    expect(JSON.parse(readFileSync(store.file, 'utf8')).clones).to.have.length(1);
  });

  it('opens a v1 file as v2, keeping every membership, and writes it back as v2', async () => {
    const file = join(h.home, 'registry.json');
    const v1 = {
      clones: [record('slack-a1b2', {group: 'acme'}), record('stripe-c3d4', {group: 'beta'}), record('notion-e5f6')],
      groups: [{createdAt: '2025-01-01T00:00:00.000Z', members: ['slack-a1b2', 'notion-e5f6'], name: 'acme'}],
      version: 1,
    };
    writeFileSync(file, JSON.stringify(v1));
    const reg = await new RegistryStore(h.home).read();
    expect(reg.version).to.equal(2);
    const acme = reg.environments.find((e) => e.name === 'acme')!;
    expect(acme.members).to.have.members(['slack-a1b2', 'notion-e5f6']);
    expect(acme.members).to.have.length(2);
    expect(acme.spec).to.equal(null);
    expect(acme.createdAt).to.equal('2025-01-01T00:00:00.000Z');
    expect(reg.environments.find((e) => e.name === 'beta')!.members).to.deep.equal(['stripe-c3d4']);
    expect(reg.clones.every((c) => !('group' in c))).to.equal(true);
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(onDisk.version).to.equal(2);
    expect(onDisk).to.not.have.property('groups');
  });

  it('treats a file without a version as v1', async () => {
    writeFileSync(join(h.home, 'registry.json'), JSON.stringify({clones: [record('slack-a1b2', {group: 'g'})]}));
    const reg = await new RegistryStore(h.home).read();
    expect(reg.environments.map((e) => [e.name, e.members])).to.deep.equal([['g', ['slack-a1b2']]]);
  });

  it('refuses a corrupt file with REGISTRY_CORRUPT and leaves it untouched', async () => {
    const file = join(h.home, 'registry.json');
    writeFileSync(file, '{"version": 2, "clones": [');
    const err = await new RegistryStore(h.home).read().catch((e) => e);
    expect(isErrorCode(err, 'REGISTRY_CORRUPT')).to.equal(true);
    expect(err.message).to.include('asym doctor');
    await new RegistryStore(h.home).update(() => {}).catch(() => {});
    expect(readFileSync(file, 'utf8')).to.equal('{"version": 2, "clones": [');
  });

  it('quarantines one bad record, naming the dot-path of its wrong type, and keeps the others', async () => {
    writeFileSync(join(h.home, 'registry.json'), JSON.stringify({clones: [record('a-1', {ports: {backend: 'x'}}), record('b-2')], environments: [], version: 2}));
    const reg = await new RegistryStore(h.home).read();
    expect(reg.clones.map((c) => c.id)).to.deep.equal(['b-2']);
    const q = readQuarantine(h.home);
    expect(q.map((x) => (x.record as {id: string}).id)).to.deep.equal(['a-1']);
    expect(q[0]!.problem).to.include('ports.backend');
  });

  it('fills fields derived from the id instead of calling the registry corrupt', async () => {
    const {composeProject: _c, database: _d, redisPrefix: _r, ...bare} = record('old-1');
    writeFileSync(join(h.home, 'registry.json'), JSON.stringify({clones: [bare], environments: [], version: 2}));
    const [r] = (await new RegistryStore(h.home).read()).clones;
    expect([r!.composeProject, r!.database, r!.redisPrefix]).to.deep.equal(['asym-old-1', 'clone_old_1', 'old-1:']);
    expect(readQuarantine(h.home)).to.deep.equal([]);
  });

  it('refuses a registry from a newer CLI with REGISTRY_TOO_NEW and never rewrites it', async () => {
    const file = join(h.home, 'registry.json');
    const text = JSON.stringify({clones: [], environments: [], future: true, version: 3});
    writeFileSync(file, text);
    const err = await new RegistryStore(h.home).update(() => {}).catch((e) => e);
    expect(err.code).to.equal('REGISTRY_TOO_NEW');
    expect(readFileSync(file, 'utf8')).to.equal(text);
  });
});
