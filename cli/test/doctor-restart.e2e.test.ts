import {WebClient} from '@slack/web-api';
import {expect} from 'chai';

import type {CloneInstance} from '@asym/contract';

import {cliWorld, cloneProcesses} from './helpers/world.js';

describe('doctor --fix heals a clone whose backend was killed', function () {
  this.timeout(180_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  after(async () => world?.cleanup());

  it('doctor reports it unhealthy and names --fix; --fix restarts it with the same endpoint, data and tokens', async () => {
    world = await cliWorld();
    const spun = await world.run(['spin', 'slack', '--json']);
    expect(spun.code, spun.stderr).to.equal(0);
    const clone = spun.json<CloneInstance[]>()[0]!;
    const pids = cloneProcesses(clone.id);
    expect(pids).to.not.deep.equal([]);
    for (const pid of pids) process.kill(pid, 'SIGKILL');

    const check = await world.run(['doctor']);
    expect(check.code).to.equal(1);
    expect(check.stdout).to.match(new RegExp(`clone ${clone.id}\\s+unhealthy\\. Restart it: asym doctor --fix`));

    const fix = await world.run(['doctor', '--fix', '--json']);
    const row = fix.json<{checks: Array<{name: string; fixed?: boolean; ok: boolean}>}>().checks.find((c) => c.name === `clone ${clone.id}`);
    expect(row).to.include({fixed: true, ok: true});

    const [s] = (await world.run(['status', clone.id, '--json'])).json<Array<{state: string; endpoints: {api: string}}>>();
    expect(s!.state).to.equal('running');
    expect(s!.endpoints.api).to.equal(clone.endpoints.api);
    const slack = new WebClient(clone.tokens!.botToken!, {retryConfig: {retries: 0}, slackApiUrl: `${clone.endpoints.api}/`});
    expect((await slack.chat.postMessage({channel: '#general', text: 'back'})).ok).to.equal(true);
  });
});
