/**
 * The invoice lifecycle: draft → open (finalize) → paid / void / uncollectible, with totals kept
 * from the lines and payment through a PaymentIntent on the customer's default payment method.
 */
import type {Api, Req} from '../api.js';
import {StripeError, invalid} from '../errors.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {confirmPaymentIntent, createPaymentIntent} from './payment_intents.js';

/** What a discount takes off an amount: a percentage, or a fixed amount in the invoice's currency. */
export function discountAmount(discount: Obj | null | undefined, amount: number, currency: string, at: number): number {
  const coupon = discount?.coupon;
  if (!coupon || (discount!.end && discount!.end <= at)) return 0;
  if (coupon.percent_off) return Math.round((amount * coupon.percent_off) / 100);
  if (coupon.amount_off && coupon.currency === currency) return Math.min(amount, coupon.amount_off);
  return 0;
}

export function recompute(inv: Obj): void {
  const subtotal = (inv.lines.data as Obj[]).reduce((s, l) => s + (l.amount as number), 0);
  const discountable = (inv.lines.data as Obj[]).filter((l) => l.discountable !== false).reduce((s, l) => s + (l.amount as number), 0);
  const off = discountAmount(inv._discount, discountable, inv.currency, inv.created);
  inv.discount = off > 0 ? inv._discount : null;
  inv.discounts = off > 0 ? [inv._discount.id] : [];
  inv.total_discount_amounts = off > 0 ? [{amount: off, discount: inv._discount.id}] : [];
  inv.subtotal = subtotal;
  inv.subtotal_excluding_tax = subtotal;
  inv.total = subtotal - off;
  inv.total_excluding_tax = subtotal - off;
  inv.amount_due = Math.max(0, subtotal - off);
  inv.amount_remaining = Math.max(0, inv.amount_due - inv.amount_paid);
  inv.lines.total_count = inv.lines.data.length;
}

/** `pricing` as Stripe computes it for a line or an invoice item from its price. */
export function pricingOf(price: Obj | string | null | undefined, unitAmount: number | null | undefined): Record<string, unknown> {
  const p = typeof price === 'object' && price ? price : undefined;
  const id = typeof price === 'string' ? price : p?.id;
  return {
    price_details: id ? {price: id, product: typeof p?.product === 'string' ? p.product : (p?.product?.id ?? null)} : null,
    type: 'price_details',
    unit_amount_decimal: unitAmount === null || unitAmount === undefined ? null : String(unitAmount),
  };
}

/** The computed keys every invoice line carries since Stripe moved line sources under `parent`. */
export function lineTotals(quantity: number | null | undefined): Record<string, unknown> {
  return {pretax_credit_amounts: [], quantity_decimal: quantity === null || quantity === undefined ? null : String(quantity), taxes: []};
}

export function lineFromItem(ii: Obj): Obj {
  return blank('line_item', {
    ...lineTotals(ii.quantity),
    amount: ii.amount,
    amount_excluding_tax: ii.amount,
    currency: ii.currency,
    description: ii.description,
    discount_amounts: [],
    discountable: ii.discountable,
    discounts: [],
    id: newId('il'),
    invoice: ii.invoice,
    invoice_item: ii.id,
    metadata: ii.metadata,
    parent: {
      invoice_item_details: {invoice_item: ii.id, proration: false, proration_details: {credited_items: null}, subscription: ii.subscription ?? null},
      subscription_item_details: null,
      type: 'invoice_item_details',
    },
    period: ii.period,
    price: ii.price,
    pricing: pricingOf(ii.price, ii.unit_amount ?? ii.amount),
    proration: false,
    proration_details: {credited_items: null},
    quantity: ii.quantity,
    subscription: ii.subscription,
    type: 'invoiceitem',
    unit_amount_excluding_tax: String(ii.unit_amount ?? ii.amount),
  });
}

