import {expect} from 'chai';

import type {CloneInstance} from '@asym/contract';

import {cliWorld, cloneProcesses, occupyPort} from './helpers/world.js';

/** Issue 24, item 5: after a reboot (every backend killed) the clones come back in one command. */
describe('start --all, env start|stop, start --new-ports', function () {
  this.timeout(400_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let clones: CloneInstance[];
  const env = `boot${process.pid % 100_000}`;
  const states = async () => Object.fromEntries((await world.run(['status', '--json'])).json<Array<{id: string; state: string}>>().map((s) => [s.id, s.state]));
  const killAll = async () => {
    for (const c of clones) for (const pid of cloneProcesses(c.id, world.home)) process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && clones.some((c) => cloneProcesses(c.id, world.home).length > 0); i++) await new Promise((r) => setTimeout(r, 50));
  };
  const answers = async (c: CloneInstance, api = c.endpoints.api) => (await fetch(`${api}/v1/customers?limit=1`, {headers: {authorization: `Bearer ${c.tokens!.apiKey}`}})).status;

  before(async () => {
    world = await cliWorld();
    const spun = await world.run(['spin', 'stripe', 'stripe', '--group', env, '--json']);
    expect(spun.code, spun.stderr + spun.stdout).to.equal(0);
    clones = spun.json<CloneInstance[]>();
    expect(clones).to.have.length(2);
  });
  after(async () => world?.cleanup());

  it('start --all after killing every backend: all running, tokens work', async () => {
    await killAll();
    expect(Object.values(await states())).to.deep.equal(['unhealthy', 'unhealthy']);
    const r = await world.run(['start', '--all', '--json']);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
    expect(r.json<{started: string[]}>().started.sort()).to.deep.equal(clones.map((c) => c.id).sort());
    expect(Object.values(await states())).to.deep.equal(['running', 'running']);
    for (const c of clones) expect(await answers(c)).to.equal(200);
  });

  it('env stop, then env start after killing every backend', async () => {
    const stopped = await world.run(['env', 'stop', env, '--json']);
    expect(stopped.code, stopped.stdout + stopped.stderr).to.equal(0);
    expect(Object.values(await states())).to.deep.equal(['stopped', 'stopped']);
    expect((await world.run(['env', 'start', env])).code).to.equal(0);
    await killAll();
    const started = await world.run(['env', 'start', env, '--json']);
    expect(started.code, started.stdout + started.stderr).to.equal(0);
    expect(started.json<{environment: {state: string}}>().environment.state).to.equal('running');
    for (const c of clones) expect(await answers(c)).to.equal(200);
  });

  it('start --new-ports moves a clone whose port another program took; data and tokens kept', async () => {
    const c = clones[0]!;
    expect((await world.run(['stop', c.id])).code).to.equal(0);
    const old = Number(new URL(c.endpoints.api).port);
    const holder = await occupyPort(old);
    try {
      const refused = await world.run(['start', c.id, '--json']);
      expect(refused.code).to.equal(1);
      expect(refused.json<{error: {code: string; message: string}}>().error.code).to.equal('PORT_IN_USE');
      expect(refused.json<{error: {message: string}}>().error.message).to.include(`pid ${process.pid}`);
      const moved = await world.run(['start', c.id, '--new-ports', '--json']);
      expect(moved.code, moved.stdout + moved.stderr).to.equal(0);
    } finally {
      await new Promise((r) => holder.close(r));
    }
    const [s] = (await world.run(['status', c.id, '--json'])).json<Array<{state: string; endpoints: {api: string}}>>();
    expect(s!.state).to.equal('running');
    expect(Number(new URL(s!.endpoints.api).port)).to.not.equal(old);
    expect(await answers(c, s!.endpoints.api)).to.equal(200);
  });
});
