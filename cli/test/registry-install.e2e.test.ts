import {expect} from 'chai';
import {type ChildProcess, execFile, execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {cliWorld} from './helpers/world.js';

/**
 * The registry path as a user meets it: a local npm registry (verdaccio on loopback, uplinked to the
 * registry npm already uses), every workspace package and a third-party template published to it,
 * `npm install -g @asym/cli` into an empty prefix, then `asymmetric plugins install` the template.
 */
const repo = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = 'asym-template-example';

function run(cmd: string, args: string[], opts: {cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number} = {}): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve) => {
    execFile(cmd, args, {cwd: opts.cwd, env: {...process.env, ...opts.env}, maxBuffer: 32 * 1024 * 1024, timeout: opts.timeout ?? 180_000}, (error, stdout, stderr) => {
      resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr: String(stderr), stdout: String(stdout)});
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const {port} = s.address() as {port: number};
      s.close(() => resolve(port));
    });
  });
}

/** The workspace's package directories (pnpm-workspace.yaml's globs are `dir` or `dir/*`). */
function workspacePackages(): string[] {
  const block = /^packages:\n((?:[ \t]+-.*\n?)+)/m.exec(readFileSync(join(repo, 'pnpm-workspace.yaml'), 'utf8'))?.[1] ?? '';
  const globs = [...block.matchAll(/-\s+['"]?([^'"\n]+?)['"]?\s*$/gm)].map((m) => m[1]!);
  const dirs = globs.flatMap((g) => (g.endsWith('/*') ? readdirSync(join(repo, g.slice(0, -2)), {withFileTypes: true}).filter((e) => e.isDirectory()).map((e) => join(g.slice(0, -2), e.name)) : [g]));
  return dirs.filter((d) => existsSync(join(repo, d, 'package.json')) && !JSON.parse(readFileSync(join(repo, d, 'package.json'), 'utf8')).private);
}

