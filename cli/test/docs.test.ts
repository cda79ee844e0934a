import {expect} from 'chai';
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

describe('docs', () => {
  it('docs/cli/reference.md is current with the commands (regenerate: node cli/scripts/cli-reference.mjs)', () => {
    const script = fileURLToPath(new URL('../scripts/cli-reference.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [script, '--check'], {encoding: 'utf8'});
    expect(r.status, r.stderr).to.equal(0);
  });
});
