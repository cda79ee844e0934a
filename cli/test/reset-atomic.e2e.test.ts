import {expect} from 'chai';

import type {CloneInstance} from '@asym/contract';
import pg from 'pg';

import {cliWorld, occupyPort, PG_URL} from './helpers/world.js';

/**
 * Issue 24, item 1: a reset that fails loses nothing. Checked before the swap (the port a stopped
 * clone's backend needs is taken) or undone after it (the reset hook refuses, on the backend's path
 * and on the CLI's), the clone keeps its data and its key, and the error says so.
 */
describe('reset: a failed reset leaves the clone as it was', function () {
  this.timeout(300_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let clone: CloneInstance;
  let key: string;
  const emails = async () => {
    const res = await fetch(`${clone.endpoints.api}/v1/customers?limit=100`, {headers: {authorization: `Bearer ${key}`}});
    expect(res.status, await res.clone().text()).to.equal(200);
    return ((await res.json()) as {data: Array<{email: string | null}>}).data.map((c) => c.email);
  };
  const dirty = async (email: string) => {
    const res = await fetch(`${clone.endpoints.api}/v1/customers`, {body: `email=${encodeURIComponent(email)}`, headers: {authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded'}, method: 'POST'});
    expect(res.status).to.equal(200);
  };
  const expectResetFailed = (r: {code: number; stdout: string; stderr: string; json<T>(): T}) => {
    expect(r.code, r.stdout + r.stderr).to.equal(1);
    const err = r.json<{error: {code: string; message: string}}>().error;
    expect(err.code).to.equal('RESET_FAILED');
    expect(err.message).to.include('the clone is as it was');
    return err;
  };

  before(async () => {
    world = await cliWorld();
    const spun = await world.run(['spin', 'stripe', '--name', `atomic-${process.pid % 100_000}`, '--json']);
    expect(spun.code, spun.stderr + spun.stdout).to.equal(0);
    clone = spun.json<CloneInstance[]>()[0]!;
    key = clone.tokens!.apiKey!;
  });
  after(async () => world?.cleanup());

  it("with the stopped clone's port taken by another program: exit 1, data and key as before", async () => {
    await dirty('kept-port@example.com');
    expect((await world.run(['stop', clone.id])).code).to.equal(0);
    const port = Number(new URL(clone.endpoints.api).port);
    const holder = await occupyPort(port);
    let r;
    try {
      r = await world.run(['reset', clone.id, '--json']);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
    const err = expectResetFailed(r);
    expect(err.message).to.include(`port ${port} is busy`);
    const status = await world.run(['status', clone.id, '--json']);
    expect(status.json<Array<{state: string}>>()[0]!.state).to.equal('stopped');
    expect((await world.run(['start', clone.id])).code).to.equal(0);
    expect(await emails()).to.include('kept-port@example.com');
  });

  it('with the reset hook refusing on a running clone (the backend swaps): its swap is undone', async () => {
    await dirty('kept-hook@example.com');
    const r = await world.run(['reset', clone.id, '--json'], {ASYM_TEST_FAULT: 'reset-hook'});
    expect(expectResetFailed(r).message).to.include('reset hook');
    expect(await emails()).to.include('kept-hook@example.com');
    // And a reset without the fault still works afterwards.
    expect((await world.run(['reset', clone.id, '--json'])).code).to.equal(0);
    expect(await emails()).to.not.include('kept-hook@example.com');
  });

  it('with the reset hook refusing on a stopped clone (the CLI swaps): stopped again, data and key kept', async () => {
    await dirty('kept-stopped@example.com');
    expect((await world.run(['stop', clone.id])).code).to.equal(0);
    const r = await world.run(['reset', clone.id, '--json'], {ASYM_TEST_FAULT: 'reset-hook'});
    expectResetFailed(r);
    const status = await world.run(['status', clone.id, '--json']);
    expect(status.json<Array<{state: string}>>()[0]!.state).to.equal('stopped');
    expect((await world.run(['start', clone.id])).code).to.equal(0);
    expect(await emails()).to.include('kept-stopped@example.com');
  });
});

/** Issue 24, item 4: a clone whose database was dropped says so, and names the command that fixes it. */
describe('status and doctor: a clone whose database is gone', function () {
  this.timeout(300_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;

  before(async () => {
    world = await cliWorld();
  });
  after(async () => world?.cleanup());

  it('shows the backend\'s own reason and names asym reset, which brings it back', async () => {
    const spun = await world.run(['spin', 'stripe', '--name', `gone-${process.pid % 100_000}`, '--json']);
    expect(spun.code, spun.stderr + spun.stdout).to.equal(0);
    const clone = spun.json<CloneInstance[]>()[0]!;
    const admin = new pg.Client({connectionString: PG_URL});
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE ${clone.database} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
    const status = await world.run(['status', clone.id, '--json']);
    const s = status.json<Array<{state: string; problem?: {reason: string; fix: string}}>>()[0]!;
    expect(s.state).to.equal('unhealthy');
    expect(s.problem?.reason).to.include(`database "${clone.database}" does not exist`);
    expect(s.problem?.fix).to.include(`asym reset ${clone.id}`);
    const doctor = await world.run(['doctor', '--json']);
    const check = doctor.json<{checks: Array<{name: string; ok: boolean; detail: string}>}>().checks.find((c) => c.name === `clone ${clone.id}`);
    expect(check?.ok).to.equal(false);
    expect(check?.detail).to.include('does not exist').and.include(`asym reset ${clone.id}`);
    const reset = await world.run(['reset', clone.id, '--json']);
    expect(reset.code, reset.stdout + reset.stderr).to.equal(0);
    expect((await world.run(['status', clone.id, '--json'])).json<Array<{state: string}>>()[0]!.state).to.equal('running');
  });
});
