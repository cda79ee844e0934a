import {WebClient} from '@slack/web-api';
import {expect} from 'chai';
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {delimiter, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import type {CloneInstance} from '@asym/contract';

import {PG_URL, pluginIsolation, REDIS_URL} from './helpers/world.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}
const sh = (file: string, args: string[], opts: {cwd: string; env: NodeJS.ProcessEnv; timeout?: number}): Promise<Run> =>
  new Promise((resolve) => {
    execFile(file, args, {cwd: opts.cwd, env: opts.env, maxBuffer: 50 * 1024 * 1024, timeout: opts.timeout ?? 120_000}, (error, stdout, stderr) =>
      resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr, stdout}),
    );
  });

/**
 * A new user, exactly as the README says: a fresh clone in an empty folder (nothing beside it), the
 * set-up command (minus installing pnpm, which this machine has), then `asym` — found on PATH, run
 * from wherever the user is — through the tour, and the README's SDK snippet against the default seed.
 */
describe('the README, followed from a fresh clone', function () {
  // Installing and building a fresh clone is most of the time (about 2 minutes on an idle 2-core machine).
  this.timeout(900_000);
  const scratch = mkdtempSync(join(tmpdir(), 'asym-readme-'));
  const checkout = join(scratch, 'asymmetric');
  const npmPrefix = join(scratch, 'npm-global');
  const home = join(scratch, 'home');
  const from = 20_000 + Math.floor(Math.random() * 400) * 100;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...pluginIsolation(scratch),
    ASYM_HOME: home,
    ASYM_POSTGRES_URL: PG_URL,
    ASYM_PROVIDER: 'process',
    ASYM_REDIS_URL: REDIS_URL,
    CI: 'true',
    PATH: `${join(npmPrefix, 'bin')}${delimiter}${process.env.PATH}`,
    npm_config_prefix: npmPrefix,
  };
  const asym = (args: string[], cwd = checkout) => sh('asym', args, {cwd, env});

  before(async () => {
    const clone = await sh('git', ['clone', '--quiet', '--no-hardlinks', repo, checkout], {cwd: scratch, env});
    expect(clone.code, clone.stderr).to.equal(0);
    const first = readFileSync(join(checkout, 'README.md'), 'utf8').split('\n').find((l) => l.startsWith('npm install -g pnpm'))!;
    // The README's set-up command, after its pnpm install: each step as written.
    const steps = first.split('#')[0]!.split('&&').map((s) => s.trim()).slice(1);
    expect(steps.slice(0, 3)).to.deep.equal(['pnpm install', 'pnpm build', 'pnpm link-cli']);
    for (const step of steps.slice(0, 3)) {
      const args = step.split(' ').slice(1);
      const r = await sh('pnpm', step === 'pnpm install' ? [...args, '--frozen-lockfile', '--prefer-offline'] : args, {cwd: checkout, env, timeout: 800_000});
      expect(r.code, `${step}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`).to.equal(0);
    }
    expect(steps[3]).to.equal('asym spin slack');
    const set = await asym(['config', 'set', 'portRange', `${from}-${from + 99}`]);
    expect(set.code, set.stderr).to.equal(0);
  });
  after(async () => {
    const list = await asym(['status', '--json']);
    for (const c of list.code === 0 ? (JSON.parse(list.stdout) as Array<{id: string}>) : []) await asym(['destroy', c.id, '--force']);
    rmSync(scratch, {force: true, maxRetries: 5, recursive: true});
  });

  it('asym is on PATH, and the tour runs: spin (default seed), SDK snippet, status, tokens, reset, logs, db, destroy', async () => {
    const spun = await asym(['spin', 'slack', '--json']);
    expect(spun.code, spun.stderr).to.equal(0);
    const clone = (JSON.parse(spun.stdout) as CloneInstance[])[0]!;
    expect(clone.seed).to.deep.equal({fixture: 'acme-corp'});

    // The README's snippet, only the base URL changed.
    const slack = new WebClient(clone.tokens!.botToken!, {retryConfig: {retries: 0}, slackApiUrl: `${clone.endpoints.api}/`});
    const posted = await slack.chat.postMessage({channel: '#general', text: 'hello from a test'});
    expect(posted.ok).to.equal(true);

    const status = await asym(['status', '--json']);
    expect((JSON.parse(status.stdout) as Array<{id: string}>).map((c) => c.id)).to.include(clone.id);
    const tokens = await asym(['tokens', clone.id, '--json']);
    expect(JSON.parse(tokens.stdout)).to.have.property('botToken', clone.tokens!.botToken);
    const reset = await asym(['reset', clone.id]);
    expect(reset.code, reset.stderr).to.equal(0);
    const logs = await asym(['logs', clone.id, '--tail', '20']);
    expect(logs.code, logs.stderr).to.equal(0);
    const db = await asym(['db', clone.id]);
    expect(db.stdout).to.match(/^postgres:\/\/.*\/clone_slack_/);
    const destroyed = await asym(['destroy', clone.id, '--force']);
    expect(destroyed.code, destroyed.stderr).to.equal(0);
  });

  it('from any folder: the environment file resolves against the caller, env reset, ls --templates shows defaults, doctor', async () => {
    const elsewhere = join(scratch, 'my-app');
    mkdirSync(elsewhere);
    const spun = await asym(['env', 'spin', join('..', 'asymmetric', 'examples', 'environments', 'acme.env.yaml'), '--json'], elsewhere);
    expect(spun.code, spun.stderr).to.equal(0);
    const r = JSON.parse(spun.stdout) as {environment: {name: string; spec: string}; clones: CloneInstance[]};
    expect(r.environment.spec).to.equal(join(checkout, 'examples', 'environments', 'acme.env.yaml'));
    expect(r.clones.map((c) => c.template).sort()).to.deep.equal(['slack', 'stripe']);
    const reset = await asym(['env', 'reset', 'acme'], elsewhere);
    expect(reset.code, reset.stderr).to.equal(0);
    const templates = await asym(['ls', '--templates', '--json'], elsewhere);
    const rows = (JSON.parse(templates.stdout) as {templates: Array<{name: string; defaultFixture?: string}>}).templates;
    expect(rows.find((t) => t.name === 'slack')?.defaultFixture).to.equal('acme-corp');
    expect(rows.find((t) => t.name === 'stripe')?.defaultFixture).to.equal('acct');
    const gone = await asym(['env', 'destroy', 'acme', '--force'], elsewhere);
    expect(gone.code, gone.stderr).to.equal(0);
    const doctor = await asym(['doctor', '--json'], elsewhere);
    expect(doctor.stdout).to.match(/^\s*[[{]/);
  });
});
