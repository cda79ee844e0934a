import {expect} from 'chai';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import type {CloneInstance} from '@asym/contract';

import {cliWorld} from './helpers/world.js';

/**
 * Issue 24, item 3: a record without secrets (older CLI, restored backup) never gets a backend whose
 * control routes are open, and one bad record does not stop the others.
 */
describe('registry records from older CLIs and damaged backups', function () {
  this.timeout(300_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  let clone: CloneInstance;
  const file = () => join(world.home, 'registry.json');
  const edit = (fn: (reg: {clones: Array<Record<string, unknown>>}) => void) => {
    const reg = JSON.parse(readFileSync(file(), 'utf8'));
    fn(reg);
    writeFileSync(file(), JSON.stringify(reg, null, 2), {mode: 0o600});
  };

  before(async () => {
    world = await cliWorld();
    const spun = await world.run(['spin', 'stripe', '--name', `records-${process.pid % 100_000}`, '--json']);
    expect(spun.code, spun.stderr + spun.stdout).to.equal(0);
    clone = spun.json<CloneInstance[]>()[0]!;
  });
  after(async () => world?.cleanup());

  it('a record without secrets and a bad record beside it: the clone starts with a control token, the bad one is quarantined', async () => {
    expect((await world.run(['stop', clone.id])).code).to.equal(0);
    edit((reg) => {
      delete reg.clones[0]!.secrets;
      delete reg.clones[0]!.composeProject;
      reg.clones.push({id: 'broken-1', ports: 'not ports', template: 'stripe'});
    });
    const started = await world.run(['start', clone.id, '--json']);
    expect(started.code, started.stdout + started.stderr).to.equal(0);
    expect(started.stderr).to.include('"broken-1"').and.include('registry.quarantine.json');
    const saved = JSON.parse(readFileSync(file(), 'utf8')).clones as Array<{id: string; secrets?: {control: string; jwt: string}}>;
    expect(saved.map((c) => c.id)).to.deep.equal([clone.id]);
    const secrets = saved[0]!.secrets!;
    expect(secrets.control).to.have.length.greaterThan(20);
    expect(secrets.jwt).to.have.length.greaterThan(20);
    // The control routes refuse a caller without the token, and accept the saved one.
    const reset = (token?: string) => fetch(new URL('/_asym/health', clone.endpoints.api).origin + '/_asym/reset', {body: '{}', headers: {'content-type': 'application/json', ...(token ? {'x-asym-control-token': token} : {})}, method: 'POST'});
    expect((await reset()).status).to.be.oneOf([401, 403]);
    expect((await reset(secrets.control)).status).to.be.lessThan(300);
    // The other clone keeps working: its key answers, status lists it, doctor names the bad record.
    const res = await fetch(`${clone.endpoints.api}/v1/customers?limit=1`, {headers: {authorization: `Bearer ${clone.tokens!.apiKey}`}});
    expect(res.status).to.equal(200);
    const status = await world.run(['status', '--json']);
    expect(status.json<Array<{id: string; state: string}>>().map((s) => [s.id, s.state])).to.deep.equal([[clone.id, 'running']]);
    const doctor = await world.run(['doctor', '--json']);
    expect(doctor.json<{checks: Array<{name: string; ok: boolean}>}>().checks.find((c) => c.name === 'quarantined clone broken-1')?.ok).to.equal(false);
  });
});
