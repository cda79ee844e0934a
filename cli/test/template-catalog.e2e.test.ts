import {expect} from 'chai';
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {cliWorld, pluginIsolation} from './helpers/world.js';

const slackRoot = fileURLToPath(new URL('../../plugins/slack', import.meta.url));

type Ls = {templates: Array<{name: string; version: string; source: string; plugin: string}>; problems: Array<{plugin: string; code: string; message: string}>};
type Err = {error: {code: string; message: string}};

/** A template plugin with no dependencies: a package.json, a plain-JS hook and a manifest. */
function plugin(dir: string, pkg: {name: string; version: string}, manifest: unknown): string {
  mkdirSync(dir, {recursive: true});
  writeFileSync(join(dir, 'package.json'), JSON.stringify({...pkg, oclif: {hooks: {'asymmetric:templates': './hook.js'}}, type: 'module'}, null, 2));
  writeFileSync(
    join(dir, 'hook.js'),
    `import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
const root = fileURLToPath(new URL('.', import.meta.url));
export default async () => ({root, manifest: JSON.parse(readFileSync(root + 'clone.manifest.json', 'utf8'))});
`,
  );
  writeFileSync(join(dir, 'clone.manifest.json'), typeof manifest === 'string' ? manifest : JSON.stringify(manifest, null, 2));
  return dir;
}

const manifest = (name: string, engine: string) => ({
  database: {migrations: './migrations'},
  displayName: name,
  engine,
  modes: {api: ['backend']},
  name,
  realProduct: name,
  services: {backend: {entry: './backend.js', health: '/_asym/health', port: 3000}},
});

