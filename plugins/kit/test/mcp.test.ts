import {serve} from '@hono/node-server';
import {Client} from '@modelcontextprotocol/sdk/client/index.js';
import {StreamableHTTPClientTransport} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {expect} from 'chai';
import {Hono} from 'hono';
import type {AddressInfo} from 'node:net';

import {formEncode, McpToolError, mountMcp} from '../src/mcp.js';

/** A backend with one authenticated route; its MCP tools are a route tool and two code tools. */
function backend() {
  const app = new Hono();
  const seen: Array<{auth?: string; body: string; type?: string}> = [];
  app.post('/v1/things', async (c) => {
    if (c.req.header('authorization') !== 'Bearer good') return c.json({error: {message: 'bad key'}}, 401);
    const body = await c.req.text();
    seen.push({auth: c.req.header('authorization'), body, type: c.req.header('content-type')});
    return c.json({id: 'thing_1', object: 'thing'});
  });
  mountMcp(app, '/mcp', {
    authenticate: (auth) => auth === 'Bearer good',
    name: 'test-mcp',
    tools: [
      {
        description: 'Create a thing',
        inputSchema: {properties: {name: {type: 'string'}, tags: {type: 'object'}}, required: ['name'], type: 'object'},
        name: 'create_thing',
        route: (a) => ({form: {metadata: a.tags, name: a.name}, method: 'POST', path: '/v1/things'}),
      },
      {description: 'Echo', inputSchema: {type: 'object'}, name: 'echo', run: (a) => ({echo: a})},
      {
        description: 'Always fails',
        inputSchema: {type: 'object'},
        name: 'fail',
        run: () => {
          throw new McpToolError('no such thing');
        },
      },
    ],
    version: '1.0.0',
  });
  return {app, seen};
}

describe('kit: MCP served from declared tools', () => {
  let server: ReturnType<typeof serve>;
  let url: string;
  let seen: ReturnType<typeof backend>['seen'];

  before(async () => {
    const b = backend();
    seen = b.seen;
    server = serve({fetch: b.app.fetch, hostname: '127.0.0.1', port: 0});
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));

  const connect = async (token: string) => {
    const client = new Client({name: 'kit-test', version: '1.0.0'});
    await client.connect(new StreamableHTTPClientTransport(new URL(url), {requestInit: {headers: {authorization: `Bearer ${token}`}}}));
    return client;
  };

  it('an MCP SDK client lists the tools and runs a route tool with its own credentials', async () => {
    const client = await connect('good');
    try {
      const {tools} = await client.listTools();
      expect(tools.map((t) => t.name)).to.deep.equal(['create_thing', 'echo', 'fail']);
      const res = await client.callTool({arguments: {name: 'widget', tags: {color: 'red'}}, name: 'create_thing'});
      expect(res.isError).to.equal(false);
      expect(JSON.parse((res.content as Array<{text: string}>)[0].text)).to.deep.equal({id: 'thing_1', object: 'thing'});
      expect(seen.at(-1)).to.deep.equal({auth: 'Bearer good', body: 'metadata%5Bcolor%5D=red&name=widget', type: 'application/x-www-form-urlencoded'});
    } finally {
      await client.close();
    }
  });

  it('code tools answer their value; McpToolError and missing arguments are isError results', async () => {
    const client = await connect('good');
    try {
      const echo = await client.callTool({arguments: {a: 1}, name: 'echo'});
      expect(JSON.parse((echo.content as Array<{text: string}>)[0].text)).to.deep.equal({echo: {a: 1}});
      const fail = await client.callTool({arguments: {}, name: 'fail'});
      expect(fail).to.deep.include({isError: true});
      expect((fail.content as Array<{text: string}>)[0].text).to.equal('no such thing');
      const missing = await client.callTool({arguments: {}, name: 'create_thing'});
      expect(missing.isError).to.equal(true);
      expect((missing.content as Array<{text: string}>)[0].text).to.equal('Missing required arguments: name');
    } finally {
      await client.close();
    }
  });

  it('refuses a bad token with HTTP 401', async () => {
    const res = await fetch(url, {body: JSON.stringify({id: 1, jsonrpc: '2.0', method: 'ping'}), headers: {authorization: 'Bearer bad', 'content-type': 'application/json'}, method: 'POST'});
    expect(res.status).to.equal(401);
  });

  it('form-encodes nested values with bracketed keys', () => {
    expect(decodeURIComponent(formEncode({a: {b: 1, c: [2, 3]}, d: null, e: 'x'}))).to.equal('a[b]=1&a[c][0]=2&a[c][1]=3&e=x');
  });
});
