/** The lifecycle behind payment intents (used by its routes and by other engines; imports no route module). */
import {randomString} from '@asym/template-kit';
import type {Api, Req} from '../api.js';
import {invalid, missingParam, unexpectedState} from '../errors.js';
import {bool, type Form, int, list, obj, str} from '../forms.js';
import {authenticationAction, cardError, charge, lastError, settle} from './payments.js';
import {blank, newId, pmcDetails} from '../shapes.js';
import type {Obj} from '../store.js';
import {fullShipping, metadataOf} from '../update.js';
import {applyCashBalance} from './cash.js';
import {balanceOf} from './balance.js';
import {openDispute} from './disputes.js';
import {attach, loadPaymentMethod, resolvePaymentMethod} from './payment_methods.js';

/** What Stripe lets a caller change on a PaymentIntent whatever its status (succeeded and canceled included). */
export const ANY_STATE = ['description', 'metadata', 'receipt_email'];
export const UPDATABLE = ['amount', 'currency', 'customer', 'description', 'metadata', 'receipt_email', 'setup_future_usage', 'shipping', 'statement_descriptor', 'statement_descriptor_suffix', 'transfer_group', 'payment_method_types'];

export async function createPaymentIntent(api: Api, req: Req, p: Form, extra: Partial<Obj> = {}): Promise<Obj> {
  const amount = int(p.amount);
  if (amount === undefined) throw missingParam('amount');
  if (amount < 50 && amount !== 0) throw invalid('Amount must be at least $0.50 usd', 'amount', 'amount_too_small');
  const currency = str(p.currency)?.toLowerCase();
  if (!currency) throw missingParam('currency');
  const customer = str(p.customer) ?? null;
  if (customer) await api.store.must(req.account, 'customer', customer, 'customer');
  const clock = await api.clockOf(req.account, customer);
  const id = newId('pi');
  const apm = obj(p.automatic_payment_methods);
  const types = list(p.payment_method_types).map(String);
  const pi = blank('payment_intent', {
    _clock: clock,
    amount,
    amount_capturable: 0,
    amount_details: {tip: {}},
    amount_received: 0,
    automatic_payment_methods: apm ? {allow_redirects: str(apm.allow_redirects) ?? 'always', enabled: bool(apm.enabled) ?? true} : types.length ? null : {allow_redirects: 'always', enabled: true},
    capture_method: str(p.capture_method) ?? 'automatic',
    client_secret: `${id}_secret_${randomString(25)}`,
    confirmation_method: str(p.confirmation_method) ?? 'automatic',
    created: await api.now(req.account, clock),
    currency,
    customer,
    description: str(p.description) ?? null,
    id,
    metadata: metadataOf(p.metadata),
    payment_method_options: {card: {installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic'}},
    payment_method_configuration_details: pmcDetails(req.account, types.length === 0),
    payment_method_types: types.length ? types : ['card'],
    receipt_email: str(p.receipt_email) ?? null,
    setup_future_usage: str(p.setup_future_usage) ?? null,
    shipping: obj(p.shipping) ? normalizeShipping(obj(p.shipping)!) : null,
    statement_descriptor: str(p.statement_descriptor) ?? null,
    statement_descriptor_suffix: str(p.statement_descriptor_suffix) ?? null,
    status: 'requires_payment_method',
    transfer_group: str(p.transfer_group) ?? null,
    ...extra,
  });
  pi._return_url = str(p.return_url) ?? null;
  pi._off_session = bool(p.off_session) === true;
  if (bool(p.confirm)) requireReturnUrl(pi, p);
  if (str(p.payment_method)) {
    const pm = await resolvePaymentMethod(api, req, str(p.payment_method)!, 'payment_method');
    pi.payment_method = pm.id;
    pi.status = 'requires_confirmation';
  } else if (str(obj(p.payment_method_data)?.type) === 'customer_balance') {
    const pm = blank('payment_method', {created: pi.created, customer: null, customer_balance: {}, id: newId('pm'), metadata: {}, type: 'customer_balance'});
    delete pm.card;
    await api.store.insert(req.account, pm);
    pi.payment_method = pm.id;
    pi.status = 'requires_confirmation';
  }
  await api.store.insert(req.account, pi);
  await api.emit(req, 'payment_intent.created', pi);
  if (bool(p.confirm)) return confirmPaymentIntent(api, req, pi, {});
  return pi;
}

function normalizeShipping(s: Form): Obj {
  return fullShipping(s, true) as Obj;
}

/**
 * Since 2023-08-16 intents accept the Dashboard's payment methods by default; some redirect, so
 * confirming needs a `return_url` unless redirects are turned off (or the customer is off session).
 */
export function requireReturnUrl(pi: Obj, p: Form): void {
  if (str(p.return_url)) pi._return_url = str(p.return_url);
  const apm = pi.automatic_payment_methods;
  // The clone's "Dashboard" enables redirect-based methods, as new accounts do; ASYM_STRIPE_REDIRECT_METHODS=off turns them off.
  if (process.env.ASYM_STRIPE_REDIRECT_METHODS === 'off') return;
  if (!apm?.enabled || apm.allow_redirects === 'never' || pi._return_url || bool(p.off_session) === true) return;
  throw invalid(
    'A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.',
  );
}

/** Confirm: charge the PaymentMethod; a decline leaves the intent in requires_payment_method and answers 402. */
export async function confirmPaymentIntent(api: Api, req: Req, pi: Obj, p: Form): Promise<Obj> {
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)) {
    throw unexpectedState(`You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`);
  }
  if (str(p.payment_method)) pi.payment_method = (await resolvePaymentMethod(api, req, str(p.payment_method)!, 'payment_method')).id;
  for (const k of ['receipt_email', 'setup_future_usage', 'return_url'] as const) if (str(p[k]) && k !== 'return_url') pi[k] = str(p[k]);
  if (obj(p.shipping)) pi.shipping = normalizeShipping(obj(p.shipping)!);
  if (!pi.payment_method) {
    throw unexpectedState(
      "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with cus_xxx, specify a payment method attached to this customer along with the customer ID.".replace(
        'cus_xxx',
        pi.customer ?? 'a customer',
      ),
    );
  }
  const pm = await loadPaymentMethod(api, req, pi.payment_method);
  if (pm._authenticate && (pi._off_session || bool(p.off_session) === true)) {
    // Off session nobody can authenticate: the card declines.
    pi._off_session = true;
    const decline = {code: 'authentication_required', decline_code: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.'};
    pi.status = 'requires_payment_method';
    pi.last_payment_error = lastError(decline, pm);
    await api.store.save(req.account, pi);
    await api.emit(req, 'payment_intent.payment_failed', pi);
    throw cardError(decline, {payment_intent: pi, payment_method: pm});
  }
  if (pm._authenticate && pi.status !== 'requires_action') {
    // 3D Secure: the customer must authenticate; confirming again afterwards completes the payment.
    pi.status = 'requires_action';
    pi.next_action = authenticationAction(pi.id);
    await api.store.save(req.account, pi);
    await api.emit(req, 'payment_intent.requires_action', pi);
    return pi;
  }
  pi.next_action = null;
  if (pm.type === 'customer_balance') return applyCashBalance(api, req, pi);
  const manual = pi.capture_method === 'manual';
  const {charge: ch, decline} = await charge(api, req, {
    amount: pi.amount,
    capture: !manual,
    clock: pi._clock ?? null,
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    invoice: pi.invoice ?? null,
    metadata: pi.metadata,
    paymentIntent: pi.id,
    paymentMethod: pm,
    receiptEmail: pi.receipt_email,
    shipping: pi.shipping,
    statementDescriptor: pi.statement_descriptor,
  });
  pi.latest_charge = ch.id;
  if (decline) {
    pi.status = 'requires_payment_method';
    pi.last_payment_error = lastError(decline, pm, ch.id);
    pi.payment_method = null;
    await api.store.save(req.account, pi);
    await api.emit(req, 'payment_intent.payment_failed', pi);
    throw cardError(decline, {charge: ch.id, payment_intent: pi, payment_method: pm});
  }
  pi.last_payment_error = null;
  if (ch.status === 'pending') {
    pi.status = 'processing';
    await api.store.save(req.account, pi);
    await api.emit(req, 'payment_intent.processing', pi);
    const bg = {...req, origin: {}};
    api.track(
      (async () => {
        await new Promise((resolve) => setTimeout(resolve, Number(process.env.ASYM_STRIPE_DEBIT_SETTLE_MS ?? 300)));
        await api.exclusive(req.account, async () => {
        const fails = Boolean(pm._debit_fails);
        await settle(api, bg, ch, fails);
        const fresh = (await api.store.get(req.account, pi.id))!;
        if (fails) {
          fresh.status = 'requires_payment_method';
          fresh.last_payment_error = {...lastError({code: 'payment_method_provider_decline', decline_code: 'insufficient_funds', message: ch.failure_message}, pm, ch.id), type: 'card_error'};
          fresh.payment_method = null;
          await api.store.save(req.account, fresh);
          await api.emit(bg, 'payment_intent.payment_failed', fresh);
          if (fresh._checkout_session) {
            const {checkoutAsyncResult} = await import('./checkout.js');
            await checkoutAsyncResult(api, bg, fresh._checkout_session, false);
          }
          return;
        }
        fresh.status = 'succeeded';
        fresh.amount_received = fresh.amount;
        await api.store.save(req.account, fresh);
        await api.emit(bg, 'payment_intent.succeeded', fresh);
        if (fresh.invoice) {
          const {invoicePaymentSucceeded} = await import('./invoicing.js');
          await invoicePaymentSucceeded(api, bg, fresh);
        }
        if (fresh._checkout_session) {
          const {checkoutAsyncResult} = await import('./checkout.js');
          await checkoutAsyncResult(api, bg, fresh._checkout_session, true);
        }
        });
      })(),
    );
    return pi;
  }
  if (manual) {
    pi.status = 'requires_capture';
    pi.amount_capturable = pi.amount;
  } else {
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
  }
  if (pi.setup_future_usage && pi.customer && !pm.customer) {
    await attach(api, req, pm, await api.store.must(req.account, 'customer', pi.customer, 'customer'));
  }
  await api.store.save(req.account, pi);
  await api.emit(req, manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', pi);
  if (pm._available && !manual) await api.emit(req, 'balance.available', await balanceOf(api, req.account));
  if (pm._dispute && !manual) await openDispute(api, req, ch, pm._dispute === 'inquiry');
  if (pi.invoice && !manual) {
    const {invoicePaymentSucceeded} = await import('./invoicing.js');
    await invoicePaymentSucceeded(api, req, pi);
  }
  return pi;
}
