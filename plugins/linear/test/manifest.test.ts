import {readFileSync} from 'node:fs';

import {TemplateManifest} from '@asym/contract';
import {expect} from 'chai';

import hook from '../src/hooks/templates.js';
import {root} from './helpers.js';

describe('linear template: manifest, hook and package', () => {
  it('answers the templates hook with a manifest the contract accepts', async () => {
    const d = await hook();
    const parsed = TemplateManifest.safeParse(d.manifest);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).to.equal(true);
    expect(d.manifest).to.deep.include({apiPath: '', name: 'linear', realProduct: 'linear'});
    expect((d.manifest as {mcp?: unknown}).mcp).to.deep.equal({path: '/mcp', token: 'apiKey'});
    expect((d.manifest as {seed: {default: string}}).seed.default).to.equal('acme');
  });

  it('ships the schema it serves, and no test data', () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {files: string[]; dependencies: Record<string, string>; devDependencies: Record<string, string>};
    expect(pkg.files).to.include.members(['dist', 'migrations', 'seeds', 'schema', 'clone.manifest.json']);
    expect(pkg.files.some((f) => f.startsWith('test'))).to.equal(false);
    expect(pkg.devDependencies['@linear/sdk']).to.equal('88.3.0');
    expect(Object.keys(pkg.dependencies)).to.deep.equal(['@asym/template-kit']);
  });
});
