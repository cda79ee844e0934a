import {WebClient} from '@slack/web-api';
import {expect} from 'chai';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

import type {CloneInstance} from '@asym/contract';

import {cliWorld} from './helpers/world.js';

describe('request-url: events reach the app under test, also after a reset', function () {
  this.timeout(120_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let server: Server;
  const received: Array<{type: string; event?: {type: string; text?: string}}> = [];
  after(async () => {
    server?.close();
    await world?.cleanup();
  });

  it('verifies the URL, delivers event_callback envelopes, and keeps the URL across reset', async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d)).on('end', () => {
        const msg = JSON.parse(body);
        received.push(msg);
        res.writeHead(200, {'content-type': 'application/json'});
        res.end(msg.type === 'url_verification' ? JSON.stringify({challenge: msg.challenge}) : '{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;

    world = await cliWorld();
    const clone = (await world.run(['spin', 'slack', '--seed', 'acme-corp', '--json'])).json<CloneInstance[]>()[0]!;
    const set = await world.run(['request-url', clone.id, url, '--json']);
    expect(set.code, set.stderr).to.equal(0);
    expect(received.some((m) => m.type === 'url_verification')).to.equal(true);

    const waitFor = async (text: string) => {
      for (let i = 0; i < 100; i++) {
        if (received.some((m) => m.type === 'event_callback' && m.event?.text === text)) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    };
    const user = new WebClient(clone.tokens!.userToken!, {slackApiUrl: clone.endpoints.api + '/'});
    const general = ((await user.conversations.list({types: 'public_channel'})).channels ?? []).find((c) => c.name === 'general')!;
    const bot = new WebClient(clone.tokens!.botToken!, {slackApiUrl: clone.endpoints.api + '/'});
    await bot.conversations.join({channel: general.id!});
    await user.chat.postMessage({channel: general.id!, text: 'before reset'});
    expect(await waitFor('before reset'), 'event before reset').to.equal(true);

    expect((await world.run(['reset', clone.id])).code).to.equal(0);
    await bot.conversations.join({channel: general.id!});
    await user.chat.postMessage({channel: general.id!, text: 'after reset'});
    expect(await waitFor('after reset'), 'event after reset').to.equal(true);

    const bad = await world.run(['request-url', clone.id, 'not a url', '--json']);
    expect(bad.code).to.equal(1);
    expect(bad.json<{error: {code: string}}>().error.code).to.equal('INVALID_INPUT');
  });
});
