import {WebClient} from '@slack/web-api';
import {expect} from 'chai';

import type {CloneInstance} from '@asym/contract';

import {cliWorld} from './helpers/world.js';

describe('spin with nothing configured: asymmetric starts and owns Postgres and Redis (the README path)', function () {
  this.timeout(180_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  after(async () => world?.cleanup());

  it('spins slack, answers the SDK, reports its own infra, and infra stop refuses while the clone runs', async () => {
    world = await cliWorld({ASYM_POSTGRES_URL: '', ASYM_REDIS_URL: ''});
    const spun = await world.run(['spin', 'slack', '--seed', 'acme-corp', '--json']);
    expect(spun.code, spun.stderr).to.equal(0);
    const clone = spun.json<CloneInstance[]>()[0]!;
    expect((await new WebClient(clone.tokens!.botToken!, {slackApiUrl: clone.endpoints.api + '/'}).auth.test()).ok).to.equal(true);

    const infra = await world.run(['infra', 'status', '--json']);
    const status = infra.json<{endpoints: {postgres: {source: string}; redis: {source: string}} | null}>();
    expect(status.endpoints?.postgres.source).to.equal('owned');
    expect(status.endpoints?.redis.source).to.equal('owned');

    const refused = await world.run(['infra', 'stop', '--json']);
    expect(refused.code).to.equal(1);
    expect(refused.json<{error: {message: string}}>().error.message).to.include(clone.id);

    expect((await world.run(['reset', clone.id])).code).to.equal(0);
    expect((await world.run(['destroy', clone.id, '--force'])).code).to.equal(0);
    const stop = await world.run(['infra', 'stop', '--purge', '--json']);
    expect(stop.code, stop.stderr).to.equal(0);
    const after = (await world.run(['infra', 'status', '--json'])).json<{endpoints: unknown}>();
    expect(after.endpoints).to.equal(null);
  });
});
