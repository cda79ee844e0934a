// MCP with the official MCP client, the /api control plane (JWT sessions, personal access tokens),
// webhook deliveries and redelivery, renamed repositories and the contents API's rules.
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StreamableHTTPClientTransport} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {Octokit} from '@octokit/rest';
import {expect} from 'chai';

import {type GithubClone, startGithubClone} from './helpers.js';

describe('github template: MCP, control plane, webhook deliveries, renames', function () {
  this.timeout(180_000);
  let gh: GithubClone;
  before(async () => {
    gh = await startGithubClone();
  });
  after(async () => gh?.dispose());

  it('serves GitHub MCP tools that act through the REST routes', async () => {
    const client = new Client({name: 'github-test', version: '1.0.0'});
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gh.clone.url}/mcp`), {requestInit: {headers: {authorization: `Bearer ${gh.tokens.apiKey}`}}}));
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).to.include.members(['get_me', 'search_repositories', 'get_file_contents', 'create_or_update_file', 'list_issues', 'get_issue', 'create_issue', 'add_issue_comment', 'update_issue', 'list_pull_requests', 'get_pull_request', 'create_pull_request', 'merge_pull_request', 'create_branch', 'list_commits']);
    const text = (r: any) => JSON.parse(r.content[0].text);
    expect(text(await client.callTool({arguments: {}, name: 'get_me'})).login).to.equal('dana');
    const file = text(await client.callTool({arguments: {owner: 'acme', path: 'hello.js', repo: 'hello-world'}, name: 'get_file_contents'}));
    expect(file.content).to.equal("console.log('Hello, world!');\n");
    await client.callTool({arguments: {branch: 'mcp-branch', owner: 'acme', repo: 'hello-world'}, name: 'create_branch'});
    await client.callTool({arguments: {branch: 'mcp-branch', content: 'from an agent\n', message: 'Agent note', owner: 'acme', path: 'AGENT.md', repo: 'hello-world'}, name: 'create_or_update_file'});
    const pr = text(await client.callTool({arguments: {base: 'main', head: 'mcp-branch', owner: 'acme', repo: 'hello-world', title: 'Agent PR'}, name: 'create_pull_request'}));
    const merged = text(await client.callTool({arguments: {merge_method: 'squash', owner: 'acme', pullNumber: pr.number, repo: 'hello-world'}, name: 'merge_pull_request'}));
    expect(merged.merged).to.equal(true);
    const missing = await client.callTool({arguments: {issue_number: 999, owner: 'acme', repo: 'hello-world'}, name: 'get_issue'});
    expect(missing.isError).to.equal(true);
    await client.close();
    const refused = await fetch(`${gh.clone.url}/mcp`, {body: '{}', headers: {authorization: 'Bearer ghp_nope', 'content-type': 'application/json'}, method: 'POST'});
    expect(refused.status).to.equal(401);
  });

  it('signs up, logs in and mints a personal access token that works with Octokit', async () => {
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${gh.clone.url}${path}`, {body: JSON.stringify(body), headers: {'content-type': 'application/json', ...(token ? {authorization: `Bearer ${token}`} : {})}, method: 'POST'});
    expect((await post('/api/auth/login', {login: 'alex', password: 'wrong-password'})).status).to.equal(401);
    const login = await (await post('/api/auth/login', {login: 'alex', password: 'password123'})).json();
    expect(login.user.login).to.equal('alex');
    const signup = await (await post('/api/auth/signup', {email: 'newbie@example.test', login: 'newbie', password: 'longenough'})).json();
    const refreshed = await (await post('/api/auth/refresh', {refreshToken: signup.refreshToken})).json();
    const minted = await (await post('/api/user/tokens', {note: 'ci', scopes: ['repo']}, refreshed.accessToken)).json();
    expect(minted.token).to.match(/^ghp_[A-Za-z0-9]{36}$/);
    const me = await new Octokit({auth: minted.token, baseUrl: gh.clone.url}).rest.users.getAuthenticated();
    expect(me.data.login).to.equal('newbie');
    expect(me.headers['x-oauth-scopes']).to.equal('repo');
    const list = await (await fetch(`${gh.clone.url}/api/user/tokens`, {headers: {authorization: `Bearer ${refreshed.accessToken}`}})).json();
    expect(list.map((t: {note: string}) => t.note)).to.deep.equal(['ci']);
    const del = await fetch(`${gh.clone.url}/api/user/tokens/${minted.id}`, {headers: {authorization: `Bearer ${refreshed.accessToken}`}, method: 'DELETE'});
    expect(del.status).to.equal(204);
    const after = await new Octokit({auth: minted.token, baseUrl: gh.clone.url}).rest.users.getAuthenticated().catch((e) => e);
    expect(after.status).to.equal(401);
  });

  it('lists webhook deliveries and redelivers one', async () => {
    const seen: string[] = [];
    const server: Server = createServer((req, res) => {
      seen.push(String(req.headers['x-github-event']));
      res.statusCode = 200;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const hook = await gh.octokit.rest.repos.createWebhook({config: {content_type: 'json', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`}, events: ['issues', 'issue_comment'], owner: 'acme', repo: 'hello-world'});
      expect(hook.data).to.include({active: true, name: 'web'});
      await gh.as('sam').rest.issues.createComment({body: 'hooked', issue_number: 1, owner: 'acme', repo: 'hello-world'});
      await gh.webhooksIdle();
      const deliveries = await gh.octokit.rest.repos.listWebhookDeliveries({hook_id: hook.data.id, owner: 'acme', repo: 'hello-world'});
      expect(deliveries.data.map((d) => [d.event, d.status_code])).to.deep.equal([['issue_comment', 200], ['ping', 200]]);
      const one = await gh.octokit.rest.repos.getWebhookDelivery({delivery_id: deliveries.data[0]!.id, hook_id: hook.data.id, owner: 'acme', repo: 'hello-world'});
      expect((one.data.request.payload as {comment: {body: string}}).comment.body).to.equal('hooked');
      const again = await gh.octokit.rest.repos.redeliverWebhookDelivery({delivery_id: deliveries.data[0]!.id, hook_id: hook.data.id, owner: 'acme', repo: 'hello-world'});
      expect(again.status).to.equal(202);
      await gh.webhooksIdle();
      expect(seen).to.deep.equal(['ping', 'issue_comment', 'issue_comment']);
      const listed = await gh.octokit.rest.repos.listWebhookDeliveries({hook_id: hook.data.id, owner: 'acme', repo: 'hello-world'});
      expect(listed.data[0]!.redelivery).to.equal(true);
    } finally {
      server.close();
    }
  });

  it('renames a repository and redirects the old name; topics and collaborators', async () => {
    await gh.octokit.rest.repos.createInOrg({auto_init: true, name: 'old-name', org: 'acme'});
    const renamed = await gh.octokit.rest.repos.update({name: 'new-name', owner: 'acme', repo: 'old-name'});
    expect(renamed.data.full_name).to.equal('acme/new-name');
    const viaOld = await gh.octokit.rest.repos.get({owner: 'acme', repo: 'old-name'});
    expect(viaOld.data.full_name).to.equal('acme/new-name');
    const topics = await gh.octokit.rest.repos.replaceAllTopics({names: ['Demo', 'cli'], owner: 'acme', repo: 'new-name'});
    expect(topics.data.names).to.deep.equal(['demo', 'cli']);
    await gh.octokit.rest.repos.addCollaborator({owner: 'acme', permission: 'push', repo: 'new-name', username: 'casey'});
    const perm = await gh.octokit.rest.repos.getCollaboratorPermissionLevel({owner: 'acme', repo: 'new-name', username: 'casey'});
    expect(perm.data.permission).to.equal('write');
    const stale = await gh.octokit.rest.repos.createOrUpdateFileContents({content: Buffer.from('x').toString('base64'), message: 'x', owner: 'acme', path: 'README.md', repo: 'new-name'}).catch((e) => e);
    expect(stale.status).to.equal(422);
    const del = await gh.octokit.rest.repos.delete({owner: 'acme', repo: 'new-name'});
    expect(del.status).to.equal(204);
  });
});

describe('github template: the octokit fixture', function () {
  this.timeout(120_000);
  let gh: GithubClone;
  before(async () => {
    gh = await startGithubClone('octokit');
  });
  after(async () => gh?.dispose());

  it("has @octokit/fixtures' org, users and hello-world repository", async () => {
    expect(gh.tokens.extra?.login).to.equal('octokit-fixture-user-a');
    const repo = await gh.octokit.rest.repos.get({owner: 'octokit-fixture-org', repo: 'hello-world'});
    expect(repo.data.owner.login).to.equal('octokit-fixture-org');
    const readme = await gh.octokit.rest.repos.getReadme({owner: 'octokit-fixture-org', repo: 'hello-world'});
    expect(Buffer.from(readme.data.content, 'base64').toString()).to.equal('# hello-world\n');
    const members = await gh.as('octokit-fixture-user-b').rest.orgs.listMembers({org: 'octokit-fixture-org'});
    expect(members.data.map((m) => m.login)).to.deep.equal(['octokit-fixture-user-a', 'octokit-fixture-user-b']);
  });
});