export async function createInvoice(api: Api, req: Req, customer: Obj, fields: Partial<Obj>): Promise<Obj> {
  const clock = customer.test_clock ?? null;
  const created = await api.now(req.account, clock);
  const id = newId('in');
  const inv = blank('invoice', {
    _clock: clock,
    account_country: 'US',
    account_name: 'Asymmetric Test Account',
    amount_paid: 0,
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    automatic_tax: {enabled: false, status: null},
    billing_reason: 'manual',
    collection_method: 'charge_automatically',
    created,
    currency: 'usd',
    customer: customer.id,
    customer_address: customer.address,
    customer_email: customer.email,
    customer_name: customer.name,
    customer_phone: customer.phone,
    customer_shipping: customer.shipping,
    customer_tax_exempt: customer.tax_exempt,
    customer_tax_ids: [],
    default_tax_rates: [],
    discounts: [],
    effective_at: null,
    ending_balance: null,
    id,
    lines: {data: [], has_more: false, object: 'list', total_count: 0, url: `/v1/invoices/${id}/lines`},
    metadata: {},
    parent: null,
    payment_settings: {default_mandate: null, payment_method_options: null, payment_method_types: null},
    rendering: {amount_tax_display: null, pdf: {page_size: 'auto'}, template: null, template_version: null},
    period_end: created,
    period_start: created,
    starting_balance: 0,
    status: 'draft',
    status_transitions: {finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null},
    test_clock: clock,
    total_discount_amounts: [],
    total_pretax_credit_amounts: [],
    total_tax_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: created,
    // A subscription's own discount wins over the customer's.
    _discount: fields._discount ?? customer.discount ?? null,
    ...fields,
  });
  recompute(inv);
  await api.store.insert(req.account, inv);
  await api.emit(req, 'invoice.created', inv);
  return inv;
}

/** Move the customer's pending invoice items (optionally of one subscription) onto a draft invoice. */
export async function pullPendingItems(api: Api, req: Req, inv: Obj, subscription: string | null): Promise<void> {
  const r = await api.ctx.db.query(
    "SELECT data FROM objects WHERE account = $1 AND type = 'invoiceitem' AND customer = $2 AND data->'invoice' = 'null'::jsonb AND NOT (data ? '_deleted') ORDER BY seq",
    [req.account, inv.customer],
  );
  for (const {data: ii} of r.rows as Array<{data: Obj}>) {
    if (subscription !== null && ii.subscription && ii.subscription !== subscription) continue;
    ii.invoice = inv.id;
    await api.store.save(req.account, ii);
    inv.lines.data.push(lineFromItem(ii));
    if (inv.lines.data.length === 1) inv.currency = ii.currency;
  }
  recompute(inv);
}

async function customerOf(api: Api, req: Req, inv: Obj): Promise<Obj> {
  return api.store.must(req.account, 'customer', inv.customer, 'customer');
}

export async function finalizeInvoice(api: Api, req: Req, inv: Obj): Promise<Obj> {
  if (inv.status !== 'draft') throw invalid('This invoice is already finalized, you can\'t re-finalize a non-draft invoice.', undefined, 'invoice_not_editable');
  const customer = await customerOf(api, req, inv);
  const now = await api.now(req.account, inv._clock);
  inv.number = `${customer.invoice_prefix}-${String(customer.next_invoice_sequence).padStart(4, '0')}`;
  customer.next_invoice_sequence += 1;
  // Stripe fixes a customer's currency at their first invoice (or charge).
  if (!customer.currency) customer.currency = inv.currency;
  await api.store.save(req.account, customer);
  // No customer balance is applied to invoices here, so the balance after it is the one before.
  inv.ending_balance = inv.starting_balance;
  inv.status = 'open';
  inv.effective_at = now;
  inv.status_transitions.finalized_at = now;
  inv.hosted_invoice_url = `https://invoice.stripe.com/i/acct_test/test_${inv.id}`;
  inv.invoice_pdf = `https://pay.stripe.com/invoice/acct_test/test_${inv.id}/pdf`;
  if (inv.collection_method === 'send_invoice' && !inv.due_date) inv.due_date = now + 86_400 * (inv.days_until_due ?? 30);
  if ('automatically_finalizes_at' in inv) inv.automatically_finalizes_at = null;
  if (inv.amount_due > 0) {
    const pi = await createPaymentIntent(
      api,
      req,
      {amount: String(inv.amount_due), currency: inv.currency, customer: inv.customer, description: inv.subscription ? 'Subscription update' : (inv.description ?? null), payment_method_types: ['card']},
      {invoice: inv.id, setup_future_usage: inv.subscription ? 'off_session' : null},
    );
    inv.payment_intent = pi.id;
  }
  await api.store.save(req.account, inv);
  await api.emit(req, 'invoice.finalized', inv);
  if (inv.discount?.coupon?.duration === 'once') await useUpDiscount(api, req, inv);
  if (inv.amount_due === 0) await markPaid(api, req, inv, null);
  return inv;
}

