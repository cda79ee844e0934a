import {expect} from 'chai';
import {readdirSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

import {cliWorld} from './helpers/world.js';

const dir = fileURLToPath(new URL('../../examples/environments/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.env.yaml')).sort();

/** Every environment file the docs point at spins with every member up, and is destroyed again. */
describe('examples/environments: each file spins', function () {
  this.timeout(180_000);
  let world: Awaited<ReturnType<typeof cliWorld>>;
  before(async () => {
    world = await cliWorld();
  });
  after(async () => world?.cleanup());

  it('ships the files the docs use', () => {
    expect(files).to.include('acme.env.yaml');
  });

  for (const file of files) {
    it(file, async () => {
      const r = await world.run(['env', 'spin', `${dir}${file}`, '--json']);
      expect(r.code, r.stderr + r.stdout).to.equal(0);
      const out = r.json<{environment: {name: string; state: string}; clones: unknown[]; declared: number; failures: unknown[]}>();
      expect(out.failures).to.deep.equal([]);
      expect(out.clones).to.have.length(out.declared);
      expect(out.environment.state).to.equal('running');
      const gone = await world.run(['env', 'destroy', out.environment.name, '--force', '--json']);
      expect(gone.code, gone.stderr).to.equal(0);
    });
  }
});