describe('template catalog: installed and linked plugins, broken ones, precedence, uninstall', function () {
  this.timeout(120_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let tmp: string;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'asym-catalog-'));
    world = await cliWorld(pluginIsolation(tmp));
  });
  after(async () => {
    await world?.cleanup();
    rmSync(tmp, {force: true, recursive: true});
  });

  const ls = async () => {
    const r = await world.run(['ls', '--templates', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    return r.json<Ls>();
  };

  it('a first-party template that is not installed: TEMPLATE_NOT_FOUND with the exact install command', async () => {
    // As an installed CLI sees it: a checkout would find the workspace's linear template.
    const r = await world.run(['spin', 'linear', '--json'], {ASYM_WORKSPACE_TEMPLATES: '0'});
    expect(r.code).to.equal(1);
    const err = r.json<Err>().error;
    expect(err.code).to.equal('TEMPLATE_NOT_FOUND');
    // …and the registry that plugins install would ask (npm's configured one, read at run time).
    expect(err.message).to.match(/^Unknown template "linear"\. Install it: asymmetric plugins install @asym\/template-linear \(from \S+; ASYMMETRIC_NPM_REGISTRY picks another registry\)$/);
    const other = await world.run(['spin', 'nosuch', '--json']);
    expect(other.json<Err>().error.message).to.equal('Unknown template "nosuch". List templates: asym ls --templates');
  });

  it('the core templates are slack and stripe', async () => {
    const {problems, templates} = await ls();
    expect(templates.filter((t) => t.source === 'core').map((t) => t.name)).to.deep.equal(['slack', 'stripe']);
    expect(problems).to.deep.equal([]);
  });

  it('an incompatible engine range and a broken manifest each give their named error; the rest of the catalog works', async () => {
    const future = plugin(join(tmp, 'future'), {name: 'asym-template-future', version: '1.0.0'}, manifest('future', '^2.0.0'));
    const broken = plugin(join(tmp, 'broken'), {name: 'asym-template-broken', version: '1.0.0'}, {...manifest('broken', '^1.0.0'), modes: {api: ['frontend']}, services: undefined});
    const garbled = plugin(join(tmp, 'garbled'), {name: 'asym-template-garbled', version: '1.0.0'}, '{"name": "garbled",');
    for (const dir of [future, broken, garbled]) {
      const r = await world.run(['plugins', 'link', dir, '--no-install']);
      expect(r.code, r.stderr).to.equal(0);
    }
    // Without the test helpers' switch, the CLI itself keeps oclif's linked-ESM warning out (issue 24).
    const quiet = await world.run(['ls', '--templates', '--json'], {OCLIF_DISABLE_LINKED_ESM_WARNING: ''});
    expect(quiet.stderr).to.not.include('auto-transpiled');
    const {problems, templates} = await ls();
    expect(templates.map((t) => t.name)).to.include.members(['slack', 'stripe']);
    expect(templates.map((t) => t.name)).to.not.include.members(['future', 'broken', 'garbled']);
    const byPlugin = Object.fromEntries(problems.map((p) => [p.plugin, p]));
    expect(byPlugin['asym-template-future']?.code).to.equal('TEMPLATE_INCOMPATIBLE');
    expect(byPlugin['asym-template-future']?.message).to.include('^2.0.0').and.include('1.0.0');
    expect(byPlugin['asym-template-broken']?.code).to.equal('MANIFEST_INVALID');
    expect(byPlugin['asym-template-broken']?.message).to.include('services');
    expect(byPlugin['asym-template-garbled']?.code).to.equal('MANIFEST_INVALID');

    const incompatible = await world.run(['spin', 'future', '--json']);
    expect(incompatible.code).to.equal(1);
    expect(incompatible.json<Err>().error.code).to.equal('TEMPLATE_INCOMPATIBLE');
    expect(incompatible.json<Err>().error.message).to.equal('Template "future" supports engine ^2.0.0, but this asymmetric speaks contract 1.0.0. Install a matching version of the template or of asymmetric.');
    const invalid = await world.run(['spin', 'broken', '--json']);
    expect(invalid.code).to.equal(1);
    expect(invalid.json<Err>().error.code).to.equal('MANIFEST_INVALID');

    // The rest of the catalog still spins.
    const ok = await world.run(['spin', 'slack', '--json']);
    expect(ok.code, ok.stderr + ok.stdout).to.equal(0);
    const [clone] = ok.json<Array<{id: string; tokens: {botToken: string}; endpoints: {api: string}}>>();
    const auth = await fetch(`${clone!.endpoints.api}/auth.test`, {headers: {authorization: `Bearer ${clone!.tokens.botToken}`}, method: 'POST'});
    expect(((await auth.json()) as {ok: boolean}).ok).to.equal(true);
    expect((await world.run(['destroy', clone!.id, '--force'])).code).to.equal(0);

    for (const dir of [future, broken, garbled]) expect((await world.run(['plugins', 'unlink', dir])).code).to.equal(0);
    expect((await ls()).problems).to.deep.equal([]);
  });

  it('a user-installed newer version of a first-party template takes precedence; uninstall brings the bundled one back', async () => {
    // A newer @asym/template-slack: the bundled one's files with version 0.2.0.
    const dir = join(tmp, 'slack-next');
    mkdirSync(join(dir, 'dist'), {recursive: true});
    for (const p of ['migrations', 'seeds', 'dist/backend.js']) cpSync(join(slackRoot, p), join(dir, p), {recursive: true});
    const m = JSON.parse(readFileSync(join(slackRoot, 'clone.manifest.json'), 'utf8'));
    delete m.$schema;
    plugin(dir, {name: '@asym/template-slack', version: '0.2.0'}, {...m, version: '0.2.0'});

    const install = await world.run(['plugins', 'install', `file:${dir}`]);
    expect(install.code, install.stderr).to.equal(0);
    let slack = (await ls()).templates.find((t) => t.name === 'slack');
    expect(slack).to.include({plugin: '@asym/template-slack', source: 'installed', version: '0.2.0'});

    const un = await world.run(['plugins', 'uninstall', '@asym/template-slack']);
    expect(un.code, un.stderr).to.equal(0);
    slack = (await ls()).templates.find((t) => t.name === 'slack');
    expect(slack).to.include({source: 'core', version: '0.1.0'});
  });

  it('plugins uninstall removes a third-party template from the catalog', async () => {
    const dir = plugin(join(tmp, 'thing'), {name: 'asym-template-thing', version: '1.0.0'}, manifest('thing', '^1.0.0'));
    const install = await world.run(['plugins', 'install', `file:${dir}`]);
    expect(install.code, install.stderr).to.equal(0);
    const listed = await ls();
    expect(listed.templates.find((t) => t.name === 'thing'), JSON.stringify(listed)).to.include({source: 'installed', version: '1.0.0'});
    expect((await world.run(['plugins', 'uninstall', 'asym-template-thing'])).code).to.equal(0);
    expect((await ls()).templates.map((t) => t.name)).to.not.include('thing');
    const r = await world.run(['spin', 'thing', '--json']);
    expect(r.json<Err>().error.code).to.equal('TEMPLATE_NOT_FOUND');
  });
});
