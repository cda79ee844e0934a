// Every response of a broad Octokit journey (reads and writes across users, repositories, git data,
// contents, issues, pulls, search, webhooks), validated against GitHub's OpenAPI description.
// Prints the pass rate; fails below 95% or on any operation the description does not have.
import type {Octokit} from '@octokit/rest';
import {expect} from 'chai';

import {type GithubClone, startGithubClone} from './helpers.js';
import {type Check, hasOperation, validateResponse} from './support/openapi.js';

describe('github template: responses against the OpenAPI description', function () {
  this.timeout(240_000);
  let gh: GithubClone;
  const checks: Check[] = [];
  const record = (o: Octokit) => {
    o.hook.wrap('request', async (request, options) => {
      const template = String(options.url);
      try {
        const res = await request(options);
        if (hasOperation(String(options.method), template)) checks.push(validateResponse(String(options.method), template, res.status, res.data));
        return res;
      } catch (error) {
        const e = error as {status?: number; response?: {data?: unknown}};
        if (e.status && e.status !== 304 && hasOperation(String(options.method), template)) checks.push(validateResponse(String(options.method), template, e.status, e.response?.data));
        throw error;
      }
    });
    return o;
  };
  before(async () => {
    gh = await startGithubClone();
  });
  after(async () => gh?.dispose());

  it('validates every response of the journey', async () => {
    const o = record(gh.octokit);
    const alex = record(gh.as('alex'));
    const repo = {owner: 'acme', repo: 'hello-world'};
    const ignore = () => undefined;
    await o.rest.users.getAuthenticated();
    await o.rest.users.getByUsername({username: 'alex'});
    await o.rest.users.getByUsername({username: 'acme'});
    await o.rest.users.list({per_page: 3});
    await o.rest.orgs.get({org: 'acme'});
    await o.rest.orgs.listMembers({org: 'acme'});
    await o.rest.orgs.listForAuthenticatedUser();
    await o.rest.orgs.getMembershipForUser({org: 'acme', username: 'alex'});
    await o.rest.rateLimit.get();
    await o.rest.repos.get(repo);
    await o.rest.repos.listForAuthenticatedUser();
    await o.rest.repos.listForOrg({org: 'acme'});
    await o.rest.repos.listForUser({username: 'dana'});
    await o.rest.repos.getAllTopics(repo);
    await o.rest.repos.listCollaborators(repo);
    await o.rest.repos.getCollaboratorPermissionLevel({...repo, username: 'casey'});
    await o.rest.repos.listBranches(repo);
    await o.rest.repos.getBranch({...repo, branch: 'main'});
    await o.rest.repos.listCommits(repo);
    await o.rest.repos.getCommit({...repo, ref: 'main'});
    await o.rest.repos.compareCommitsWithBasehead({...repo, basehead: 'main...feature/greeting-name'});
    await o.rest.repos.getContent({...repo, path: 'hello.js'});
    await o.rest.repos.getContent({...repo, path: 'docs'});
    await o.rest.repos.getReadme(repo);
    await o.rest.git.getRef({...repo, ref: 'heads/main'});
    await o.rest.git.listMatchingRefs({...repo, ref: 'heads/'});
    const head = await o.rest.git.getCommit({...repo, commit_sha: '5a6c490da9da06a99de30ff754eb36d4a1be1bb4'});
    await o.rest.git.getTree({...repo, recursive: '1', tree_sha: head.data.tree.sha});
    const blob = await o.rest.git.createBlob({...repo, content: 'hi\n', encoding: 'utf-8'});
    await o.rest.git.getBlob({...repo, file_sha: blob.data.sha});
    const tree = await o.rest.git.createTree({...repo, base_tree: head.data.tree.sha, tree: [{mode: '100644', path: 'hi.txt', sha: blob.data.sha, type: 'blob'}]});
    const commit = await o.rest.git.createCommit({...repo, message: 'hi', parents: [head.data.sha], tree: tree.data.sha});
    await o.rest.git.createRef({...repo, ref: 'refs/heads/hi', sha: commit.data.sha});
    await o.rest.git.updateRef({...repo, ref: 'heads/hi', sha: commit.data.sha});
    await o.rest.repos.createOrUpdateFileContents({...repo, branch: 'hi', content: Buffer.from('x\n').toString('base64'), message: 'x', path: 'x.txt'});
    await o.rest.issues.listForRepo(repo);
    await alex.rest.issues.listForAuthenticatedUser();
    await o.rest.issues.listForRepo({...repo, state: 'all'});
    await o.rest.issues.get({...repo, issue_number: 1});
    await o.rest.issues.get({...repo, issue_number: 4});
    const issue = await o.rest.issues.create({...repo, assignees: ['alex'], body: 'b', labels: ['bug'], milestone: 1, title: 'validate me'});
    await o.rest.issues.update({...repo, issue_number: issue.data.number, state: 'closed', state_reason: 'completed'});
    await o.rest.issues.addLabels({...repo, issue_number: issue.data.number, labels: ['question']});
    await o.rest.issues.listLabelsOnIssue({...repo, issue_number: issue.data.number});
    await o.rest.issues.addAssignees({...repo, assignees: ['sam'], issue_number: issue.data.number});
    const comment = await alex.rest.issues.createComment({...repo, body: 'c', issue_number: 1});
    await o.rest.issues.listComments({...repo, issue_number: 1});
    await o.rest.issues.listCommentsForRepo(repo);
    await alex.rest.issues.updateComment({...repo, body: 'c2', comment_id: comment.data.id});
    await o.rest.reactions.createForIssue({...repo, content: 'rocket', issue_number: 1});
    await o.rest.reactions.listForIssue({...repo, issue_number: 1});
    await o.rest.reactions.createForIssueComment({...repo, comment_id: comment.data.id, content: 'heart'});
    await o.rest.issues.listEvents({...repo, issue_number: 1});
    await o.rest.issues.listEventsForTimeline({...repo, issue_number: 1});
    await o.rest.issues.listLabelsForRepo(repo);
    await o.rest.issues.createLabel({...repo, color: '00ff00', name: 'green'});
    await o.rest.issues.getLabel({...repo, name: 'green'});
    await o.rest.issues.listMilestones(repo);
    await o.rest.issues.createMilestone({...repo, title: 'v2.0'});
    await o.rest.issues.getMilestone({...repo, milestone_number: 1});
    await o.rest.issues.lock({...repo, issue_number: 2});
    await o.rest.pulls.list({...repo, state: 'all'});
    await o.rest.pulls.get({...repo, pull_number: 4});
    await o.rest.pulls.get({...repo, pull_number: 5});
    await o.rest.pulls.listFiles({...repo, pull_number: 4});
    await o.rest.pulls.listCommits({...repo, pull_number: 4});
    await o.rest.pulls.listReviews({...repo, pull_number: 5});
    await o.rest.pulls.listRequestedReviewers({...repo, pull_number: 4});
    await o.rest.pulls.requestReviewers({...repo, pull_number: 4, reviewers: ['sam']});
    await o.rest.pulls.createReview({...repo, body: 'ok', event: 'COMMENT', pull_number: 4});
    await o.rest.pulls.createReviewComment({...repo, body: 'nit', commit_id: 'e0cdea96a21a8ce817819d855603c6658a87cd4d', line: 1, path: 'hello.js', pull_number: 4});
    await o.rest.pulls.listReviewComments({...repo, pull_number: 4});
    const pr = await o.rest.pulls.create({...repo, base: 'main', head: 'hi', title: 'Hi'});
    await o.rest.pulls.update({...repo, body: 'edited', pull_number: pr.data.number});
    await o.rest.pulls.merge({...repo, merge_method: 'squash', pull_number: pr.data.number});
    await o.rest.pulls.checkIfMerged({...repo, pull_number: pr.data.number});
    await o.rest.search.issuesAndPullRequests({q: 'repo:acme/hello-world is:open'});
    await o.rest.search.repos({q: 'hello'});
    await o.rest.search.users({q: 'a'});
    const hook = await o.rest.repos.createWebhook({...repo, active: false, config: {content_type: 'json', url: 'http://127.0.0.1:9/'}});
    await o.rest.repos.listWebhooks(repo);
    await o.rest.repos.getWebhook({...repo, hook_id: hook.data.id});
    await o.rest.repos.updateWebhook({...repo, add_events: ['issues'], hook_id: hook.data.id});
    await o.rest.repos.listWebhookDeliveries({...repo, hook_id: hook.data.id});
    const fresh = await o.rest.repos.createForAuthenticatedUser({auto_init: true, name: 'validate'});
    await o.rest.repos.update({description: 'd', owner: 'dana', repo: fresh.data.name});
    await o.rest.repos.get({owner: 'acme', repo: 'nope'}).catch(ignore);
    await o.rest.issues.create({...repo, title: ''}).catch(ignore);
    await o.rest.pulls.merge({...repo, pull_number: 5}).catch(ignore);

    const passed = checks.filter((c) => c.ok).length;
    const failures = checks.filter((c) => !c.ok);
    console.log(`OpenAPI: ${passed}/${checks.length} responses valid (${((100 * passed) / checks.length).toFixed(1)}%) over ${new Set(checks.map((c) => c.operation)).size} operations`);
    for (const f of failures) console.log(`  ✗ ${f.operation} ${f.status}: ${(f.errors ?? []).join('; ')}`);
    expect(checks.length).to.be.above(80);
    expect(passed / checks.length).to.be.at.least(0.95);
  });
});
