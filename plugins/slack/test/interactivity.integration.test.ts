import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';

import {App, LogLevel} from '@slack/bolt';
import {expect} from 'chai';

import {slackError, startSlack, type SlackClone} from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('slack clone: slash commands and button clicks reach an unmodified Bolt app', function () {
  this.timeout(30_000);
  let s: SlackClone;
  beforeEach(async () => {
    s = await startSlack({rateLimits: false});
  });
  afterEach(async () => s?.dispose());

  it('over HTTP: a command answered in the channel, a button that replaces its message', async () => {
    const bolt = new App({clientOptions: {slackApiUrl: `${s.url}/api/`}, logLevel: LogLevel.ERROR, signingSecret: s.tokens.extra!.signingSecret!, token: s.tokens.botToken});
    bolt.command('/deploy', async ({ack, command, respond}) => {
      await ack();
      await respond({response_type: 'in_channel', text: `Deploying ${command.text} for <@${command.user_id}>`});
    });
    bolt.command('/whoami', async ({ack, command}) => {
      await ack(`You are ${command.user_name}`);
    });
    bolt.action('approve', async ({ack, respond, body}) => {
      await ack();
      await respond({replace_original: true, text: `Approved by ${body.user.id}`});
    });
    const server = (await bolt.start(0)) as Server;
    try {
      expect((await s.control('/slack/request-url', {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`})).status).to.equal(200);
      const {channel} = await s.bot.conversations.create({name: 'deploys'});
      await s.bot.conversations.invite({channel: channel!.id!, users: 'U0ACDANA01'});

      const run = (await (await s.control('/slack/commands', {command: '/deploy', text: 'billing', channel: channel!.id})).json()) as {ok: boolean};
      expect(run.ok).to.equal(true);
      let posted;
      for (let i = 0; i < 40 && !posted; i++) {
        await sleep(50);
        posted = (await s.bot.conversations.history({channel: channel!.id!})).messages!.find((m) => m.text?.startsWith('Deploying'));
      }
      expect(posted).to.include({text: 'Deploying billing for <@U0ACDANA01>', bot_id: s.ids.botId});

      const whoami = (await (await s.control('/slack/commands', {command: '/whoami', user: 'U0ACKENJ06', channel: 'C0ACLEADR7'})).json()) as {ok: boolean; error?: string};
      expect(whoami.ok, whoami.error).to.equal(false);
      const whoamiHere = (await (await s.control('/slack/commands', {command: '/whoami', user: 'U0ACDANA01', channel: channel!.id})).json()) as {ephemeral: {text: string}[]};
      expect(whoamiHere.ephemeral).to.deep.equal([{text: 'You are dana'}]);

      const ask = await s.bot.chat.postMessage({
        channel: channel!.id!,
        text: 'Approve the deploy?',
        blocks: [{type: 'actions', elements: [{type: 'button', action_id: 'approve', text: {type: 'plain_text', text: 'Approve'}, value: 'yes'}]}],
      });
      expect(ask.message!.blocks![0]!.block_id).to.be.a('string');
      const click = (await (await s.control('/slack/actions', {channel: channel!.id, ts: ask.ts, action_id: 'approve'})).json()) as {ok: boolean};
      expect(click.ok).to.equal(true);
      let replaced;
      for (let i = 0; i < 40 && !replaced; i++) {
        await sleep(50);
        replaced = (await s.bot.conversations.history({channel: channel!.id!, latest: ask.ts!, inclusive: true, limit: 1})).messages!.find((m) => m.text === 'Approved by U0ACDANA01');
      }
      expect(replaced).to.include({ts: ask.ts});
    } finally {
      await bolt.stop();
    }
  });

  it('opens a modal from a command, receives its submission, and publishes App Home', async () => {
    const bolt = new App({clientOptions: {slackApiUrl: `${s.url}/api/`}, logLevel: LogLevel.ERROR, signingSecret: s.tokens.extra!.signingSecret!, token: s.tokens.botToken});
    let opened: string | undefined;
    let submitted: string | undefined;
    bolt.command('/feedback', async ({ack, body, client}) => {
      await ack();
      const res = await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal', callback_id: 'feedback', title: {type: 'plain_text', text: 'Feedback'}, submit: {type: 'plain_text', text: 'Send'},
          blocks: [{type: 'input', block_id: 'b', label: {type: 'plain_text', text: 'Your feedback'}, element: {type: 'plain_text_input', action_id: 'a'}}],
        },
      });
      opened = res.view!.id;
    });
    bolt.view('feedback', async ({ack, view}) => {
      submitted = view.state.values.b!.a!.value ?? undefined;
      await ack();
    });
    const server = (await bolt.start(0)) as Server;
    try {
      await s.control('/slack/request-url', {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`});
      expect(((await (await s.control('/slack/commands', {command: '/feedback', channel: 'C0ACGENRL1'})).json()) as {ok: boolean}).ok).to.equal(true);
      for (let i = 0; i < 40 && !opened; i++) await sleep(50);
      expect(opened).to.match(/^V[A-Z0-9]+$/);
      const res = (await (await s.control('/slack/views/submit', {view_id: opened, values: {b: {a: {type: 'plain_text_input', value: 'Ship it'}}}})).json()) as {ok: boolean; closed: boolean};
      expect(res).to.include({ok: true, closed: true});
      expect(submitted).to.equal('Ship it');
      expect((await slackError(s.bot.views.open({trigger_id: '1.2.3', view: {type: 'modal', title: {type: 'plain_text', text: 'x'}, blocks: []}}))).error).to.equal('invalid_trigger_id');

      const home = await s.bot.views.publish({user_id: 'U0ACDANA01', view: {type: 'home', blocks: [{type: 'section', text: {type: 'mrkdwn', text: 'Welcome home'}}]}});
      expect(home.view).to.include({type: 'home', app_id: s.tokens.appId});
      const again = await s.bot.views.publish({user_id: 'U0ACDANA01', hash: home.view!.hash, view: {type: 'home', blocks: []}});
      expect(again.view!.id).to.equal(home.view!.id);
      expect((await slackError(s.bot.views.publish({user_id: 'U0ACDANA01', hash: home.view!.hash, view: {type: 'home', blocks: []}}))).error).to.equal('hash_conflict');
    } finally {
      await bolt.stop();
    }
  });

  it('over Socket Mode: the command is acknowledged with a response payload', async () => {
    const apiUrl = `${s.url}/api/`;
    const bolt = new App({
      appToken: s.tokens.extra!.appToken, clientOptions: {slackApiUrl: apiUrl}, installerOptions: {clientOptions: {slackApiUrl: apiUrl}},
      logLevel: LogLevel.ERROR, socketMode: true, token: s.tokens.botToken,
    });
    bolt.command('/ping', async ({ack}) => {
      await ack({text: 'pong'});
    });
    await bolt.start();
    try {
      const res = (await (await s.control('/slack/commands', {command: '/ping', channel: 'C0ACGENRL1'})).json()) as {ok: boolean; reply: {text: string}; ephemeral: unknown[]};
      expect(res.ok).to.equal(true);
      expect(res.reply).to.include({text: 'pong'});
      expect(res.ephemeral).to.deep.equal([{text: 'pong'}]);
    } finally {
      await bolt.stop();
    }
  });
});
