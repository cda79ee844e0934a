// Through the CLI: spin a GitHub clone, change its git repositories (a commit through the contents
// API, a new repository), reset, and find the repositories exactly as the seed had them, with the
// same token still working and `git clone` still serving them.
import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

import {testPostgresUrl, testRedisUrl} from '@asym/template-kit/testing';
import {Octokit} from '@octokit/rest';
import {expect} from 'chai';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const cliBin = fileURLToPath(new URL('../../../cli/bin/run.js', import.meta.url));
const SEED_MAIN = '5a6c490da9da06a99de30ff754eb36d4a1be1bb4';

describe('github template: reset restores the git repositories (CLI)', function () {
  this.timeout(240_000);
  const home = mkdtempSync(join(tmpdir(), 'asym-github-reset-'));
  const env = {...process.env, ASYM_HOME: home, ASYM_POSTGRES_URL: testPostgresUrl(), ASYM_PROVIDER: 'process', ASYM_REDIS_URL: testRedisUrl(), ASYM_TEMPLATES_DIR: root};
  const cli = async (...args: string[]) => JSON.parse((await run(process.execPath, [cliBin, ...args, '--json'], {env, maxBuffer: 1 << 24})).stdout);
  const id = `ghreset-${process.pid}`;
  after(async () => {
    await run(process.execPath, [cliBin, 'destroy', id, '--force'], {env}).catch(() => {});
    rmSync(home, {force: true, recursive: true});
  });

  it('spins, changes main and adds a repository, then reset brings back exactly the seed', async () => {
    const spun = await cli('spin', 'github', '--name', id);
    const endpoint = JSON.stringify(spun).match(/http:\/\/127\.0\.0\.1:\d+/)![0];
    const tokens = await cli('tokens', id);
    const key = tokens.apiKey ?? tokens.tokens?.apiKey;
    expect(key).to.match(/^ghp_/);
    const octokit = new Octokit({auth: key, baseUrl: endpoint, request: {retries: 0}});
    expect((await octokit.rest.repos.getBranch({branch: 'main', owner: 'acme', repo: 'hello-world'})).data.commit.sha).to.equal(SEED_MAIN);
    await octokit.rest.repos.createOrUpdateFileContents({content: Buffer.from('new\n').toString('base64'), message: 'change', owner: 'acme', path: 'NEW.md', repo: 'hello-world'});
    await octokit.rest.repos.createForAuthenticatedUser({auto_init: true, name: 'scratch'});
    expect((await octokit.rest.repos.getBranch({branch: 'main', owner: 'acme', repo: 'hello-world'})).data.commit.sha).to.not.equal(SEED_MAIN);

    await cli('reset', id);
    expect((await octokit.rest.repos.getBranch({branch: 'main', owner: 'acme', repo: 'hello-world'})).data.commit.sha).to.equal(SEED_MAIN);
    const gone = await octokit.rest.repos.get({owner: 'dana', repo: 'scratch'}).catch((e) => e);
    expect(gone.status).to.equal(404);
    const content = await octokit.rest.repos.getContent({owner: 'acme', path: 'NEW.md', repo: 'hello-world'}).catch((e) => e);
    expect(content.status).to.equal(404);
    const work = mkdtempSync(join(tmpdir(), 'asym-github-reset-git-'));
    try {
      const url = new URL(`${endpoint}/acme/hello-world.git`);
      url.username = 'dana';
      url.password = key;
      await run('git', ['clone', '--quiet', url.toString(), join(work, 'hw')], {env: {GIT_TERMINAL_PROMPT: '0', HOME: work, PATH: process.env.PATH}});
      const {stdout} = await run('git', ['rev-parse', 'HEAD'], {cwd: join(work, 'hw')});
      expect(stdout.trim()).to.equal(SEED_MAIN);
    } finally {
      rmSync(work, {force: true, recursive: true});
    }
  });
});
