import {WebClient, WebClientEvent} from '@slack/web-api';
import {expect} from 'chai';

import {rawCall, startSlack, type SlackClone} from './helpers.js';

describe('slack clone: rate-limit tiers', function () {
  this.timeout(30_000);
  let s: SlackClone;
  beforeEach(async () => {
    s = await startSlack();
  });
  afterEach(async () => s?.dispose());

  it('answers HTTP 429 with Retry-After once a Tier 2 method is over its budget, per method', async () => {
    const results = [];
    for (let i = 0; i < 21; i++) results.push(await rawCall(s.url, 'conversations.list', {}, {token: s.tokens.botToken}));
    expect(results.slice(0, 20).every((r) => r.status === 200 && r.body.ok)).to.equal(true);
    const limited = results[20]!;
    expect(limited.status).to.equal(429);
    expect(limited.body).to.deep.equal({ok: false, error: 'ratelimited'});
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
    const other = await rawCall(s.url, 'users.list', {}, {token: s.tokens.botToken});
    expect(other.status).to.equal(200);
  });

  it('lets @slack/web-api wait for Retry-After and retry a rate-limited chat.postMessage', async () => {
    const client = new WebClient(s.tokens.botToken, {slackApiUrl: `${s.url}/api/`});
    const waits: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => waits.push(seconds));
    const {channel} = await client.conversations.create({name: 'busy'});
    const tss = [];
    for (let i = 0; i < 12; i++) tss.push((await client.chat.postMessage({channel: channel!.id!, text: `burst ${i}`})).ts);
    expect(waits.length).to.be.greaterThan(0);
    expect(waits.every((w) => w >= 1)).to.equal(true);
    const history = await client.conversations.history({channel: channel!.id!, limit: 20});
    expect(history.messages!.filter((m) => m.text?.startsWith('burst'))).to.have.length(12);
  });

  it('applies Slack’s limits for non-Marketplace apps to history when asked', async () => {
    await s.control('/slack/settings', {appDistribution: 'non_marketplace', rateLimits: false});
    for (let i = 0; i < 20; i++) await s.user.chat.postMessage({channel: 'C0ACRANDM2', text: `chatter ${i}`});
    await s.control('/slack/settings', {rateLimits: true});
    const first = await rawCall(s.url, 'conversations.history', {channel: 'C0ACRANDM2', limit: '100'}, {token: s.tokens.userToken});
    expect(first.body.messages).to.have.length(15);
    expect(first.body.has_more).to.equal(true);
    const second = await rawCall(s.url, 'conversations.history', {channel: 'C0ACRANDM2'}, {token: s.tokens.userToken});
    expect(second.status).to.equal(429);
    expect(Number(second.headers.get('retry-after'))).to.be.within(30, 60);
    await s.control('/slack/settings', {appDistribution: 'internal'});
    const internal = await rawCall(s.url, 'conversations.history', {channel: 'C0ACRANDM2', limit: '100'}, {token: s.tokens.userToken});
    expect(internal.body.messages).to.have.length(22);
  });

  it('can be switched off per clone through the control route', async () => {
    const res = await s.control('/slack/settings', {rateLimits: false});
    expect(((await res.json()) as {rateLimits: boolean}).rateLimits).to.equal(false);
    for (let i = 0; i < 25; i++) {
      const r = await rawCall(s.url, 'conversations.list', {}, {token: s.tokens.botToken});
      expect(r.status).to.equal(200);
    }
    const settings = (await (await s.control('/slack/settings')).json()) as {rateLimits: boolean};
    expect(settings.rateLimits).to.equal(false);
    const tokens = await s.provision({kind: 'reprovision', previous: s.tokens});
    expect(tokens.extra!.rateLimits).to.equal('off');
  });
});
