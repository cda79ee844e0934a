// Route coverage of the official SDK's catalogue: every route answers (an object, a list, or a
// Stripe error about the placeholder ids), none is "Unrecognized request URL".
import {expect} from 'chai';

import {type StripeClone, startStripeClone} from './helpers.js';
import {routeCoverage} from './support/routes.js';

describe("stripe clone: the official SDK's route catalogue", () => {
  let c: StripeClone;
  before(async () => {
    c = await startStripeClone();
  });
  after(async () => c?.dispose());

  it('every /v1 route of the catalogue answers', async () => {
    const v1 = await routeCoverage(c.clone.url, c.tokens.apiKey!, '/v1/');
    expect(v1.total).to.be.greaterThan(500);
    expect(v1.unrecognized).to.deep.equal([]);
    expect(v1.failing).to.deep.equal([]);
  });
});