/** A `duration: once` discount is gone once an invoice used it. */
async function useUpDiscount(api: Api, req: Req, inv: Obj): Promise<void> {
  const d = inv.discount as Obj;
  const owner = d.subscription ? await api.store.get(req.account, d.subscription) : await api.store.get(req.account, inv.customer);
  if (!owner || owner.discount?.id !== d.id) return;
  owner.discount = null;
  if (Array.isArray(owner.discounts)) owner.discounts = [];
  await api.store.save(req.account, owner);
  await api.emit(req, 'customer.discount.deleted', d);
}

async function markPaid(api: Api, req: Req, inv: Obj, charge: string | null, outOfBand = false): Promise<void> {
  const now = await api.now(req.account, inv._clock);
  inv.status = 'paid';
  inv.paid = true;
  inv.paid_out_of_band = outOfBand;
  inv.amount_paid = inv.amount_due;
  inv.amount_remaining = 0;
  inv.charge = charge;
  inv.status_transitions.paid_at = now;
  inv.next_payment_attempt = null;
  await api.store.save(req.account, inv);
  await api.emit(req, 'invoice.paid', inv);
  await api.emit(req, 'invoice.payment_succeeded', inv);
  if (inv.subscription) {
    const sub = await api.store.get(req.account, inv.subscription);
    if (sub && ['incomplete', 'past_due', 'unpaid'].includes(sub.status)) {
      const prev = {status: sub.status};
      sub.status = sub.trial_end && sub.trial_end > now ? 'trialing' : 'active';
      await api.store.save(req.account, sub);
      await api.emit(req, 'customer.subscription.updated', sub, prev);
    }
  }
}

/** The payment method an invoice is charged with when none is given. */
export async function defaultPaymentMethod(api: Api, req: Req, inv: Obj): Promise<string | null> {
  if (inv.default_payment_method) return inv.default_payment_method;
  if (inv.subscription) {
    const sub = await api.store.get(req.account, inv.subscription);
    if (sub?.default_payment_method) return sub.default_payment_method;
  }
  const customer = await customerOf(api, req, inv);
  if (customer.invoice_settings?.default_payment_method) return customer.invoice_settings.default_payment_method;
  return customer.default_source ?? null;
}

