import {WebClient} from '@slack/web-api';
import {expect} from 'chai';

import type {CloneInstance} from '@asym/contract';

import {cliWorld, cloneProcesses, databaseExists, redisKeys} from './helpers/world.js';

const slack = (token: string, api: string) => new WebClient(token, {retryConfig: {retries: 0}, slackApiUrl: api.endsWith('/') ? api : api + '/'});

describe('spin slack end to end (process provider, built CLI)', function () {
  this.timeout(180_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let clone: CloneInstance;
  let spareAtSpin = false;
  before(async () => {
    world = await cliWorld();
    const r = await world.run(['spin', 'slack', '--seed', 'acme-corp', '--json']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    clone = r.json<CloneInstance[]>()[0]!;
    spareAtSpin = await databaseExists(`${clone.database}_spare`);
  });
  after(async () => world?.cleanup());

  it('prints the clone with its endpoint and minted tokens', () => {
    expect(clone.id).to.match(/^slack-[0-9a-f]{4}$/);
    expect(clone.state).to.equal('running');
    expect(clone.database).to.equal(`clone_${clone.id.replace('-', '_')}`);
    expect(clone.endpoints.api).to.match(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(clone.tokens?.botToken).to.match(/^xoxb-/);
    expect(clone.tokens?.userToken).to.match(/^xoxp-/);
    expect(clone).to.not.have.property('secrets');
  });

  it('has the first reset\'s copy ready when spin returns: a reset right after the spin only renames', async () => {
    expect(spareAtSpin, 'spare database present when spin returned').to.equal(true);
    const reset = await world.run(['reset', clone.id, '--json'], {ASYM_TRACE: '1'});
    expect(reset.code, reset.stderr).to.equal(0);
    expect(reset.stderr).to.include('swap database (ready spare)');
  });

  it('posts with the bot token, reads it back, and reset removes it but keeps the fixture', async () => {
    const bot = slack(clone.tokens!.botToken!, clone.endpoints.api);
    const auth = await bot.auth.test();
    expect(auth.ok).to.equal(true);
    const channels = (await bot.conversations.list({types: 'public_channel'})).channels ?? [];
    const general = channels.find((c) => c.name === 'general');
    expect(general, 'fixture has #general').to.not.equal(undefined);
    const user = slack(clone.tokens!.userToken!, clone.endpoints.api);
    const seeded = (await user.conversations.history({channel: general!.id!})).messages!.map((m) => m.ts);
    expect(seeded.length, 'fixture has messages in #general').to.be.greaterThan(0);
    await bot.conversations.join({channel: general!.id!});
    const posted = await bot.chat.postMessage({channel: general!.id!, text: 'written by the e2e test'});
    expect(posted.ok).to.equal(true);
    const history = await bot.conversations.history({channel: general!.id!});
    expect(history.messages?.some((m) => m.ts === posted.ts && m.text === 'written by the e2e test')).to.equal(true);

    const reset = await world.run(['reset', clone.id, '--json']);
    expect(reset.code, reset.stderr).to.equal(0);
    // The bot's join was undone by the reset too; the workspace admin (user token) reads the channel.
    const after = await user.conversations.history({channel: general!.id!});
    expect(after.messages!.map((m) => m.ts)).to.deep.equal(seeded);
    const again = (await bot.conversations.list({types: 'public_channel'})).channels ?? [];
    expect(again.map((c) => c.id).sort()).to.deep.equal(channels.map((c) => c.id).sort());
  });

  it('tokens --reprovision revokes the old token and the new one works', async () => {
    const old = clone.tokens!.botToken!;
    const r = await world.run(['tokens', clone.id, '--reprovision', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const fresh = r.json<{botToken: string; userToken: string}>();
    expect(fresh.botToken).to.match(/^xoxb-/).and.not.equal(old);
    const err = await slack(old, clone.endpoints.api).auth.test().catch((e) => e);
    expect(err?.data?.error).to.equal('invalid_auth');
    expect((await slack(fresh.botToken, clone.endpoints.api).auth.test()).ok).to.equal(true);
    const shown = await world.run(['tokens', clone.id, '--json']);
    expect(shown.json<{botToken: string}>().botToken).to.equal(fresh.botToken);
    clone.tokens = {...clone.tokens, botToken: fresh.botToken, userToken: fresh.userToken};
  });

  it('stop and start keep data', async () => {
    const bot = slack(clone.tokens!.botToken!, clone.endpoints.api);
    const general = ((await bot.conversations.list({types: 'public_channel'})).channels ?? []).find((c) => c.name === 'general')!;
    await bot.conversations.join({channel: general.id!});
    const posted = await bot.chat.postMessage({channel: general.id!, text: 'survives a restart'});
    expect((await world.run(['stop', clone.id])).code).to.equal(0);
    const stopped = await world.run(['status', clone.id, '--json']);
    expect(stopped.json<Array<{state: string}>>()[0]!.state).to.equal('stopped');
    expect(cloneProcesses(clone.id)).to.deep.equal([]);
    const start = await world.run(['start', clone.id]);
    expect(start.code, start.stderr).to.equal(0);
    const history = await bot.conversations.history({channel: general.id!});
    expect(history.messages?.some((m) => m.ts === posted.ts)).to.equal(true);
  });

  it('status --json redacts tokens and shows the live state', async () => {
    const r = await world.run(['status', '--json']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.not.include(clone.tokens!.botToken!);
    const [s] = r.json<Array<{id: string; state: string; environment: null}>>();
    expect(s).to.include({environment: null, id: clone.id, state: 'running'});
  });

  it('destroy leaves no database, process, Redis key or registry entry', async () => {
    const r = await world.run(['destroy', clone.id, '--force']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include(`✓ destroyed ${clone.id}`);
    expect(await databaseExists(clone.database)).to.equal(false);
    expect(cloneProcesses(clone.id)).to.deep.equal([]);
    expect(await redisKeys(clone.redisPrefix)).to.deep.equal([]);
    expect((await world.run(['status', '--json'])).json<unknown[]>()).to.deep.equal([]);
    const gone = await world.run(['status', clone.id, '--json']);
    expect(gone.code).to.equal(1);
    expect(gone.json<{error: {code: string}}>().error.code).to.equal('CLONE_NOT_FOUND');
  });
});

describe('two slack clones at once', function () {
  this.timeout(180_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  after(async () => world?.cleanup());

  it('are isolated: a token of one is refused by the other and data does not cross', async () => {
    world = await cliWorld();
    const r = await world.run(['spin', 'slack', 'slack', '--seed', 'acme-corp', '--json']);
    expect(r.code, r.stderr).to.equal(0);
    const [a, b] = r.json<CloneInstance[]>();
    expect(a!.id).to.not.equal(b!.id);
    expect(a!.endpoints.api).to.not.equal(b!.endpoints.api);
    const err = await slack(a!.tokens!.botToken!, b!.endpoints.api).auth.test().catch((e) => e);
    expect(err?.data?.error).to.equal('invalid_auth');
    const botA = slack(a!.tokens!.botToken!, a!.endpoints.api);
    const botB = slack(b!.tokens!.botToken!, b!.endpoints.api);
    const created = await botA.conversations.create({name: `only-in-a-${Date.now() % 100000}`});
    const inB = (await botB.conversations.list({types: 'public_channel,private_channel'})).channels ?? [];
    expect(inB.some((c) => c.name === created.channel!.name)).to.equal(false);
  });
});
