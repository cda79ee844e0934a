// MCP with the tools of Notion's official MCP server, and signed webhook deliveries.
import {createHmac} from 'node:crypto';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StreamableHTTPClientTransport} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {expect} from 'chai';

import {ACME, type NotionClone, startNotion} from './helpers.js';

const payload = (res: any) => JSON.parse(res.content[0].text);

describe('notion template: MCP and webhooks', function () {
  this.timeout(60_000);
  let n: NotionClone;
  before(async () => {
    n = await startNotion();
  });
  after(async () => n?.dispose());

  it('MCP: the official server\'s tool names, run against the clone with the bearer token', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`${n.url}/mcp`), {requestInit: {headers: {Authorization: `Bearer ${n.tokens.apiKey}`}}});
    const client = new Client({name: 'asym-test', version: '1.0.0'});
    await client.connect(transport);
    try {
      const {tools} = await client.listTools();
      expect(tools.map((t) => t.name)).to.include.members(['API-get-self', 'API-post-search', 'API-post-page', 'API-patch-block-children', 'API-query-data-source', 'API-retrieve-a-database', 'API-create-a-comment', 'API-move-page']);
      const self = payload(await client.callTool({arguments: {}, name: 'API-get-self'}));
      expect(self.id).to.equal(ACME.bot);
      const page = payload(await client.callTool({arguments: {parent: {page_id: ACME.root}, properties: {title: {title: [{text: {content: 'From MCP'}}]}}}, name: 'API-post-page'}));
      await client.callTool({arguments: {block_id: page.id, children: [{paragraph: {rich_text: [{text: {content: 'hello'}}]}}]}, name: 'API-patch-block-children'});
      const q = payload(await client.callTool({arguments: {data_source_id: ACME.tasks, filter: {property: 'Done', checkbox: {equals: true}}}, name: 'API-query-data-source'}));
      expect(q.results).to.have.length(3);
      const missing = await client.callTool({arguments: {page_id: '00000000-0000-0000-0000-000000000000'}, name: 'API-retrieve-a-page'});
      expect(missing.isError).to.equal(true);
      const kids: any = await n.notion.blocks.children.list({block_id: page.id});
      expect(kids.results[0].paragraph.rich_text[0].plain_text).to.equal('hello');
      await client.callTool({arguments: {insert_content: {content: '## Next\n- [ ] ship it'}, page_id: page.id, type: 'insert_content'}, name: 'API-update-page-markdown'});
      const md = payload(await client.callTool({arguments: {page_id: page.id}, name: 'API-retrieve-page-markdown'}));
      expect(md.markdown).to.equal('hello\n## Next\n- [ ] ship it');
      expect(tools).to.have.length(24);
    } finally {
      await client.close();
    }
    const refused = await fetch(`${n.url}/mcp`, {body: JSON.stringify({id: 1, jsonrpc: '2.0', method: 'tools/list'}), headers: {authorization: 'Bearer ntn_nope', 'content-type': 'application/json'}, method: 'POST'});
    expect(refused.status).to.equal(401);
  });

  it('webhooks: the verification token first, then events signed with X-Notion-Signature', async () => {
    const received: Array<{body: string; signature?: string}> = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({body, signature: req.headers['x-notion-signature'] as string | undefined});
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
      const set = await (await n.control('/notion/request-url', {url})).json();
      expect(set.extraPatch.webhookUrl).to.equal(url);
      await n.webhooksIdle();
      const token = JSON.parse(received[0]!.body).verification_token;
      expect(token).to.equal(set.verificationToken);
      const page: any = await n.notion.pages.create({parent: {data_source_id: ACME.tasks}, properties: {Task: {title: [{text: {content: 'hooked'}}]}}});
      await n.notion.pages.update({page_id: page.id, properties: {Done: {checkbox: true}}});
      await n.notion.comments.create({parent: {page_id: page.id}, rich_text: [{text: {content: 'nice'}}]});
      await n.notion.dataSources.update({data_source_id: ACME.tasks, properties: {Effort: {number: {}}}});
      await n.webhooksIdle();
      const events = received.slice(1);
      for (const e of events) expect(e.signature).to.equal(`sha256=${createHmac('sha256', token).update(e.body).digest('hex')}`);
      const bodies = events.map((e) => JSON.parse(e.body));
      expect(bodies.map((b) => b.type)).to.deep.equal(['page.created', 'page.properties_updated', 'comment.created', 'data_source.schema_updated']);
      expect(bodies[0]).to.deep.include({entity: {id: page.id, type: 'page'}, workspace_name: 'Acme Wiki'});
      expect(bodies[1].data.updated_properties).to.deep.equal(['tDon']);
    } finally {
      server.close();
    }
  });
});
