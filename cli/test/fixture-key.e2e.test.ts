import {expect} from 'chai';

import type {CloneInstance, CloneTokens} from '@asym/contract';

import {cliWorld} from './helpers/world.js';

const FIXTURE_KEY = 'sk_test_asymmetric000000000000stripe';

/**
 * Issue 16 item 8: the key published in the Stripe fixtures works only on a clone whose user asked for
 * it (--seed stripe=acct-known-key); tokens lists it while it works, reprovision revokes it for good.
 */
describe('stripe fixture key: opt-in only', function () {
  this.timeout(300_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  before(async () => {
    world = await cliWorld();
  });
  after(async () => world?.cleanup());

  const status = async (clone: CloneInstance, key: string) =>
    (await fetch(`${clone.endpoints.api}/v1/customers`, {headers: {authorization: `Bearer ${key}`}})).status;
  const spin = async (args: string[]) => {
    const r = await world.run(['spin', 'stripe', ...args, '--json']);
    expect(r.code, r.stderr + r.stdout).to.equal(0);
    return r.json<CloneInstance[]>()[0]!;
  };
  const tokens = async (id: string, more: string[] = []) => {
    const human = await world.run(['tokens', id, ...more]);
    expect(human.code, human.stderr).to.equal(0);
    const json = await world.run(['tokens', id, '--json']);
    return {human: human.stdout, json: json.json<CloneTokens>()};
  };

  it('by default (fixture acct) the clone answers its own key only, and tokens lists no fixture key', async () => {
    const clone = await spin(['--name', `plain-${process.pid % 100_000}`]);
    const t = await tokens(clone.id);
    expect(await status(clone, t.json.apiKey!)).to.equal(200);
    expect(await status(clone, FIXTURE_KEY)).to.equal(401);
    expect(t.human).to.not.include(FIXTURE_KEY);
    expect(t.json.extra).to.not.have.property('fixtureKey');
  });

  it('--seed stripe=acct-known-key keeps the key across resets; tokens --reprovision revokes it for good', async () => {
    const clone = await spin(['--name', `known-${process.pid % 100_000}`, '--seed', 'stripe=acct-known-key']);
    const t = await tokens(clone.id);
    expect(t.human).to.match(/fixture key\s+sk_test_asymmetric000000000000stripe/);
    expect(t.json.extra?.fixtureKey).to.equal(FIXTURE_KEY);
    expect(await status(clone, FIXTURE_KEY)).to.equal(200);
    expect((await world.run(['reset', clone.id])).code).to.equal(0);
    expect(await status(clone, FIXTURE_KEY)).to.equal(200);

    const rotated = await tokens(clone.id, ['--reprovision']);
    expect(rotated.human).to.not.include(FIXTURE_KEY);
    expect(await status(clone, FIXTURE_KEY)).to.equal(401);
    expect(await status(clone, rotated.json.apiKey!)).to.equal(200);
    expect((await world.run(['reset', clone.id])).code).to.equal(0);
    expect(await status(clone, FIXTURE_KEY)).to.equal(401);
    expect(await status(clone, rotated.json.apiKey!)).to.equal(200);
  });
});
