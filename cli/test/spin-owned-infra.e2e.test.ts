import {WebClient} from '@slack/web-api';
import {expect} from 'chai';
import {readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';

import type {CloneInstance} from '@asym/contract';

import {cliWorld, cloneProcesses} from './helpers/world.js';

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

    // The owned servers require the home's password (0600), and the clone's URLs carry it.
    const password = readFileSync(join(world.home, 'infra', 'password'), 'utf8').trim();
    expect(statSync(join(world.home, 'infra', 'password')).mode & 0o777).to.equal(0o600);
    const db = await world.run(['db', clone.id]);
    expect(db.stdout.trim()).to.match(new RegExp(`^postgres://postgres:${password}@127\\.0\\.0\\.1:\\d+/clone_`));
    const env = cloneProcesses(clone.id, world.home).map((pid) => readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0'));
    expect(env.length).to.be.greaterThan(0);
    for (const vars of env) {
      expect(vars.find((v) => v.startsWith('DATABASE_URL='))).to.include(`:${password}@`);
      expect(vars.find((v) => v.startsWith('REDIS_URL='))).to.include(`:${password}@`);
    }

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
