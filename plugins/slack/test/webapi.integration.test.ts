import {expect} from 'chai';

import {slackError, startSlack, type SlackClone} from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('slack clone: the Web API surface with @slack/web-api', function () {
  this.timeout(30_000);
  let s: SlackClone;
  let botUser: string;
  before(async () => {
    s = await startSlack({rateLimits: false});
    botUser = s.ids.botUserId!;
  });
  after(async () => s?.dispose());

  describe('team, bots, emoji, api.test', () => {
    it('answers team.info, bots.info, emoji.list and api.test', async () => {
      const team = await s.bot.team.info();
      expect(team.team).to.include({id: 'T0ACMECORP', name: 'Acme Corp', domain: 'acme-corp'});
      const bot = await s.bot.bots.info({bot: s.ids.botId});
      expect(bot.bot).to.include({id: s.ids.botId, app_id: s.tokens.appId, user_id: botUser});
      expect((await slackError(s.bot.bots.info({bot: 'B0NOPE'}))).error).to.equal('bot_not_found');
      const emoji = await s.bot.emoji.list();
      expect(emoji.emoji).to.include({squirrel: 'alias:shipit'});
      expect(await s.bot.api.test({foo: 'bar'})).to.deep.include({ok: true, args: {foo: 'bar'}});
      expect((await slackError(s.bot.api.test({error: 'my_error'}))).error).to.equal('my_error');
    });
  });

  describe('users.*', () => {
    it('reads users by id and email, and presence', async () => {
      const info = await s.bot.users.info({user: 'U0ACPRIY03'});
      expect(info.user).to.include({name: 'priya', real_name: 'Priya Raman', tz: 'Europe/London'});
      expect(info.user!.profile).to.include({email: 'priya@acme.test', title: 'Product Manager'});
      expect((await slackError(s.bot.users.info({user: 'U0NOBODY1'}))).error).to.equal('user_not_found');
      const byEmail = await s.bot.users.lookupByEmail({email: 'DANA@acme.test'});
      expect(byEmail.user!.id).to.equal('U0ACDANA01');
      expect((await slackError(s.bot.users.lookupByEmail({email: 'nobody@acme.test'}))).error).to.equal('users_not_found');
      expect((await s.bot.users.getPresence({user: 'U0ACPRIY03'})).presence).to.equal('away');
      await s.user.users.setPresence({presence: 'away'});
      expect((await s.user.users.getPresence({})).presence).to.equal('away');
      await s.user.users.setPresence({presence: 'auto'});
      expect((await s.bot.users.getPresence({user: 'U0ACDANA01'})).presence).to.equal('active');
    });

    it('reads and writes profiles (user token only)', async () => {
      const p = await s.bot.users.profile.get({user: 'U0ACSOFI05'});
      expect(p.profile).to.include({status_text: 'Heads down', status_emoji: ':headphones:'});
      await s.user.users.profile.set({profile: JSON.stringify({status_text: 'On a plane', status_emoji: ':airplane:'})});
      expect((await s.bot.users.profile.get({user: 'U0ACDANA01'})).profile).to.include({status_text: 'On a plane'});
      await s.user.users.profile.set({name: 'title', value: 'COO'});
      expect((await s.bot.users.info({user: 'U0ACDANA01'})).user!.profile!.title).to.equal('COO');
      expect((await slackError(s.bot.users.profile.set({profile: JSON.stringify({title: 'x'})}))).error).to.equal('not_allowed_token_type');
    });

    it('lists the conversations of a user', async () => {
      const mine = await s.bot.users.conversations({user: 'U0ACPRIY03', types: 'public_channel'});
      expect(mine.channels!.map((c) => c.name)).to.have.members(['general', 'engineering', 'design', 'project-falcon']);
      const dana = await s.user.users.conversations({types: 'private_channel,mpim,im'});
      expect(dana.channels!.map((c) => c.id)).to.include.members(['C0ACLEADR7', 'G0ACMPIM01', 'D0ACDMDA01']);
    });
  });

  describe('conversations.* membership', () => {
    it('joins, invites, kicks, leaves with Slack errors', async () => {
      const c = (await s.user.conversations.create({name: 'ops-room'})).channel!.id!;
      await s.bot.conversations.join({channel: c});
      const again = await s.bot.conversations.join({channel: c});
      expect(again.warning).to.equal('already_in_channel');
      expect((await slackError(s.bot.conversations.join({channel: 'C0ACLEADR7'}))).error).to.equal('channel_not_found');
      await s.bot.conversations.invite({channel: c, users: 'U0ACALEX02,U0ACKENJ06'});
      let members = (await s.bot.conversations.members({channel: c})).members!;
      expect(members).to.include.members(['U0ACDANA01', botUser, 'U0ACALEX02', 'U0ACKENJ06']);
      expect((await slackError(s.bot.conversations.invite({channel: c, users: 'U0ACALEX02'}))).error).to.equal('already_in_channel');
      expect((await slackError(s.bot.conversations.invite({channel: c, users: botUser}))).error).to.equal('cant_invite_self');
      expect((await slackError(s.bot.conversations.invite({channel: c, users: 'U0NOBODY1'}))).error).to.equal('user_not_found');
      expect((await slackError(s.bot.conversations.kick({channel: c, user: botUser}))).error).to.equal('cant_kick_self');
      await s.bot.conversations.kick({channel: c, user: 'U0ACKENJ06'});
      expect((await slackError(s.bot.conversations.kick({channel: c, user: 'U0ACKENJ06'}))).error).to.equal('not_in_channel');
      expect((await slackError(s.user.conversations.kick({channel: 'C0ACGENRL1', user: 'U0ACALEX02'}))).error).to.equal('cant_kick_from_general');
      await s.bot.conversations.leave({channel: c});
      members = (await s.user.conversations.members({channel: c})).members!;
      expect(members).not.to.include(botUser);
      expect((await slackError(s.user.conversations.leave({channel: 'C0ACGENRL1'}))).error).to.equal('cant_leave_general');
      const history = await s.user.conversations.history({channel: c});
      expect(history.messages!.map((m) => m.subtype)).to.include.members(['channel_join', 'channel_leave']);
    });

    it('archives, unarchives, renames, sets topic and purpose', async () => {
      const c = (await s.bot.conversations.create({name: 'temp-room'})).channel!.id!;
      await s.bot.conversations.setTopic({channel: c, topic: 'Launch prep'});
      await s.bot.conversations.setPurpose({channel: c, purpose: 'Coordinate the launch'});
      const renamed = await s.bot.conversations.rename({channel: c, name: 'launch-room'});
      expect(renamed.channel).to.include({name: 'launch-room'});
      expect(renamed.channel!.previous_names).to.deep.equal(['temp-room']);
      expect((await slackError(s.bot.conversations.rename({channel: c, name: 'random'}))).error).to.equal('name_taken');
      const info = await s.bot.conversations.info({channel: c, include_num_members: true});
      expect(info.channel!.topic!.value).to.equal('Launch prep');
      expect(info.channel!.purpose!.value).to.equal('Coordinate the launch');
      expect(info.channel!.num_members).to.equal(1);
      await s.bot.conversations.archive({channel: c});
      expect((await slackError(s.bot.conversations.archive({channel: c}))).error).to.equal('already_archived');
      expect((await slackError(s.bot.chat.postMessage({channel: c, text: 'x'}))).error).to.equal('is_archived');
      expect((await s.bot.conversations.info({channel: c})).channel!.is_archived).to.equal(true);
      await s.bot.conversations.unarchive({channel: c});
      expect((await slackError(s.bot.conversations.unarchive({channel: c}))).error).to.equal('not_archived');
      expect((await slackError(s.user.conversations.archive({channel: 'C0ACGENRL1'}))).error).to.equal('cant_archive_general');
      await s.bot.conversations.mark({channel: c, ts: '1700000000.000100'});
      expect((await s.bot.conversations.info({channel: c})).channel!.last_read).to.equal('1700000000.000100');
    });

    it('opens and closes DMs and group DMs', async () => {
      const dm = await s.bot.conversations.open({users: 'U0ACKENJ06'});
      expect(dm.channel!.id).to.match(/^D[A-Z0-9]+$/);
      const again = await s.bot.conversations.open({users: 'U0ACKENJ06', return_im: true});
      expect(again.already_open).to.equal(true);
      expect(again.channel).to.include({id: dm.channel!.id, is_im: true, user: 'U0ACKENJ06'});
      await s.bot.chat.postMessage({channel: dm.channel!.id!, text: 'hello kenji'});
      const existing = await s.user.conversations.open({users: 'U0ACALEX02'});
      expect(existing.channel!.id).to.equal('D0ACDMDA01');
      const group = await s.bot.conversations.open({users: 'U0ACKENJ06,U0ACMARC04'});
      expect(group.channel!.id).to.match(/^G/);
      expect((await s.bot.conversations.info({channel: group.channel!.id!})).channel).to.include({is_mpim: true});
      await s.bot.conversations.close({channel: dm.channel!.id!});
      expect((await s.bot.conversations.close({channel: dm.channel!.id!})).already_closed).to.equal(true);
      expect((await slackError(s.bot.conversations.close({channel: 'C0ACGENRL1'}))).error).to.equal('method_not_supported_for_channel_type');
      expect((await slackError(s.bot.conversations.open({}))).error).to.equal('users_list_not_supplied');
    });
  });

  describe('chat.*', () => {
    let channel: string;
    before(async () => {
      channel = (await s.bot.conversations.create({name: 'chat-tests'})).channel!.id!;
      await s.bot.conversations.invite({channel, users: 'U0ACALEX02,U0ACDANA01'});
    });

    it('threads replies, broadcasts, blocks, attachments and bot identity', async () => {
      const parent = await s.bot.chat.postMessage({channel, text: 'parent', blocks: [{type: 'section', text: {type: 'mrkdwn', text: '*parent*'}}]});
      expect(parent.message!.blocks![0]).to.include({type: 'section'});
      const r1 = await s.bot.chat.postMessage({channel, text: 'reply one', thread_ts: parent.ts!});
      expect(r1.message).to.include({thread_ts: parent.ts, parent_user_id: botUser});
      const r2 = await s.user.chat.postMessage({channel, text: 'reply two', thread_ts: r1.ts!, reply_broadcast: true});
      expect(r2.message!.thread_ts).to.equal(parent.ts);
      await s.bot.chat.postMessage({channel, text: 'custom', username: 'Deploy Bot', icon_emoji: ':rocket:', attachments: [{text: 'att', color: '#36a64f'}]});
      const history = await s.bot.conversations.history({channel});
      const texts = history.messages!.map((m) => m.text);
      expect(texts).to.include.members(['parent', 'reply two', 'custom']);
      expect(texts).not.to.include('reply one');
      const p = history.messages!.find((m) => m.ts === parent.ts)!;
      expect(p).to.include({reply_count: 2, reply_users_count: 2, latest_reply: r2.ts});
      const custom = history.messages!.find((m) => m.text === 'custom')!;
      expect(custom).to.include({username: 'Deploy Bot'});
      expect(custom.icons).to.deep.equal({emoji: ':rocket:'});
      expect(custom.attachments![0]).to.include({text: 'att'});
      const replies = await s.bot.conversations.replies({channel, ts: parent.ts!});
      expect(replies.messages!.map((m) => m.text)).to.deep.equal(['parent', 'reply one', 'reply two']);
      expect((await slackError(s.bot.chat.postMessage({channel, text: 'x', thread_ts: '1111111111.111111'}))).error).to.equal('thread_not_found');
      expect((await slackError(s.bot.chat.postMessage({channel, text: 'x'.repeat(40_001)}))).error).to.equal('msg_too_long');
    });

    it('returns message metadata only when include_all_metadata is set', async () => {
      const metadata = {event_type: 'deploy_started', event_payload: {service: 'billing'}};
      const posted = await s.bot.chat.postMessage({channel, text: 'deploying', metadata});
      const plain = await s.bot.conversations.history({channel, latest: posted.ts!, inclusive: true, limit: 1});
      expect(plain.messages![0]).not.to.have.property('metadata');
      const withMeta = await s.bot.conversations.history({channel, latest: posted.ts!, inclusive: true, limit: 1, include_all_metadata: true});
      expect(withMeta.messages![0]!.metadata).to.deep.equal(metadata);
      expect((await slackError(s.bot.chat.postMessage({channel, text: 'x', metadata: {event_payload: {}} as never}))).error).to.equal('invalid_metadata_format');
    });

    it('updates and deletes only the author’s messages', async () => {
      const mine = await s.bot.chat.postMessage({channel, text: 'draft'});
      const updated = await s.bot.chat.update({channel, ts: mine.ts!, text: 'final'});
      expect(updated).to.include({channel, ts: mine.ts, text: 'final'});
      const h = await s.bot.conversations.history({channel, latest: mine.ts!, inclusive: true, limit: 1});
      expect(h.messages![0]).to.include({text: 'final'});
      expect(h.messages![0]!.edited).to.include({user: s.ids.botId});
      const theirs = await s.user.chat.postMessage({channel, text: 'by dana'});
      expect((await slackError(s.bot.chat.update({channel, ts: theirs.ts!, text: 'hijack'}))).error).to.equal('cant_update_message');
      expect((await slackError(s.bot.chat.delete({channel, ts: theirs.ts!}))).error).to.equal('cant_delete_message');
      expect((await slackError(s.bot.chat.update({channel, ts: '1111111111.111111', text: 'x'}))).error).to.equal('message_not_found');
      await s.bot.chat.delete({channel, ts: mine.ts!});
      expect((await slackError(s.bot.chat.delete({channel, ts: mine.ts!}))).error).to.equal('message_not_found');
      await s.user.chat.delete({channel, ts: theirs.ts!});
    });

    it('posts /me messages', async () => {
      const me = await s.bot.chat.meMessage({channel, text: 'waves'});
      const h = await s.bot.conversations.history({channel, latest: me.ts!, inclusive: true, limit: 1});
      expect(h.messages![0]).to.include({subtype: 'me_message', text: 'waves'});
    });

    it('posts ephemeral messages and builds permalinks', async () => {
      const eph = await s.bot.chat.postEphemeral({channel, user: 'U0ACALEX02', text: 'only you'});
      expect(eph.message_ts).to.match(/^\d{10}\.\d{6}$/);
      expect((await slackError(s.bot.chat.postEphemeral({channel, user: 'U0ACKENJ06', text: 'x'}))).error).to.equal('user_not_in_channel');
      const link = await s.bot.chat.getPermalink({channel: 'C0ACENGIN3', message_ts: '1700020300.000200'});
      expect(link.permalink).to.equal('https://acme-corp.slack.com/archives/C0ACENGIN3/p1700020300000200?thread_ts=1700020000.000100&cid=C0ACENGIN3');
    });

    it('schedules messages, lists and deletes them, and posts them when due', async () => {
      const now = Math.floor(Date.now() / 1000);
      expect((await slackError(s.bot.chat.scheduleMessage({channel, text: 'past', post_at: now - 10}))).error).to.equal('time_in_past');
      const later = await s.bot.chat.scheduleMessage({channel, text: 'much later', post_at: now + 3600});
      expect(later.scheduled_message_id).to.match(/^Q[A-Z0-9]+$/);
      const soon = await s.bot.chat.scheduleMessage({channel, text: 'due soon', post_at: now + 2});
      const listed = await s.bot.chat.scheduledMessages.list({channel});
      expect(listed.scheduled_messages!.map((m) => m.id)).to.have.members([later.scheduled_message_id, soon.scheduled_message_id]);
      await s.bot.chat.deleteScheduledMessage({channel, scheduled_message_id: later.scheduled_message_id!});
      expect((await slackError(s.bot.chat.deleteScheduledMessage({channel, scheduled_message_id: later.scheduled_message_id!}))).error).to.equal('invalid_scheduled_message_id');
      let posted = false;
      for (let i = 0; i < 40 && !posted; i++) {
        await sleep(150);
        posted = (await s.bot.conversations.history({channel, limit: 5})).messages!.some((m) => m.text === 'due soon');
      }
      expect(posted).to.equal(true);
      expect((await s.bot.chat.scheduledMessages.list({channel})).scheduled_messages).to.deep.equal([]);
    });
  });

  describe('reactions.* and pins.*', () => {
    it('adds, reads, lists and removes reactions', async () => {
      const args = {channel: 'C0ACENGIN3', timestamp: '1700030000.000500'};
      await s.user.reactions.add({...args, name: 'thumbsup'});
      expect((await slackError(s.user.reactions.add({...args, name: 'thumbsup'}))).error).to.equal('already_reacted');
      await s.bot.reactions.add({...args, name: ':thumbsup:'});
      const got = await s.bot.reactions.get(args);
      expect(got.message!.reactions).to.deep.equal([{name: 'thumbsup', users: ['U0ACDANA01', botUser], count: 2}]);
      const list = await s.user.reactions.list({});
      expect(list.items!.map((i) => (i as {message: {ts: string}}).message.ts)).to.include('1700030000.000500');
      await s.user.reactions.remove({...args, name: 'thumbsup'});
      expect((await slackError(s.user.reactions.remove({...args, name: 'thumbsup'}))).error).to.equal('no_reaction');
      expect((await slackError(s.bot.reactions.add({channel: 'C0ACENGIN3', timestamp: '1111111111.000000', name: 'x'}))).error).to.equal('message_not_found');
      expect((await slackError(s.bot.reactions.add({channel: 'C0ACENGIN3', timestamp: '1700030000.000500', name: 'bad name!'}))).error).to.equal('invalid_name');
    });

    it('pins and unpins messages', async () => {
      const pins = await s.user.pins.list({channel: 'C0ACENGIN3'});
      expect(pins.items!.map((i) => (i as {message: {ts: string}}).message.ts)).to.deep.equal(['1700020000.000100']);
      await s.user.pins.add({channel: 'C0ACENGIN3', timestamp: '1700030000.000500'});
      expect((await slackError(s.user.pins.add({channel: 'C0ACENGIN3', timestamp: '1700030000.000500'}))).error).to.equal('already_pinned');
      expect((await s.user.pins.list({channel: 'C0ACENGIN3'})).items).to.have.length(2);
      await s.user.pins.remove({channel: 'C0ACENGIN3', timestamp: '1700030000.000500'});
      expect((await slackError(s.user.pins.remove({channel: 'C0ACENGIN3', timestamp: '1700030000.000500'}))).error).to.equal('no_pin');
      expect((await s.user.conversations.history({channel: 'C0ACENGIN3', limit: 1})).pin_count).to.equal(1);
    });
  });

  describe('search.messages', () => {
    it('finds messages by words, in: and from:, with a user token only', async () => {
      const words = await s.user.search.messages({query: 'migration'});
      expect(words.messages!.matches!.map((m) => m.ts)).to.include.members(['1700020000.000100', '1700020300.000200']);
      const inChan = await s.user.search.messages({query: 'dashboard in:#design'});
      expect(inChan.messages!.matches!.every((m) => m.channel!.name === 'design')).to.equal(true);
      expect(inChan.messages!.total).to.be.greaterThan(0);
      const from = await s.user.search.messages({query: 'from:@alex'});
      expect(from.messages!.matches!.length).to.be.greaterThan(0);
      expect(from.messages!.matches!.every((m) => m.user === 'U0ACALEX02')).to.equal(true);
      const fromId = await s.user.search.messages({query: 'from:<@U0ACALEX02> staging'});
      expect(fromId.messages!.matches!.map((m) => m.ts)).to.deep.equal(['1700030000.000500']);
      const mine = await s.user.search.messages({query: 'from:me'});
      expect(mine.messages!.matches!.every((m) => m.user === 'U0ACDANA01')).to.equal(true);
      expect(mine.messages!.total).to.be.greaterThan(0);
      const priv = await s.user.search.messages({query: 'hiring'});
      expect(priv.messages!.total).to.equal(1);
      expect((await slackError(s.bot.search.messages({query: 'x'}))).error).to.equal('not_allowed_token_type');
      const dated = await s.user.search.messages({query: 'after:2023-11-14 before:2023-11-16'});
      expect(dated.messages!.matches!.length).to.be.greaterThan(0);
      expect(dated.messages!.matches!.every((m) => Number(m.ts) >= 1699920000 && Number(m.ts) < 1700092800)).to.equal(true);
      expect((await s.user.search.messages({query: 'falcon on:2023-02-02'})).messages!.total).to.equal(1);
      const paged = await s.user.search.messages({query: 'the', count: 2, page: 1});
      expect(paged.messages!.matches).to.have.length(2);
      expect(paged.messages!.paging!.pages).to.be.greaterThan(1);
    });
  });

  describe('files.*', () => {
    it('uploads through the external URL flow, stores the bytes, lists, reads and deletes', async () => {
      const channel = (await s.bot.conversations.create({name: 'file-drop'})).channel!.id!;
      const content = 'id,name\n1,alpha\n2,beta\n';
      const up = await s.bot.filesUploadV2({channel_id: channel, content, filename: 'report.csv', title: 'Weekly report', initial_comment: 'here you go'});
      const file = (up.files as Array<{files: Array<{id: string}>}>)[0]!.files[0]!;
      expect(file.id).to.match(/^F[A-Z0-9]+$/);
      const info = await s.bot.files.info({file: file.id});
      expect(info.file).to.include({name: 'report.csv', title: 'Weekly report', filetype: 'csv', size: Buffer.byteLength(content)});
      expect(info.file!.channels).to.deep.equal([channel]);
      const res = await fetch(info.file!.url_private_download!, {headers: {authorization: `Bearer ${s.tokens.botToken}`}});
      expect(res.status).to.equal(200);
      expect(await res.text()).to.equal(content);
      expect((await fetch(info.file!.url_private!)).status).to.equal(401);
      const h = await s.bot.conversations.history({channel, limit: 1});
      expect(h.messages![0]).to.include({text: 'here you go'});
      expect(h.messages![0]!.files![0]!.id).to.equal(file.id);
      const list = await s.bot.files.list({channel});
      expect(list.files!.map((f) => f.id)).to.deep.equal([file.id]);
      expect((await s.user.files.list({})).files!.map((f) => f.id)).to.include.members([file.id, 'F0ACSPEC01']);
      expect((await slackError(s.user.files.delete({file: 'F0NOPE0001'}))).error).to.equal('file_not_found');
      await s.bot.files.delete({file: file.id});
      expect((await slackError(s.bot.files.info({file: file.id}))).error).to.equal('file_deleted');
    });
  });

  describe('assistant threads and streamed replies', () => {
    it('sets the thread status and streams a reply that ends as one message', async () => {
      const dm = (await s.bot.conversations.open({users: 'U0ACDANA01'})).channel!.id!;
      const ask = await s.user.chat.postMessage({channel: dm, text: 'Summarise #engineering'});
      await s.bot.assistant.threads.setStatus({channel_id: dm, thread_ts: ask.ts!, status: 'is thinking...'});
      await s.bot.assistant.threads.setSuggestedPrompts({channel_id: dm, thread_ts: ask.ts!, prompts: [{title: 'More', message: 'Tell me more'}]});
      await s.bot.assistant.threads.setTitle({channel_id: dm, thread_ts: ask.ts!, title: 'Engineering summary'});
      const start = await s.bot.chat.startStream({channel: dm, thread_ts: ask.ts!, markdown_text: 'Deploy '});
      await s.bot.chat.appendStream({channel: dm, ts: start.ts!, markdown_text: 'is on '});
      await s.bot.chat.appendStream({channel: dm, ts: start.ts!, chunks: [{type: 'markdown_text', text: 'Thursday'}]});
      const stop = await s.bot.chat.stopStream({channel: dm, ts: start.ts!, markdown_text: '.'});
      expect(stop.ts).to.equal(start.ts);
      expect((await slackError(s.bot.chat.appendStream({channel: dm, ts: start.ts!, markdown_text: 'late'}))).error).to.equal('message_not_in_streaming_state');
      const thread = await s.user.conversations.replies({channel: dm, ts: ask.ts!});
      expect(thread.messages!.map((m) => m.text)).to.deep.equal(['Summarise #engineering', 'Deploy is on Thursday.']);
    });
  });

  describe('bookmarks.*', () => {
    it('lists, adds, edits and removes channel bookmarks', async () => {
      const list = await s.user.bookmarks.list({channel_id: 'C0ACENGIN3'});
      expect(list.bookmarks!.map((b) => b.title)).to.deep.equal(['On-call runbook']);
      const added = await s.user.bookmarks.add({channel_id: 'C0ACENGIN3', title: 'Status page', type: 'link', link: 'https://status.acme.test', emoji: ':traffic_light:'});
      expect(added.bookmark!.id).to.match(/^Bk[A-Z0-9]+$/);
      const edited = await s.user.bookmarks.edit({channel_id: 'C0ACENGIN3', bookmark_id: added.bookmark!.id!, title: 'Status'});
      expect(edited.bookmark).to.include({title: 'Status', link: 'https://status.acme.test'});
      expect((await slackError(s.bot.bookmarks.add({channel_id: 'C0ACENGIN3', title: 'x', type: 'link', link: 'https://x.test'}))).error).to.equal('not_in_channel');
      expect((await slackError(s.user.bookmarks.add({channel_id: 'C0ACENGIN3', title: 'x', type: 'link', link: 'javascript:alert(1)'}))).error).to.equal('invalid_link');
      await s.user.bookmarks.remove({channel_id: 'C0ACENGIN3', bookmark_id: added.bookmark!.id!});
      expect((await slackError(s.user.bookmarks.remove({channel_id: 'C0ACENGIN3', bookmark_id: added.bookmark!.id!}))).error).to.equal('not_found');
      expect((await s.user.bookmarks.list({channel_id: 'C0ACENGIN3'})).bookmarks).to.have.length(1);
    });
  });

  describe('reminders.* and dnd.*', () => {
    it('adds reminders that Slackbot delivers when due, and snoozes notifications', async () => {
      const soon = await s.user.reminders.add({text: 'stand-up notes', time: '1'});
      expect(soon.reminder).to.include({user: 'U0ACDANA01', text: 'stand-up notes', recurring: false});
      const later = await s.user.reminders.add({text: 'quarterly review', time: 'in 2 days', user: 'U0ACALEX02'});
      expect(later.reminder!.time).to.be.within(Date.now() / 1000 + 2 * 86_400 - 5, Date.now() / 1000 + 2 * 86_400 + 5);
      expect((await slackError(s.user.reminders.add({text: 'x', time: 'whenever'}))).error).to.equal('cannot_parse');
      expect((await slackError(s.bot.reminders.list())).error).to.equal('not_allowed_token_type');
      expect((await s.user.reminders.list()).reminders!.map((r) => r.id)).to.include.members([soon.reminder!.id, later.reminder!.id]);
      await s.user.reminders.complete({reminder: later.reminder!.id!});
      expect((await s.user.reminders.info({reminder: later.reminder!.id!})).reminder!.complete_ts).to.be.greaterThan(0);
      await s.user.reminders.delete({reminder: later.reminder!.id!});
      expect((await slackError(s.user.reminders.info({reminder: later.reminder!.id!}))).error).to.equal('not_found');
      let delivered;
      for (let i = 0; i < 40 && !delivered; i++) {
        await sleep(150);
        const ims = await s.user.conversations.list({types: 'im'});
        const slackbot = ims.channels!.find((c) => c.user === 'USLACKBOT');
        if (slackbot) delivered = (await s.user.conversations.history({channel: slackbot.id!})).messages!.find((m) => m.text === 'Reminder: stand-up notes');
      }
      expect(delivered).to.include({user: 'USLACKBOT'});

      const snoozed = await s.user.dnd.setSnooze({num_minutes: 30});
      expect(snoozed).to.include({snooze_enabled: true});
      expect(await s.user.dnd.info()).to.include({snooze_enabled: true});
      await s.user.dnd.endSnooze();
      expect((await slackError(s.user.dnd.endSnooze())).error).to.equal('snooze_not_active');
    });
  });

  describe('usergroups.*', () => {
    it('lists, creates, updates, disables user groups and their members', async () => {
      const list = await s.bot.usergroups.list({include_users: true});
      const oncall = list.usergroups!.find((g) => g.handle === 'oncall')!;
      expect(oncall).to.include({id: 'S0ACONCAL2', name: 'On-call', user_count: 1});
      expect(oncall.users).to.deep.equal(['U0ACALEX02']);
      const created = await s.user.usergroups.create({name: 'Design Crew', handle: 'design-crew', users: 'U0ACMARC04,U0ACPRIY03'});
      expect(created.usergroup!.id).to.match(/^S[A-Z0-9]+$/);
      expect((await slackError(s.user.usergroups.create({name: 'design crew'}))).error).to.equal('name_already_exists');
      expect((await slackError(s.user.usergroups.create({name: 'Other', handle: 'dana'}))).error).to.equal('handle_already_exists');
      await s.user.usergroups.users.update({usergroup: 'S0ACONCAL2', users: 'U0ACSOFI05'});
      expect((await s.bot.usergroups.users.list({usergroup: 'S0ACONCAL2'})).users).to.deep.equal(['U0ACSOFI05']);
      expect((await slackError(s.user.usergroups.users.update({usergroup: 'S0ACONCAL2', users: 'U0NOBODY1'}))).error).to.equal('invalid_users');
      const renamed = await s.user.usergroups.update({usergroup: created.usergroup!.id!, description: 'Designers'});
      expect(renamed.usergroup).to.include({description: 'Designers', handle: 'design-crew'});
      await s.user.usergroups.disable({usergroup: created.usergroup!.id!});
      expect((await s.bot.usergroups.list({})).usergroups!.map((g) => g.id)).not.to.include(created.usergroup!.id);
      await s.user.usergroups.enable({usergroup: created.usergroup!.id!});
      expect((await slackError(s.bot.usergroups.users.list({usergroup: 'S0NOPE'}))).error).to.equal('no_such_subteam');
    });
  });

  describe('token types, warnings and workspace settings', () => {
    it('refuses the app-level token on Web API methods and the bot token where only people may call', async () => {
      const app = s.client(s.tokens.extra!.appToken!);
      expect((await slackError(app.chat.postMessage({channel: 'C0ACGENRL1', text: 'x'}))).error).to.equal('not_allowed_token_type');
      expect((await slackError(s.bot.users.profile.set({name: 'title', value: 'x'}))).error).to.equal('not_allowed_token_type');
    });

    it('revokes a token with auth.revoke (test=true leaves it alone)', async () => {
      const {token} = (await (await s.control('/slack/tokens', {kind: 'user'})).json()) as {token: string};
      const c = s.client(token);
      expect(await c.auth.revoke({test: true})).to.include({ok: true, revoked: false});
      expect((await c.auth.test()).ok).to.equal(true);
      expect(await c.auth.revoke()).to.include({ok: true, revoked: true});
      expect((await slackError(c.auth.test())).error).to.equal('invalid_auth');
    });

    it('warns about a JSON body without charset, as Slack does', async () => {
      const res = await fetch(`${s.url}/api/auth.test`, {body: '{}', headers: {authorization: `Bearer ${s.tokens.botToken}`, 'content-type': 'application/json'}, method: 'POST'});
      const body = (await res.json()) as any;
      expect(body).to.include({ok: true, warning: 'missing_charset'});
      expect(body.response_metadata.warnings).to.deep.equal(['missing_charset']);
      const clean = await fetch(`${s.url}/api/auth.test`, {body: '{}', headers: {authorization: `Bearer ${s.tokens.botToken}`, 'content-type': 'application/json; charset=utf-8'}, method: 'POST'});
      expect(await clean.json()).not.to.have.property('warning');
    });

    it('closes the edit window for people when the workspace sets one', async () => {
      await s.control('/slack/settings', {editWindowMinutes: 1});
      try {
        const old = '1700040000.000600';
        const priyaToken = ((await (await s.control('/slack/tokens', {kind: 'user', userId: 'U0ACPRIY03'})).json()) as {token: string}).token;
        const priya = s.client(priyaToken);
        expect((await slackError(priya.chat.update({channel: 'C0ACENGIN3', ts: old, text: 'late edit'}))).error).to.equal('edit_window_closed');
        const fresh = await priya.chat.postMessage({channel: 'C0ACENGIN3', text: 'typo'});
        expect((await priya.chat.update({channel: 'C0ACENGIN3', ts: fresh.ts!, text: 'fixed'})).ok).to.equal(true);
      } finally {
        await s.control('/slack/settings', {editWindowMinutes: null});
      }
    });
  });

  describe('OAuth scopes', () => {
    it('refuses methods whose scope the token lacks, naming needed and provided', async () => {
      const res = await s.control('/slack/tokens', {kind: 'bot', scopes: ['channels:read', 'users:read']});
      const {token} = (await res.json()) as {token: string};
      const limited = s.client(token);
      expect((await limited.conversations.list({})).ok).to.equal(true);
      const e = await slackError(limited.chat.postMessage({channel: 'C0ACGENRL1', text: 'x'}));
      expect(e.error).to.equal('missing_scope');
      expect(e.data).to.include({needed: 'chat:write', provided: 'channels:read,users:read'});
      const priv = await slackError(limited.conversations.list({types: 'private_channel'}));
      expect(priv.data).to.include({error: 'missing_scope', needed: 'groups:read'});
      const hist = await slackError(limited.conversations.history({channel: 'C0ACGENRL1'}));
      expect(hist.data).to.include({error: 'missing_scope', needed: 'channels:history'});
      expect((await slackError(limited.users.lookupByEmail({email: 'dana@acme.test'}))).data.needed).to.equal('users:read.email');
      const noEmail = await limited.users.info({user: 'U0ACDANA01'});
      expect(noEmail.user!.profile).not.to.have.property('email');
    });
  });
});