describe('templates from a registry: publish, install the CLI like a user, plugins install a third-party template', function () {
  this.timeout(240_000);
  let tmp: string;
  let registry: string;
  let verdaccio: ChildProcess | undefined;
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let bin: string;
  let env: NodeJS.ProcessEnv;
  const published: string[] = [];
  const asym = (args: string[], timeout = 120_000) => run(process.execPath, [bin, ...args], {env, timeout});

  before(async function () {
    this.timeout(240_000);
    tmp = mkdtempSync(join(tmpdir(), 'asym-registry-'));
    const uplink = execFileSync('npm', ['config', 'get', 'registry'], {encoding: 'utf8'}).trim();
    const port = await freePort();
    registry = `http://127.0.0.1:${port}/`;
    writeFileSync(
      join(tmp, 'verdaccio.yaml'),
      [
        `storage: ${JSON.stringify(join(tmp, 'storage'))}`,
        'uplinks:',
        `  upstream: {url: ${JSON.stringify(uplink)}}`,
        'packages:',
        "  '@asym/*': {access: $all, publish: $all}",
        `  '${EXAMPLE}': {access: $all, publish: $all}`,
        "  '**': {access: $all, proxy: upstream}",
        'log: {type: stdout, format: pretty, level: warn}',
        '',
      ].join('\n'),
    );
    const req = createRequire(join(repo, 'package.json'));
    const vPkg = req.resolve('verdaccio/package.json');
    const vBins = (JSON.parse(readFileSync(vPkg, 'utf8')) as {bin: string | Record<string, string>}).bin;
    const vBin = join(dirname(vPkg), typeof vBins === 'string' ? vBins : vBins.verdaccio!);
    const log = openSync(join(tmp, 'verdaccio.log'), 'a');
    verdaccio = spawn(process.execPath, [vBin, '--config', join(tmp, 'verdaccio.yaml'), '--listen', `127.0.0.1:${port}`], {stdio: ['ignore', log, log]});
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`${registry}-/ping`, {signal: AbortSignal.timeout(1000)}).then((r) => r.ok, () => false);
      if (ok && verdaccio.exitCode === null) break;
      if (verdaccio.exitCode !== null || Date.now() > deadline) throw new Error(`verdaccio did not start: ${readFileSync(join(tmp, 'verdaccio.log'), 'utf8')}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    // Pack every workspace package (pnpm rewrites workspace: ranges; prepack builds the oclif manifest / bundles).
    const tgz = join(tmp, 'tgz');
    mkdirSync(tgz);
    for (const dir of workspacePackages()) {
      const r = await run('pnpm', ['pack', '--pack-destination', tgz], {cwd: join(repo, dir)});
      expect(r.code, `pnpm pack in ${dir}: ${r.stderr}`).to.equal(0);
    }
    const npmrc = join(tmp, 'npmrc');
    writeFileSync(npmrc, `//127.0.0.1:${port}/:_authToken=test-publisher\n`);
    const results = await Promise.all(readdirSync(tgz).map((f) => run('npm', ['publish', join(tgz, f), '--registry', registry], {env: {npm_config_userconfig: npmrc}})));
    for (const [i, r] of results.entries()) expect(r.code, `npm publish ${readdirSync(tgz)[i]}: ${r.stderr}`).to.equal(0);
    published.push(...readdirSync(tgz));

    world = await cliWorld();
    bin = join(tmp, 'prefix', 'bin', 'asymmetric');
    env = {
      ...world.env,
      CI: 'true',
      // The user's npm settings stay out; the registry comes from the environment, as FEASIBILITY.md lists.
      npm_config_registry: registry,
      npm_config_userconfig: npmrc,
      XDG_CACHE_HOME: join(tmp, 'xdg-cache'),
      XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
      XDG_DATA_HOME: join(tmp, 'xdg-data'),
    };
  });

  after(async function () {
    this.timeout(60_000);
    if (bin && existsSync(bin)) {
      const list = await asym(['status', '--json']);
      for (const c of list.code === 0 ? (JSON.parse(list.stdout) as Array<{id: string}>) : []) await asym(['destroy', c.id, '--force']);
    }
    await world?.cleanup();
    if (verdaccio && verdaccio.exitCode === null) {
      const exited = new Promise((r) => verdaccio!.once('exit', r));
      verdaccio.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (verdaccio.exitCode === null) verdaccio.kill('SIGKILL');
    }
    if (tmp) rmSync(tmp, {force: true, recursive: true});
  });

  it('published every workspace package and the third-party template', () => {
    expect(published).to.include.members(['asym-cli-0.1.0.tgz', 'asym-contract-0.1.0.tgz', 'asym-template-kit-0.1.0.tgz', 'asym-template-slack-0.1.0.tgz', 'asym-template-stripe-0.1.0.tgz', `${EXAMPLE}-0.1.0.tgz`]);
  });

  it('npm install -g @asym/cli into an empty prefix from the registry', async () => {
    const r = await run('npm', ['install', '-g', '--prefix', join(tmp, 'prefix'), '@asym/cli', '--registry', registry], {env: {npm_config_userconfig: join(tmp, 'npmrc')}});
    expect(r.code, r.stderr).to.equal(0);
    expect(existsSync(bin)).to.equal(true);
    const installed = join(tmp, 'prefix', 'lib', 'node_modules', '@asym', 'cli');
    expect(existsSync(join(installed, 'oclif.manifest.json')), 'oclif manifest generated at pack time').to.equal(true);
    const v = await asym(['--version']);
    expect(v.code, v.stderr).to.equal(0);
    expect(v.stdout).to.match(/^@asym\/cli\/0\.1\.0 /);
    const ls = await asym(['ls', '--templates', '--json']);
    expect(ls.code, ls.stderr).to.equal(0);
    const cat = JSON.parse(ls.stdout) as {templates: Array<{name: string; source: string}>; problems: unknown[]};
    expect(cat.templates.map((t) => [t.name, t.source])).to.deep.equal([['slack', 'core'], ['stripe', 'core']]);
    expect(cat.problems).to.deep.equal([]);
    const missing = await asym(['spin', 'example', '--json']);
    expect(missing.code).to.equal(1);
    expect((JSON.parse(missing.stdout) as {error: {code: string}}).error.code).to.equal('TEMPLATE_NOT_FOUND');
  });

  it('the installed CLI spins its bundled slack template', async () => {
    const r = await asym(['spin', 'slack', '--json']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    const [c] = JSON.parse(r.stdout) as Array<{id: string; tokens: {botToken: string}; endpoints: {api: string}}>;
    const auth = await fetch(`${c!.endpoints.api}/auth.test`, {headers: {authorization: `Bearer ${c!.tokens.botToken}`}, method: 'POST'});
    expect(((await auth.json()) as {ok: boolean}).ok).to.equal(true);
    expect((await asym(['destroy', c!.id, '--force'])).code).to.equal(0);
  });

  it('plugins install the third-party template from the registry, spin it, call it, reset it, uninstall it', async () => {
    const inst = await asym(['plugins', 'install', EXAMPLE]);
    expect(inst.code, inst.stderr + inst.stdout).to.equal(0);
    expect(existsSync(join(tmp, 'xdg-data', 'asymmetric', 'node_modules', EXAMPLE, 'dist', 'backend.js')), 'installed under XDG_DATA_HOME').to.equal(true);
    const ls = JSON.parse((await asym(['ls', '--templates', '--json'])).stdout) as {templates: Array<{name: string; source: string; version: string; plugin: string}>};
    expect(ls.templates.find((t) => t.name === 'example')).to.include({plugin: EXAMPLE, source: 'installed', version: '0.1.0'});

    const spin = await asym(['spin', 'example', '--json']);
    expect(spin.code, spin.stderr + spin.stdout).to.equal(0);
    const [c] = JSON.parse(spin.stdout) as Array<{id: string; tokens: {apiKey: string}; endpoints: {api: string}}>;
    const headers = {authorization: `Bearer ${c!.tokens.apiKey}`, 'content-type': 'application/json'};
    const list = async () => ((await (await fetch(`${c!.endpoints.api}/notes`, {headers})).json()) as {data: Array<{id: string; text: string}>}).data;
    const seeded = await list();
    expect(seeded.map((n) => n.id)).to.deep.equal(['note_0001', 'note_0002', 'note_0003']);
    const created = await fetch(`${c!.endpoints.api}/notes`, {body: JSON.stringify({text: 'from the registry test'}), headers, method: 'POST'});
    expect(created.status).to.equal(201);
    expect((await list()).map((n) => n.text)).to.include('from the registry test');
    expect((await fetch(`${c!.endpoints.api}/notes`, {headers: {authorization: 'Bearer example_sk_wrong'}})).status).to.equal(401);

    const reset = await asym(['reset', c!.id, '--json']);
    expect(reset.code, reset.stderr + reset.stdout).to.equal(0);
    expect(await list()).to.deep.equal(seeded);

    expect((await asym(['destroy', c!.id, '--force'])).code).to.equal(0);
    const un = await asym(['plugins', 'uninstall', EXAMPLE]);
    expect(un.code, un.stderr).to.equal(0);
    const after = JSON.parse((await asym(['ls', '--templates', '--json'])).stdout) as {templates: Array<{name: string}>};
    expect(after.templates.map((t) => t.name)).to.deep.equal(['slack', 'stripe']);
    const gone = await asym(['spin', 'example', '--json']);
    expect((JSON.parse(gone.stdout) as {error: {code: string}}).error.code).to.equal('TEMPLATE_NOT_FOUND');
  });

  it('plugins install @asym/template-linear from the registry, spin it, call its GraphQL API, reset it, uninstall it', async () => {
    const inst = await asym(['plugins', 'install', '@asym/template-linear']);
    expect(inst.code, inst.stderr + inst.stdout).to.equal(0);
    const spin = await asym(['spin', 'linear', '--json']);
    expect(spin.code, spin.stderr + spin.stdout).to.equal(0);
    const [c] = JSON.parse(spin.stdout) as Array<{id: string; tokens: {apiKey: string}; endpoints: {api: string}}>;
    // As @linear/sdk sends it: POST /graphql, the lin_api_ key bare in Authorization.
    const gql = async (query: string, variables: Record<string, unknown> = {}) =>
      (await (await fetch(`${c!.endpoints.api}/graphql`, {body: JSON.stringify({query, variables}), headers: {authorization: c!.tokens.apiKey, 'content-type': 'application/json'}, method: 'POST'})).json()) as {data: any};
    expect(c!.tokens.apiKey).to.match(/^lin_api_/);
    const team = (await gql('query { teams(filter: {key: {eq: "ENG"}}) { nodes { id } } }')).data.teams.nodes[0].id as string;
    const count = async () => (await gql('query { issues(first: 250) { nodes { id } } }')).data.issues.nodes.length as number;
    const seeded = await count();
    const created = await gql('mutation($t: String!) { issueCreate(input: {teamId: $t, title: "from the registry test"}) { issue { identifier } } }', {t: team});
    expect(created.data.issueCreate.issue.identifier).to.equal('ENG-29');
    expect(await count()).to.equal(seeded + 1);
    const reset = await asym(['reset', c!.id, '--json']);
    expect(reset.code, reset.stderr + reset.stdout).to.equal(0);
    expect(await count()).to.equal(seeded);
    expect((await asym(['destroy', c!.id, '--force'])).code).to.equal(0);
    const un = await asym(['plugins', 'uninstall', '@asym/template-linear']);
    expect(un.code, un.stderr).to.equal(0);
  });

  it("an author's path with the installed CLI: template init, npm install from the registry, build, the kit's conformance suite", async () => {
    const dir = join(tmp, 'author', 'asym-template-notes');
    const init = await asym(['template', 'init', 'notes', '--dir', dir, '--json']);
    expect(init.code, init.stderr + init.stdout).to.equal(0);
    const npmEnv = {npm_config_registry: registry, npm_config_userconfig: join(tmp, 'npmrc')};
    const install = await run('npm', ['install', '--no-audit', '--no-fund'], {cwd: dir, env: npmEnv});
    expect(install.code, install.stderr).to.equal(0);
    const build = await run('npm', ['run', 'build'], {cwd: dir, env: npmEnv});
    expect(build.code, build.stderr).to.equal(0);
    const test = await run('npm', ['test'], {cwd: dir, env: {...env, ASYM_CLI: bin}});
    expect(test.code, test.stdout + test.stderr).to.equal(0);
    // the kit's seven checks: health, provision, hashed tokens, bad credentials, isolation, snapshot/restore, reset
    expect(test.stdout).to.match(/\b7 passing/).and.not.match(/failing/);
  });
});
