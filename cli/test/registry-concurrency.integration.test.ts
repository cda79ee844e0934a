import {expect} from 'chai';
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {tempHome} from './helpers/home.js';

const worker = fileURLToPath(new URL('./fixtures/add-record.ts', import.meta.url));

describe('registry under concurrent processes', () => {
  it('20 processes each adding a record end with 20 records', async () => {
    const h = tempHome();
    try {
      const runs = Array.from({length: 20}, (_, i) =>
        new Promise<number>((resolve) => {
          const p = spawn(process.execPath, ['--import', 'tsx', worker, h.home, `slack-${String(i).padStart(4, '0')}`], {stdio: 'inherit'});
          p.on('exit', (code) => resolve(code ?? 1));
        }),
      );
      expect(await Promise.all(runs)).to.deep.equal(Array.from({length: 20}, () => 0));
      const reg = JSON.parse(readFileSync(join(h.home, 'registry.json'), 'utf8'));
      expect(reg.clones.map((c: {id: string}) => c.id).sort()).to.deep.equal(Array.from({length: 20}, (_, i) => `slack-${String(i).padStart(4, '0')}`));
    } finally {
      await h.cleanup();
    }
  });
});
