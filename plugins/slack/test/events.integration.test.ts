import {createHmac} from 'node:crypto';
import {createServer, type IncomingMessage, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

import {App, LogLevel} from '@slack/bolt';
import {expect} from 'chai';

import {startSlack, type SlackClone} from './helpers.js';
import {eventSample, shapeProblems} from './oracle.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(probe: () => Promise<T | undefined>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(100);
  }
}

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A plain endpoint recording what the clone sends; `status` picks the HTTP status per envelope (default 200). */
async function recorder(status: (envelope: any) => number = () => 200): Promise<{server: Server; url: string; got: Received[]}> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      got.push({body, headers: req.headers});
      const parsed = JSON.parse(body);
      if (parsed.type === 'url_verification') {
        res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({challenge: parsed.challenge}));
        return;
      }
      res.writeHead(status(parsed)).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {got, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`};
}

describe('slack clone: Events API over HTTP', function () {
  this.timeout(30_000);
  let s: SlackClone;
  beforeEach(async () => {
    s = await startSlack({rateLimits: false});
  });
  afterEach(async () => s?.dispose());

  it('verifies the request URL, then signs, delivers and retries event_callback envelopes', async () => {
    let failedOnce = false;
    const rec = await recorder((env) => {
      if (env.event?.type === 'message' && String(env.event.text).includes('look') && !failedOnce) {
        failedOnce = true;
        return 500;
      }
      return 200;
    });
    try {
      await s.control('/slack/settings', {eventRetryDelaysMs: [100, 100, 100]});
      const set = await s.control('/slack/request-url', {url: rec.url});
      expect(set.status).to.equal(200);
      expect(JSON.parse(rec.got[0]!.body)).to.include({type: 'url_verification'});

      const {channel} = await s.bot.conversations.create({name: 'events-room'});
      await s.bot.conversations.invite({channel: channel!.id!, users: 'U0ACALEX02,U0ACDANA01'});
      const posted = await s.user.chat.postMessage({channel: channel!.id!, text: `hey <@${s.ids.botUserId}> look`});
      await s.user.reactions.add({channel: channel!.id!, timestamp: posted.ts!, name: 'tada'});

      const byType = async (type: string, pred: (e: any) => boolean = () => true) =>
        until(async () => {
          const found = rec.got.map((g) => ({...g, json: JSON.parse(g.body)})).filter((g) => g.json.event?.type === type && pred(g.json.event));
          return found.length ? found : undefined;
        });
      const [first, retry] = await until(async () => {
        const got = await byType('message', (e) => e.ts === posted.ts);
        return got.length >= 2 ? got : undefined;
      });
      expect(first!.headers['x-slack-retry-num']).to.equal(undefined);
      expect(retry!.headers['x-slack-retry-num']).to.equal('1');
      expect(retry!.headers['x-slack-retry-reason']).to.equal('http_error');
      for (const d of [first!, retry!]) {
        const ts = d.headers['x-slack-request-timestamp'] as string;
        const expected = `v0=${createHmac('sha256', s.tokens.extra!.signingSecret!).update(`v0:${ts}:${d.body}`).digest('hex')}`;
        expect(d.headers['x-slack-signature']).to.equal(expected);
        expect(Math.abs(Number(ts) - Date.now() / 1000)).to.be.below(10);
      }
      const env = first!.json;
      expect(env).to.include({type: 'event_callback', api_app_id: s.tokens.appId, team_id: 'T0ACMECORP'});
      expect(env.event_id).to.match(/^Ev[A-Z0-9]+$/);
      expect(env.authorizations[0]).to.include({user_id: s.ids.botUserId, is_bot: true});
      expect(env.event).to.include({type: 'message', channel: channel!.id, user: 'U0ACDANA01', channel_type: 'channel'});
      expect(shapeProblems(env, eventSample('MessagePayload'))).to.deep.equal([]);

      const mention = (await byType('app_mention'))[0]!.json;
      expect(mention.event).to.include({user: 'U0ACDANA01', ts: posted.ts});
      expect(shapeProblems(mention, eventSample('AppMentionPayload'))).to.deep.equal([]);
      const reaction = (await byType('reaction_added'))[0]!.json;
      expect(reaction.event).to.deep.include({reaction: 'tada', item: {type: 'message', channel: channel!.id, ts: posted.ts}, item_user: 'U0ACDANA01'});
      expect(shapeProblems(reaction, eventSample('ReactionAddedPayload'))).to.deep.equal([]);
      const joined = (await byType('member_joined_channel', (e) => e.user === 'U0ACALEX02'))[0]!.json;
      expect(joined.event).to.include({channel: channel!.id, inviter: s.ids.botUserId});
      expect(shapeProblems(joined, eventSample('MemberJoinedChannelPayload'))).to.deep.equal([]);
      const created = (await byType('channel_created'))[0]!.json;
      expect(created.event.channel).to.include({id: channel!.id, name: 'events-room'});
      expect(shapeProblems(created, eventSample('ChannelCreatedPayload'))).to.deep.equal([]);

      await s.user.reactions.remove({channel: channel!.id!, timestamp: posted.ts!, name: 'tada'});
      const removed = (await byType('reaction_removed'))[0]!.json;
      expect(removed.event).to.include({reaction: 'tada', user: 'U0ACDANA01'});
      expect(shapeProblems(removed, eventSample('ReactionRemovedPayload'))).to.deep.equal([]);
      await s.user.chat.update({channel: channel!.id!, ts: posted.ts!, text: 'edited'});
      await s.user.chat.delete({channel: channel!.id!, ts: posted.ts!});
      await s.bot.conversations.rename({channel: channel!.id!, name: 'events-room-2'});
      await s.bot.conversations.kick({channel: channel!.id!, user: 'U0ACALEX02'});
      await s.bot.conversations.archive({channel: channel!.id!});
      const changed = (await byType('message', (e) => e.subtype === 'message_changed'))[0]!.json;
      expect(changed.event.message.text).to.equal('edited');
      expect(changed.event.previous_message.text).to.contain('look');
      expect(shapeProblems(changed, eventSample('MessageChangedPayload'))).to.deep.equal([]);
      const deleted = (await byType('message', (e) => e.subtype === 'message_deleted'))[0]!.json;
      expect(deleted.event.deleted_ts).to.equal(posted.ts);
      expect(shapeProblems(deleted, eventSample('MessageDeletedPayload'))).to.deep.equal([]);
      await s.bot.conversations.unarchive({channel: channel!.id!});
      const renamed = (await byType('channel_rename'))[0]!.json;
      expect(renamed.event.channel).to.include({name: 'events-room-2'});
      expect(shapeProblems(renamed, eventSample('ChannelRenamePayload'))).to.deep.equal([]);
      const left = (await byType('member_left_channel'))[0]!.json;
      expect(left.event).to.include({user: 'U0ACALEX02'});
      expect(shapeProblems(left, eventSample('MemberLeftChannelPayload'))).to.deep.equal([]);
      const archived = (await byType('channel_archive'))[0]!.json;
      expect(archived.event).to.include({channel: channel!.id, user: s.ids.botUserId});
      expect(shapeProblems(archived, eventSample('ChannelArchivePayload'))).to.deep.equal([]);
      const unarchived = (await byType('channel_unarchive'))[0]!.json;
      expect(unarchived.event).to.include({channel: channel!.id});
      expect(shapeProblems(unarchived, eventSample('ChannelUnarchivePayload'))).to.deep.equal([]);
      // Events of conversations the bot is not in are not delivered.
      await s.user.chat.postMessage({channel: 'C0ACLEADR7', text: 'secret plans'});
      await sleep(300);
      expect(rec.got.some((g) => g.body.includes('secret plans'))).to.equal(false);
    } finally {
      rec.server.close();
    }
  });

  it('refuses a request URL that does not answer the challenge', async () => {
    const server = createServer((_req, res) => res.writeHead(200).end('nope'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await s.control('/slack/request-url', {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`});
      expect(res.status).to.equal(422);
      expect(((await res.json()) as {error: string}).error).to.equal('url_verification_failed');
    } finally {
      server.close();
    }
  });

  it('drives an unmodified Bolt app over HTTP: it receives a message and replies in the thread', async () => {
    const bolt = new App({
      clientOptions: {slackApiUrl: `${s.url}/api/`},
      logLevel: LogLevel.ERROR,
      signingSecret: s.tokens.extra!.signingSecret!,
      token: s.tokens.botToken,
    });
    bolt.message('deploy', async ({message, say}) => {
      await say({text: 'On it!', thread_ts: (message as {ts: string}).ts});
    });
    const server = (await bolt.start(0)) as Server;
    try {
      const port = (server.address() as AddressInfo).port;
      const res = await s.control('/slack/request-url', {url: `http://127.0.0.1:${port}/slack/events`});
      expect(res.status).to.equal(200);
      const {channel} = await s.bot.conversations.create({name: 'bolt-http'});
      await s.bot.conversations.invite({channel: channel!.id!, users: 'U0ACDANA01'});
      const asked = await s.user.chat.postMessage({channel: channel!.id!, text: 'please deploy the app'});
      const reply = await until(async () => {
        const r = await s.user.conversations.replies({channel: channel!.id!, ts: asked.ts!});
        return r.messages!.find((m) => m.text === 'On it!');
      });
      expect(reply).to.include({thread_ts: asked.ts, user: s.ids.botUserId, bot_id: s.ids.botId});
      const deliveries = (await (await s.control('/slack/deliveries')).json()) as {deliveries: {ok: boolean; status: number}[]};
      expect(deliveries.deliveries.every((d) => d.ok && d.status === 200)).to.equal(true);
    } finally {
      await bolt.stop();
    }
  });
});
