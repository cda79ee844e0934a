// The legacy Charges API and tokens, as integrations that predate PaymentIntents use them.
import {expect} from 'chai';
import type Stripe from 'stripe';

import {failure, type StripeClone, withStripeClone} from './helpers.js';

describe('stripe clone: charges and tokens with the official SDK', () => {
  let c: StripeClone;
  let stripe: Stripe;
  withStripeClone((clone) => {
    c = clone;
    stripe = clone.stripe;
  });

  it('a charge from source tok_visa succeeds, is captured, lists and refunds', async () => {
    const ch = await stripe.charges.create({amount: 2000, currency: 'usd', description: 'legacy order', metadata: {order: '7'}, source: 'tok_visa'});
    expect(ch).to.include({amount: 2000, amount_captured: 2000, captured: true, currency: 'usd', paid: true, payment_intent: null, status: 'succeeded'});
    expect(ch.source).to.include({brand: 'Visa', last4: '4242', object: 'card'});
    expect(ch.metadata).to.deep.equal({order: '7'});
    expect((await stripe.charges.retrieve(ch.id)).id).to.equal(ch.id);
    expect((await stripe.charges.list({limit: 3})).data.map((x) => x.id)).to.include(ch.id);
    const refund = await stripe.refunds.create({amount: 500, charge: ch.id});
    expect(refund).to.include({amount: 500, charge: ch.id, status: 'succeeded'});
  });

  it('capture=false authorizes only; a declined card answers 402 with the charge id', async () => {
    const auth = await stripe.charges.create({amount: 1500, capture: false, currency: 'usd', source: 'tok_visa'});
    expect(auth).to.include({captured: false, status: 'succeeded'});
    expect((await stripe.charges.capture(auth.id)).captured).to.equal(true);
    const declined = await failure(stripe.charges.create({amount: 1500, currency: 'usd', source: 'tok_chargeDeclined'}));
    expect(declined.statusCode).to.equal(402);
    expect(declined.code).to.equal('card_declined');
    expect(declined.raw).to.have.property('charge').that.matches(/^ch_/);
  });

  it('a customer with a card source is charged without a source; without either it is a 400', async () => {
    const customer = await stripe.customers.create({source: 'tok_mastercard'});
    const ch = await stripe.charges.create({amount: 900, currency: 'usd', customer: customer.id});
    expect(ch).to.include({customer: customer.id, status: 'succeeded'});
    expect(ch.source).to.include({brand: 'MasterCard', id: (await stripe.customers.retrieve(customer.id) as Stripe.Customer).default_source});
    const bare = await failure(stripe.charges.create({amount: 900, currency: 'usd'}));
    expect(bare.statusCode).to.equal(400);
    expect(bare.param).to.equal('source');
  });

  it('card tokens: made from a number, retrieved, charged once; a second use is refused', async () => {
    const tok = await stripe.tokens.create({card: {cvc: '123', exp_month: '12', exp_year: '2034', number: '4242424242424242'}} as Stripe.TokenCreateParams);
    expect(tok).to.include({object: 'token', type: 'card', used: false});
    expect(tok.card).to.include({brand: 'Visa', exp_month: 12, exp_year: 2034, last4: '4242'});
    expect(tok.id).to.match(/^tok_/);
    expect((await stripe.tokens.retrieve(tok.id)).card?.id).to.equal(tok.card?.id);
    const ch = await stripe.charges.create({amount: 1000, currency: 'usd', source: tok.id});
    expect(ch.source).to.include({id: tok.card!.id, last4: '4242'});
    expect((await stripe.tokens.retrieve(tok.id)).used).to.equal(true);
    const again = await failure(stripe.charges.create({amount: 1000, currency: 'usd', source: tok.id}));
    expect(again.code).to.equal('token_already_used');
  });

  it('bank account, pii, account, person and cvc_update tokens', async () => {
    const ba = await stripe.tokens.create({bank_account: {account_holder_name: 'Dana', account_holder_type: 'individual', account_number: '000123456789', country: 'US', currency: 'usd', routing_number: '110000000'}});
    expect(ba).to.include({type: 'bank_account'});
    expect(ba.bank_account).to.include({country: 'US', currency: 'usd', last4: '6789', object: 'bank_account', routing_number: '110000000'});
    expect(ba.bank_account?.id).to.match(/^ba_/);
    expect((await stripe.tokens.create({pii: {id_number: '000000000'}})).type).to.equal('pii');
    expect((await stripe.tokens.create({account: {business_type: 'individual', tos_shown_and_accepted: true}})).type).to.equal('account');
    expect((await stripe.tokens.create({person: {first_name: 'Dana'}})).type).to.equal('person');
    expect((await stripe.tokens.create({cvc_update: {cvc: '123'}})).type).to.equal('cvc_update');
    const none = await failure(stripe.tokens.create({}));
    expect(none.statusCode).to.equal(400);
    const missing = await failure(stripe.tokens.retrieve('tok_nope'));
    expect(missing.statusCode).to.equal(404);
  });

  it('a bank account token (btok_) becomes a customer source, verified with the 32 and 45 cent micro-deposits', async () => {
    const customer = await stripe.customers.create({});
    const tok = await stripe.tokens.create({bank_account: {account_holder_name: 'Dana', account_holder_type: 'individual', account_number: '000123456789', country: 'US', currency: 'usd', routing_number: '110000000'}});
    expect(tok.id).to.match(/^btok_/);
    const ba = (await stripe.customers.createSource(customer.id, {source: tok.id})) as Stripe.BankAccount;
    expect(ba).to.include({customer: customer.id, last4: '6789', object: 'bank_account', status: 'new'});
    expect((await stripe.customers.listSources(customer.id, {object: 'bank_account'})).data.map((s) => s.id)).to.deep.equal([ba.id]);
    const wrong = await failure(stripe.customers.verifySource(customer.id, ba.id, {amounts: [1, 2]}));
    expect(wrong.code).to.equal('bank_account_verification_failed');
    const verified = await stripe.customers.verifySource(customer.id, ba.id, {amounts: [32, 45]});
    expect(verified.status).to.equal('verified');
    expect(((await stripe.customers.retrieveSource(customer.id, ba.id)) as Stripe.BankAccount).status).to.equal('verified');
    expect((await failure(stripe.customers.retrieveSource('cus_other', ba.id))).statusCode).to.equal(404);
    expect((await stripe.customers.deleteSource(customer.id, ba.id))).to.include({deleted: true, object: 'bank_account'});
  });
});
