import {expect} from 'chai';

import {rawCall, slackError, startSlack, type SlackClone, stateOf} from './helpers.js';

describe('slack clone: provision and the core methods (acme-corp)', function () {
  this.timeout(30_000);
  let s: SlackClone;
  before(async () => {
    s = await startSlack({rateLimits: false});
  });
  after(async () => s?.dispose());

  it('provisions into the fixture workspace with Slack-format ids and tokens', async () => {
    expect(s.tokens.workspaceId).to.equal('T0ACMECORP');
    expect(s.tokens.botToken).to.match(/^xoxb-\d+-\d+-[A-Za-z0-9]+$/);
    expect(s.tokens.userToken).to.match(/^xoxp-/);
    expect(s.tokens.appId).to.match(/^A[A-Z0-9]{8,}$/);
    expect(s.tokens.extra?.appToken).to.match(/^xapp-1-A/);
    expect(s.ids.adminUserId).to.equal('U0ACDANA01');
    const bot = await s.bot.auth.test();
    expect(bot).to.include({ok: true, team_id: 'T0ACMECORP', user_id: s.ids.botUserId, bot_id: s.ids.botId, team: 'Acme Corp'});
    const user = await s.user.auth.test();
    expect(user).to.include({user_id: 'U0ACDANA01', user: 'dana'});
    expect(user).not.to.have.property('bot_id');
  });

  it('refuses missing and unknown tokens at HTTP 200', async () => {
    const none = await rawCall(s.url, 'auth.test', {});
    expect(none.status).to.equal(200);
    expect(none.body).to.deep.equal({ok: false, error: 'not_authed'});
    expect((await slackError(s.client('xoxb-1-2-nope').auth.test())).error).to.equal('invalid_auth');
  });

  it('accepts the token as an argument and JSON bodies', async () => {
    const form = await rawCall(s.url, 'auth.test', {token: s.tokens.botToken!});
    expect(form.body.ok).to.equal(true);
    const json = await rawCall(s.url, 'conversations.list', {limit: '2'}, {json: true, token: s.tokens.botToken});
    expect(json.body.ok).to.equal(true);
    expect(json.body.channels).to.have.length(2);
  });

  it('lists users with profiles, including dana by email', async () => {
    const res = await s.bot.users.list({});
    const dana = res.members!.find((m) => m.profile?.email === 'dana@acme.test');
    expect(dana).to.include({id: 'U0ACDANA01', name: 'dana', real_name: 'Dana Whitfield', is_admin: true});
    expect(res.members!.filter((m) => !m.is_bot && !m.deleted && m.id !== 'USLACKBOT').length).to.be.at.least(6);
    expect(res.members!.some((m) => m.is_bot && m.id === s.ids.botUserId)).to.equal(true);
  });

  it('paginates users.list and conversations.list with next_cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await s.bot.users.list({cursor, limit: 3});
      expect(page.members!.length).to.be.at.most(3);
      seen.push(...page.members!.map((m) => m.id!));
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    expect(new Set(seen).size).to.equal(seen.length);
    expect(seen.length).to.equal((await s.bot.users.list({})).members!.length);
    const first = await s.bot.conversations.list({limit: 2});
    expect(first.response_metadata?.next_cursor).to.be.a('string').and.not.equal('');
    const second = await s.bot.conversations.list({limit: 2, cursor: first.response_metadata!.next_cursor});
    expect(second.channels!.map((c) => c.id)).not.to.include.members(first.channels!.map((c) => c.id!));
    expect((await slackError(s.bot.conversations.list({cursor: 'bogus'}))).error).to.equal('invalid_cursor');
  });

  it('works with WebClient.paginate and reports the token scopes in response_metadata', async () => {
    const names: string[] = [];
    for await (const page of s.bot.paginate('conversations.list', {limit: 2})) names.push(...((page as {channels: {name: string}[]}).channels.map((c) => c.name)));
    expect(names).to.include.members(['general', 'random', 'engineering', 'design', 'project-falcon']);
    expect(new Set(names).size).to.equal(names.length);
    const res = await s.bot.users.list({limit: 1});
    expect(res.response_metadata!.scopes).to.include.members(['chat:write', 'users:read']);
    expect(res.response_metadata!.acceptedScopes).to.deep.equal(['users:read']);
  });

  it('lists public channels by default and private ones only to members', async () => {
    const pub = await s.bot.conversations.list({});
    expect(pub.channels!.map((c) => c.name)).to.include.members(['general', 'random', 'engineering', 'design']);
    expect(pub.channels!.every((c) => c.is_channel && !c.is_private)).to.equal(true);
    const notArchived = await s.bot.conversations.list({exclude_archived: true});
    expect(notArchived.channels!.map((c) => c.name)).not.to.include('project-falcon');
    const dana = await s.user.conversations.list({types: 'public_channel,private_channel,mpim,im'});
    const byId = new Map(dana.channels!.map((c) => [c.id, c]));
    expect(byId.get('C0ACLEADR7')).to.include({is_private: true, name: 'leadership'});
    expect(byId.get('D0ACDMDA01')).to.include({is_im: true, user: 'U0ACALEX02'});
    expect(byId.get('G0ACMPIM01')).to.include({is_mpim: true});
    const botAll = await s.bot.conversations.list({types: 'private_channel,im,mpim'});
    expect(botAll.channels).to.deep.equal([]);
  });

  it('creates channels, refusing taken and invalid names', async () => {
    const res = await s.bot.conversations.create({name: 'launch-plans'});
    expect(res.channel!.id).to.match(/^C[A-Z0-9]{8,}$/);
    expect(res.channel).to.include({name: 'launch-plans', is_channel: true, is_private: false, creator: s.ids.botUserId, is_member: true});
    const priv = await s.user.conversations.create({name: 'secret-project', is_private: true});
    expect(priv.channel).to.include({is_private: true, is_group: true});
    expect((await slackError(s.bot.conversations.create({name: 'general'}))).error).to.equal('name_taken');
    expect((await slackError(s.bot.conversations.create({name: 'Bad Name!'}))).error).to.equal('invalid_name_specials');
    expect((await slackError(s.bot.conversations.create({name: ''}))).error).to.equal('invalid_name_required');
    expect((await slackError(s.bot.conversations.create({name: 'x'.repeat(81)}))).error).to.equal('invalid_name_maxlength');
    const listed = await s.bot.conversations.list({limit: 1000});
    expect(listed.channels!.map((c) => c.name)).to.include('launch-plans');
    expect(listed.channels!.map((c) => c.name)).not.to.include('secret-project');
  });

  it('posts a message and reads it back from history with unique, ordered ts', async () => {
    const created = await s.bot.conversations.create({name: 'bot-posts'});
    const channel = created.channel!.id!;
    const posted = [];
    for (let i = 0; i < 5; i++) posted.push(await s.bot.chat.postMessage({channel, text: `hello ${i}`}));
    const tss = posted.map((p) => p.ts!);
    expect(tss.every((ts) => /^\d{10}\.\d{6}$/.test(ts))).to.equal(true);
    expect(new Set(tss).size).to.equal(5);
    expect(posted[0]!.message).to.include({text: 'hello 0', user: s.ids.botUserId, bot_id: s.ids.botId, type: 'message'});
    const history = await s.bot.conversations.history({channel});
    expect(history.messages!.map((m) => m.text)).to.deep.equal(['hello 4', 'hello 3', 'hello 2', 'hello 1', 'hello 0']);
    const page = await s.bot.conversations.history({channel, limit: 2});
    expect(page.has_more).to.equal(true);
    const next = await s.bot.conversations.history({channel, limit: 2, cursor: page.response_metadata!.next_cursor});
    expect(next.messages!.map((m) => m.text)).to.deep.equal(['hello 2', 'hello 1']);
    const windowed = await s.bot.conversations.history({channel, oldest: tss[1], latest: tss[3], inclusive: true});
    expect(windowed.messages!.map((m) => m.ts)).to.deep.equal([tss[3], tss[2], tss[1]]);
    const exclusive = await s.bot.conversations.history({channel, oldest: tss[1], latest: tss[3]});
    expect(exclusive.messages!.map((m) => m.ts)).to.deep.equal([tss[2]]);
  });

  it('reads the fixture: threads, reactions and files in history', async () => {
    const history = await s.user.conversations.history({channel: 'C0ACENGIN3'});
    const parent = history.messages!.find((m) => m.ts === '1700020000.000100')!;
    expect(parent).to.include({reply_count: 3, thread_ts: '1700020000.000100'});
    expect(parent.reactions).to.deep.equal([{name: 'eyes', users: ['U0ACALEX02'], count: 1}]);
    expect(history.messages!.some((m) => m.ts === '1700020300.000200')).to.equal(false);
    const design = await s.user.conversations.history({channel: 'C0ACDESGN4'});
    expect(design.messages![0]!.files![0]).to.include({id: 'F0ACSPEC01', name: 'dashboard-spec.md'});
  });

  it('answers the Slack errors of chat.postMessage and conversations.history', async () => {
    expect((await slackError(s.bot.chat.postMessage({channel: 'C0NOTHERE1', text: 'x'}))).error).to.equal('channel_not_found');
    expect((await slackError(s.bot.chat.postMessage({channel: 'C0ACLEADR7', text: 'x'}))).error).to.equal('channel_not_found');
    expect((await slackError(s.bot.chat.postMessage({channel: 'C0ACOLDPR6', text: 'x'}))).error).to.equal('is_archived');
    expect((await slackError(s.bot.chat.postMessage({channel: 'C0ACGENRL1'} as never))).error).to.equal('no_text');
    expect((await slackError(s.bot.conversations.history({channel: 'C0ACGENRL1'}))).error).to.equal('not_in_channel');
    expect((await slackError(s.bot.conversations.history({channel: 'C0ACLEADR7'}))).error).to.equal('channel_not_found');
  });

  it('lets a bot with chat:write.public post into a public channel it is not in', async () => {
    const res = await s.bot.chat.postMessage({channel: 'C0ACGENRL1', text: 'announcement'});
    const history = await s.user.conversations.history({channel: 'C0ACGENRL1', limit: 1});
    expect(history.messages![0]).to.include({ts: res.ts, text: 'announcement'});
  });

  it('answers unknown methods like Slack: HTTP 200, so the SDK does not retry', async () => {
    const res = await rawCall(s.url, 'nope.nothing', {}, {token: s.tokens.botToken});
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ok: false, error: 'unknown_method'});
  });
});

