/** The lifecycle behind checkout (used by its routes and by other engines; imports no route module). */
import {randomString} from '@asym/template-kit';
import type {Api, Req} from '../api.js';
import {invalid, missingParam} from '../errors.js';
import {int, str} from '../forms.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {confirmPaymentIntent, createPaymentIntent} from './payment_intents.js';
import {attach, resolvePaymentMethod} from './payment_methods.js';
import {createSubscription} from './subscriptions.js';

export async function complete(api: Api, req: Req, s: Obj, paid: boolean): Promise<void> {
  s.status = 'complete';
  s.payment_status = paid ? 'paid' : s.mode === 'setup' ? 'no_payment_required' : 'unpaid';
  await api.store.save(req.account, s);
  await api.emit(req, 'checkout.session.completed', s);
}

/** A delayed (bank debit) payment of a completed session settled. */
export async function checkoutAsyncResult(api: Api, req: Req, sessionId: string, succeeded: boolean): Promise<void> {
  const s = await api.store.get(req.account, sessionId);
  if (!s) return;
  s.payment_status = succeeded ? 'paid' : 'unpaid';
  await api.store.save(req.account, s);
  await api.emit(req, succeeded ? 'checkout.session.async_payment_succeeded' : 'checkout.session.async_payment_failed', s);
}

export async function confirm(api: Api, req: Req): Promise<Obj> {
  const s = await api.store.must(req.account, 'checkout.session', req.path.session, 'session');
  if (s.status !== 'open') throw invalid(`This Checkout Session is no longer active (status: ${s.status}).`, undefined, 'invalid_state');
  const expected = int(req.params.expected_amount);
  if (expected !== undefined && s.amount_total !== null && expected !== s.amount_total) {
    throw invalid(`The expected amount (${expected}) does not match the session's total (${s.amount_total}).`, 'expected_amount');
  }
  const pmId = str(req.params.payment_method);
  if (!pmId) throw missingParam('payment_method');
  const pm = await resolvePaymentMethod(api, req, pmId, 'payment_method');
  let customerId: string | null = s.customer;
  if (!customerId && (s.mode !== 'payment' || s.customer_creation === 'always')) {
    const now = Math.floor(Date.now() / 1000);
    const c = blank('customer', {created: now, email: s.customer_email ?? pm.billing_details?.email ?? null, id: newId('cus', 14), invoice_prefix: randomString(8, 'ABCDEF0123456789'), invoice_settings: {custom_fields: null, default_payment_method: null, footer: null, rendering_options: null}, metadata: {}, name: pm.billing_details?.name ?? null, next_invoice_sequence: 1, preferred_locales: [], tax_exempt: 'none'});
    await api.store.insert(req.account, c);
    await api.emit(req, 'customer.created', c);
    customerId = c.id;
    s.customer = c.id;
  }
  s.customer_details = {address: pm.billing_details?.address ?? null, email: s.customer_email ?? pm.billing_details?.email ?? null, name: pm.billing_details?.name ?? null, phone: pm.billing_details?.phone ?? null, tax_exempt: 'none', tax_ids: []};
  if (s.mode === 'payment') {
    const pd = s._payment_intent_data ?? {};
    const pi = await createPaymentIntent(
      api,
      req,
      {...pd, amount: String(s.amount_total), currency: s.currency, customer: customerId ?? undefined, metadata: pd.metadata ?? {}, payment_method: pm.id, payment_method_types: s.payment_method_types},
      {_checkout_session: s.id},
    );
    s.payment_intent = pi.id;
    await api.store.save(req.account, s);
    const done = await confirmPaymentIntent(api, req, pi, {});
    await complete(api, req, s, done.status === 'succeeded');
  } else if (s.mode === 'subscription') {
    const customer = await api.store.must(req.account, 'customer', customerId!, 'customer');
    await attach(api, req, pm, customer);
    const sub = await createSubscription(api, {
      ...req,
      params: {customer: customer.id, default_payment_method: pm.id, items: s._line_items.map((l: Obj) => ({price: l.price.id, quantity: String(l.quantity)})), metadata: s._subscription_data?.metadata ?? {}},
    });
    s.subscription = sub.id;
    s.invoice = sub.latest_invoice;
    await complete(api, req, s, sub.status === 'active' || sub.status === 'trialing');
  } else {
    if (customerId) await attach(api, req, pm, await api.store.must(req.account, 'customer', customerId, 'customer'));
    await complete(api, req, s, false);
  }
  return s;
}
