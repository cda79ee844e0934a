// What recorded real Slack traffic shows the clone must answer: retired methods, the errors of
// leave/pins/invite/kick, and the keys Slack sends on channels, messages, bot profiles and users.
import {expect} from 'chai';

import {rawCall, type SlackClone, slackError, startSlack} from './helpers.js';

describe('slack clone: shapes and errors as real Slack answers them', function () {
  this.timeout(30_000);
  let s: SlackClone;
  before(async () => {
    s = await startSlack({rateLimits: false});
  });
  after(() => s?.dispose());

  it('retired methods answer method_deprecated at HTTP 200, naming the replacement', async () => {
    for (const [method, use] of [
      ['channels.history', 'conversations.history'],
      ['groups.list', 'conversations.list or users.conversations'],
      ['im.open', 'conversations.open'],
      ['mpim.mark', 'conversations.mark'],
      ['files.upload', 'files.getUploadURLExternal and files.completeUploadExternal'],
    ]) {
      const res = await rawCall(s.url, method!, {channel: 'C0ACGENRL1'}, {token: s.tokens.botToken});
      expect(res.status, method).to.equal(200);
      expect(res.body, method).to.include({error: 'method_deprecated', ok: false});
      expect(res.body.response_metadata.messages[0], method).to.include(`Please use ${use} instead.`);
    }
  });

  it('an unknown method through the SDK fails at once with unknown_method instead of retrying', async () => {
    const client = s.client(s.tokens.botToken!, {retryConfig: {retries: 3, factor: 1, minTimeout: 10_000}});
    expect((await slackError(client.apiCall('nope.nothing'))).error).to.equal('unknown_method');
  });

  it('error answers keep the charset warning, like successes', async () => {
    const res = await fetch(`${s.url}/api/conversations.info`, {
      body: JSON.stringify({channel: 'CNOPE'}),
      headers: {authorization: `Bearer ${s.tokens.botToken}`, 'content-type': 'application/json'},
      method: 'POST',
    });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).to.include({error: 'channel_not_found', ok: false, warning: 'missing_charset'});
    expect(body.response_metadata).to.deep.equal({warnings: ['missing_charset']});
  });

  it('leaving a channel one is not in is not_in_channel; unpinning what is not pinned is no_pin', async () => {
    const {channel} = await s.user.conversations.create({name: 'shapes-leave'});
    await s.user.conversations.leave({channel: channel!.id!}).catch(() => undefined);
    expect((await slackError(s.bot.conversations.leave({channel: 'C0ACRANDM2'}))).error).to.equal('not_in_channel');
    const posted = await s.user.chat.postMessage({channel: 'C0ACGENRL1', text: 'not pinned'});
    expect((await slackError(s.user.pins.remove({channel: 'C0ACGENRL1', timestamp: posted.ts!}))).error).to.equal('no_pin');
  });

  it('kick answers errors: {}; invite skips a deactivated user and invites the others, reporting it', async () => {
    const users = (await s.user.users.list({})).members!;
    const gone = users.find((u) => u.deleted)!;
    const {channel} = await s.user.conversations.create({name: 'shapes-invite'});
    const res = await s.user.conversations.invite({channel: channel!.id!, users: `U0ACALEX02,${gone.id}`});
    expect(res.ok).to.equal(true);
    expect(res.errors).to.deep.equal([{error: 'cant_invite', ok: false, user: gone.id}]);
    const members = (await s.user.conversations.members({channel: channel!.id!})).members!;
    expect(members).to.include('U0ACALEX02').and.not.include(gone.id);
    const kicked = await rawCall(s.url, 'conversations.kick', {channel: channel!.id!, user: 'U0ACALEX02'}, {token: s.tokens.userToken});
    expect(kicked.body).to.deep.equal({errors: {}, ok: true});
  });

  it('a plain-text post gets the rich_text block Slack builds; pinned messages carry pinned_to and pinned_info', async () => {
    await s.bot.conversations.join({channel: 'C0ACGENRL1'});
    const posted = await s.bot.chat.postMessage({channel: 'C0ACGENRL1', text: 'hi <@U0ACDANA01> :wave: see <https://acme.test|the docs>'});
    const block = (posted.message!.blocks as Array<{type: string; block_id: string; elements: Array<{type: string; elements: unknown[]}>}>)[0]!;
    expect(block.type).to.equal('rich_text');
    expect(block.elements[0]!.elements).to.deep.equal([
      {text: 'hi ', type: 'text'},
      {type: 'user', user_id: 'U0ACDANA01'},
      {text: ' ', type: 'text'},
      {name: 'wave', type: 'emoji'},
      {text: ' see ', type: 'text'},
      {text: 'the docs', type: 'link', url: 'https://acme.test'},
    ]);
    expect(posted.message!.bot_profile).to.include({user_id: s.ids.botUserId});
    await s.user.pins.add({channel: 'C0ACGENRL1', timestamp: posted.ts!});
    const [m] = (await s.user.conversations.history({channel: 'C0ACGENRL1', inclusive: true, latest: posted.ts!, limit: 1})).messages!;
    expect(m).to.deep.include({pinned_to: ['C0ACGENRL1']});
    expect((m as {pinned_info: Record<string, {pinned_by: string; pinned_ts: number}>}).pinned_info.C0ACGENRL1).to.include({pinned_by: 'U0ACDANA01'});
  });

  it('channels carry parent_conversation; profiles carry always_active, fields and the large images', async () => {
    const {channel} = await s.user.conversations.info({channel: 'C0ACGENRL1'});
    expect(channel).to.have.property('parent_conversation', null);
    const {profile} = await s.user.users.profile.get({user: 'U0ACDANA01'});
    expect(profile).to.include({always_active: false, is_custom_image: false});
    expect(profile).to.have.property('fields').that.deep.equals({});
    expect(profile!.image_1024).to.be.a('string');
    expect(profile!.image_original).to.be.a('string');
  });
});
