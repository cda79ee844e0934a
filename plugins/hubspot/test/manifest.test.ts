import {TemplateManifest} from '@asym/contract';
import {expect} from 'chai';

import hook from '../src/hooks/templates.js';

describe('hubspot template: manifest and hook', () => {
  it('answers the templates hook with a manifest the contract accepts', async () => {
    const d = await hook();
    const parsed = TemplateManifest.safeParse(d.manifest);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).to.equal(true);
    expect(d.manifest).to.deep.include({apiPath: '', name: 'hubspot', realProduct: 'hubspot'});
    expect((d.manifest as {seed: {default: string}}).seed.default).to.equal('acme');
    expect((d.manifest as {mcp: {path: string; token: string}}).mcp).to.deep.equal({path: '/mcp', token: 'apiKey'});
  });
});
