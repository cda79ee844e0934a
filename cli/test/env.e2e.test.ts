import {WebClient} from '@slack/web-api';
import {expect} from 'chai';
import {spawn} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import type {CloneInstance, Environment} from '@asym/contract';
import pg from 'pg';

import {CLI} from './helpers/cli.js';
import {cliWorld, cloneProcesses, databaseExists, redisKeys} from './helpers/world.js';

type World = Awaited<ReturnType<typeof cliWorld>>;
type SpinJson = {environment: Environment; clones: CloneInstance[]; declared: number; failures: Array<{index: number; template: string; error: {code: string}}>};

const slack = (token: string, api: string) => new WebClient(token, {retryConfig: {retries: 0}, slackApiUrl: api.endsWith('/') ? api : api + '/'});
/** The clone's control plane: its API endpoint without the template's API path. */
const health = (c: CloneInstance) => fetch(c.endpoints.api.replace(/\/api$/, '') + '/_asym/health', {signal: AbortSignal.timeout(3000)}).then((r) => r.status, () => 0);

function writeSpec(world: World, file: string, yaml: string): string {
  const path = join(world.home, file);
  writeFileSync(path, yaml);
  return path;
}

/** Destroy every environment the world made, then every clone left (cliWorld's cleanup). */
async function teardown(world: World | undefined) {
  if (!world) return;
  const envs = await world.run(['env', 'ls', '--json']);
  for (const e of envs.code === 0 ? envs.json<Environment[]>() : []) await world.run(['env', 'destroy', e.name, '--force']);
  await world.cleanup();
}

/** The Slack workspace's content (not credentials or runtime switches): what a seed puts there. */
const CONTENT_TABLES = ['teams', 'users', 'conversations', 'members', 'messages', 'reactions', 'pins', 'files', 'emoji'];

