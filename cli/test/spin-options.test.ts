import {expect} from 'chai';

import {tokenLines} from '../src/output/format.js';
import {fixtureFor} from '../src/services/clones.js';

describe('spin --seed', () => {
  it('a bare fixture applies to every template, template=fixture only to its template', () => {
    expect(fixtureFor('slack', ['acme-corp'])).to.equal('acme-corp');
    expect(fixtureFor('stripe', ['slack=acme-corp', 'stripe=acct'])).to.equal('acct');
    expect(fixtureFor('slack', ['slack=acme-corp', 'base'])).to.equal('acme-corp');
    expect(fixtureFor('notion', ['slack=acme-corp'])).to.equal(undefined);
    expect(fixtureFor('slack', undefined)).to.equal(undefined);
  });
});

describe('token lines', () => {
  it('names every credential in words, aligned', () => {
    const lines = tokenLines({botToken: 'xoxb-1', extra: {appToken: 'xapp-1', botUserId: 'U1', signingSecret: 's3'}, userToken: 'xoxp-1'});
    expect(lines).to.deep.equal(['    bot token      xoxb-1', '    user token     xoxp-1', '    app token      xapp-1', '    signing secret s3']);
  });
});
