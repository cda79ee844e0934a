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

  it('every /v2 route of the catalogue answers too (JSON bodies)', async () => {
    const v2 = await routeCoverage(c.clone.url, c.tokens.apiKey!, '/v2/');
    expect(v2.total).to.be.greaterThan(50);
    expect(v2.unrecognized).to.deep.equal([]);
    expect(v2.failing).to.deep.equal([]);
  });

  it('a /v2 event destination: create with a JSON body, retrieve, list, delete', async () => {
    const dest = await c.stripe.v2.core.eventDestinations.create({
      enabled_events: ['v1.billing.meter.error_report_triggered'],
      event_payload: 'thin',
      name: 'meter errors',
      type: 'webhook_endpoint',
      webhook_endpoint: {url: 'https://example.com/hooks'},
    });
    expect(dest).to.include({name: 'meter errors', type: 'webhook_endpoint'});
    expect((await c.stripe.v2.core.eventDestinations.retrieve(dest.id)).name).to.equal('meter errors');
    const page = await c.stripe.v2.core.eventDestinations.list();
    expect(page.data.map((d) => d.id)).to.include(dest.id);
    await c.stripe.v2.core.eventDestinations.del(dest.id);
    try {
      await c.stripe.v2.core.eventDestinations.retrieve(dest.id);
      expect.fail('retrieve after delete should fail');
    } catch (error) {
      expect((error as {statusCode?: number}).statusCode).to.equal(404);
    }
  });
});
