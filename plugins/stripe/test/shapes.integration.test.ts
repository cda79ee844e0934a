// What recorded real Stripe traffic shows the clone must answer: updates Stripe allows in any
// state, and values where the clone answered null or keys Stripe does not send.
import {expect} from 'chai';
import type Stripe from 'stripe';

import {failure, type StripeClone, withStripeClone} from './helpers.js';

describe('stripe clone: values and keys as real Stripe answers them', () => {
  let c: StripeClone;
  let stripe: Stripe;
  withStripeClone((clone) => {
    c = clone;
    stripe = clone.stripe;
  });

  it('a succeeded or canceled PaymentIntent takes metadata, description and receipt_email, but not an amount', async () => {
    const paid = await stripe.paymentIntents.create({amount: 2000, confirm: true, currency: 'usd', payment_method: 'pm_card_visa', payment_method_types: ['card']});
    expect(paid.status).to.equal('succeeded');
    const updated = await stripe.paymentIntents.update(paid.id, {description: 'order 42', metadata: {order: '42'}, receipt_email: 'dana@acme.test'});
    expect(updated).to.deep.include({description: 'order 42', metadata: {order: '42'}, receipt_email: 'dana@acme.test', status: 'succeeded'});
    const amount = await failure(stripe.paymentIntents.update(paid.id, {amount: 100}));
    expect(amount.code).to.equal('payment_intent_unexpected_state');
    expect(amount.message).to.include('amount could not be updated');

    const open = await stripe.paymentIntents.create({amount: 500, currency: 'usd', payment_method_types: ['card']});
    await stripe.paymentIntents.cancel(open.id);
    const described = await stripe.paymentIntents.update(open.id, {description: 'never paid'});
    expect(described).to.include({description: 'never paid', status: 'canceled'});
  });

  it('customers start not delinquent, and take the currency of their first invoice', async () => {
    const customer = await stripe.customers.create({email: 'currency@acme.test', payment_method: 'pm_card_visa', invoice_settings: {default_payment_method: 'pm_card_visa'}});
    expect(customer).to.include({currency: null, delinquent: false});
    const price = await stripe.prices.create({currency: 'usd', product_data: {name: 'Team'}, recurring: {interval: 'month'}, unit_amount: 900});
    const sub = await stripe.subscriptions.create({customer: customer.id, expand: ['latest_invoice'], items: [{price: price.id}]});
    expect(sub.cancellation_details).to.deep.equal({comment: null, feedback: null, reason: null});
    expect((await stripe.customers.retrieve(customer.id)) as Stripe.Customer).to.include({currency: 'usd'});

    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).to.include({ending_balance: 0, status: 'paid'});
    expect(invoice).to.deep.include({total_pretax_credit_amounts: [], total_taxes: []});
    expect(invoice.rendering?.pdf?.page_size).to.equal('auto');
    const line = invoice.lines.data[0]! as unknown as Record<string, any>;
    expect(line).to.not.have.property('plan');
    expect(line.parent).to.deep.include({invoice_item_details: null, type: 'subscription_item_details'});
    expect(line.parent.subscription_item_details).to.include({subscription: sub.id, subscription_item: sub.items.data[0]!.id});
    expect(line.pricing).to.deep.include({price_details: {price: price.id, product: price.product}, type: 'price_details'});
    expect(String(line.pricing.unit_amount_decimal)).to.equal('900');
    expect(String(line.quantity_decimal)).to.equal('1');
    expect(line).to.deep.include({pretax_credit_amounts: [], taxes: []});

    const canceled = await stripe.subscriptions.cancel(sub.id, {cancellation_details: {comment: 'too pricey'}});
    expect(canceled.cancellation_details).to.deep.equal({comment: 'too pricey', feedback: null, reason: 'cancellation_requested'});
  });

  it('credit notes carry total_taxes and their lines no total_count; checkout sessions leave unconfigured options null', async () => {
    const customer = await stripe.customers.create({email: 'credit@acme.test'});
    const item = await stripe.invoiceItems.create({amount: 1200, currency: 'usd', customer: customer.id});
    const pricing = (item as unknown as {pricing: {type: string; unit_amount_decimal: unknown}}).pricing;
    expect(pricing.type).to.equal('price_details');
    expect(String(pricing.unit_amount_decimal)).to.equal('1200');
    const draft = await stripe.invoices.create({collection_method: 'send_invoice', customer: customer.id, days_until_due: 30, pending_invoice_items_behavior: 'include'});
    const open = await stripe.invoices.finalizeInvoice(draft.id);
    const line = open.lines.data[0]! as unknown as Record<string, any>;
    expect(line.parent).to.deep.include({subscription_item_details: null, type: 'invoice_item_details'});
    expect(line.parent.invoice_item_details).to.include({invoice_item: item.id, subscription: null});
    expect(open.ending_balance).to.equal(0);
    const note = await stripe.creditNotes.create({amount: 200, invoice: open.id});
    expect(note.total_taxes).to.deep.equal([]);
    expect(note.lines).to.not.have.property('total_count');

    const price = await stripe.prices.create({currency: 'usd', product_data: {name: 'Mug'}, unit_amount: 1500});
    const session = await stripe.checkout.sessions.create({line_items: [{price: price.id, quantity: 1}], mode: 'payment', success_url: 'https://acme.test/ok'});
    expect(session).to.include({payment_method_collection: 'always', permissions: null, saved_payment_method_options: null, wallet_options: null});
    expect(session.discounts).to.deep.equal([]);
    expect(session.payment_method_configuration_details?.id).to.match(/^pmc_/);
  });

  it('intents with dynamic payment methods name the payment method configuration; explicit types leave it null', async () => {
    const dynamic = await stripe.paymentIntents.create({amount: 700, currency: 'usd'});
    expect(dynamic.payment_method_configuration_details).to.deep.include({parent: null});
    expect(dynamic.payment_method_configuration_details?.id).to.match(/^pmc_/);
    const explicit = await stripe.paymentIntents.create({amount: 700, currency: 'usd', payment_method_types: ['card']});
    expect(explicit.payment_method_configuration_details).to.equal(null);
  });
});
