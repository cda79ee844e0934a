/**
 * Subscriptions over time: the invoice of each period, renewals at period end, trials ending,
 * cancellation at period end, and the finalization (an hour after creation) and payment of cycle
 * invoices. Test clocks drive it by moving `frozen_time` from one due moment to the next.
 */
import type {Api, Req} from '../api.js';
import {StripeError} from '../errors.js';
import {createInvoice, finalizeInvoice, lineFromItem, lineTotals, payInvoice, pricingOf, pullPendingItems, recompute, voidInvoice} from './invoicing.js';
import {addInterval} from './periods.js';
import {randomString} from '@asym/template-kit';

import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';

const money = (amount: number, currency: string): string => `${currency === 'usd' ? '$' : currency.toUpperCase() + ' '}${(amount / 100).toFixed(2)}`;

export function nextPeriodEnd(sub: Obj, from: number): number {
  const rec = sub.items.data[0]?.price?.recurring ?? {interval: 'month', interval_count: 1};
  const anchorDay = new Date(sub.billing_cycle_anchor * 1000).getUTCDate();
  return addInterval(from, rec.interval, rec.interval_count ?? 1, anchorDay);
}

export async function subscriptionLines(api: Api, req: Req, sub: Obj, start: number, end: number, trial: boolean): Promise<Obj[]> {
  const lines: Obj[] = [];
  for (const item of sub.items.data as Obj[]) {
    const price = item.price as Obj;
    const product = await api.store.get(req.account, price.product);
    const name = product?.name ?? price.product;
    const unit = trial ? 0 : (price.unit_amount ?? 0);
    const per = price.recurring ? ` / ${price.recurring.interval_count > 1 ? `every ${price.recurring.interval_count} ${price.recurring.interval}s` : price.recurring.interval}` : '';
    lines.push(
      blank('line_item', {
        amount: unit * item.quantity,
        amount_excluding_tax: unit * item.quantity,
        currency: price.currency,
        description: trial ? `Trial period for ${name}` : `${item.quantity} × ${name} (at ${money(price.unit_amount ?? 0, price.currency)}${per})`,
        discount_amounts: [],
        discountable: true,
        discounts: [],
        id: newId('il'),
        metadata: {},
        ...lineTotals(item.quantity),
        parent: {
          invoice_item_details: null,
          subscription_item_details: {invoice_item: null, proration: false, proration_details: {credited_items: null}, subscription: sub.id, subscription_item: item.id},
          type: 'subscription_item_details',
        },
        period: {end, start},
        price,
        pricing: pricingOf(price, unit),
        proration: false,
        proration_details: {credited_items: null},
        quantity: item.quantity,
        subscription: sub.id,
        subscription_item: item.id,
        type: 'subscription',
        unit_amount_excluding_tax: String(unit),
      }),
    );
  }
  for (const l of lines) delete l.invoice_item;
  return lines;
}

/** The invoice of one period; `subscription_create` invoices are finalized at once, cycle invoices an hour later. */
export async function invoicePeriod(api: Api, req: Req, sub: Obj, reason: string, start: number, end: number, trial: boolean): Promise<Obj> {
  const customer = await api.store.must(req.account, 'customer', sub.customer, 'customer');
  const now = await api.now(req.account, sub._clock);
  const inv = await createInvoice(api, req, customer, {
    _finalize_at: reason === 'subscription_cycle' ? now + 3600 : null,
    auto_advance: true,
    automatically_finalizes_at: reason === 'subscription_cycle' ? now + 3600 : null,
    billing_reason: reason,
    collection_method: sub.collection_method,
    currency: sub.currency,
    days_until_due: sub.days_until_due,
    period_end: reason === 'subscription_cycle' ? start : now,
    period_start: reason === 'subscription_cycle' ? (sub._previous_period_start ?? start) : now,
    subscription: sub.id,
    subscription_details: {metadata: sub.metadata},
    ...(sub.discount ? {_discount: sub.discount} : {}),
  });
  inv.lines.data.push(...(await subscriptionLines(api, req, sub, start, end, trial)));
  await pullPendingItems(api, req, inv, sub.id);
  recompute(inv);
  await api.store.save(req.account, inv);
  return inv;
}

