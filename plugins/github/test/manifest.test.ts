import {TemplateManifest} from '@asym/contract';
import {expect} from 'chai';

import {closingRefs} from '../src/backend/merge.js';
import {parseQuery} from '../src/backend/routes/search.js';
import hook from '../src/hooks/templates.js';

describe('github template: manifest, hook and parsers', () => {
  it('answers the templates hook with a manifest the contract accepts', async () => {
    const d = await hook();
    const parsed = TemplateManifest.safeParse(d.manifest);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).to.equal(true);
    expect(d.manifest).to.deep.include({apiPath: '', name: 'github', realProduct: 'github'});
    expect(d.provision).to.be.a('function');
  });

  it('reads closing keywords for this repository only', () => {
    expect(closingRefs('Fixes #2, closes #3 and resolves acme/other#4; see #5', 'acme/hello-world')).to.deep.equal([2, 3]);
    expect(closingRefs('Resolved: acme/hello-world#9', 'acme/hello-world')).to.deep.equal([9]);
  });

  it('splits a search query into qualifiers and text', () => {
    expect(parseQuery('repo:acme/x is:open -label:"good first issue" crash now')).to.deep.equal({
      quals: [['repo', 'acme/x', false], ['is', 'open', false], ['label', 'good first issue', true]],
      text: ['crash', 'now'],
    });
  });
});
