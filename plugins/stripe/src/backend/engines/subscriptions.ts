/** The lifecycle behind subscriptions (used by its routes and by other engines; imports no route module). */
import type {Api, Req} from '../api.js';
import {collect, endTrialWithoutPaymentMethod, invoicePeriod, nextPeriodEnd} from './billing.js';
import {StripeError, invalid, missingParam} from '../errors.js';
import {bool, type Form, int, list, obj, str} from '../forms.js';
import {addInterval} from './periods.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {applyUpdate, metadataOf} from '../update.js';
import {attach, resolvePaymentMethod} from './payment_methods.js';
import {createPrice, planOf} from './prices.js';

export async function buildItem(api: Api, req: Req, sub: Obj, p: Form, param: string, now: number): Promise<Obj> {
  let price: Obj;
  const pd = obj(p.price_data);
  if (str(p.price) || str(p.plan)) price = await api.store.must(req.account, 'price', str(p.price) ?? str(p.plan), `${param}[price]`);
  else if (pd) price = await createPrice(api, req, {...pd, recurring: pd.recurring});
  else throw missingParam(`${param}[price]`);
  if (price.type !== 'recurring') {
    throw invalid(`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, `${param}[price]`);
  }
  return blank('subscription_item', {
    created: now,
    current_period_end: sub.current_period_end,
    current_period_start: sub.current_period_start,
    discounts: [],
    id: newId('si', 14),
    metadata: metadataOf(p.metadata),
    plan: planOf(price),
    price,
    quantity: int(p.quantity) ?? 1,
    subscription: sub.id,
    tax_rates: [],
  });
}

/** `coupon` or `promotion_code` on a subscription: its own discount (`''` removes it). */
async function applySubscriptionDiscount(api: Api, req: Req, sub: Obj, p: Form, now: number): Promise<void> {
  let couponId = str(p.coupon);
  let promo: string | null = null;
  if (str(p.promotion_code)) {
    const code = await api.store.must(req.account, 'promotion_code', str(p.promotion_code), 'promotion_code');
    couponId = code.coupon.id;
    promo = code.id;
  }
  if (!couponId) {
    if (p.coupon === '' || p.promotion_code === '') {
      sub.discount = null;
      sub.discounts = [];
    }
    return;
  }
  const coupon = await api.store.must(req.account, 'coupon', couponId, 'coupon');
  sub.discount = blank('discount', {
    coupon,
    customer: sub.customer,
    end: coupon.duration === 'repeating' && coupon.duration_in_months ? addInterval(now, 'month', coupon.duration_in_months) : null,
    id: newId('di'),
    promotion_code: promo,
    source: {coupon: coupon.id, type: 'coupon'},
    start: now,
    subscription: sub.id,
  });
  sub.discounts = [sub.discount.id];
  coupon.times_redeemed += 1;
  await api.store.save(req.account, coupon);
}

async function defaultPm(api: Api, req: Req, value: string | undefined, customer: Obj): Promise<string | null> {
  if (!value) return null;
  const pm = await resolvePaymentMethod(api, req, value, 'default_payment_method');
  if (!pm.customer) await attach(api, req, pm, customer);
  else if (pm.customer !== customer.id) throw invalid('The payment method must be attached to the customer.', 'default_payment_method');
  return pm.id;
}

export async function createSubscription(api: Api, req: Req): Promise<Obj> {
  const p = req.params;
  const customerId = str(p.customer);
  if (!customerId) throw missingParam('customer');
  const customer = await api.store.must(req.account, 'customer', customerId, 'customer');
  const items = list(p.items);
  if (items.length === 0) throw missingParam('items');
  const clock = customer.test_clock ?? null;
  const now = await api.now(req.account, clock);
  const id = newId('sub');
  const sub = blank('subscription', {
    _clock: clock,
    billing_cycle_anchor: now,
    billing_cycle_anchor_config: null,
    billing_mode: {type: 'classic'},
    cancel_at: int(p.cancel_at) ?? null,
    cancel_at_period_end: bool(p.cancel_at_period_end) ?? false,
    cancellation_details: {comment: null, feedback: null, reason: null},
    collection_method: str(p.collection_method) ?? 'charge_automatically',
    created: now,
    current_period_start: now,
    customer: customer.id,
    days_until_due: int(p.days_until_due) ?? null,
    default_payment_method: await defaultPm(api, req, str(p.default_payment_method), customer),
    default_tax_rates: [],
    description: str(p.description) ?? null,
    discounts: [],
    id,
    invoice_settings: {account_tax_ids: null, issuer: {type: 'self'}},
    metadata: metadataOf(p.metadata),
    payment_settings: {payment_method_options: null, payment_method_types: null, save_default_payment_method: str(obj(p.payment_settings)?.save_default_payment_method) ?? 'off'},
    start_date: now,
    status: 'incomplete',
    test_clock: clock,
    trial_settings: {end_behavior: {missing_payment_method: str(obj(obj(p.trial_settings)?.end_behavior)?.missing_payment_method) ?? 'create_invoice'}},
  });
  sub.items = {data: [], has_more: false, object: 'list', total_count: 0, url: `/v1/subscription_items?subscription=${id}`};
  for (const [i, it] of items.entries()) sub.items.data.push(await buildItem(api, req, sub, obj(it) ?? {}, `items[${i}]`, now));
  sub.items.total_count = sub.items.data.length;
  sub.currency = sub.items.data[0].price.currency;
  // Trials: trial_end (a time or 'now'), trial_period_days, or the plan's trial days.
  let trialEnd: number | null = null;
  if (p.trial_end !== undefined && p.trial_end !== 'now') {
    trialEnd = int(p.trial_end) ?? null;
    if (trialEnd === null || trialEnd <= now) throw invalid('Invalid timestamp: must be an integer Unix timestamp in the future.', 'trial_end');
  } else if (p.trial_end !== 'now' && int(p.trial_period_days)) trialEnd = now + int(p.trial_period_days)! * 86_400;
  else if (p.trial_end !== 'now' && bool(p.trial_from_plan) && sub.items.data[0].price.recurring?.trial_period_days) trialEnd = now + sub.items.data[0].price.recurring.trial_period_days * 86_400;
  const anchor = int(p.billing_cycle_anchor);
  if (trialEnd) {
    Object.assign(sub, {billing_cycle_anchor: trialEnd, current_period_end: trialEnd, status: 'trialing', trial_end: trialEnd, trial_start: now});
  } else {
    if (anchor && anchor > now) sub.billing_cycle_anchor = anchor;
    sub.current_period_end = anchor && anchor > now ? anchor : nextPeriodEnd(sub, now);
  }
  for (const item of sub.items.data) {
    item.current_period_start = sub.current_period_start;
    item.current_period_end = sub.current_period_end;
  }
  await applySubscriptionDiscount(api, req, sub, p, now);
  await api.store.insert(req.account, sub);
  await api.emit(req, 'customer.subscription.created', sub);
  if (trialEnd && trialEnd - 3 * 86_400 <= now) {
    // Trials shorter than three days announce their end at once.
    sub._trial_will_end_sent = true;
    await api.store.save(req.account, sub);
    await api.emit(req, 'customer.subscription.trial_will_end', sub);
  }
  const inv = await invoicePeriod(api, req, sub, 'subscription_create', now, sub.current_period_end, Boolean(trialEnd));
  sub.latest_invoice = inv.id;
  await api.store.save(req.account, sub);
  const behavior = str(p.payment_behavior) ?? 'allow_incomplete';
  try {
    await collect(api, req, inv, {attempt: behavior !== 'default_incomplete', initial: true});
  } catch (error) {
    if (!(error instanceof StripeError)) throw error;
    if (behavior === 'error_if_incomplete') {
      const failed = (await api.store.get(req.account, id))!;
      failed.status = 'incomplete_expired';
      await api.store.save(req.account, failed);
      throw error;
    }
  }
  return (await api.store.get(req.account, id))!;
}

export async function update(api: Api, req: Req): Promise<Obj> {
  const sub = await api.store.must(req.account, 'subscription', req.path.subscription_exposed_id, 'subscription_exposed_id');
  if (['canceled', 'incomplete_expired'].includes(sub.status)) {
    throw invalid('A canceled subscription can only update its cancellation_details and metadata.');
  }
  const p = req.params;
  const customer = await api.store.must(req.account, 'customer', sub.customer, 'customer');
  const now = await api.now(req.account, sub._clock);
  const prev = applyUpdate(sub, p, ['cancel_at_period_end', 'cancel_at', 'collection_method', 'days_until_due', 'description', 'metadata', 'pause_collection']);
  if ('coupon' in p || 'promotion_code' in p) {
    prev.discount = sub.discount;
    await applySubscriptionDiscount(api, req, sub, p, now);
  }
  if ('default_payment_method' in p) {
    prev.default_payment_method = sub.default_payment_method;
    sub.default_payment_method = await defaultPm(api, req, str(p.default_payment_method), customer);
  }
  if (p.items !== undefined) {
    prev.items = structuredClone(sub.items);
    for (const [i, raw] of list(p.items).entries()) {
      const it = obj(raw) ?? {};
      const existing = str(it.id) ? (sub.items.data as Obj[]).find((x) => x.id === it.id) : undefined;
      if (str(it.id) && !existing) throw invalid(`No such subscription item: '${it.id}'`, `items[${i}][id]`, 'resource_missing');
      if (existing && bool(it.deleted)) sub.items.data = sub.items.data.filter((x: Obj) => x.id !== existing.id);
      else if (existing) {
        if (str(it.price) || str(it.plan)) {
          const price = await api.store.must(req.account, 'price', str(it.price) ?? str(it.plan), `items[${i}][price]`);
          existing.price = price;
          existing.plan = planOf(price);
        }
        if (int(it.quantity) !== undefined) existing.quantity = int(it.quantity);
        if (it.metadata !== undefined) applyUpdate(existing, {metadata: it.metadata}, ['metadata']);
      } else sub.items.data.push(await buildItem(api, req, sub, it, `items[${i}]`, now));
    }
    sub.items.total_count = sub.items.data.length;
    if (sub.items.data.length === 0) throw invalid('A subscription must have at least one active plan.', 'items');
  }
  if (p.cancel_at_period_end === true) sub.canceled_at = now;
  if (p.cancel_at_period_end === false) sub.canceled_at = null;
  const endTrialNow = p.trial_end === 'now' && sub.status === 'trialing';
  if (p.trial_end !== undefined && p.trial_end !== 'now' && sub.status === 'trialing') {
    prev.trial_end = sub.trial_end;
    sub.trial_end = int(p.trial_end);
    sub.current_period_end = sub.trial_end;
  }
  if (endTrialNow && (await endTrialWithoutPaymentMethod(api, req, sub, now))) return (await api.store.get(req.account, sub.id))!;
  if (endTrialNow) {
    Object.assign(prev, {current_period_end: sub.current_period_end, current_period_start: sub.current_period_start, status: 'trialing', trial_end: sub.trial_end});
    sub.trial_end = now;
    sub.status = 'active';
    sub.billing_cycle_anchor = now;
    sub.current_period_start = now;
    sub.current_period_end = nextPeriodEnd(sub, now);
  }
  for (const item of sub.items.data) {
    item.current_period_start = sub.current_period_start;
    item.current_period_end = sub.current_period_end;
  }
  await api.store.save(req.account, sub);
  if (endTrialNow) {
    const inv = await invoicePeriod(api, req, sub, 'subscription_update', now, sub.current_period_end, false);
    sub.latest_invoice = inv.id;
    prev.latest_invoice = prev.latest_invoice ?? null;
    await api.store.save(req.account, sub);
    await collect(api, req, inv, {attempt: true, initial: false}).catch(() => undefined);
  }
  const fresh = (await api.store.get(req.account, sub.id))!;
  if (Object.keys(prev).length > 0) await api.emit(req, 'customer.subscription.updated', fresh, prev);
  return fresh;
}
