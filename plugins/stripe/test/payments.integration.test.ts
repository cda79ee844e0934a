import {expect} from 'chai';
import type Stripe from 'stripe';

import {failure, type StripeClone, withStripeClone} from './helpers.js';

describe('stripe clone: payments with the official SDK', () => {
  let c: StripeClone;
  let stripe: Stripe;
  withStripeClone((clone) => {
    c = clone;
    stripe = clone.stripe;
  });

  it('customer → payment method → confirmed payment intent → charge → partial refund, all consistent when re-fetched', async () => {
    const customer = await stripe.customers.create({email: 'jenny@example.com', metadata: {plan: 'pro'}, name: 'Jenny Rosen'});
    expect(customer.id).to.match(/^cus_/);
    const pm = await stripe.paymentMethods.attach('pm_card_visa', {customer: customer.id});
    expect(pm.id).to.match(/^pm_/).and.not.equal('pm_card_visa');
    expect(pm.customer).to.equal(customer.id);
    expect(pm.card?.last4).to.equal('4242');

    const pi = await stripe.paymentIntents.create({amount: 2000, confirm: true, currency: 'usd', customer: customer.id, payment_method: pm.id, payment_method_types: ['card']});
    expect(pi.status).to.equal('succeeded');
    expect(pi.amount_received).to.equal(2000);
    const chargeId = pi.latest_charge as string;
    expect(chargeId).to.match(/^ch_/);

    const refund = await stripe.refunds.create({amount: 500, payment_intent: pi.id});
    expect(refund).to.include({amount: 500, charge: chargeId, payment_intent: pi.id, status: 'succeeded'});

    const charge = await stripe.charges.retrieve(chargeId, {expand: ['balance_transaction']});
    expect(charge).to.include({amount: 2000, amount_captured: 2000, amount_refunded: 500, captured: true, customer: customer.id, paid: true, payment_intent: pi.id, payment_method: pm.id, refunded: false, status: 'succeeded'});
    const txn = charge.balance_transaction as Stripe.BalanceTransaction;
    expect(txn.object).to.equal('balance_transaction');
    expect(txn.amount).to.equal(2000);
    expect(txn.net).to.equal(2000 - txn.fee);

    const again = await stripe.paymentIntents.retrieve(pi.id);
    expect(again).to.deep.include({customer: customer.id, latest_charge: chargeId, status: 'succeeded'});
    const r2 = await stripe.refunds.retrieve(refund.id);
    expect(r2.amount).to.equal(500);
    const listed = await stripe.refunds.list({charge: chargeId});
    expect(listed.data.map((r) => r.id)).to.deep.equal([refund.id]);
    const pms = await stripe.customers.listPaymentMethods(customer.id);
    expect(pms.data.map((p) => p.id)).to.deep.equal([pm.id]);

    const rest = await stripe.refunds.create({charge: chargeId});
    expect(rest.amount).to.equal(1500);
    const full = await stripe.charges.retrieve(chargeId);
    expect(full).to.include({amount_refunded: 2000, refunded: true});

    // Card funds are pending for a while; refunds come out of the available balance at once.
    expect(txn.status).to.equal('pending');
    const balance = await stripe.balance.retrieve();
    expect(balance.available.find((b) => b.currency === 'usd')?.amount).to.equal(-2000);
    expect(balance.pending.find((b) => b.currency === 'usd')?.amount).to.equal(2000 - txn.fee);
  });

  it('a declined card answers 402 with the real error shape and leaves the intent awaiting a new payment method', async () => {
    const pi = await stripe.paymentIntents.create({amount: 1000, currency: 'usd', payment_method_types: ['card']});
    let err: unknown;
    try {
      await stripe.paymentIntents.confirm(pi.id, {payment_method: 'pm_card_chargeDeclined'});
    } catch (error) {
      err = error;
    }
    expect(err).to.be.instanceOf(c.stripe.errors.StripeCardError);
    const e = err as Stripe.errors.StripeCardError;
    expect(e.statusCode).to.equal(402);
    expect(e.type).to.equal('StripeCardError');
    expect(e.code).to.equal('card_declined');
    expect(e.decline_code).to.equal('generic_decline');
    expect(e.message).to.equal('Your card was declined.');
    expect(e.payment_intent?.id).to.equal(pi.id);
    expect(e.requestId).to.match(/^req_/);

    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after.status).to.equal('requires_payment_method');
    expect(after.last_payment_error?.decline_code).to.equal('generic_decline');
    const failed = await stripe.charges.retrieve(after.latest_charge as string);
    expect(failed).to.include({failure_code: 'card_declined', paid: false, status: 'failed'});

    const insufficient = await stripe.paymentIntents
      .create({amount: 1000, confirm: true, currency: 'usd', payment_method: 'pm_card_insufficientFunds', payment_method_types: ['card']})
      .catch((error: Stripe.errors.StripeCardError) => error);
    expect((insufficient as Stripe.errors.StripeCardError).decline_code).to.equal('insufficient_funds');
  });

  it('automatic payment methods (the default) need a return_url to confirm, unless redirects are off', async () => {
    const err = await stripe.paymentIntents.create({amount: 1500, confirm: true, currency: 'usd', payment_method: 'pm_card_visa'}).catch((e: Stripe.errors.StripeError) => e);
    expect(err).to.be.instanceOf(c.stripe.errors.StripeInvalidRequestError);
    expect((err as Stripe.errors.StripeError).message).to.include('return_url');
    const ok = await stripe.paymentIntents.create({amount: 1500, automatic_payment_methods: {allow_redirects: 'never', enabled: true}, confirm: true, currency: 'usd', payment_method: 'pm_card_visa'});
    expect(ok.status).to.equal('succeeded');
    const withUrl = await stripe.paymentIntents.create({amount: 1500, confirm: true, currency: 'usd', payment_method: 'pm_card_visa', return_url: 'https://example.com/done'});
    expect(withUrl.status).to.equal('succeeded');
  });

  it('3D Secure cards ask for authentication first, then succeed on the next confirmation', async () => {
    const pi = await stripe.paymentIntents.create({amount: 2500, confirm: true, currency: 'usd', payment_method: 'pm_card_threeDSecure2Required', payment_method_types: ['card']});
    expect(pi.status).to.equal('requires_action');
    expect(pi.next_action?.type).to.equal('use_stripe_sdk');
    const done = await stripe.paymentIntents.confirm(pi.id);
    expect(done.status).to.equal('succeeded');
  });

  it('parallel partial refunds never refund more than the charge', async () => {
    const pi = await stripe.paymentIntents.create({amount: 2000, confirm: true, currency: 'usd', payment_method: 'pm_card_visa', payment_method_types: ['card']});
    const results = await Promise.allSettled(Array.from({length: 5}, () => stripe.refunds.create({amount: 500, payment_intent: pi.id})));
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(4);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as Stripe.errors.StripeError).code).to.be.oneOf(['amount_too_large', 'charge_already_refunded']);
    const ch = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(ch).to.include({amount_refunded: 2000, refunded: true});
  });

  it('the publishable key confirms an intent with its client_secret, as Stripe.js does, and nothing else', async () => {
    const pi = await stripe.paymentIntents.create({amount: 1800, currency: 'usd', payment_method_types: ['card']});
    const browser = c.sdk(c.tokens.extra!.publishableKey!);
    const pm = await browser.paymentMethods.create({card: {token: 'tok_visa'}, type: 'card'});
    const confirmed = await browser.paymentIntents.confirm(pi.id, {client_secret: pi.client_secret!, payment_method: pm.id} as Stripe.PaymentIntentConfirmParams);
    expect(confirmed.status).to.equal('succeeded');
    const wrong = await browser.paymentIntents.retrieve(pi.id, {client_secret: 'pi_wrong_secret_x'}).catch((e: Stripe.errors.StripeError) => e);
    expect((wrong as Stripe.errors.StripeError).statusCode).to.equal(400);
    const denied = await browser.customers.list().catch((e: Stripe.errors.StripeError) => e);
    expect(denied).to.be.instanceOf(c.stripe.errors.StripeAuthenticationError);
  });

  it('an uncaptured authorization is incremented, then captured in full; a succeeded one cannot be', async () => {
    const pi = await stripe.paymentIntents.create({amount: 4000, capture_method: 'manual', confirm: true, currency: 'usd', payment_method: 'pm_card_visa', payment_method_types: ['card']});
    const bigger = await stripe.paymentIntents.incrementAuthorization(pi.id, {amount: 4500});
    expect(bigger).to.include({amount: 4500, amount_capturable: 4500, status: 'requires_capture'});
    const captured = await stripe.paymentIntents.capture(pi.id);
    expect(captured).to.include({amount_received: 4500, status: 'succeeded'});
    expect((await stripe.charges.retrieve(captured.latest_charge as string)).amount_captured).to.equal(4500);
    const late = await failure(stripe.paymentIntents.incrementAuthorization(pi.id, {amount: 5000}));
    expect(late.code).to.equal('payment_intent_unexpected_state');
  });

  it('manual capture: authorise, capture part, cancel another', async () => {
    const pi = await stripe.paymentIntents.create({amount: 5000, capture_method: 'manual', confirm: true, currency: 'usd', payment_method: 'pm_card_mastercard', payment_method_types: ['card']});
    expect(pi.status).to.equal('requires_capture');
    expect(pi.amount_capturable).to.equal(5000);
    const captured = await stripe.paymentIntents.capture(pi.id, {amount_to_capture: 3000});
    expect(captured).to.include({amount_capturable: 0, amount_received: 3000, status: 'succeeded'});
    const ch = await stripe.charges.retrieve(captured.latest_charge as string);
    expect(ch).to.include({amount_captured: 3000, captured: true});
    const again = await stripe.paymentIntents.capture(pi.id).catch((error: Stripe.errors.StripeError) => error);
    expect((again as Stripe.errors.StripeError).code).to.equal('payment_intent_unexpected_state');

    const other = await stripe.paymentIntents.create({amount: 700, capture_method: 'manual', confirm: true, currency: 'usd', payment_method: 'pm_card_visa', payment_method_types: ['card']});
    const canceled = await stripe.paymentIntents.cancel(other.id, {cancellation_reason: 'requested_by_customer'});
    expect(canceled).to.include({cancellation_reason: 'requested_by_customer', status: 'canceled'});
  });
});