describe('slack clone: provision lifecycle', function () {
  this.timeout(30_000);

  it('creates a workspace on an empty database, rotates on reprovision, restores after a reset', async () => {
    const s = await startSlack({fixture: false});
    try {
      expect(s.tokens.workspaceId).to.match(/^T[A-Z0-9]{8,}$/);
      const me = await s.user.auth.test();
      expect(me.user_id).to.equal(s.ids.adminUserId);
      const {channel} = await s.bot.conversations.create({name: 'first'});
      await s.bot.chat.postMessage({channel: channel!.id!, text: 'hi'});

      const rotated = await s.provision({kind: 'reprovision', previous: s.tokens});
      expect(rotated.botToken).not.to.equal(s.tokens.botToken);
      expect(rotated.workspaceId).to.equal(s.tokens.workspaceId);
      expect(stateOf(rotated).botUserId).to.equal(s.ids.botUserId);
      expect((await slackError(s.bot.auth.test())).error).to.equal('invalid_auth');
      expect((await slackError(s.user.auth.test())).error).to.equal('invalid_auth');
      const fresh = s.client(rotated.botToken!);
      expect((await fresh.auth.test()).user_id).to.equal(stateOf(rotated).botUserId);

      await s.control('/slack/settings', {rateLimits: false});
      const setUrl = await s.control('/slack/request-url', {url: 'http://127.0.0.1:9/events', verify: false});
      expect(setUrl.status).to.equal(200);
      const {extraPatch} = (await setUrl.json()) as {extraPatch: Record<string, string>};
      expect(stateOf({extra: extraPatch})).to.include({requestUrl: 'http://127.0.0.1:9/events', botUserId: stateOf(rotated).botUserId});

      // What `asym reset` does: swap the database back to its seed, then /reset, then restore.
      const pg = (await import('pg')).default;
      const db = new pg.Client({connectionString: s.clone.databaseUrl});
      await db.connect();
      await db.query('TRUNCATE teams, users, apps, bots, tokens, conversations, members, messages, clone_settings CASCADE');
      // The real swap also cuts the backend's connections to the old database.
      await db.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      await db.end();
      expect((await slackError(fresh.auth.test())).error).to.equal('invalid_auth');
      expect((await s.control('/reset', {})).status).to.equal(204);
      const restored = await s.provision({kind: 'restore', previous: rotated});
      expect(restored).to.deep.include({botToken: rotated.botToken, userToken: rotated.userToken, appId: rotated.appId, workspaceId: rotated.workspaceId});
      const again = await fresh.auth.test();
      expect(again).to.include({user_id: stateOf(rotated).botUserId, team_id: rotated.workspaceId, bot_id: stateOf(rotated).botId});
      expect((await s.client(rotated.userToken!).auth.test()).user_id).to.equal(stateOf(rotated).adminUserId);
      expect((await fresh.conversations.list({})).channels).to.deep.equal([]);
      const settings = (await (await s.control('/slack/settings')).json()) as {rateLimits: boolean; requestUrl: string};
      expect(settings).to.include({rateLimits: false, requestUrl: 'http://127.0.0.1:9/events'});
      const {rows} = await (async () => {
        const c = new pg.Client({connectionString: s.clone.databaseUrl});
        await c.connect();
        const r = await c.query('SELECT hash FROM tokens');
        await c.end();
        return r;
      })();
      expect(rows.map((r: {hash: string}) => r.hash).every((h: string) => /^[0-9a-f]{64}$/.test(h))).to.equal(true);
    } finally {
      await s.dispose();
    }
  });

  it('takes Slack options through /_asym/slack/provision (rate limits, request URL)', async () => {
    const s = await startSlack({fixture: false});
    try {
      const res = await s.control('/slack/provision', {kind: 'reprovision', previous: s.tokens, rateLimits: false, requestUrl: 'http://127.0.0.1:9/slack/events', verify: false});
      expect(res.status).to.equal(200);
      const tokens = (await res.json()) as typeof s.tokens;
      expect(tokens.extra).to.include({rateLimits: 'off'});
      expect(stateOf(tokens).requestUrl).to.equal('http://127.0.0.1:9/slack/events');
      expect((await s.client(tokens.botToken!).auth.test()).ok).to.equal(true);
      expect((await slackError(s.bot.auth.test())).error).to.equal('invalid_auth');
      const unverified = await s.control('/slack/provision', {kind: 'reprovision', previous: tokens, requestUrl: 'http://127.0.0.1:9/slack/events'});
      expect(unverified.status).to.equal(422);
    } finally {
      await s.dispose();
    }
  });

  it('restores exactly the same rows and credentials on a fresh copy of the fixture', async () => {
    const s = await startSlack();
    try {
      const pg = (await import('pg')).default;
      const snapshot = async () => {
        const c = new pg.Client({connectionString: s.clone.databaseUrl});
        await c.connect();
        const out: Record<string, unknown> = {};
        for (const t of ['teams', 'apps', 'bots', 'tokens', 'users', 'clone_settings']) out[t] = (await c.query(`SELECT * FROM ${t} ORDER BY 1, 2`)).rows;
        await c.end();
        return JSON.stringify(out);
      };
      const seeded = await snapshot();
      expect(seeded).not.to.contain(s.tokens.botToken).and.not.to.contain(s.tokens.extra!.appToken).and.not.to.contain(s.tokens.extra!.signingSecret);
      const {channel} = await s.bot.conversations.create({name: 'temp'});
      const db = new pg.Client({connectionString: s.clone.databaseUrl});
      await db.connect();
      await db.query(`DELETE FROM tokens; DELETE FROM apps; DELETE FROM bots; DELETE FROM members WHERE conversation_id = '${channel!.id}'; DELETE FROM conversations WHERE id = '${channel!.id}'; DELETE FROM users WHERE is_bot`);
      await db.end();
      await s.provision({kind: 'restore', previous: s.tokens});
      expect(await snapshot(), 'restore recreates exactly the provisioned rows').to.equal(seeded);
      expect((await s.bot.auth.test()).user_id).to.equal(s.ids.botUserId);
      expect((await s.bot.users.list({})).members!.some((m) => m.id === s.ids.botUserId)).to.equal(true);
      expect((await s.user.auth.test()).user_id).to.equal('U0ACDANA01');
    } finally {
      await s.dispose();
    }
  });
});
