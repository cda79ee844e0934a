// The GitHub clone driven by @octokit/rest with only baseUrl changed: users, repositories, issues,
// pagination, error shapes, rate-limit headers and conditional requests.
import type {Octokit} from '@octokit/rest';
import {expect} from 'chai';

import {type GithubClone, startGithubClone} from './helpers.js';

describe('github template: Octokit against the clone', function () {
  this.timeout(180_000);
  let gh: GithubClone;
  let octokit: Octokit;
  before(async () => {
    gh = await startGithubClone();
    octokit = gh.octokit;
  });
  after(async () => gh?.dispose());

  it('answers the authenticated user with the token scopes', async () => {
    const res = await octokit.rest.users.getAuthenticated();
    expect(res.data).to.include({id: 1, login: 'dana', name: 'Dana Reyes', type: 'User'});
    expect(res.data.node_id).to.equal(Buffer.from('04:User1').toString('base64'));
    expect(res.data.url).to.equal(`${gh.clone.url}/users/dana`);
    expect(res.headers['x-oauth-scopes']).to.include('repo');
  });

  it('creates a repository with auto_init: a README commit on main', async () => {
    const {data: repo, status} = await octokit.rest.repos.createForAuthenticatedUser({auto_init: true, description: 'made by a test', name: 'fresh'});
    expect(status).to.equal(201);
    expect(repo).to.include({default_branch: 'main', full_name: 'dana/fresh', private: false});
    expect(repo.clone_url).to.equal(`${gh.clone.url}/dana/fresh.git`);
    const readme = await octokit.rest.repos.getContent({owner: 'dana', path: 'README.md', repo: 'fresh'});
    expect(Buffer.from((readme.data as {content: string}).content, 'base64').toString()).to.equal('# fresh\nmade by a test\n');
    const commits = await octokit.rest.repos.listCommits({owner: 'dana', repo: 'fresh'});
    expect(commits.data.map((c) => c.commit.message)).to.deep.equal(['Initial commit']);
    expect(commits.data[0]!.author?.login).to.equal('dana');
    const org = await octokit.rest.repos.createInOrg({name: 'org-repo', org: 'acme', private: true});
    expect(org.data.owner.login).to.equal('acme');
    expect((await gh.as('robin').rest.repos.get({owner: 'acme', repo: 'org-repo'})).data.private).to.equal(true);
    const err = await gh.as('casey').rest.repos.get({owner: 'acme', repo: 'org-repo'}).catch((e) => e);
    expect(err.status).to.equal(404);
  });

  it('works issues: create, label, milestone, comment, lock, close with state_reason', async () => {
    const {data: issue} = await octokit.rest.issues.create({assignees: ['alex'], body: 'steps to reproduce', labels: ['bug', 'brand-new'], milestone: 1, owner: 'acme', repo: 'hello-world', title: 'It breaks'});
    expect(issue.number).to.equal(7);
    expect(issue.labels.map((l) => (typeof l === 'string' ? l : l.name))).to.deep.equal(['brand-new', 'bug']);
    expect(issue.milestone?.title).to.equal('v1.0');
    expect(issue.assignees?.map((a) => a.login)).to.deep.equal(['alex']);
    await octokit.rest.issues.addLabels({issue_number: 7, labels: ['help wanted'], owner: 'acme', repo: 'hello-world'});
    const comment = await gh.as('sam').rest.issues.createComment({body: 'me too', issue_number: 7, owner: 'acme', repo: 'hello-world'});
    expect(comment.status).to.equal(201);
    expect(comment.data.user?.login).to.equal('sam');
    await octokit.rest.issues.lock({issue_number: 7, lock_reason: 'resolved', owner: 'acme', repo: 'hello-world'});
    const locked = await octokit.rest.issues.get({issue_number: 7, owner: 'acme', repo: 'hello-world'});
    expect(locked.data).to.include({active_lock_reason: 'resolved', comments: 1, locked: true});
    const closed = await octokit.rest.issues.update({issue_number: 7, owner: 'acme', repo: 'hello-world', state: 'closed', state_reason: 'not_planned'});
    expect(closed.data).to.include({state: 'closed', state_reason: 'not_planned'});
    expect(closed.data.closed_by?.login).to.equal('dana');
    const events = await octokit.rest.issues.listEvents({issue_number: 7, owner: 'acme', repo: 'hello-world'});
    expect(events.data.map((e) => e.event)).to.include.members(['labeled', 'locked', 'closed']);
    const ms = await octokit.rest.issues.getMilestone({milestone_number: 1, owner: 'acme', repo: 'hello-world'});
    expect(ms.data.closed_issues).to.equal(2);
  });

  it("lists the viewer's assigned issues across repositories", async () => {
    const mine = await gh.as('alex').rest.issues.listForAuthenticatedUser({filter: 'assigned', state: 'open'});
    expect(mine.data.map((i) => `${i.repository?.full_name}#${i.number}`)).to.deep.equal(['acme/hello-world#4', 'acme/hello-world#1']);
  });

  it('walks 25 issues with octokit.paginate at per_page 10 (Link header)', async () => {
    const {data: repo} = await octokit.rest.repos.createInOrg({name: 'many-issues', org: 'acme'});
    for (let i = 1; i <= 25; i++) await octokit.rest.issues.create({owner: 'acme', repo: repo.name, title: `issue ${i}`});
    const first = await octokit.rest.issues.listForRepo({owner: 'acme', per_page: 10, repo: repo.name});
    expect(first.headers.link).to.match(/rel="next"/).and.match(/rel="last"/);
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, {owner: 'acme', per_page: 10, repo: repo.name});
    expect(all).to.have.length(25);
    expect(new Set(all.map((i) => i.number)).size).to.equal(25);
  });

  it('answers 404, 422 and 401 in GitHub shapes', async () => {
    const missing = await octokit.rest.repos.get({owner: 'acme', repo: 'nope'}).catch((e) => e);
    expect(missing.status).to.equal(404);
    expect(missing.response.data).to.include({message: 'Not Found'});
    expect(missing.response.data.documentation_url).to.be.a('string');
    const privateOfOther = await gh.as('alex').rest.repos.get({owner: 'dana', repo: 'notes'}).catch((e) => e);
    expect(privateOfOther.status).to.equal(404);
    const invalid = await octokit.rest.issues.create({owner: 'acme', repo: 'hello-world', title: ''}).catch((e) => e);
    expect(invalid.status).to.equal(422);
    expect(invalid.response.data.message).to.equal('Validation Failed');
    expect(invalid.response.data.errors[0]).to.include({code: 'missing_field', field: 'title', resource: 'Issue'});
    const bad = await gh.as('ghp_notatoken').rest.users.getAuthenticated().catch((e) => e);
    expect(bad.status).to.equal(401);
    expect(bad.response.data.message).to.equal('Bad credentials');
  });

  it('sends rate-limit headers and GET /rate_limit; refuses with 403 when exhausted', async () => {
    const res = await octokit.rest.repos.get({owner: 'acme', repo: 'hello-world'});
    expect(res.headers['x-ratelimit-limit']).to.equal('5000');
    expect(Number(res.headers['x-ratelimit-remaining'])).to.be.below(5000);
    expect(res.headers['x-ratelimit-resource']).to.equal('core');
    const rl = await octokit.rest.rateLimit.get();
    expect(rl.data.resources.core.limit).to.equal(5000);
    expect(rl.data.resources.search.limit).to.equal(30);
    const used = rl.data.resources.core.used;
    await fetch(`${gh.clone.url}/_asym/github/rate-limit`, {body: JSON.stringify({limit: used + 1, resource: 'core'}), headers: {'content-type': 'application/json'}, method: 'POST'});
    await octokit.rest.users.getAuthenticated();
    const refused = await octokit.rest.users.getAuthenticated().catch((e) => e);
    expect(refused.status).to.equal(403);
    expect(refused.response.data.message).to.match(/^API rate limit exceeded/);
    expect(refused.response.headers['x-ratelimit-remaining']).to.equal('0');
    await fetch(`${gh.clone.url}/_asym/github/rate-limit`, {body: JSON.stringify({limit: null, resource: 'core'}), headers: {'content-type': 'application/json'}, method: 'POST'});
  });

  it('answers 304 to If-None-Match with the ETag it sent', async () => {
    const first = await octokit.rest.repos.get({owner: 'acme', repo: 'hello-world'});
    expect(first.headers.etag).to.match(/^W\/"/);
    const again = await octokit.rest.repos.get({headers: {'if-none-match': first.headers.etag!}, owner: 'acme', repo: 'hello-world'}).catch((e) => e);
    expect(again.status).to.equal(304);
  });

  it('searches issues and repositories with qualifiers', async () => {
    const open = await octokit.rest.search.issuesAndPullRequests({q: 'repo:acme/hello-world is:issue is:open label:enhancement'});
    expect(open.data.items.map((i) => i.number)).to.deep.equal([1]);
    const prs = await octokit.rest.search.issuesAndPullRequests({q: 'repo:acme/hello-world is:pr is:closed'});
    expect(prs.data.items.map((i) => i.number)).to.deep.equal([5]);
    const byAuthor = await octokit.rest.search.issuesAndPullRequests({q: 'greet in:title author:alex repo:acme/hello-world'});
    expect(byAuthor.data.items.map((i) => i.number)).to.deep.equal([4]);
    const repos = await octokit.rest.search.repos({q: 'hello org:acme'});
    expect(repos.data.items.map((r) => r.full_name)).to.include('acme/hello-world');
    const hidden = await gh.as('alex').rest.search.repos({q: 'notes'});
    expect(hidden.data.total_count).to.equal(0);
  });
});