/** Finalize and (for automatic collection) pay a subscription invoice; a failed payment leaves the subscription past_due or incomplete. */
export async function collect(api: Api, req: Req, inv: Obj, opts: {attempt: boolean; initial: boolean}): Promise<Obj> {
  if (inv.status === 'draft') await finalizeInvoice(api, req, inv);
  if (inv.status !== 'open' || inv.collection_method !== 'charge_automatically' || !opts.attempt) return inv;
  try {
    await payInvoice(api, req, inv);
  } catch (error) {
    if (!(error instanceof StripeError)) throw error;
    const sub = await api.store.get(req.account, inv.subscription);
    if (sub && !opts.initial && sub.status === 'active') {
      sub.status = 'past_due';
      await api.store.save(req.account, sub);
      await api.emit(req, 'customer.subscription.updated', sub, {status: 'active'});
    }
    if (opts.initial) throw error;
  }
  return inv;
}

export async function cancelSubscription(api: Api, req: Req, sub: Obj, at: number, reason = 'cancellation_requested', comment: string | null = null): Promise<Obj> {
  sub.status = 'canceled';
  sub.canceled_at = sub.canceled_at ?? at;
  sub.ended_at = at;
  sub.cancellation_details = {comment, feedback: null, reason};
  await api.store.save(req.account, sub);
  await api.emit(req, 'customer.subscription.deleted', sub);
  return sub;
}

/**
 * A trial ending without any payment method to charge: `trial_settings.end_behavior.missing_payment_method`
 * says whether the subscription is paused, canceled, or invoiced anyway. True when it was paused or canceled.
 */
export async function endTrialWithoutPaymentMethod(api: Api, req: Req, sub: Obj, at: number): Promise<boolean> {
  const behavior = sub.trial_settings?.end_behavior?.missing_payment_method ?? 'create_invoice';
  if (behavior === 'create_invoice' || sub.default_payment_method) return false;
  const customer = await api.store.get(req.account, sub.customer);
  if (customer?.invoice_settings?.default_payment_method || customer?.default_source) return false;
  if (behavior === 'cancel') {
    await cancelSubscription(api, req, sub, at, 'cancellation_requested');
    return true;
  }
  const prev = {status: sub.status, trial_end: sub.trial_end};
  sub.status = 'paused';
  sub.trial_end = Math.min(sub.trial_end ?? at, at);
  sub.pause_collection = null;
  await api.store.save(req.account, sub);
  await api.emit(req, 'customer.subscription.paused', sub);
  await api.emit(req, 'customer.subscription.updated', sub, prev);
  return true;
}

/** The next invoice of a subscription (and the customer's pending items), computed, not stored. */
export async function previewInvoice(api: Api, req: Req, customer: Obj, sub: Obj | undefined): Promise<Obj | undefined> {
  const pending = (
    await api.ctx.db.query(
      "SELECT data FROM objects WHERE account = $1 AND type = 'invoiceitem' AND customer = $2 AND data->'invoice' = 'null'::jsonb AND NOT (data ? '_deleted') ORDER BY seq",
      [req.account, customer.id],
    )
  ).rows.map((x: {data: Obj}) => x.data);
  if (!sub && pending.length === 0) return undefined;
  const at = sub ? sub.current_period_end : await api.now(req.account, customer.test_clock);
  const inv = blank('invoice', {
    amount_paid: 0,
    attempt_count: 0,
    auto_advance: false,
    billing_reason: sub ? 'upcoming' : 'manual',
    collection_method: sub?.collection_method ?? 'charge_automatically',
    created: at,
    currency: sub?.currency ?? pending[0]?.currency ?? 'usd',
    customer: customer.id,
    customer_email: customer.email,
    customer_name: customer.name,
    default_tax_rates: [],
    discounts: [],
    id: `upcoming_in_${randomString(24)}`,
    lines: {data: [], has_more: false, object: 'list', total_count: 0, url: `/v1/invoices/upcoming/lines?customer=${customer.id}`},
    metadata: {},
    next_payment_attempt: at + 3600,
    parent: null,
    period_end: sub ? sub.current_period_end : at,
    period_start: sub ? sub.current_period_start : at,
    status: 'draft',
    status_transitions: {finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null},
    subscription: sub?.id ?? null,
    test_clock: customer.test_clock ?? null,
    total_tax_amounts: [],
  });
  if (sub) inv.lines.data.push(...(await subscriptionLines(api, req, sub, sub.current_period_end, nextPeriodEnd(sub, sub.current_period_end), false)));
  for (const ii of pending) inv.lines.data.push(lineFromItem(ii));
  recompute(inv);
  return inv;
}

/** Days before a renewal that `invoice.upcoming` is sent (Stripe's default setting). */
export const UPCOMING_DAYS = 3;
