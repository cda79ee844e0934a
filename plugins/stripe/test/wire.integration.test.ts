import {expect} from 'chai';
import type Stripe from 'stripe';

import {startStripeClone, type StripeClone, withStripeClone} from './helpers.js';

describe('stripe clone: wire format', () => {
  let c: StripeClone;
  let stripe: Stripe;
  withStripeClone((clone) => {
    c = clone;
    stripe = clone.stripe;
  });

  const raw = (path: string, init: RequestInit & {key?: string | null} = {}) =>
    fetch(`${c.clone.url}${path}`, {
      ...init,
      headers: {
        ...(init.key === null ? {} : {authorization: `Bearer ${init.key ?? c.tokens.apiKey}`}),
        'content-type': 'application/x-www-form-urlencoded',
        ...(init.headers as Record<string, string>),
      },
    });

  it('an idempotent retry replays the first response; other parameters under the same key are an idempotency_error', async () => {
    const first = await stripe.customers.create({email: 'idem@example.com'}, {idempotencyKey: 'key-1'});
    const again = await stripe.customers.create({email: 'idem@example.com'}, {idempotencyKey: 'key-1'});
    expect(again.id).to.equal(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).to.equal('true');
    const list = await stripe.customers.list({email: 'idem@example.com'});
    expect(list.data).to.have.length(1);
    const conflict = await stripe.customers.create({email: 'other@example.com'}, {idempotencyKey: 'key-1'}).catch((e: Stripe.errors.StripeError) => e);
    expect(conflict).to.be.instanceOf(stripe.errors.StripeIdempotencyError);
    expect((conflict as Stripe.errors.StripeError).statusCode).to.equal(400);
    expect((conflict as Stripe.errors.StripeError).type).to.equal('StripeIdempotencyError');
  });

  it('customers.search finds by email and metadata, with AND and numeric comparisons on created', async () => {
    const a = await stripe.customers.create({email: 'search-a@example.com', metadata: {tier: 'gold'}, name: 'Ann'});
    await stripe.customers.create({email: 'search-b@example.com', metadata: {tier: 'silver'}, name: 'Ben'});
    const byEmail = await stripe.customers.search({query: "email:'search-a@example.com'"});
    expect(byEmail.object).to.equal('search_result');
    expect(byEmail.data.map((x) => x.id)).to.deep.equal([a.id]);
    const byMeta = await stripe.customers.search({query: "metadata['tier']:'gold'"});
    expect(byMeta.data.map((x) => x.id)).to.deep.equal([a.id]);
    const both = await stripe.customers.search({query: `metadata['tier']:'silver' AND created>=${a.created - 10}`});
    expect(both.data.map((x) => x.name)).to.deep.equal(['Ben']);
    const none = await stripe.customers.search({query: `email:'search-a@example.com' AND created<${a.created - 10}`});
    expect(none.data).to.have.length(0);
    const paged = await stripe.customers.search({limit: 1, query: "email~'search-'"});
    expect(paged.has_more).to.equal(true);
    expect(paged.next_page).to.be.a('string');
    const next = await stripe.customers.search({limit: 1, page: paged.next_page!, query: "email~'search-'"});
    expect(next.data[0]!.id).to.not.equal(paged.data[0]!.id);
    const bad = await stripe.customers.search({query: "nosuchfield:'x'"}).catch((e: Stripe.errors.StripeError) => e);
    expect((bad as Stripe.errors.StripeError).statusCode).to.equal(400);
  });

  it('list pagination walks 250 customers in pages of 100 without loss or duplicates, both ways', async () => {
    const fresh = await startStripeClone({fixture: false});
    try {
      const created: string[] = [];
      for (let i = 0; i < 250; i += 25) {
        const batch = await Promise.all(Array.from({length: 25}, (_, j) => fresh.stripe.customers.create({email: `p${i + j}@example.com`})));
        created.push(...batch.map((x) => x.id));
      }
      const seen: string[] = [];
      let page = await fresh.stripe.customers.list({limit: 100});
      const sizes = [page.data.length];
      seen.push(...page.data.map((x) => x.id));
      while (page.has_more) {
        page = await fresh.stripe.customers.list({limit: 100, starting_after: page.data.at(-1)!.id});
        sizes.push(page.data.length);
        seen.push(...page.data.map((x) => x.id));
      }
      expect(sizes).to.deep.equal([100, 100, 50]);
      expect(new Set(seen).size).to.equal(250);
      expect([...seen].sort()).to.deep.equal([...created].sort());
      const back = await fresh.stripe.customers.list({ending_before: seen[150], limit: 100});
      expect(back.data.map((x) => x.id)).to.deep.equal(seen.slice(50, 150));
      const auto: string[] = [];
      for await (const cust of fresh.stripe.customers.list({limit: 100})) auto.push(cust.id);
      expect(auto).to.deep.equal(seen);
      expect(page.url).to.equal('/v1/customers');
    } finally {
      await fresh.dispose();
    }
  });

  it('nested form parameters, expand[], metadata merge and unset', async () => {
    const cust = await stripe.customers.create({address: {city: 'Paris', country: 'FR', line1: '1 rue X'}, metadata: {a: '1', b: '2'}});
    expect(cust.address).to.deep.include({city: 'Paris', country: 'FR', line1: '1 rue X', line2: null});
    const upd = await stripe.customers.update(cust.id, {metadata: {a: '', c: '3'}});
    expect(upd.metadata).to.deep.equal({b: '2', c: '3'});
    const pi = await stripe.paymentIntents.create({amount: 1200, currency: 'usd', customer: cust.id, expand: ['customer'], payment_method_types: ['card']});
    expect((pi.customer as Stripe.Customer).id).to.equal(cust.id);
    const listed = await stripe.paymentIntents.list({customer: cust.id, expand: ['data.customer']});
    expect((listed.data[0]!.customer as Stripe.Customer).object).to.equal('customer');
  });

  it('unknown parameters, missing keys, bad keys and missing objects get Stripe errors and a Request-Id', async () => {
    const res = await raw('/v1/customers', {body: 'email=a%40b.c&favourite_color=blue', method: 'POST'});
    expect(res.status).to.equal(400);
    expect(res.headers.get('request-id')).to.match(/^req_/);
    const body = (await res.json()) as {error: Record<string, unknown>};
    expect(body.error).to.include({code: 'parameter_unknown', param: 'favourite_color', type: 'invalid_request_error'});
    expect(body.error.message).to.equal('Received unknown parameter: favourite_color');

    const noKey = await raw('/v1/customers', {key: null});
    expect(noKey.status).to.equal(401);
    expect(noKey.headers.get('request-id')).to.match(/^req_/);
    const badKey = await c.sdk('sk_test_nope').customers.list().catch((e: Stripe.errors.StripeError) => e);
    expect(badKey).to.be.instanceOf(stripe.errors.StripeAuthenticationError);

    const basic = await raw('/v1/customers?limit=1', {headers: {authorization: `Basic ${Buffer.from(`${c.tokens.apiKey}:`).toString('base64')}`}, key: null});
    expect(basic.status).to.equal(200);
    expect(((await basic.json()) as {object: string}).object).to.equal('list');

    const missing = await stripe.customers.retrieve('cus_doesnotexist').catch((e: Stripe.errors.StripeError) => e);
    expect(missing).to.be.instanceOf(stripe.errors.StripeInvalidRequestError);
    expect((missing as Stripe.errors.StripeError).statusCode).to.equal(404);
    expect((missing as Stripe.errors.StripeError).code).to.equal('resource_missing');
    expect((missing as Stripe.errors.StripeError).message).to.equal("No such customer: 'cus_doesnotexist'");

    const badInt = await raw('/v1/payment_intents', {body: 'amount=abc&currency=usd', method: 'POST'});
    expect(badInt.status).to.equal(400);
    expect(((await badInt.json()) as {error: {code: string}}).error.code).to.equal('parameter_invalid_integer');

    const route = await raw('/v1/nothing_here');
    expect(route.status).to.equal(404);
    expect(route.headers.get('request-id')).to.match(/^req_/);

    const ok = await stripe.customers.list({limit: 1});
    expect(ok.lastResponse.requestId).to.match(/^req_/);
  });

  it("the SDK's current Stripe-Version and its new request shapes (promotion[type]=coupon) are accepted; the account's version answers otherwise", async () => {
    const coupon = await stripe.coupons.create({duration: 'once', percent_off: 10});
    const promo = await stripe.promotionCodes.create({code: 'NEWSHAPE', promotion: {coupon: coupon.id, type: 'coupon'}});
    expect(promo.promotion).to.deep.equal({coupon: coupon.id, type: 'coupon'});
    // The SDK sends its own pinned version; the answer names it, and events carry it.
    const sent = promo.lastResponse.headers['stripe-version'];
    expect(sent).to.match(/^20\d\d-\d\d-\d\d\.\w+$/);
    const events = await stripe.events.list({type: 'promotion_code.created'});
    expect(events.data[0]?.api_version).to.equal(sent);
    // Without the header: the account's pinned default version.
    const bare = await raw('/v1/promotion_codes?limit=1', {headers: {}});
    expect(bare.headers.get('stripe-version')).to.equal('2023-08-16');
    const unknown = await raw('/v1/promotion_codes', {body: `promotion[type]=coupon&promotion[coupon]=${coupon.id}&bogus=1`, method: 'POST'});
    expect(unknown.status).to.equal(400);
    expect(((await unknown.json()) as {error: {code: string}}).error.code).to.equal('parameter_unknown');
  });

  it('lists under a parent that does not exist are 404 resource_missing, not an empty list', async () => {
    for (const path of ['/v1/customers/cus_nope/sources', '/v1/transfers/tr_nope/reversals', '/v1/charges/ch_nope/refunds', '/v1/customers/cus_nope/tax_ids', '/v1/accounts/acct_nope/persons']) {
      const res = await raw(path);
      expect(res.status, path).to.equal(404);
      expect(((await res.json()) as {error: {code: string}}).error.code, path).to.equal('resource_missing');
    }
    const customer = await stripe.customers.create({});
    expect((await stripe.customers.listSources(customer.id)).data).to.deep.equal([]);
  });

  it('GET /v1/credit_notes/preview computes the credit note without storing it', async () => {
    const customer = await stripe.customers.create({});
    await stripe.invoiceItems.create({amount: 3000, currency: 'usd', customer: customer.id});
    const invoice = await stripe.invoices.create({auto_advance: false, collection_method: 'send_invoice', customer: customer.id, days_until_due: 30, pending_invoice_items_behavior: 'include'});
    await stripe.invoices.finalizeInvoice(invoice.id);
    const preview = await stripe.creditNotes.preview({amount: 1000, invoice: invoice.id});
    expect(preview).to.include({amount: 1000, invoice: invoice.id, object: 'credit_note', total: 1000});
    const lines = await stripe.creditNotes.listPreviewLineItems({invoice: invoice.id, lines: [{quantity: 1, type: 'custom_line_item', unit_amount: 700}]});
    expect(lines.data.map((l) => l.amount)).to.deep.equal([700]);
    expect((await stripe.creditNotes.list({invoice: invoice.id})).data).to.deep.equal([]);
    expect((await stripe.invoices.retrieve(invoice.id)).amount_remaining).to.equal(3000);
  });
});
