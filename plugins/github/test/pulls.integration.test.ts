// A change through the REST API alone: branch → contents commit → pull request → files → review →
// merge → the file on the default branch, plus mergeability, 405 and closing keywords.
import {expect} from 'chai';

import {type GithubClone, startGithubClone} from './helpers.js';

const repo = {owner: 'acme', repo: 'hello-world'};

describe('github template: pull requests through Octokit', function () {
  this.timeout(180_000);
  let gh: GithubClone;
  before(async () => {
    gh = await startGithubClone();
  });
  after(async () => gh?.dispose());

  it('reads the seed: commits on main, the merged and the open pull request', async () => {
    const main = await gh.octokit.rest.repos.getBranch({...repo, branch: 'main'});
    expect(main.data.commit.sha).to.equal('5a6c490da9da06a99de30ff754eb36d4a1be1bb4');
    const commits = await gh.octokit.rest.repos.listCommits(repo);
    expect(commits.data.map((c) => c.commit.message.split('\n')[0])).to.deep.equal(['Merge pull request #5 from acme/fix/typo', 'Fix a typo in the contributing guide', 'Add a contributing guide', 'Add a greeting script', 'Initial commit']);
    const merged = await gh.octokit.rest.pulls.get({...repo, pull_number: 5});
    expect(merged.data).to.include({merge_commit_sha: '5a6c490da9da06a99de30ff754eb36d4a1be1bb4', merged: true, state: 'closed'});
    const open = await gh.octokit.rest.pulls.get({...repo, pull_number: 4});
    expect(open.data).to.include({mergeable: true, mergeable_state: 'clean', merged: false, state: 'open'});
    expect(open.data.head).to.include({ref: 'feature/greeting-name', sha: 'e0cdea96a21a8ce817819d855603c6658a87cd4d'});
    const list = await gh.octokit.rest.pulls.list({...repo, state: 'all'});
    expect(list.data.map((p) => p.number)).to.deep.equal([4, 5]);
  });

  it('branch → contents commit → pull request → files → review → merge → file on main', async () => {
    const main = await gh.octokit.rest.git.getRef({...repo, ref: 'heads/main'});
    await gh.octokit.rest.git.createRef({...repo, ref: 'refs/heads/docs/usage', sha: main.data.object.sha});
    const put = await gh.as('alex').rest.repos.createOrUpdateFileContents({...repo, branch: 'docs/usage', content: Buffer.from('# Usage\n\nnode hello.js Ada\n').toString('base64'), message: 'Document usage\n\nFixes #2', path: 'docs/usage.md'});
    expect(put.status).to.equal(201);
    expect(put.data.commit.message).to.equal('Document usage\n\nFixes #2');
    const pr = await gh.as('alex').rest.pulls.create({...repo, base: 'main', body: 'Adds usage docs', head: 'docs/usage', title: 'Usage docs'});
    expect(pr.status).to.equal(201);
    expect(pr.data).to.include({mergeable: true, number: 7, state: 'open'});
    const files = await gh.octokit.rest.pulls.listFiles({...repo, pull_number: 7});
    expect(files.data.map((f) => [f.filename, f.status, f.additions])).to.deep.equal([['docs/usage.md', 'added', 3]]);
    expect(files.data[0]!.patch).to.match(/^@@ -0,0 \+1,3 @@/);
    const selfApprove = await gh.as('alex').rest.pulls.createReview({...repo, event: 'APPROVE', pull_number: 7}).catch((e) => e);
    expect(selfApprove.status).to.equal(422);
    const review = await gh.octokit.rest.pulls.createReview({...repo, body: 'LGTM', event: 'APPROVE', pull_number: 7});
    expect(review.data).to.include({state: 'APPROVED'});
    const merge = await gh.octokit.rest.pulls.merge({...repo, merge_method: 'merge', pull_number: 7});
    expect(merge.data).to.include({merged: true});
    const onMain = await gh.octokit.rest.repos.getContent({...repo, path: 'docs/usage.md'});
    expect(Buffer.from((onMain.data as {content: string}).content, 'base64').toString()).to.equal('# Usage\n\nnode hello.js Ada\n');
    const head = await gh.octokit.rest.repos.getCommit({...repo, ref: 'main'});
    expect(head.data.sha).to.equal(merge.data.sha);
    expect(head.data.parents).to.have.length(2);
    const again = await gh.octokit.rest.pulls.merge({...repo, pull_number: 7}).catch((e) => e);
    expect(again.status).to.equal(405);
    const issue = await gh.octokit.rest.issues.get({...repo, issue_number: 2});
    expect(issue.data).to.include({state: 'closed', state_reason: 'completed'});
  });

  it('squashes and rebases; a conflicting pull request is not mergeable (405)', async () => {
    const base = (await gh.octokit.rest.git.getRef({...repo, ref: 'heads/main'})).data.object.sha;
    const write = async (branch: string, path: string, text: string, sha?: string) =>
      gh.octokit.rest.repos.createOrUpdateFileContents({...repo, branch, content: Buffer.from(text).toString('base64'), message: `edit ${path}`, path, sha});
    for (const b of ['squash-me', 'rebase-me', 'conflict-me']) await gh.octokit.rest.git.createRef({...repo, ref: `refs/heads/${b}`, sha: base});
    await write('squash-me', 'a.txt', 'one\n');
    const a = await gh.octokit.rest.repos.getContent({...repo, path: 'a.txt', ref: 'squash-me'});
    await write('squash-me', 'a.txt', 'two\n', (a.data as {sha: string}).sha);
    const squash = await gh.octokit.rest.pulls.create({...repo, base: 'main', head: 'squash-me', title: 'Squash me'});
    const sq = await gh.octokit.rest.pulls.merge({...repo, merge_method: 'squash', pull_number: squash.data.number});
    const sqCommit = await gh.octokit.rest.git.getCommit({...repo, commit_sha: sq.data.sha});
    expect(sqCommit.data.parents).to.have.length(1);
    expect(sqCommit.data.message.split('\n')[0]).to.equal(`Squash me (#${squash.data.number})`);
    await write('rebase-me', 'b.txt', 'b\n');
    const rebase = await gh.octokit.rest.pulls.create({...repo, base: 'main', head: 'rebase-me', title: 'Rebase me'});
    const rb = await gh.octokit.rest.pulls.merge({...repo, merge_method: 'rebase', pull_number: rebase.data.number});
    const rbCommit = await gh.octokit.rest.git.getCommit({...repo, commit_sha: rb.data.sha});
    expect(rbCommit.data.message).to.equal('edit b.txt');
    expect(rbCommit.data.parents[0]!.sha).to.equal(sq.data.sha);
    await write('conflict-me', 'a.txt', 'three\n');
    const conflict = await gh.octokit.rest.pulls.create({...repo, base: 'main', head: 'conflict-me', title: 'Conflict'});
    const got = await gh.octokit.rest.pulls.get({...repo, pull_number: conflict.data.number});
    expect(got.data).to.include({mergeable: false, mergeable_state: 'dirty'});
    const refused = await gh.octokit.rest.pulls.merge({...repo, pull_number: conflict.data.number}).catch((e) => e);
    expect(refused.status).to.equal(405);
  });

  it('serves diff and patch media types, compare and review comments', async () => {
    const diff = await gh.octokit.rest.pulls.get({...repo, mediaType: {format: 'diff'}, pull_number: 4});
    expect(String(diff.data)).to.match(/^diff --git a\/hello.js b\/hello.js/);
    const patch = await gh.octokit.rest.repos.getCommit({...repo, mediaType: {format: 'patch'}, ref: 'e0cdea96a21a8ce817819d855603c6658a87cd4d'});
    expect(String(patch.data)).to.match(/^From e0cdea96a21a8ce817819d855603c6658a87cd4d /);
    const cmp = await gh.octokit.rest.repos.compareCommitsWithBasehead({...repo, basehead: 'main...feature/greeting-name'});
    expect(cmp.data).to.include({ahead_by: 1, status: 'diverged'});
    const rc = await gh.octokit.rest.pulls.createReviewComment({...repo, body: 'nit', commit_id: 'e0cdea96a21a8ce817819d855603c6658a87cd4d', line: 1, path: 'hello.js', pull_number: 4});
    expect(rc.data).to.include({line: 1, path: 'hello.js'});
    const raw = await gh.octokit.rest.repos.getContent({...repo, mediaType: {format: 'raw'}, path: 'hello.js', ref: 'feature/greeting-name'});
    expect(String(raw.data)).to.match(/^const name/);
  });
});
