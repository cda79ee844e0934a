import {expect} from 'chai';

import {type StripeClone, startStripeClone} from './helpers.js';

/**
 * Hostile and unlucky input (issue 16): every answer is Stripe's 400 `invalid_request_error` with the
 * offending `param`, never a 500, and the clone keeps serving afterwards.
 */
describe('stripe clone: bad input and poisoned requests', () => {
  let c: StripeClone;
  before(async () => {
    c = await startStripeClone();
  });
  after(async () => c?.dispose());

  const form = (pairs: Array<[string, string]>) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const call = async (method: string, path: string, body?: string) => {
    const res = await fetch(`${c.clone.url}${path}`, {
      body,
      headers: {authorization: `Bearer ${c.tokens.apiKey}`, 'content-type': 'application/x-www-form-urlencoded'},
      method,
    });
    return {body: (await res.json()) as any, status: res.status};
  };
  const stillServing = async () => {
    const ok = await c.stripe.customers.create({email: 'after@example.com', metadata: {k: 'v'}});
    expect(ok.id).to.match(/^cus_/);
    expect(({} as Record<string, unknown>).x).to.equal(undefined);
  };

  for (const key of ['__proto__', 'constructor', 'prototype']) {
    it(`metadata[${key}][x]=1 is a 400 and pollutes nothing; the next requests work`, async () => {
      const r = await call('POST', '/v1/customers', form([[`metadata[${key}][x]`, '1']]));
      expect(r.status).to.equal(400);
      expect(r.body.error.type).to.equal('invalid_request_error');
      expect(r.body.error.param).to.be.a('string');
      expect(Object.prototype).to.not.have.property('x');
      await stillServing();
    });
  }

  it('a top-level __proto__ parameter is parameter_unknown', async () => {
    const r = await call('POST', '/v1/customers', form([['__proto__[x]', '1']]));
    expect(r.status).to.equal(400);
    expect(r.body.error.code).to.equal('parameter_unknown');
    await stillServing();
  });

  it('toString or hasOwnProperty as a parameter is parameter_unknown (inherited names are not parameters)', async () => {
    const r = await call('POST', '/v1/customers', form([['toString', 'x']]));
    expect(r.status).to.equal(400);
    expect(r.body.error).to.include({code: 'parameter_unknown', param: 'toString'});
  });

  const table: Array<{name: string; method: string; path: string; body?: Array<[string, string]>; param: string; code?: string}> = [
    {code: 'parameter_invalid_integer', method: 'GET', name: 'created[gte]=abc', param: 'created[gte]', path: '/v1/customers?created[gte]=abc'},
    {code: 'parameter_invalid_integer', method: 'GET', name: 'created=abc', param: 'created', path: '/v1/customers?created=abc'},
    {body: [['name', 'a\u0000b']], method: 'POST', name: 'NUL in name', param: 'name', path: '/v1/customers'},
    {body: [['metadata[k\u0000]', 'v']], method: 'POST', name: 'NUL in a metadata key', param: 'metadata[k\u0000]', path: '/v1/customers'},
    {body: [['metadata[k]', 'v\u0000']], method: 'POST', name: 'NUL in a metadata value', param: 'metadata[k]', path: '/v1/customers'},
    {body: [[`metadata${'[x]'.repeat(100_000)}`, '1']], method: 'POST', name: 'a key nested 100,000 deep', param: 'metadata', path: '/v1/customers'},
    {body: Array.from({length: 51}, (_, i) => [`metadata[k${i}]`, 'v'] as [string, string]), method: 'POST', name: '51 metadata keys', param: 'metadata', path: '/v1/customers'},
    {body: [[`metadata[${'k'.repeat(41)}]`, 'v']], method: 'POST', name: 'a 41-character metadata key', param: `metadata[${'k'.repeat(41)}]`, path: '/v1/customers'},
    {body: [['metadata[k]', 'v'.repeat(501)]], method: 'POST', name: 'a 501-character metadata value', param: 'metadata[k]', path: '/v1/customers'},
    {body: [['metadata[k][deeper]', 'v']], method: 'POST', name: 'an object as a metadata value', param: 'metadata[k]', path: '/v1/customers'},
    {body: [['amount', '100'], ['currency', 'usd'], ['description', 'd'.repeat(1001)]], method: 'POST', name: 'a 1,001-character payment intent description', param: 'description', path: '/v1/payment_intents'},
    {body: [['items[0][price]', 'price_x'], ['description', 'd'.repeat(501)]], method: 'POST', name: 'a 501-character subscription description', param: 'description', path: '/v1/subscriptions'},
    {body: [['description', 'd'.repeat(5001)]], method: 'POST', name: 'a 5,001-character customer description', param: 'description', path: '/v1/customers'},
    {body: [['amount', '100000000'], ['currency', 'usd']], code: 'amount_too_large', method: 'POST', name: 'amount 100,000,000', param: 'amount', path: '/v1/payment_intents'},
    {body: [['amount', '100'], ['currency', 'usdollars']], method: 'POST', name: 'a currency that is not three letters', param: 'currency', path: '/v1/payment_intents'},
  ];
  for (const t of table) {
    it(`${t.name}: 400 invalid_request_error on ${JSON.stringify(t.param).slice(0, 40)}, the clone stays up`, async () => {
      const r = await call(t.method, t.path, t.body ? form(t.body) : undefined);
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).to.equal(400);
      expect(r.body.error.type).to.equal('invalid_request_error');
      expect(r.body.error.param).to.equal(t.param);
      if (t.code) expect(r.body.error.code).to.equal(t.code);
      await stillServing();
    });
  }

  it('the limits themselves are accepted: 50 keys, 40-character keys, 500-character values, amount 99,999,999', async () => {
    const metadata = Object.fromEntries(Array.from({length: 49}, (_, i) => [`k${i}`, 'v'.repeat(500)]));
    metadata['k'.repeat(40)] = 'v';
    const cus = await c.stripe.customers.create({metadata});
    expect(Object.keys(cus.metadata)).to.have.length(50);
    const pi = await c.stripe.paymentIntents.create({amount: 99_999_999, currency: 'usd', description: 'd'.repeat(1000)});
    expect(pi.amount).to.equal(99_999_999);
  });
});
