import {WebClient} from '@slack/web-api';
import {expect} from 'chai';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';

import type {CloneInstance} from '@asym/contract';

import {cliWorld, cloneProcesses, databaseExists} from './helpers/world.js';

describe('doctor --fix after the registry was lost', function () {
  this.timeout(120_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  after(async () => world?.cleanup());

  it('recovers a running clone from its process, and tokens --reprovision makes it usable again', async () => {
    world = await cliWorld();
    const spun = await world.run(['spin', 'slack', '--json']);
    expect(spun.code, spun.stderr).to.equal(0);
    const clone = spun.json<CloneInstance[]>()[0]!;
    writeFileSync(join(world.home, 'registry.json'), 'garbage');

    const check = await world.run(['doctor', '--json']);
    expect(check.code).to.equal(1);

    const fix = await world.run(['doctor', '--fix', '--json']);
    const checks = fix.json<{checks: Array<{name: string; detail: string; fixed?: boolean}>}>().checks;
    expect(checks.find((c) => c.name === 'registry')?.fixed).to.equal(true);
    const lost = checks.find((c) => c.name === 'lost clones');
    expect(lost?.fixed).to.equal(true);
    expect(lost?.detail).to.include(clone.id);

    const [s] = (await world.run(['status', '--json'])).json<Array<{id: string; state: string; template: string; endpoints: {api: string}}>>();
    expect(s).to.include({id: clone.id, state: 'running', template: 'slack'});
    expect(s!.endpoints.api).to.equal(clone.endpoints.api);

    const tokens = (await world.run(['tokens', clone.id, '--reprovision', '--json'])).json<{botToken: string}>();
    expect((await new WebClient(tokens.botToken, {slackApiUrl: clone.endpoints.api + '/'}).auth.test()).ok).to.equal(true);

    expect((await world.run(['destroy', clone.id, '--force'])).code).to.equal(0);
    expect(cloneProcesses(clone.id)).to.deep.equal([]);
    expect(await databaseExists(clone.database)).to.equal(false);
  });
});