/** Rows per content table in a clone's database (found through `asym db <id>`). */
async function rowCounts(world: World, id: string): Promise<Record<string, number>> {
  const url = (await world.run(['db', id])).stdout.trim();
  const c = new pg.Client({connectionString: url});
  await c.connect();
  try {
    const out: Record<string, number> = {};
    for (const t of CONTENT_TABLES) out[t] = Number((await c.query<{n: string}>(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n);
    return out;
  } finally {
    await c.end();
  }
}

async function generalChannel(bot: WebClient): Promise<string> {
  const channels = (await bot.conversations.list({types: 'public_channel'})).channels ?? [];
  const general = channels.find((c) => c.name === 'general');
  expect(general, 'the acme-corp fixture has #general').to.not.equal(undefined);
  return general!.id!;
}

describe('env: an environment of three clones from a YAML file (built CLI, process provider)', function () {
  this.timeout(240_000);
  let world: World;
  let file: string;
  let spun: SpinJson;
  before(async () => {
    world = await cliWorld();
    file = writeSpec(
      world,
      'acme.env.yaml',
      ['# three Slack workspaces for one agent', 'name: acme', 'clones:', '  - template: slack', '    seed: acme-corp', '  - template: slack', '    mode: api', '    seed: acme-corp', '  - template: slack', ''].join('\n'),
    );
    const r = await world.run(['env', 'spin', file, '--json']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    spun = r.json<SpinJson>();
  });
  after(async () => teardown(world));

  it('comes up running with every member and the spec path', () => {
    expect(spun.failures).to.deep.equal([]);
    expect(spun.declared).to.equal(3);
    expect(spun.clones).to.have.length(3);
    expect(spun.environment).to.include({name: 'acme', spec: file, state: 'running'});
    expect(spun.environment.members).to.deep.equal(spun.clones.map((c) => c.id));
    expect(new Set(spun.clones.map((c) => c.endpoints.api)).size).to.equal(3);
  });

  it('every member answers its health route and its API with its own token', async () => {
    for (const c of spun.clones) {
      expect(await health(c), c.id).to.equal(200);
      const auth = await slack(c.tokens!.botToken!, c.endpoints.api).auth.test();
      expect(auth.ok, c.id).to.equal(true);
    }
  });

  it('env status / env ls show one tab-separated line, and --json the Environment objects', async () => {
    const ids = spun.clones.map((c) => c.id);
    for (const verb of ['status', 'ls']) {
      const r = await world.run(['env', verb]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout.trim()).to.equal(`acme\trunning\t3 member(s): ${ids.join(', ')}`);
    }
    const json = (await world.run(['env', 'ls', '--json'])).json<Environment[]>();
    expect(json).to.have.length(1);
    expect(json[0]).to.include({name: 'acme', spec: file, state: 'running'});
    expect(json[0]!.members).to.deep.equal(ids);
    const one = await world.run(['env', 'status', 'acme', '--json']);
    expect(one.json<Environment[]>()[0]!.name).to.equal('acme');
  });

  it('status shows each clone in the environment', async () => {
    const list = (await world.run(['status', '--json'])).json<Array<{id: string; environment: string | null}>>();
    expect(list.map((s) => s.environment)).to.deep.equal(['acme', 'acme', 'acme']);
  });

  it('spinning a file whose environment exists is refused and makes nothing', async () => {
    const r = await world.run(['env', 'spin', file, '--json']);
    expect(r.code).to.equal(1);
    expect(r.json<{error: {code: string; message: string}}>().error).to.include({code: 'ENVIRONMENT_EXISTS'});
    expect(r.json<{error: {message: string}}>().error.message).to.include('asym env destroy acme');
    expect((await world.run(['status', '--json'])).json<unknown[]>()).to.have.length(3);
  });

  it('env reset restores every member to its seed', async () => {
    const [a, b, c] = spun.clones as [CloneInstance, CloneInstance, CloneInstance];
    const seeded = await Promise.all(spun.clones.map((m) => rowCounts(world, m.id)));
    const posted: Array<{bot: WebClient; channel: string; ts: string}> = [];
    for (const m of [a, b]) {
      const bot = slack(m.tokens!.botToken!, m.endpoints.api);
      const channel = await generalChannel(bot);
      await bot.conversations.join({channel}).catch(() => {});
      const p = await bot.chat.postMessage({channel, text: `written in ${m.id} before env reset`});
      expect(p.ok).to.equal(true);
      posted.push({bot, channel, ts: p.ts!});
    }
    const botC = slack(c.tokens!.botToken!, c.endpoints.api);
    const made = await botC.conversations.create({name: `made-before-reset-${Date.now() % 100000}`});
    expect(made.ok).to.equal(true);
    const written = await Promise.all(spun.clones.map((m) => rowCounts(world, m.id)));
    for (const [i, m] of spun.clones.entries()) expect(written[i], `${m.id} has new rows`).to.not.deep.equal(seeded[i]);

    const r = await world.run(['env', 'reset', 'acme']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include('✓ environment acme [running]: 3/3 clone(s) reset');

    const after = await Promise.all(spun.clones.map((m) => rowCounts(world, m.id)));
    for (const [i, m] of spun.clones.entries()) expect(after[i], `${m.id} is back to its seed`).to.deep.equal(seeded[i]);
    for (const m of spun.clones) expect((await slack(m.tokens!.botToken!, m.endpoints.api).auth.test()).ok, `${m.id}: same token works`).to.equal(true);
    for (const p of posted) {
      await p.bot.conversations.join({channel: p.channel}).catch(() => {});
      const history = (await p.bot.conversations.history({channel: p.channel})).messages ?? [];
      expect(history.some((x) => x.ts === p.ts)).to.equal(false);
    }
    const channels = (await botC.conversations.list({types: 'public_channel'})).channels ?? [];
    expect(channels.some((ch) => ch.id === made.channel!.id)).to.equal(false);
    expect((await world.run(['env', 'status', 'acme', '--json'])).json<Environment[]>()[0]!.state).to.equal('running');
  });

  it('env destroy needs --force outside a terminal', async () => {
    const r = await world.run(['env', 'destroy', 'acme']);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include('CONFIRMATION_REQUIRED');
    expect((await world.run(['env', 'ls', '--json'])).json<unknown[]>()).to.have.length(1);
  });

  it('env destroy leaves nothing: no registry entry, database, process or Redis key', async () => {
    const r = await world.run(['env', 'destroy', 'acme', '--force']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include('✓ destroyed environment acme (3 clone(s))');
    for (const c of spun.clones) {
      expect(r.stdout).to.include(`✓ destroyed ${c.id}`);
      expect(await databaseExists(c.database), c.database).to.equal(false);
      expect(cloneProcesses(c.id), c.id).to.deep.equal([]);
      expect(await redisKeys(c.redisPrefix), c.id).to.deep.equal([]);
    }
    expect((await world.run(['status', '--json'])).json<unknown[]>()).to.deep.equal([]);
    expect((await world.run(['env', 'ls', '--json'])).json<unknown[]>()).to.deep.equal([]);
    const empty = await world.run(['env', 'ls']);
    expect(empty.stdout).to.include('No environments. Create one:  asymmetric env spin <environment.yaml>');
    const gone = await world.run(['env', 'status', 'acme', '--json']);
    expect(gone.code).to.equal(1);
    expect(gone.json<{error: {code: string}}>().error.code).to.equal('ENVIRONMENT_NOT_FOUND');
  });
});

describe('env: a member that fails', function () {
  this.timeout(240_000);
  let world: World;
  after(async () => teardown(world));

  it('the others come up, the environment is partial, the failure is on stderr, exit 1', async () => {
    world = await cliWorld();
    const file = writeSpec(world, 'beta.env.yaml', 'name: beta\nclones:\n  - template: slack\n    seed: acme-corp\n  - template: slack\n    mode: no-such-mode\n  - template: slack\n');
    const r = await world.run(['env', 'spin', file]);
    expect(r.code, r.stderr + r.stdout).to.equal(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).to.equal('! environment beta [partial]: 2/3 clone(s) up');
    expect(lines.slice(1)).to.have.length(2);
    for (const l of lines.slice(1)) expect(l).to.match(/^ {2}✓ slack-[0-9a-f]{4} {2}http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(r.stderr).to.include('clones[1] slack (line 5)').and.include('no mode "no-such-mode"').and.include('MODE_NOT_FOUND');

    const [env] = (await world.run(['env', 'status', 'beta', '--json'])).json<Environment[]>();
    expect(env).to.include({name: 'beta', state: 'partial'});
    expect(env!.members).to.have.length(2);
    const clones = (await world.run(['status', '--json'])).json<Array<CloneInstance & {environment: string}>>();
    expect(clones.map((c) => c.id).sort()).to.deep.equal([...env!.members].sort());
    for (const c of clones) {
      expect(c.state).to.equal('running');
      expect(c.environment).to.equal('beta');
      expect(await health(c), c.id).to.equal(200);
    }
  });

  it('destroying one member removes it from its environment; destroying the last drops the environment', async () => {
    const [env] = (await world.run(['env', 'status', 'beta', '--json'])).json<Environment[]>();
    const [first, last] = env!.members as [string, string];
    expect((await world.run(['destroy', first, '--force'])).code).to.equal(0);
    const after = (await world.run(['env', 'status', 'beta', '--json'])).json<Environment[]>();
    expect(after[0]!.members).to.deep.equal([last]);
    expect((await world.run(['env', 'ls'])).stdout.trim()).to.equal(`beta\tpartial\t1 member(s): ${last}`);
    expect((await world.run(['destroy', last, '--force'])).code).to.equal(0);
    expect((await world.run(['env', 'ls', '--json'])).json<unknown[]>()).to.deep.equal([]);
  });

  it('a template not in the catalog is TEMPLATE_NOT_FOUND and nothing is made', async () => {
    const file = writeSpec(world, 'gamma.env.yaml', 'name: gamma\nclones:\n  - template: slack\n  - template: no-such-template\n');
    const r = await world.run(['env', 'spin', file, '--json']);
    expect(r.code).to.equal(1);
    expect(r.json<{error: {code: string; message: string}}>().error).to.include({code: 'TEMPLATE_NOT_FOUND'});
    expect((await world.run(['status', '--json'])).json<unknown[]>()).to.deep.equal([]);
    expect((await world.run(['env', 'ls', '--json'])).json<unknown[]>()).to.deep.equal([]);
  });

  it('an invalid file is ENV_SPEC_INVALID naming the file, line and key, on stderr', async () => {
    const file = writeSpec(world, 'typo.env.yaml', 'name: typo\nclone:\n  - template: slack\n');
    const r = await world.run(['env', 'spin', file]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.include(`${file}:2:1: Unknown key(s): 'clone' (did you mean 'clones'?)`).and.include('ENV_SPEC_INVALID');
    expect(r.stdout).to.equal('');
  });

  it('when no member comes up, nothing is recorded and the exit code is 1', async () => {
    const file = writeSpec(world, 'none.env.yaml', 'name: none\nclones:\n  - template: slack\n    mode: nope\n  - template: slack\n    seed: no-such-fixture\n');
    const r = await world.run(['env', 'spin', file, '--json']);
    expect(r.code).to.equal(1);
    const out = r.json<SpinJson>();
    expect(out.environment.state).to.equal('failed');
    expect(out.failures.map((f) => f.error.code).sort()).to.deep.equal(['FIXTURE_NOT_FOUND', 'MODE_NOT_FOUND']);
    expect((await world.run(['env', 'ls', '--json'])).json<unknown[]>()).to.deep.equal([]);
  });
});

describe('env: two `env spin` at once on different files', function () {
  this.timeout(240_000);
  let world: World;
  after(async () => teardown(world));

  it('both succeed with no port or registry conflict', async () => {
    world = await cliWorld();
    const three = (name: string) => `name: ${name}\nclones:\n  - template: slack\n    seed: acme-corp\n  - template: slack\n  - template: slack\n`;
    const [a, b] = await Promise.all([world.run(['env', 'spin', writeSpec(world, 'one.env.yaml', three('one')), '--json']), world.run(['env', 'spin', writeSpec(world, 'two.env.yaml', three('two')), '--json'])]);
    expect(a.code, a.stderr).to.equal(0);
    expect(b.code, b.stderr).to.equal(0);
    const clones = [...a.json<SpinJson>().clones, ...b.json<SpinJson>().clones];
    expect(clones).to.have.length(6);
    const ports = clones.flatMap((c) => Object.values(c.ports));
    expect(new Set(ports).size).to.equal(ports.length);
    expect(new Set(clones.map((c) => c.id)).size).to.equal(6);

    const envs = (await world.run(['env', 'ls', '--json'])).json<Environment[]>();
    expect(envs.map((e) => [e.name, e.state, e.members.length]).sort()).to.deep.equal([
      ['one', 'running', 3],
      ['two', 'running', 3],
    ]);
    const registry = (await world.run(['status', '--json'])).json<Array<{id: string; state: string; environment: string}>>();
    expect(registry).to.have.length(6);
    for (const s of registry) expect(s.state, s.id).to.equal('running');
    for (const c of clones) expect(await health(c), c.id).to.equal(200);
  });
});

describe('env: Slack and Stripe in one environment', function () {
  this.timeout(240_000);
  let world: World;
  after(async () => teardown(world));

  it('each member answers its own API with its own credentials, env reset undoes writes in both, env destroy leaves nothing', async () => {
    world = await cliWorld();
    const file = writeSpec(world, 'shop.env.yaml', 'name: shop\nclones:\n  - template: slack\n    seed: acme-corp\n  - template: stripe\n    seed: acct\n');
    const r = await world.run(['env', 'spin', file, '--json']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    const {clones, environment} = r.json<SpinJson>();
    expect(environment).to.include({name: 'shop', state: 'running'});
    const slackClone = clones.find((c) => c.template === 'slack')!;
    const stripeClone = clones.find((c) => c.template === 'stripe')!;
    for (const c of clones) expect(await health(c), c.id).to.equal(200);

    const stripe = (path: string, init: RequestInit = {}) =>
      fetch(stripeClone.endpoints.api + path, {...init, headers: {authorization: `Bearer ${stripeClone.tokens!.apiKey}`, ...(init.body ? {'content-type': 'application/x-www-form-urlencoded'} : {})}}).then(async (res) => ({body: (await res.json()) as {data?: unknown[]; id?: string}, status: res.status}));
    const customers = async () => (await stripe('/v1/customers?limit=100')).body.data!.length;
    const seeded = await customers();
    const created = await stripe('/v1/customers', {body: 'email=env-test%40example.com', method: 'POST'});
    expect(created.status).to.equal(200);
    expect(await customers()).to.equal(seeded + 1);
    expect((await fetch(stripeClone.endpoints.api + '/v1/customers')).status, 'no key, no data').to.equal(401);

    const bot = slack(slackClone.tokens!.botToken!, slackClone.endpoints.api);
    const made = await bot.conversations.create({name: `shop-only-${Date.now() % 100000}`});
    expect(made.ok).to.equal(true);

    const reset = await world.run(['env', 'reset', 'shop']);
    expect(reset.code, reset.stderr).to.equal(0);
    expect(await customers()).to.equal(seeded);
    expect((await stripe(`/v1/customers/${created.body.id}`)).status).to.equal(404);
    const channels = (await bot.conversations.list({types: 'public_channel'})).channels ?? [];
    expect(channels.some((c) => c.id === made.channel!.id)).to.equal(false);

    const destroyed = await world.run(['env', 'destroy', 'shop', '--force']);
    expect(destroyed.code, destroyed.stderr).to.equal(0);
    for (const c of clones) {
      expect(await databaseExists(c.database), c.database).to.equal(false);
      expect(cloneProcesses(c.id), c.id).to.deep.equal([]);
    }
    expect((await world.run(['status', '--json'])).json<unknown[]>()).to.deep.equal([]);
    expect((await world.run(['env', 'ls', '--json'])).json<unknown[]>()).to.deep.equal([]);
  });

  it('an ad-hoc environment (spin --group) has spec null and is reset and destroyed the same way', async () => {
    const r = await world.run(['spin', 'slack', 'stripe', '--group', 'adhoc', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const ids = r.json<CloneInstance[]>().map((c) => c.id);
    const [env] = (await world.run(['env', 'status', 'adhoc', '--json'])).json<Environment[]>();
    expect(env).to.include({name: 'adhoc', spec: null, state: 'running'});
    expect([...env!.members].sort()).to.deep.equal([...ids].sort());
    const reset = await world.run(['env', 'reset', 'adhoc']);
    expect(reset.code, reset.stderr).to.equal(0);
    expect(reset.stdout).to.include('✓ environment adhoc [running]: 2/2 clone(s) reset');
    const destroyed = await world.run(['env', 'destroy', 'adhoc', '--force', '--json']);
    expect(destroyed.code, destroyed.stderr).to.equal(0);
    expect(destroyed.json<{removed: boolean; destroyed: string[]}>()).to.deep.include({removed: true});
    expect((await world.run(['status', '--json'])).json<unknown[]>()).to.deep.equal([]);
  });
});

describe('env: Ctrl-C during env spin', function () {
  this.timeout(120_000);
  let world: World;
  after(async () => teardown(world));

  it('rolls back every member (up or still starting) and the environment, then exits 130', async () => {
    // test-slow listens only after 15 s: the Slack member is up and joined while it is still starting.
    world = await cliWorld({ASYM_TEMPLATES_DIR: fileURLToPath(new URL('./fixtures/templates', import.meta.url))});
    const file = writeSpec(world, 'int.env.yaml', 'name: int\nclones:\n  - template: slack\n  - template: test-slow\n    name: slow-int-1\n');
    const child = spawn(process.execPath, [CLI, 'env', 'spin', file], {env: {...process.env, ...world.env}, stdio: 'ignore'});
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    type Reg = {clones: Array<{id: string; database: string}>; environments: Array<{name: string; members: string[]}>};
    const reg = (): Reg => (existsSync(join(world.home, 'registry.json')) ? JSON.parse(readFileSync(join(world.home, 'registry.json'), 'utf8')) : {clones: [], environments: []});
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    for (let i = 0; i < 300 && !(reg().environments[0]?.members.length === 1 && cloneProcesses('slow-int-1').length > 0); i++) await sleep(50);
    const during = reg();
    expect(during.environments[0]?.members, 'the Slack member joined while test-slow starts').to.have.length(1);
    expect(cloneProcesses('slow-int-1')).to.have.length(1);

    child.kill('SIGINT');
    expect(await exited).to.equal(130);
    expect(reg()).to.deep.include({clones: [], environments: []});
    for (const c of during.clones) {
      expect(cloneProcesses(c.id), c.id).to.deep.equal([]);
      expect(await databaseExists(c.database), c.database).to.equal(false);
    }
  });
});

describe('env reset: a member that cannot be reset', function () {
  this.timeout(120_000);
  let world: World;
  after(async () => teardown(world));

  it('the others are reset, the failure is on stderr, the environment is partial, exit 1', async () => {
    const fixtures = fileURLToPath(new URL('./fixtures/templates', import.meta.url));
    world = await cliWorld({ASYM_TEMPLATES_DIR: fixtures, ASYM_TEST_DELAY_MS: '50'});
    const file = writeSpec(world, 'mixed.env.yaml', 'name: mixed\nclones:\n  - template: slack\n  - template: test-slow\n    name: slow-reset-1\n');
    const spun = await world.run(['env', 'spin', file, '--json']);
    expect(spun.code, spun.stderr + spun.stdout).to.equal(0);
    const slackId = spun.json<SpinJson>().clones.find((c) => c.template === 'slack')!.id;

    // The test-slow template's plugin is gone (as after `plugins uninstall`): that member cannot be reset.
    const r = await world.run(['env', 'reset', 'mixed'], {ASYM_TEMPLATES_DIR: ''});
    expect(r.code).to.equal(1);
    expect(r.stdout).to.include('! environment mixed [partial]: 1/2 clone(s) reset').and.include(`✓ ${slackId}  reset in`);
    expect(r.stderr).to.include('✗ slow-reset-1:').and.include('TEMPLATE_NOT_FOUND');
    const [env] = (await world.run(['env', 'status', 'mixed', '--json'])).json<Environment[]>();
    expect(env!.state).to.equal('partial');

    // With the template back, a full reset makes it running again.
    const again = await world.run(['env', 'reset', 'mixed']);
    expect(again.code, again.stderr).to.equal(0);
    expect((await world.run(['env', 'status', 'mixed', '--json'])).json<Environment[]>()[0]!.state).to.equal('running');
  });
});
