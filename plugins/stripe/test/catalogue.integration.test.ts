import {expect} from 'chai';
import type Stripe from 'stripe';

import {failure, type StripeClone, withStripeClone} from './helpers.js';

/** One pass over the SDK's surface for the covered resources, each result checked as a user would. */
describe('stripe clone: SDK catalogue', () => {
  let c: StripeClone;
  let stripe: Stripe;
  withStripeClone((clone) => {
    c = clone;
    stripe = clone.stripe;
  });

  it('products and prices: create, update, list by lookup key, search, delete rules', async () => {
    const product = await stripe.products.create({default_price_data: {currency: 'usd', unit_amount: 900}, metadata: {sku: 'A1'}, name: 'Widget'});
    expect(product.default_price).to.match(/^price_/);
    const price = await stripe.prices.create({currency: 'eur', lookup_key: 'widget_eur', product: product.id, unit_amount: 800});
    expect(price).to.include({currency: 'eur', type: 'one_time', unit_amount: 800});
    const byKey = await stripe.prices.list({lookup_keys: ['widget_eur']});
    expect(byKey.data.map((p) => p.id)).to.deep.equal([price.id]);
    const updated = await stripe.products.update(product.id, {description: 'Blue'});
    expect(updated.description).to.equal('Blue');
    const found = await stripe.products.search({query: "metadata['sku']:'A1'"});
    expect(found.data.map((p) => p.id)).to.deep.equal([product.id]);
    const refused = await stripe.products.del(product.id).catch((e: Stripe.errors.StripeError) => e);
    expect((refused as Stripe.errors.StripeError).statusCode).to.equal(400);
    const bare = await stripe.products.create({name: 'Gone'});
    expect((await stripe.products.del(bare.id)).deleted).to.equal(true);
    const missing = await stripe.products.retrieve(bare.id).catch((e: Stripe.errors.StripeError) => e);
    expect((missing as Stripe.errors.StripeError).statusCode).to.equal(404);
  });

  it('setup intents save a card for later; the saved card pays off session', async () => {
    const customer = await stripe.customers.create({email: 'setup@example.com'});
    const si = await stripe.setupIntents.create({confirm: true, customer: customer.id, payment_method: 'pm_card_visa', payment_method_types: ['card']});
    expect(si.status).to.equal('succeeded');
    const pm = await stripe.paymentMethods.retrieve(si.payment_method as string);
    expect(pm.customer).to.equal(customer.id);
    const pi = await stripe.paymentIntents.create({amount: 4200, confirm: true, currency: 'usd', customer: customer.id, off_session: true, payment_method: pm.id});
    expect(pi.status).to.equal('succeeded');
    const detached = await stripe.paymentMethods.detach(pm.id);
    expect(detached.customer).to.equal(null);
  });

  it('coupons become customer discounts; promotion codes and tax rates', async () => {
    const coupon = await stripe.coupons.create({duration: 'once', percent_off: 25});
    const customer = await stripe.customers.create({coupon: coupon.id});
    expect(customer.discount?.coupon.id).to.equal(coupon.id);
    const promo = await stripe.promotionCodes.create({code: 'SPRING', coupon: coupon.id});
    expect(promo).to.include({active: true, code: 'SPRING'});
    const rate = await stripe.taxRates.create({display_name: 'VAT', inclusive: false, percentage: 20});
    expect(rate.percentage).to.equal(20);
    await stripe.customers.deleteDiscount(customer.id);
    expect((await stripe.customers.retrieve(customer.id) as Stripe.Customer).discount).to.equal(null);
  });

  it("a subscription's discount is deleted with DELETE /v1/subscriptions/{id}/discount; a second delete is 404", async () => {
    const coupon = await stripe.coupons.create({duration: 'forever', percent_off: 10});
    const customer = await stripe.customers.create({payment_method: 'pm_card_visa', invoice_settings: {default_payment_method: 'pm_card_visa'}});
    const price = await stripe.prices.create({currency: 'usd', product_data: {name: 'Seat'}, recurring: {interval: 'month'}, unit_amount: 1000});
    const sub = await stripe.subscriptions.create({coupon: coupon.id, customer: customer.id, items: [{price: price.id}]} as Stripe.SubscriptionCreateParams);
    expect(sub.discount?.coupon.id).to.equal(coupon.id);
    const removed = await stripe.subscriptions.deleteDiscount(sub.id);
    expect(removed).to.include({deleted: true, object: 'discount'});
    expect((await stripe.subscriptions.retrieve(sub.id)).discount).to.equal(null);
    const again = await failure(stripe.subscriptions.deleteDiscount(sub.id));
    expect(again.statusCode).to.equal(404);
  });

  it('checkout sessions: create, list line items, expire', async () => {
    const price = await stripe.prices.create({currency: 'usd', product_data: {name: 'Ticket'}, unit_amount: 1500});
    const session = await stripe.checkout.sessions.create({cancel_url: 'https://example.com/c', line_items: [{price: price.id, quantity: 2}], mode: 'payment', success_url: 'https://example.com/s'});
    expect(session).to.include({amount_total: 3000, mode: 'payment', payment_status: 'unpaid', status: 'open'});
    expect(session.url).to.match(/^https:\/\/checkout\.stripe\.com\//);
    const items = await stripe.checkout.sessions.listLineItems(session.id);
    expect(items.data.map((i) => i.quantity)).to.deep.equal([2]);
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired.status).to.equal('expired');
  });

  it('credit notes reduce what an open invoice still asks for; payouts draw on the balance', async () => {
    const customer = await stripe.customers.create({});
    await stripe.invoiceItems.create({amount: 5000, currency: 'usd', customer: customer.id});
    const inv = await stripe.invoices.create({customer: customer.id, pending_invoice_items_behavior: 'include'});
    await stripe.invoices.finalizeInvoice(inv.id);
    const cn = await stripe.creditNotes.create({invoice: inv.id, lines: [{quantity: 1, type: 'custom_line_item', unit_amount: 1000, description: 'Goodwill'}]});
    expect(cn).to.include({status: 'issued', total: 1000, type: 'pre_payment'});
    expect((await stripe.invoices.retrieve(inv.id)).amount_remaining).to.equal(4000);
    await stripe.creditNotes.voidCreditNote(cn.id);
    expect((await stripe.invoices.retrieve(inv.id)).amount_remaining).to.equal(5000);

    await stripe.paymentIntents.create({amount: 10_000, confirm: true, currency: 'usd', payment_method: 'pm_card_bypassPending', payment_method_types: ['card']});
    const payout = await stripe.payouts.create({amount: 5000, currency: 'usd'});
    expect(payout).to.include({amount: 5000, status: 'pending'});
    const tooMuch = await stripe.payouts.create({amount: 10_000_000, currency: 'usd'}).catch((e: Stripe.errors.StripeError) => e);
    expect((tooMuch as Stripe.errors.StripeError).code).to.equal('balance_insufficient');
    const txns = await stripe.balanceTransactions.list({type: 'payout'});
    expect(txns.data[0]!.amount).to.equal(-5000);
    const before = (await stripe.balance.retrieve()).available.find((b) => b.currency === 'usd')!.amount;
    const reversal = await stripe.payouts.reverse(payout.id);
    expect(reversal).to.include({amount: 5000, reversal_of: payout.id});
    expect((await stripe.payouts.retrieve(payout.id)).reversed_by).to.equal(reversal.id);
    expect((await stripe.balance.retrieve()).available.find((b) => b.currency === 'usd')!.amount).to.equal(before + 5000);
    expect((await failure(stripe.payouts.reverse(payout.id))).code).to.equal('invalid_state');
  });

  it('Connect: the platform account, a connected account acting through Stripe-Account, transfers and reversals', async () => {
    const me = await stripe.accounts.retrieve();
    expect(me.id).to.equal(c.tokens.workspaceId);
    const connected = await stripe.accounts.create({email: 'seller@example.com', type: 'express'});
    expect(connected.id).to.match(/^acct_/);
    const theirs = await stripe.customers.create({email: 'their-customer@example.com'}, {stripeAccount: connected.id});
    const mine = await stripe.customers.list({email: 'their-customer@example.com'});
    expect(mine.data).to.have.length(0);
    const listed = await stripe.customers.list({email: 'their-customer@example.com'}, {stripeAccount: connected.id});
    expect(listed.data.map((x) => x.id)).to.deep.equal([theirs.id]);
    const stranger = await stripe.customers.list({}, {stripeAccount: 'acct_1NotMineAtAll00'}).catch((e: Stripe.errors.StripeError) => e);
    expect((stranger as Stripe.errors.StripeError).statusCode).to.equal(403);

    await stripe.paymentIntents.create({amount: 5000, confirm: true, currency: 'usd', payment_method: 'pm_card_bypassPending', payment_method_types: ['card']});
    const transfer = await stripe.transfers.create({amount: 2000, currency: 'usd', destination: connected.id});
    expect(transfer).to.include({amount: 2000, destination: connected.id, reversed: false});
    await stripe.transfers.createReversal(transfer.id, {amount: 500});
    expect((await stripe.transfers.retrieve(transfer.id)).amount_reversed).to.equal(500);
  });

  it('subscription updates: quantity change, item list, cancel at period end and back', async () => {
    const customer = await stripe.customers.create({invoice_settings: {default_payment_method: 'pm_card_visa'}, payment_method: 'pm_card_visa'});
    const price = await stripe.prices.create({currency: 'usd', product_data: {name: 'Seats'}, recurring: {interval: 'month'}, unit_amount: 1000});
    const sub = await stripe.subscriptions.create({customer: customer.id, items: [{price: price.id, quantity: 3}]});
    const item = sub.items.data[0]!;
    const upd = await stripe.subscriptions.update(sub.id, {items: [{id: item.id, quantity: 5}], metadata: {team: 'x'}});
    expect(upd.items.data[0]!.quantity).to.equal(5);
    const items = await stripe.subscriptionItems.list({subscription: sub.id});
    expect(items.data.map((i) => i.id)).to.deep.equal([item.id]);
    expect((await stripe.subscriptions.update(sub.id, {cancel_at_period_end: true})).cancel_at_period_end).to.equal(true);
    expect((await stripe.subscriptions.update(sub.id, {cancel_at_period_end: false})).cancel_at_period_end).to.equal(false);
    const search = await stripe.subscriptions.search({query: "metadata['team']:'x'"});
    expect(search.data.map((s) => s.id)).to.deep.equal([sub.id]);
    const gone = await stripe.customers.del(customer.id);
    expect(gone.deleted).to.equal(true);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).to.equal('canceled');
    expect(((await stripe.customers.retrieve(customer.id)) as Stripe.DeletedCustomer).deleted).to.equal(true);
    const events = await stripe.events.list({type: 'customer.subscription.updated'});
    const first = events.data.at(-1)!;
    expect(first.data.previous_attributes).to.have.property('status');
  });
});