/** Pay an open invoice; a decline counts an attempt, emits `invoice.payment_failed` and is rethrown. */
export async function payInvoice(api: Api, req: Req, inv: Obj, opts: {paymentMethod?: string; outOfBand?: boolean} = {}): Promise<Obj> {
  if (inv.status === 'draft') await finalizeInvoice(api, req, inv);
  if (inv.status === 'paid') throw invalid('Invoice is already paid', undefined, 'invoice_already_paid');
  if (inv.status !== 'open') throw invalid(`You can only pay an invoice that is open. This invoice is ${inv.status}.`, undefined, 'invoice_not_editable');
  if (opts.outOfBand) {
    if (inv.payment_intent) {
      const pi = await api.store.get(req.account, inv.payment_intent);
      if (pi) await api.store.save(req.account, {...pi, canceled_at: await api.now(req.account, inv._clock), status: 'canceled'});
    }
    await markPaid(api, req, inv, null, true);
    return inv;
  }
  const pmId = opts.paymentMethod ?? (await defaultPaymentMethod(api, req, inv));
  if (!pmId) {
    throw invalid('This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.', undefined, 'missing');
  }
  const pi = await api.store.must(req.account, 'payment_intent', inv.payment_intent, 'payment_intent');
  inv.attempted = true;
  inv.attempt_count += 1;
  await api.store.save(req.account, inv);
  try {
    const done = await confirmPaymentIntent(api, req, pi, {payment_method: pmId});
    if (done.status === 'requires_action') {
      await api.emit(req, 'invoice.payment_action_required', inv);
      throw new StripeError(402, 'card_error', 'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice.', {
        code: 'invoice_payment_intent_requires_action',
        payment_intent: done,
      });
    }
    // confirmPaymentIntent marked the invoice paid (invoicePaymentSucceeded).
    return (await api.store.get(req.account, inv.id))!;
  } catch (error) {
    if (!(error instanceof StripeError)) throw error;
    const now = await api.now(req.account, inv._clock);
    inv.next_payment_attempt = inv.auto_advance ? now + 3 * 86_400 : null;
    await api.store.save(req.account, inv);
    await api.emit(req, 'invoice.payment_failed', inv);
    throw error;
  }
}

/** A PaymentIntent of an invoice succeeded (paid via the invoice, or confirmed by the client): the invoice is paid. */
export async function invoicePaymentSucceeded(api: Api, req: Req, pi: Obj): Promise<void> {
  const inv = await api.store.get(req.account, pi.invoice);
  if (!inv || inv.status !== 'open') return;
  const sub = inv.subscription ? await api.store.get(req.account, inv.subscription) : undefined;
  if (sub && sub.payment_settings?.save_default_payment_method === 'on_subscription' && pi.payment_method && sub.default_payment_method !== pi.payment_method) {
    // `save_default_payment_method: on_subscription`: the method that paid becomes the subscription's default.
    const pm = await api.store.get(req.account, pi.payment_method);
    if (pm?.object === 'payment_method' && !pm.customer) {
      pm.customer = sub.customer;
      await api.store.save(req.account, pm);
      await api.emit(req, 'payment_method.attached', pm);
    }
    sub.default_payment_method = pi.payment_method;
    await api.store.save(req.account, sub);
  }
  await markPaid(api, req, inv, pi.latest_charge);
}

export async function voidInvoice(api: Api, req: Req, inv: Obj): Promise<Obj> {
  if (inv.status !== 'open' && inv.status !== 'uncollectible') throw invalid(`You can only void an open or uncollectible invoice. This invoice is ${inv.status}.`, undefined, 'invoice_not_editable');
  inv.status = 'void';
  inv.amount_remaining = 0;
  inv.status_transitions.voided_at = await api.now(req.account, inv._clock);
  inv.next_payment_attempt = null;
  if (inv.payment_intent) {
    const pi = await api.store.get(req.account, inv.payment_intent);
    if (pi && pi.status !== 'succeeded') {
      pi.status = 'canceled';
      pi.canceled_at = inv.status_transitions.voided_at;
      pi.cancellation_reason = 'void_invoice';
      await api.store.save(req.account, pi);
      await api.emit(req, 'payment_intent.canceled', pi);
    }
  }
  await api.store.save(req.account, inv);
  await api.emit(req, 'invoice.voided', inv);
  return inv;
}

export async function markUncollectible(api: Api, req: Req, inv: Obj): Promise<Obj> {
  if (inv.status !== 'open') throw invalid(`You can only mark an open invoice as uncollectible. This invoice is ${inv.status}.`, undefined, 'invoice_not_editable');
  inv.status = 'uncollectible';
  inv.status_transitions.marked_uncollectible_at = await api.now(req.account, inv._clock);
  inv.next_payment_attempt = null;
  await api.store.save(req.account, inv);
  await api.emit(req, 'invoice.marked_uncollectible', inv);
  return inv;
}
