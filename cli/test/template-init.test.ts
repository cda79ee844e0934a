import {expect} from 'chai';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {isErrorCode} from '@asym/contract';

import {scaffoldFiles, templateInit} from '../src/services/template-init.js';

const example = fileURLToPath(new URL('../../examples/template-example', import.meta.url));

describe('template init (scaffold files)', () => {
  it('examples/template-example is the current scaffold (regenerate: template init example, kit range workspace:^)', () => {
    for (const [file, text] of Object.entries(scaffoldFiles('example', 'asym-template-example', 'workspace:^'))) {
      expect(readFileSync(join(example, file), 'utf8'), file).to.equal(text);
    }
  });

  it('writes into a new or empty directory, refuses a non-empty one and a bad name', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'asym-init-'));
    try {
      const r = templateInit({dir: 'a', kitRange: '^0.1.0', name: 'my-api', cwd: tmp});
      expect(r).to.include({dir: join(tmp, 'a'), name: 'my-api', package: 'asym-template-my-api'});
      const m = JSON.parse(readFileSync(join(tmp, 'a', 'clone.manifest.json'), 'utf8'));
      expect(m).to.include({displayName: 'My Api', engine: '^1.0.0', name: 'my-api'});
      // a fidelity reference ships with the scaffold, so `asym verify my-api` works before the author writes one
      expect(m.fidelity).to.deep.include({openapi: 'fidelity/openapi.json'});
      expect(JSON.parse(readFileSync(join(tmp, 'a', 'fidelity', 'openapi.json'), 'utf8')).paths).to.have.keys('/me', '/notes', '/notes/{id}');
      expect(JSON.parse(readFileSync(join(tmp, 'a', 'package.json'), 'utf8')).devDependencies['@asym/template-kit']).to.equal('^0.1.0');
      expect(readFileSync(join(tmp, 'a', 'src/backend/app.ts'), 'utf8')).to.include("const TOKEN_PREFIX = 'my_api_sk_'");

      writeFileSync(join(tmp, 'b'), 'a file');
      for (const dir of ['a', 'b']) {
        let err: unknown;
        try {
          templateInit({dir, kitRange: '^0.1.0', name: 'my-api', cwd: tmp});
        } catch (error) {
          err = error;
        }
        expect(isErrorCode(err, 'TEMPLATE_DIR_NOT_EMPTY'), String(err)).to.equal(true);
        expect((err as Error).message).to.include(join(tmp, dir)).and.include('asymmetric template init my-api --dir');
      }
      expect(() => templateInit({dir: 'c', kitRange: '^0.1.0', name: '9lives', cwd: tmp})).to.throw(/not a template name/);
    } finally {
      rmSync(tmp, {force: true, recursive: true});
    }
  });
});
