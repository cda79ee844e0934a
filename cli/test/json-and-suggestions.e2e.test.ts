import {expect} from 'chai';

import {runCli} from './helpers/cli.js';
import {tempHome} from './helpers/home.js';
import {pluginIsolation} from './helpers/world.js';

/** oclif's own commands answer JSON with --json, and every mistake names its fix (no TTY: scripts and agents). */
describe('JSON from oclif builtins, and suggestions for typos', function () {
  this.timeout(60_000);
  const h = tempHome('asym-json-');
  const env = {ASYM_HOME: h.home};
  after(async () => h.cleanup());

  it('--version --json gives the name and version', async () => {
    const r = await runCli(['--version', '--json'], env);
    expect(r.code).to.equal(0);
    expect(r.json()).to.include({name: '@asym/cli', bin: 'asymmetric'}).and.to.have.property('version').that.matches(/^\d+\.\d+\.\d+/);
  });

  it('help --json lists the commands; help spin --json (and spin --help --json) describes one', async () => {
    const all = (await runCli(['help', '--json'], env)).json<{commands: Array<{id: string}>}>();
    expect(all.commands.map((c) => c.id)).to.include.members(['spin', 'env spin', 'doctor']);
    const spin = (await runCli(['help', 'spin', '--json'], env)).json<{id: string; flags: Record<string, unknown>}>();
    expect(spin.id).to.equal('spin');
    expect(spin.flags).to.have.property('seed');
    expect((await runCli(['spin', '--help', '--json'], env)).json()).to.deep.equal(spin);
    const unknown = await runCli(['help', 'spni', '--json'], env);
    expect(unknown.code).to.equal(1);
    expect(unknown.json<{error: {code: string; message: string}}>().error).to.include({code: 'UNKNOWN_COMMAND'});
  });

  it('a mistyped command with arguments suggests the command with them: spn slack → spin slack', async () => {
    const r = await runCli(['spn', 'slack', '--json'], env);
    expect(r.code).to.equal(1);
    expect(r.json<{error: {message: string}}>().error.message).to.include('Did you mean "spin slack"?');
  });

  it('an unknown flag suggests the nearest flag of that command', async () => {
    const r = await runCli(['spin', 'slack', '--sed', 'acme-corp'], env);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include('Did you mean --seed?');
  });

  it('destroy of an unknown clone is CLONE_NOT_FOUND, not a request to confirm', async () => {
    const r = await runCli(['destroy', 'slack-zzzz', '--json'], env);
    expect(r.code).to.equal(1);
    expect(r.json<{error: {code: string}}>().error.code).to.equal('CLONE_NOT_FOUND');
  });

  it('config list shows portRange as config set takes it', async () => {
    expect((await runCli(['config', 'set', 'portRange', '4100-4199'], env)).code).to.equal(0);
    const r = await runCli(['config', 'list'], env);
    expect(r.stdout).to.match(/portRange\s+4100-4199\s+file/);
  });

  // A registry that refuses connections (nothing listens on port 9 of 127.0.0.1): no network needed.
  const offline = {ASYMMETRIC_NPM_REGISTRY: 'http://127.0.0.1:9/', ASYM_WORKSPACE_TEMPLATES: '0', npm_config_fetch_retries: '0'};

  it('an installed CLI suggests the install command with the registry it would use', async () => {
    const r = await runCli(['spin', 'linear', '--json'], {...env, ...pluginIsolation(h.home), ...offline});
    expect(r.code).to.equal(1);
    const msg = JSON.stringify(r.json());
    expect(msg).to.include('TEMPLATE_NOT_FOUND').and.to.include('asymmetric plugins install @asym/template-linear (from http://127.0.0.1:9/');
  });

  it('a failed plugins install is PLUGIN_INSTALL_FAILED, exit 1, naming the registry and the fix', async () => {
    const r = await runCli(['plugins', 'install', '@asym/template-linear', '--json'], {...env, ...pluginIsolation(h.home), ...offline});
    expect(r.code).to.equal(1);
    const {error} = r.json<{error: {code: string; message: string; exitCode: number}}>();
    expect(error).to.include({code: 'PLUGIN_INSTALL_FAILED', exitCode: 1});
    expect(error.message).to.include('from http://127.0.0.1:9/').and.to.include('ASYMMETRIC_NPM_REGISTRY');
  });
});
