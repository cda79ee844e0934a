import {App, LogLevel} from '@slack/bolt';
import {expect} from 'chai';
import WebSocket from 'ws';

import {rawCall, slackError, startSlack, type SlackClone} from './helpers.js';
import {sample, shapeProblems} from './oracle.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('slack clone: Socket Mode', function () {
  this.timeout(30_000);
  let s: SlackClone;
  beforeEach(async () => {
    s = await startSlack({rateLimits: false});
  });
  afterEach(async () => s?.dispose());

  it('opens a connection URL with the app-level token only', async () => {
    const res = await rawCall(s.url, 'apps.connections.open', {}, {token: s.tokens.extra!.appToken});
    expect(res.body.ok).to.equal(true);
    expect(res.body.url).to.match(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[0-9a-f-]+&app_id=A/);
    expect(shapeProblems(res.body, sample('apps.connections.open'))).to.deep.equal([]);
    expect((await slackError(s.bot.apps.connections.open())).error).to.equal('not_allowed_token_type');
  });

  it('sends hello, delivers events in envelopes and re-sends those not acknowledged', async () => {
    const {body} = await rawCall(s.url, 'apps.connections.open', {}, {token: s.tokens.extra!.appToken});
    const ws = new WebSocket(body.url);
    const got: any[] = [];
    ws.on('message', (d) => got.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    try {
      for (let i = 0; i < 50 && !got.length; i++) await sleep(20);
      expect(got[0]).to.deep.include({type: 'hello', connection_info: {app_id: s.tokens.appId}});
      const reuse = new WebSocket(body.url);
      const refused = await new Promise((r) => reuse.once('error', () => r(true)).once('open', () => r(false)));
      expect(refused, 'a ticket is single-use').to.equal(true);

      const {channel} = await s.bot.conversations.create({name: 'socket-room'});
      await s.bot.conversations.invite({channel: channel!.id!, users: 'U0ACDANA01'});
      await s.user.chat.postMessage({channel: channel!.id!, text: 'over the socket'});
      const find = () => got.filter((m) => m.type === 'events_api' && m.payload.event.text === 'over the socket');
      for (let i = 0; i < 100 && find().length < 2; i++) await sleep(50);
      const [first, again] = find();
      expect(first.envelope_id).to.be.a('string');
      expect(first).to.include({accepts_response_payload: false, retry_attempt: 0});
      expect(first.payload).to.include({type: 'event_callback', api_app_id: s.tokens.appId});
      expect(again).to.include({envelope_id: first.envelope_id, retry_attempt: 1, retry_reason: 'timeout'});
      ws.send(JSON.stringify({envelope_id: first.envelope_id}));
      await sleep(3500);
      expect(find()).to.have.length(2);
    } finally {
      ws.close();
    }
  });

  it('drives an unmodified Bolt app in Socket Mode: it receives a message and replies in the thread', async () => {
    const apiUrl = `${s.url}/api/`;
    const bolt = new App({
      appToken: s.tokens.extra!.appToken,
      clientOptions: {slackApiUrl: apiUrl},
      installerOptions: {clientOptions: {slackApiUrl: apiUrl}},
      logLevel: LogLevel.ERROR,
      socketMode: true,
      token: s.tokens.botToken,
    });
    bolt.message('status', async ({message, say}) => {
      await say({text: 'All systems go', thread_ts: (message as {ts: string}).ts});
    });
    await bolt.start();
    try {
      const {channel} = await s.bot.conversations.create({name: 'bolt-socket'});
      await s.bot.conversations.invite({channel: channel!.id!, users: 'U0ACDANA01'});
      const asked = await s.user.chat.postMessage({channel: channel!.id!, text: 'what is the status?'});
      let reply;
      for (let i = 0; i < 100 && !reply; i++) {
        await sleep(50);
        reply = (await s.user.conversations.replies({channel: channel!.id!, ts: asked.ts!})).messages!.find((m) => m.text === 'All systems go');
      }
      expect(reply).to.include({thread_ts: asked.ts, user: s.ids.botUserId});
    } finally {
      await bolt.stop();
    }
  });
});
