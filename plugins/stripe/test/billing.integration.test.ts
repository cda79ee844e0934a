import {expect} from 'chai';
import type Stripe from 'stripe';

import {type StripeClone, withStripeClone} from './helpers.js';

async function ready(stripe: Stripe, clock: string): Promise<Stripe.TestHelpers.TestClock> {
  for (let i = 0; i < 200; i++) {
    const c = await stripe.testHelpers.testClocks.retrieve(clock);
    if (c.status === 'ready') return c;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('test clock never became ready');
}

describe('stripe clone: billing with the official SDK', () => {
  let c: StripeClone;
  let stripe: Stripe;
  withStripeClone((clone) => {
    c = clone;
    stripe = clone.stripe;
  });

  it('a subscription on a test clock advanced one month produces a paid invoice and its events in order', async () => {
    const start = Math.floor(Date.UTC(2025, 0, 15, 12) / 1000);
    const clock = await stripe.testHelpers.testClocks.create({frozen_time: start, name: 'monthly'});
    const customer = await stripe.customers.create({email: 'clock@example.com', payment_method: 'pm_card_visa', invoice_settings: {default_payment_method: 'pm_card_visa'}, test_clock: clock.id});
    expect(customer.created).to.equal(start);
    expect(customer.invoice_settings.default_payment_method).to.match(/^pm_/);
    const price = await stripe.prices.create({currency: 'usd', product_data: {name: 'Pro plan'}, recurring: {interval: 'month'}, unit_amount: 1500});
    const sub = await stripe.subscriptions.create({customer: customer.id, expand: ['latest_invoice'], items: [{price: price.id}]});
    expect(sub.status).to.equal('active');
    expect(sub.current_period_start).to.equal(start);
    expect(sub.current_period_end).to.equal(Math.floor(Date.UTC(2025, 1, 15, 12) / 1000));
    const first = sub.latest_invoice as Stripe.Invoice;
    expect(first).to.include({amount_paid: 1500, billing_reason: 'subscription_create', status: 'paid'});

    const advanced = await stripe.testHelpers.testClocks.advance(clock.id, {frozen_time: sub.current_period_end + 2 * 3600});
    expect(advanced.status).to.equal('advancing');
    const done = await ready(stripe, clock.id);
    expect(done.frozen_time).to.equal(sub.current_period_end + 2 * 3600);

    const renewed = await stripe.subscriptions.retrieve(sub.id);
    expect(renewed.status).to.equal('active');
    expect(renewed.current_period_start).to.equal(sub.current_period_end);
    expect(renewed.current_period_end).to.equal(Math.floor(Date.UTC(2025, 2, 15, 12) / 1000));
    const withSubs = await stripe.customers.retrieve(customer.id, {expand: ['subscriptions']});
    expect((withSubs as Stripe.Customer).subscriptions?.data.map((s) => s.id)).to.deep.equal([sub.id]);
    const preview = await stripe.invoices.createPreview({customer: customer.id, subscription: sub.id});
    expect(preview).to.include({amount_due: 1500, period_start: renewed.current_period_start, status: 'draft', subscription: sub.id});
    const invoices = await stripe.invoices.list({subscription: sub.id});
    expect(invoices.data).to.have.length(2);
    const cycle = invoices.data[0]!;
    expect(cycle.id).to.equal(renewed.latest_invoice);
    expect(cycle).to.include({amount_due: 1500, amount_paid: 1500, billing_reason: 'subscription_cycle', paid: true, status: 'paid'});
    expect(cycle.lines.data[0]).to.deep.include({amount: 1500, period: {end: renewed.current_period_end, start: renewed.current_period_start}});
    const pi = await stripe.paymentIntents.retrieve(cycle.payment_intent as string);
    expect(pi.status).to.equal('succeeded');

    const events = await stripe.events.list({limit: 100});
    const mine = events.data
      .filter((e) => {
        const o = e.data.object as {id?: string; subscription?: string; customer?: string};
        return o.id === sub.id || o.subscription === sub.id || o.id === clock.id;
      })
      .reverse()
      .map((e) => e.type);
    const after = mine.slice(mine.indexOf('test_helpers.test_clock.advancing'));
    expect(after).to.deep.equal([
      'test_helpers.test_clock.advancing',
      'invoice.upcoming',
      'invoice.created',
      'customer.subscription.updated',
      'invoice.finalized',
      'invoice.paid',
      'invoice.payment_succeeded',
      'test_helpers.test_clock.ready',
    ]);
    const upcoming = events.data.find((e) => e.type === 'invoice.upcoming' && (e.data.object as Stripe.Invoice).subscription === sub.id)!;
    expect(upcoming.created).to.equal(sub.current_period_end - 3 * 86400);
    expect((upcoming.data.object as Stripe.Invoice).amount_due).to.equal(1500);
    expect(mine.slice(0, mine.indexOf('test_helpers.test_clock.advancing'))).to.include.members(['customer.subscription.created', 'invoice.created', 'invoice.finalized', 'invoice.paid']);
  });

  it('a trial bills nothing, then the first real invoice when the trial ends', async () => {
    const start = Math.floor(Date.UTC(2025, 5, 1) / 1000);
    const clock = await stripe.testHelpers.testClocks.create({frozen_time: start});
    const customer = await stripe.customers.create({test_clock: clock.id});
    await stripe.paymentMethods.attach('pm_card_visa', {customer: customer.id});
    const price = await stripe.prices.create({currency: 'usd', product_data: {name: 'Trial plan'}, recurring: {interval: 'month'}, unit_amount: 900});
    const pms = await stripe.paymentMethods.list({customer: customer.id, type: 'card'});
    const sub = await stripe.subscriptions.create({customer: customer.id, default_payment_method: pms.data[0]!.id, items: [{price: price.id, quantity: 2}], trial_period_days: 14});
    expect(sub).to.include({status: 'trialing', trial_end: start + 14 * 86400, trial_start: start});
    const trialInvoice = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(trialInvoice).to.include({amount_due: 0, status: 'paid'});
    await stripe.testHelpers.testClocks.advance(clock.id, {frozen_time: start + 15 * 86400});
    await ready(stripe, clock.id);
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.status).to.equal('active');
    const inv = await stripe.invoices.retrieve(after.latest_invoice as string);
    expect(inv).to.include({amount_paid: 1800, status: 'paid'});
    const willEnd = await stripe.events.list({type: 'customer.subscription.trial_will_end'});
    expect(willEnd.data.map((e) => (e.data.object as Stripe.Subscription).id)).to.include(sub.id);
  });

  it('invoices move draft → open → paid, void and uncollectible; cancel at period end ends the subscription', async () => {
    const customer = await stripe.customers.create({name: 'Invoice Person'});
    await stripe.invoiceItems.create({amount: 2500, currency: 'usd', customer: customer.id, description: 'Setup fee'});
    const inv = await stripe.invoices.create({customer: customer.id, pending_invoice_items_behavior: 'include'});
    expect(inv).to.include({amount_due: 2500, status: 'draft'});
    expect(inv.lines.data).to.have.length(1);
    const open = await stripe.invoices.finalizeInvoice(inv.id);
    expect(open.status).to.equal('open');
    expect(open.number).to.match(/^[A-F0-9]{8}-0001$/);
    const pm = await stripe.paymentMethods.attach('pm_card_visa', {customer: customer.id});
    const paid = await stripe.invoices.pay(inv.id, {payment_method: pm.id});
    expect(paid).to.include({amount_paid: 2500, amount_remaining: 0, paid: true, status: 'paid'});

    const other = await stripe.invoices.create({customer: customer.id});
    await stripe.invoiceItems.create({amount: 1000, currency: 'usd', customer: customer.id, invoice: other.id});
    await stripe.invoices.finalizeInvoice(other.id);
    expect((await stripe.invoices.voidInvoice(other.id)).status).to.equal('void');
    const third = await stripe.invoices.create({customer: customer.id});
    await stripe.invoiceItems.create({amount: 1000, currency: 'usd', customer: customer.id, invoice: third.id});
    await stripe.invoices.finalizeInvoice(third.id);
    expect((await stripe.invoices.markUncollectible(third.id)).status).to.equal('uncollectible');
    const payVoid = await stripe.invoices.pay(other.id).catch((e: Stripe.errors.StripeError) => e);
    expect((payVoid as Stripe.errors.StripeError).statusCode).to.equal(400);

    const start = Math.floor(Date.UTC(2025, 2, 1) / 1000);
    const clock = await stripe.testHelpers.testClocks.create({frozen_time: start});
    const cc = await stripe.customers.create({invoice_settings: {default_payment_method: 'pm_card_visa'}, test_clock: clock.id});
    const price = await stripe.prices.create({currency: 'usd', product_data: {name: 'Weekly'}, recurring: {interval: 'week'}, unit_amount: 500});
    const sub = await stripe.subscriptions.create({customer: cc.id, items: [{price: price.id}]});
    const marked = await stripe.subscriptions.update(sub.id, {cancel_at_period_end: true});
    expect(marked.cancel_at_period_end).to.equal(true);
    await stripe.testHelpers.testClocks.advance(clock.id, {frozen_time: start + 8 * 86400});
    await ready(stripe, clock.id);
    const ended = await stripe.subscriptions.retrieve(sub.id);
    expect(ended).to.include({ended_at: start + 7 * 86400, status: 'canceled'});
    const active = await stripe.subscriptions.list({customer: cc.id});
    expect(active.data).to.have.length(0);
    const all = await stripe.subscriptions.list({customer: cc.id, status: 'all'});
    expect(all.data.map((s) => s.id)).to.deep.equal([sub.id]);
  });

  it('default_incomplete: the client confirms the first invoice\'s PaymentIntent and the subscription becomes active', async () => {
    const customer = await stripe.customers.create({email: 'elements@example.com'});
    const price = await stripe.prices.create({currency: 'usd', product_data: {name: 'Elements plan'}, recurring: {interval: 'month'}, unit_amount: 1200});
    const sub = await stripe.subscriptions.create({
      customer: customer.id,
      expand: ['latest_invoice.payment_intent'],
      items: [{price: price.id}],
      payment_behavior: 'default_incomplete',
      payment_settings: {save_default_payment_method: 'on_subscription'},
    });
    expect(sub.status).to.equal('incomplete');
    const pi = (sub.latest_invoice as Stripe.Invoice & {payment_intent: Stripe.PaymentIntent}).payment_intent;
    expect(pi.status).to.equal('requires_payment_method');
    expect(pi.client_secret).to.match(new RegExp(`^${pi.id}_secret_`));
    const confirmed = await stripe.paymentIntents.confirm(pi.id, {payment_method: 'pm_card_visa'});
    expect(confirmed.status).to.equal('succeeded');
    const active = await stripe.subscriptions.retrieve(sub.id, {expand: ['latest_invoice']});
    expect(active.status).to.equal('active');
    expect((active.latest_invoice as Stripe.Invoice).status).to.equal('paid');
    expect(active.default_payment_method).to.equal(confirmed.payment_method);
  });

  it('an off-session payment with a card that needs authentication declines with authentication_required', async () => {
    const customer = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach('pm_card_authenticationRequired', {customer: customer.id});
    const err = await stripe.paymentIntents
      .create({amount: 1000, confirm: true, currency: 'usd', customer: customer.id, off_session: true, payment_method: pm.id, payment_method_types: ['card']})
      .catch((e: Stripe.errors.StripeCardError) => e);
    expect((err as Stripe.errors.StripeCardError).code).to.equal('authentication_required');
    expect((err as Stripe.errors.StripeCardError).statusCode).to.equal(402);
  });

  it('discounts: a once coupon takes 25% off the first invoice only; a customer amount_off coupon applies to invoices', async () => {
    const start = Math.floor(Date.UTC(2025, 3, 1) / 1000);
    const clock = await stripe.testHelpers.testClocks.create({frozen_time: start});
    const customer = await stripe.customers.create({invoice_settings: {default_payment_method: 'pm_card_visa'}, payment_method: 'pm_card_visa', test_clock: clock.id});
    const price = await stripe.prices.create({currency: 'usd', product_data: {name: 'Discounted'}, recurring: {interval: 'month'}, unit_amount: 2000});
    const once = await stripe.coupons.create({duration: 'once', percent_off: 25});
    const sub = await stripe.subscriptions.create({coupon: once.id, customer: customer.id, expand: ['latest_invoice'], items: [{price: price.id}]});
    const first = sub.latest_invoice as Stripe.Invoice;
    expect(first).to.include({amount_paid: 1500, subtotal: 2000, total: 1500});
    expect(first.total_discount_amounts?.[0]?.amount).to.equal(500);
    await stripe.testHelpers.testClocks.advance(clock.id, {frozen_time: sub.current_period_end + 7200});
    await ready(stripe, clock.id);
    const renewed = await stripe.subscriptions.retrieve(sub.id, {expand: ['latest_invoice']});
    expect((renewed.latest_invoice as Stripe.Invoice)).to.include({amount_paid: 2000, total: 2000});

    const off = await stripe.coupons.create({amount_off: 300, currency: 'usd', duration: 'forever'});
    const buyer = await stripe.customers.create({coupon: off.id});
    await stripe.invoiceItems.create({amount: 1000, currency: 'usd', customer: buyer.id});
    const inv = await stripe.invoices.create({customer: buyer.id, pending_invoice_items_behavior: 'include'});
    expect(inv).to.include({amount_due: 700, subtotal: 1000, total: 700});
  });

  it('a subscription whose first payment is declined is incomplete with an open invoice', async () => {
    const refused = await stripe.customers.create({payment_method: 'pm_card_chargeDeclined'}).catch((e: Stripe.errors.StripeError) => e);
    expect(refused).to.be.instanceOf(stripe.errors.StripeCardError);
    const customer = await stripe.customers.create({invoice_settings: {default_payment_method: 'pm_card_chargeCustomerFail'}, payment_method: 'pm_card_chargeCustomerFail'});
    const price = await stripe.prices.create({currency: 'usd', product_data: {name: 'Declined plan'}, recurring: {interval: 'month'}, unit_amount: 2000});
    const sub = await stripe.subscriptions.create({customer: customer.id, expand: ['latest_invoice.payment_intent'], items: [{price: price.id}]});
    expect(sub.status).to.equal('incomplete');
    const inv = sub.latest_invoice as Stripe.Invoice & {payment_intent: Stripe.PaymentIntent};
    expect(inv.status).to.equal('open');
    expect(inv.payment_intent.status).to.equal('requires_payment_method');
    expect(inv.payment_intent.last_payment_error?.decline_code).to.equal('generic_decline');
    const canceled = await stripe.subscriptions.cancel(sub.id);
    expect(canceled.status).to.equal('canceled');
  });
});
