import {expect} from 'chai';
import {execFile} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {runConformance} from '../../plugins/kit/src/conformance.js';
import {CLI} from './helpers/cli.js';
import {cliWorld, pluginIsolation} from './helpers/world.js';

// The example template is this scaffold's output checked in; its node_modules hold the scaffold's dev tools.
const repo = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const exampleModules = fileURLToPath(new URL('../../examples/template-example/node_modules', import.meta.url));

function sh(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{code: number; out: string}> {
  return new Promise((resolve) => {
    execFile(cmd, args, {cwd, env: {...process.env, ...env}, maxBuffer: 16 * 1024 * 1024, timeout: 180_000}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: `${stdout}\n${stderr}`});
    });
  });
}

describe('template init: scaffold → build → spin → the kit conformance suite passes', function () {
  this.timeout(180_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let tmp: string;
  let dir: string;
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'asym-scaffold-'));
    dir = join(tmp, 'work', 'notes');
    world = await cliWorld(pluginIsolation(tmp));
  });
  after(async () => {
    await world?.cleanup();
    rmSync(tmp, {force: true, recursive: true});
  });

  it('scaffolds the template plugin, and refuses a non-empty directory with TEMPLATE_DIR_NOT_EMPTY', async () => {
    const r = await world.run(['template', 'init', 'notes', '--dir', dir, '--json']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    const res = r.json<{name: string; dir: string; package: string; files: string[]}>();
    expect(res).to.include({dir, name: 'notes', package: 'asym-template-notes'});
    expect(res.files).to.include.members(['clone.manifest.json', 'migrations/001_init.sql', 'seeds/starter.sql', 'src/backend/app.ts', 'src/hooks/templates.ts', 'test/conformance.test.ts', 'package.json']);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.oclif.hooks['asymmetric:templates']).to.equal('./dist/hooks/templates.js');
    expect(pkg.scripts.build).to.be.a('string');

    const again = await world.run(['template', 'init', 'notes', '--dir', dir, '--json']);
    expect(again.code).to.equal(1);
    expect(again.json<{error: {code: string; message: string}}>().error.code).to.equal('TEMPLATE_DIR_NOT_EMPTY');
    const bad = await world.run(['template', 'init', 'Not_A_Name', '--dir', join(tmp, 'bad'), '--json']);
    expect(bad.json<{error: {code: string}}>().error.code).to.equal('INVALID_INPUT');
    expect(existsSync(join(tmp, 'bad'))).to.equal(false);
  });

  it("run from a checkout, its @asym dependencies are the checkout's packages, and npm install resolves them", async () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {devDependencies: Record<string, string>};
    expect(pkg.devDependencies['@asym/contract']).to.equal(`file:${join(repo, 'contract')}`);
    expect(pkg.devDependencies['@asym/template-kit']).to.equal(`file:${join(repo, 'plugins', 'kit')}`);
    // The real npm install of those two (the scaffold's other tools come from the public registry).
    const probe = join(tmp, 'npm-probe');
    mkdirSync(probe);
    const only = {devDependencies: {'@asym/contract': pkg.devDependencies['@asym/contract'], '@asym/template-kit': pkg.devDependencies['@asym/template-kit']}, name: 'probe', version: '0.0.0'};
    writeFileSync(join(probe, 'package.json'), JSON.stringify(only));
    const install = await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], probe, {});
    expect(install.code, install.out).to.equal(0);
    expect(realpathSync(join(probe, 'node_modules', '@asym', 'template-kit'))).to.equal(realpathSync(join(repo, 'plugins', 'kit')));
  });

  it('template init slack warns that it shadows a core template', async () => {
    const r = await world.run(['template', 'init', 'slack', '--dir', join(tmp, 'shadow')]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.include('"slack" is already a template of this CLI');
  });

  it('builds and typechecks as generated', async () => {
    // Offline stand-in for `npm install`: the dev dependencies from the workspace, one directory up.
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {devDependencies: Record<string, string>};
    for (const dep of Object.keys(pkg.devDependencies)) {
      const link = join(tmp, 'work', 'node_modules', dep);
      mkdirSync(dirname(link), {recursive: true});
      symlinkSync(realpathSync(join(exampleModules, dep)), link);
      const {bin} = JSON.parse(readFileSync(join(link, 'package.json'), 'utf8')) as {bin?: string | Record<string, string>};
      const bins = typeof bin === 'string' ? {[dep.split('/').pop()!]: bin} : (bin ?? {});
      mkdirSync(join(tmp, 'work', 'node_modules', '.bin'), {recursive: true});
      for (const [name, file] of Object.entries(bins)) symlinkSync(join(link, file), join(tmp, 'work', 'node_modules', '.bin', name));
    }
    const build = await sh('npm', ['run', 'build'], dir, {});
    expect(build.code, build.out).to.equal(0);
    expect(existsSync(join(dir, 'dist', 'backend.js'))).to.equal(true);
    expect(existsSync(join(dir, 'dist', 'hooks', 'templates.js'))).to.equal(true);
    const types = await sh('npm', ['run', 'typecheck'], dir, {});
    expect(types.code, types.out).to.equal(0);
  });

  it('links and spins through its plugin hook', async () => {
    const link = await world.run(['plugins', 'link', dir, '--no-install']);
    expect(link.code, link.stderr).to.equal(0);
    const ls = await world.run(['ls', '--templates', '--json']);
    expect(ls.json<{templates: Array<{name: string; source: string}>}>().templates.find((t) => t.name === 'notes')).to.include({source: 'linked'});
    const spin = await world.run(['spin', 'notes', '--json']);
    expect(spin.code, spin.stderr + spin.stdout).to.equal(0);
    const [clone] = spin.json<Array<{id: string; tokens: {apiKey: string}; endpoints: {api: string}}>>();
    const res = await fetch(`${clone!.endpoints.api}/notes`, {headers: {authorization: `Bearer ${clone!.tokens.apiKey}`}});
    expect(res.status).to.equal(200);
    expect(((await res.json()) as {data: unknown[]}).data).to.have.length(3);
    expect((await fetch(`${clone!.endpoints.api}/notes`)).status).to.equal(401);
    expect((await world.run(['destroy', clone!.id, '--force'])).code).to.equal(0);
    expect((await world.run(['plugins', 'unlink', dir])).code).to.equal(0);
  });

  it("its conformance test (the kit's suite) passes: npm test", async () => {
    // No ASYM_CLI: the scaffold runs the CLI that made it.
    const r = await sh('npm', ['test'], dir, {...world.env, ASYM_CLI: undefined});
    expect(r.code, r.out).to.equal(0);
    expect(r.out).to.match(/\b7 passing/).and.not.match(/failing/);
    expect(r.out).to.not.match(/failing/);
  });

  it('the conformance suite catches a template that accepts any credential', async () => {
    const results = await runConformance({authenticate: async () => true, cli: CLI, env: world.env, root: dir});
    const failed = results.filter((r) => !r.ok).map((r) => r.name);
    expect(failed).to.deep.equal(['bad credentials are refused', 'two clones are isolated']);
    expect(results.find((r) => r.name === 'bad credentials are refused')?.error?.message).to.match(/accepted a bad credential/);
  });
});
