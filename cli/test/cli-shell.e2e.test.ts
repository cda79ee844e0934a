import {expect} from 'chai';
import {chmodSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import {runCli} from './helpers/cli.js';
import {tempHome} from './helpers/home.js';

describe('the CLI shell (built CLI as a subprocess)', function () {
  this.timeout(60_000);
  let h: ReturnType<typeof tempHome>;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    h = tempHome();
    env = {ASYM_HOME: h.home};
  });
  afterEach(() => h.cleanup());

  it('status --json on an empty ASYM_HOME prints []', async () => {
    const r = await runCli(['status', '--json'], env);
    expect(r.code).to.equal(0);
    expect(r.json()).to.deep.equal([]);
  });

  it('status on a v1 registry shows the upgraded environments and writes v2 (0600)', async () => {
    const now = '2026-01-01T00:00:00.000Z';
    const clone = (id: string, group?: string) => ({composeProject: `asym-${id}`, createdAt: now, database: `clone_${id.replaceAll('-', '_')}`, id, mode: 'api', ports: {backend: 1}, redisPrefix: `${id}:`, state: 'stopped', template: 'slack', updatedAt: now, ...(group ? {group} : {})});
    writeFileSync(join(h.home, 'registry.json'), JSON.stringify({clones: [clone('slack-aaaa', 'acme'), clone('slack-bbbb')], groups: [{members: ['slack-bbbb'], name: 'acme'}], version: 1}));
    const r = await runCli(['status', '--json'], env);
    expect(r.code, r.stderr).to.equal(0);
    const envs = Object.fromEntries(r.json<Array<{id: string; environment: string}>>().map((s) => [s.id, s.environment]));
    expect(envs).to.deep.equal({'slack-aaaa': 'acme', 'slack-bbbb': 'acme'});
    const file = join(h.home, 'registry.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).version).to.equal(2);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
  });

  it('a corrupt registry: status names REGISTRY_CORRUPT and doctor; doctor --fix keeps a backup and rebuilds', async () => {
    const file = join(h.home, 'registry.json');
    writeFileSync(file, '{"version": 2, "clones": [}', {mode: 0o600});
    const s = await runCli(['status'], env);
    expect(s.code).to.equal(1);
    expect(s.stderr).to.include('Local registry is corrupt').and.include('asym doctor').and.include('REGISTRY_CORRUPT');
    expect(s.stderr).to.not.match(/\n\s+at /);
    const d = await runCli(['doctor', '--json'], env);
    expect(d.code).to.equal(1);
    expect(d.json<{ok: boolean}>().ok).to.equal(false);
    expect(readFileSync(file, 'utf8')).to.equal('{"version": 2, "clones": [}');
    const fix = await runCli(['doctor', '--fix'], env);
    expect(fix.stdout).to.include('rebuilt');
    const backups = readdirSync(h.home).filter((f) => f.startsWith('registry.json.corrupt-'));
    expect(backups).to.have.length(1);
    expect(readFileSync(join(h.home, backups[0]!), 'utf8')).to.equal('{"version": 2, "clones": [}');
    expect((await runCli(['status', '--json'], env)).json()).to.deep.equal([]);
  });

  it('a registry from a newer CLI is refused and left untouched', async () => {
    const text = JSON.stringify({clones: [], environments: [], version: 9});
    writeFileSync(join(h.home, 'registry.json'), text);
    const r = await runCli(['status', '--json'], env);
    expect(r.code).to.equal(1);
    expect(r.json<{error: {code: string}}>().error.code).to.equal('REGISTRY_TOO_NEW');
    expect(readFileSync(join(h.home, 'registry.json'), 'utf8')).to.equal(text);
  });

  it('an unknown command suggests the closest one', async () => {
    const r = await runCli(['stauts'], env);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include('Did you mean "status"').and.include('UNKNOWN_COMMAND');
    const j = await runCli(['stauts', '--json'], env);
    expect(j.code).to.equal(1);
    expect(j.json<{error: {code: string}}>().error.code).to.equal('UNKNOWN_COMMAND');
  });

  it('an unexpected error exits 2 with one line and no stack trace (fault injected by ASYM_TEST_FAULT)', async () => {
    const r = await runCli(['status'], {...env, ASYM_TEST_FAULT: 'unexpected'});
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include('Unexpected error').and.include('--debug');
    expect(r.stderr).to.not.match(/\n\s+at /);
    const j = await runCli(['status', '--json'], {...env, ASYM_TEST_FAULT: 'unexpected'});
    expect(j.code).to.equal(2);
    expect(j.json<{error: {code: string}}>().error.code).to.equal('UNEXPECTED');
    const d = await runCli(['status', '--debug'], {...env, ASYM_TEST_FAULT: 'unexpected'});
    expect(d.stderr).to.match(/\n\s+at /);
  });

  it('config set validates and names the fix; nothing is written on a bad value', async () => {
    expect((await runCli(['config', 'set', 'portRange', '4000-4999'], env)).code).to.equal(0);
    const bad = await runCli(['config', 'set', 'portRange', '5000-4000', '--json'], env);
    expect(bad.code).to.equal(1);
    expect(bad.json<{error: {code: string; message: string}}>().error.message).to.include('portRange').and.include('asym config set portRange');
    const unknown = await runCli(['config', 'set', 'colour', 'blue'], env);
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.include('Unknown setting "colour"');
    const got = await runCli(['config', 'get', 'portRange', '--json'], env);
    expect(got.json()).to.deep.equal({key: 'portRange', value: {from: 4000, to: 4999}});
    const list = await runCli(['config', 'list', '--json'], env);
    expect(list.json<Array<{key: string; source: string}>>().find((r) => r.key === 'portRange')?.source).to.equal('file');
  });

  it('a broken config.json is a named error naming the file', async () => {
    writeFileSync(join(h.home, 'config.json'), '{"portRange": "wide"}');
    const r = await runCli(['doctor'], env);
    expect(r.code).to.equal(1);
    expect(r.stdout).to.include('config.json is invalid').and.include('portRange');
  });

  it('an unwritable ASYM_HOME is a named error', async () => {
    const file = join(h.home, 'not-a-dir');
    writeFileSync(file, 'x');
    const r = await runCli(['config', 'set', 'provider', 'process'], {ASYM_HOME: file});
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include('Cannot write to ASYM_HOME').and.include('HOME_UNWRITABLE');
    if (process.getuid?.() !== 0) {
      chmodSync(h.home, 0o500);
      const ro = await runCli(['config', 'set', 'provider', 'process'], env);
      chmodSync(h.home, 0o700);
      expect(ro.stderr).to.include('HOME_UNWRITABLE');
    }
  });

  it('a bad flag is a usage error with exit 1, not a crash', async () => {
    const r = await runCli(['status', '--frobnicate', '--json'], env);
    expect(r.code).to.equal(1);
    expect(r.json<{error: {code: string}}>().error.code).to.equal('INVALID_INPUT');
  });

  it('--help explains a command with examples', async () => {
    const r = await runCli(['spin', '--help'], env);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.include('--seed').and.include('EXAMPLES').and.include('--json');
  });
});
