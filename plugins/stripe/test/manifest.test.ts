import {TemplateManifest} from '@asym/contract';
import {expect} from 'chai';

import hook from '../src/hooks/templates.js';

describe('stripe template: manifest and hook', () => {
  it('answers the templates hook with a manifest the contract accepts', async () => {
    const d = await hook();
    const parsed = TemplateManifest.safeParse(d.manifest);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).to.equal(true);
    expect(d.manifest).to.deep.include({apiPath: '', name: 'stripe', realProduct: 'stripe'});
    expect(d.provision).to.be.a('function');
    expect((d.manifest as {services: {backend: {entry: string}}}).services.backend.entry).to.equal('./dist/backend.js');
  });
});
