// The plain git client over smart HTTP with the token as password: clone, commit, push a branch,
// a pull request for it with Octokit, merge, `git pull` shows the merge commit; the push fires a
// signed push webhook that @octokit/webhooks-methods verifies.
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';

import {verify} from '@octokit/webhooks-methods';
import {expect} from 'chai';

import {type GithubClone, startGithubClone} from './helpers.js';

const run = promisify(execFile);

describe('github template: git over HTTP', function () {
  this.timeout(180_000);
  let gh: GithubClone;
  let work: string;
  let receiver: Server;
  const received: Array<{headers: Record<string, string | string[] | undefined>; body: string}> = [];
  const git = (cwd: string, ...args: string[]) =>
    run('git', ['-c', 'user.name=Alex Kim', '-c', 'user.email=alex@acme.test', '-c', 'init.defaultBranch=main', ...args], {cwd, env: {GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', HOME: work, PATH: process.env.PATH}});

  before(async () => {
    gh = await startGithubClone();
    work = mkdtempSync(join(tmpdir(), 'asym-github-git-'));
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        received.push({body, headers: req.headers});
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  });
  after(async () => {
    receiver?.close();
    await gh?.dispose();
    rmSync(work, {force: true, recursive: true});
  });

  it('clones, pushes a branch, merges its pull request, and pull shows the merge commit; the push is a signed webhook', async () => {
    const port = (receiver.address() as AddressInfo).port;
    await gh.octokit.rest.repos.createWebhook({config: {content_type: 'json', secret: 'hush', url: `http://127.0.0.1:${port}/hook`}, events: ['push', 'pull_request'], owner: 'acme', repo: 'hello-world'});
    const url = new URL(`${gh.clone.url}/acme/hello-world.git`);
    url.username = 'x-access-token';
    url.password = gh.token('alex');
    await git(work, 'clone', url.toString(), 'hw');
    const dir = join(work, 'hw');
    expect(readFileSync(join(dir, 'hello.js'), 'utf8')).to.equal("console.log('Hello, world!');\n");
    await git(dir, 'checkout', '-b', 'feature/wave');
    writeFileSync(join(dir, 'wave.txt'), 'o/\n');
    await git(dir, 'add', 'wave.txt');
    await git(dir, 'commit', '-m', 'Wave');
    await git(dir, 'push', 'origin', 'feature/wave');
    const {stdout: pushed} = await git(dir, 'rev-parse', 'HEAD');

    const branch = await gh.octokit.rest.repos.getBranch({branch: 'feature/wave', owner: 'acme', repo: 'hello-world'});
    expect(branch.data.commit.sha).to.equal(pushed.trim());
    const pr = await gh.as('alex').rest.pulls.create({base: 'main', head: 'feature/wave', owner: 'acme', repo: 'hello-world', title: 'Wave'});
    writeFileSync(join(dir, 'wave.txt'), 'o/ o/\n');
    await git(dir, 'commit', '-am', 'Wave twice');
    await git(dir, 'push', 'origin', 'feature/wave');
    const {stdout: second} = await git(dir, 'rev-parse', 'HEAD');
    expect((await gh.octokit.rest.pulls.get({owner: 'acme', pull_number: pr.data.number, repo: 'hello-world'})).data.head.sha).to.equal(second.trim());
    const merged = await gh.octokit.rest.pulls.merge({owner: 'acme', pull_number: pr.data.number, repo: 'hello-world'});

    await git(dir, 'checkout', 'main');
    await git(dir, 'pull', '--ff-only', 'origin', 'main');
    const {stdout: log} = await git(dir, 'log', '-1', '--format=%H %P %s');
    const [sha, p1, p2, ...subject] = log.trim().split(' ');
    expect(sha).to.equal(merged.data.sha);
    expect(p2).to.equal(second.trim());
    expect(p1).to.have.length(40);
    expect(subject.join(' ')).to.equal(`Merge pull request #${pr.data.number} from acme/feature/wave`);

    await gh.webhooksIdle();
    const pushes = received.filter((r) => r.headers['x-github-event'] === 'push');
    const first = pushes.find((r) => JSON.parse(r.body).ref === 'refs/heads/feature/wave')!;
    expect(first, 'a push webhook for the pushed branch').to.not.equal(undefined);
    expect(await verify('hush', first.body, String(first.headers['x-hub-signature-256']))).to.equal(true);
    expect(first.headers['x-github-delivery']).to.be.a('string');
    const payload = JSON.parse(first.body);
    expect(payload).to.include({after: pushed.trim(), created: true});
    expect(payload.commits.map((c: {message: string}) => c.message)).to.deep.equal(['Wave']);
    expect(payload.repository.full_name).to.equal('acme/hello-world');
    expect(payload.sender.login).to.equal('alex');
    expect(received.some((r) => r.headers['x-github-event'] === 'ping'), 'a ping on create').to.equal(true);
    expect(received.some((r) => r.headers['x-github-event'] === 'pull_request' && JSON.parse(r.body).action === 'synchronize'), 'synchronize on the second push').to.equal(true);
    expect(received.some((r) => r.headers['x-github-event'] === 'pull_request' && JSON.parse(r.body).action === 'closed' && JSON.parse(r.body).pull_request.merged)).to.equal(true);
  });

  it('refuses a push without write access and a clone of a private repository it may not see', async () => {
    const url = new URL(`${gh.clone.url}/acme/hello-world.git`);
    url.username = 'casey';
    url.password = gh.token('casey');
    await git(work, 'clone', url.toString(), 'ro');
    const dir = join(work, 'ro');
    writeFileSync(join(dir, 'x.txt'), 'x\n');
    await git(dir, 'add', 'x.txt');
    await git(dir, 'commit', '-m', 'x');
    const denied = await git(dir, 'push', 'origin', 'HEAD:refs/heads/nope').catch((e) => e);
    expect(denied.code).to.not.equal(0);
    const priv = new URL(`${gh.clone.url}/dana/notes.git`);
    priv.username = 'alex';
    priv.password = gh.token('alex');
    const hidden = await git(work, 'clone', priv.toString(), 'notes').catch((e) => e);
    expect(hidden.code).to.not.equal(0);
    expect(String(hidden.stderr)).to.match(/not found/i);
  });
});
