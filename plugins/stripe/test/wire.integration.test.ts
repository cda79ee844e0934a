import {expect} from 'chai';
import type Stripe from 'stripe';

import {type StripeClone, startStripeClone} from './helpers.js';

describe('stripe clone: wire format', () => {
  let c: StripeClone;
  let stripe: Stripe;
  before(async () => {
    c = await startStripeClone();
    stripe = c.stripe;
  });
  after(async () => c?.dispose());

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
});
