// An MCP SDK client over Streamable HTTP against the clone's /mcp: the tools of Linear's MCP server.
import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StreamableHTTPClientTransport} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {expect} from 'chai';

import {type LinearClone, startLinearClone} from './helpers.js';

async function connect(url: string, token: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {requestInit: {headers: {Authorization: `Bearer ${token}`}}});
  const client = new Client({name: 'asym-test', version: '1.0.0'});
  await client.connect(transport);
  return client;
}

const json = (r: any) => JSON.parse(r.content[0].text);

describe('linear template: MCP', function () {
  let c: LinearClone;
  let client: Client;
  before(async () => {
    c = await startLinearClone();
    client = await connect(c.clone.url, c.tokens.apiKey!);
  });
  after(async () => {
    await client?.close();
    await c?.dispose();
  });

  it('lists the tools of Linear’s MCP server', async () => {
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).to.include.members(['list_issues', 'get_issue', 'create_issue', 'update_issue', 'list_comments', 'create_comment', 'list_teams', 'list_projects', 'list_issue_statuses', 'list_issue_labels', 'list_users']);
  });

  it('creates an issue by names, updates it, comments on it, and finds it', async () => {
    const created = json(await client.callTool({arguments: {assignee: 'me', labels: ['Bug'], priority: 2, state: 'Todo', team: 'ENG', title: 'Filed through MCP'}, name: 'create_issue'}));
    expect(created.identifier).to.match(/^ENG-\d+$/);
    expect(created.state.name).to.equal('Todo');
    expect(created.assignee.email).to.equal('dana@acme.test');
    expect(created.labels).to.deep.equal(['Bug']);
    const updated = json(await client.callTool({arguments: {id: created.identifier, state: 'In Progress'}, name: 'update_issue'}));
    expect(updated.state.type).to.equal('started');
    expect(updated.startedAt).to.be.a('string');
    await client.callTool({arguments: {body: 'From an agent', issueId: created.identifier}, name: 'create_comment'});
    const comments = json(await client.callTool({arguments: {issueId: created.id}, name: 'list_comments'}));
    expect(comments.comments.map((x: any) => x.body)).to.deep.equal(['From an agent']);
    const listed = json(await client.callTool({arguments: {assignee: 'me', query: 'through MCP', team: 'ENG'}, name: 'list_issues'}));
    expect(listed.issues.map((i: any) => i.id)).to.deep.equal([created.id]);
    const viaSdk = await c.linear.issue(created.identifier);
    expect(viaSdk.title).to.equal('Filed through MCP');
  });

  it('answers isError for a bad argument and refuses a bad key', async () => {
    const bad = await client.callTool({arguments: {team: 'NOPE', title: 'x'}, name: 'create_issue'});
    expect(bad.isError).to.equal(true);
    expect((bad.content as any)[0].text).to.include('No team "NOPE"');
    const statuses = json(await client.callTool({arguments: {team: 'DES'}, name: 'list_issue_statuses'}));
    expect(statuses.statuses.map((s: any) => s.name)).to.include('In Review');
    const res = await fetch(`${c.clone.url}/mcp`, {
      body: JSON.stringify({id: 1, jsonrpc: '2.0', method: 'tools/list'}),
      headers: {accept: 'application/json, text/event-stream', authorization: 'Bearer lin_api_wrong', 'content-type': 'application/json'},
      method: 'POST',
    });
    expect(res.status).to.equal(401);
  });
});
