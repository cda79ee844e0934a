import {expect} from 'chai';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {PassThrough} from 'node:stream';

import {bridgeStdio, sseMessages} from '../src/mcp/bridge.js';

describe('mcp stdio bridge', () => {
  it('parses SSE data payloads', () => {
    expect(sseMessages('event: message\ndata: {"a":1}\n\ndata: {"b":\ndata: 2}\n\n')).to.deep.equal(['{"a":1}', '{"b":\n2}']);
  });

  it('posts each stdin line with the token, keeps the session id, and writes answers (JSON or SSE) to stdout', async () => {
    const seen: Array<{auth?: string; session?: string; body: string}> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d)).on('end', () => {
        seen.push({auth: req.headers.authorization, body, session: req.headers['mcp-session-id'] as string | undefined});
        const msg = JSON.parse(body);
        if (msg.id === undefined) return void res.writeHead(202).end();
        if (msg.method === 'initialize') {
          res.writeHead(200, {'content-type': 'application/json', 'mcp-session-id': 'sess-1'});
          return void res.end(JSON.stringify({id: msg.id, jsonrpc: '2.0', result: {ok: true}}));
        }
        res.writeHead(200, {'content-type': 'text/event-stream'});
        res.end(`event: message\ndata: ${JSON.stringify({id: msg.id, jsonrpc: '2.0', result: {tools: []}})}\n\n`);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d) => (out += d));
    const done = bridgeStdio({token: 'xoxb-test', url}, input, output as unknown as NodeJS.WriteStream);
    input.write('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}\n');
    input.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
    input.end('{"jsonrpc":"2.0","id":2,"method":"tools/list"}\n');
    await done;
    server.close();
    expect(out.trim().split('\n').map((l) => JSON.parse(l).id)).to.deep.equal([1, 2]);
    expect(seen.map((s) => s.auth)).to.deep.equal(['Bearer xoxb-test', 'Bearer xoxb-test', 'Bearer xoxb-test']);
    expect(seen.map((s) => s.session)).to.deep.equal([undefined, 'sess-1', 'sess-1']);
  });
});
