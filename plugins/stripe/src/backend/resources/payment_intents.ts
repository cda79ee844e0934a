/** PaymentIntents: create, update, confirm (automatic or manual capture), capture, cancel, search. */
import {invalid, missingParam, unexpectedState} from '../errors.js';
import {int, str} from '../forms.js';
import {listOf} from '../lists.js';
import {balanceTransaction, charge} from '../engines/payments.js';
import type {Router} from '../router.js';
import {searchOf} from '../search.js';
import {applyUpdate} from '../update.js';
import {resolvePaymentMethod} from '../engines/payment_methods.js';
import {ANY_STATE, UPDATABLE, confirmPaymentIntent, createPaymentIntent, requireReturnUrl} from '../engines/payment_intents.js';

export function register(r: Router): void {
  r.post('/v1/payment_intents', async (req, api) => createPaymentIntent(api, req, req.params));

  r.get('/v1/payment_intents/search', async (req, api) => searchOf(api, req, 'payment_intent', ['amount', 'created', 'currency', 'customer', 'metadata', 'status']));

  r.get('/v1/payment_intents/{intent}', async (req, api) => api.store.intent(req.account, 'payment_intent', req.path.intent, 'intent', req.publishable, req.params.client_secret));

  r.post('/v1/payment_intents/{intent}', async (req, api) => {
    const pi = await api.store.must(req.account, 'payment_intent', req.path.intent, 'intent');
    const locked = ['succeeded', 'canceled'].includes(pi.status) ? UPDATABLE.filter((k) => k in req.params && !ANY_STATE.includes(k)) : [];
    if (str(req.params.payment_method) && ['succeeded', 'canceled'].includes(pi.status)) locked.push('payment_method');
    if (locked.length > 0) {
      const field = locked.includes('amount') ? 'amount' : locked[0]!;
      throw unexpectedState(`This PaymentIntent's ${field} could not be updated because it has a status of ${pi.status}. You may only update the ${field} of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.`);
    }
    const prev = applyUpdate(pi, req.params, UPDATABLE);
    if (str(req.params.payment_method)) {
      prev.payment_method = pi.payment_method;
      pi.payment_method = (await resolvePaymentMethod(api, req, str(req.params.payment_method)!, 'payment_method')).id;
      if (pi.status === 'requires_payment_method') pi.status = 'requires_confirmation';
    }
    await api.store.save(req.account, pi);
    if (Object.keys(prev).length > 0) await api.emit(req, 'payment_intent.updated', pi, prev);
    return pi;
  });

  r.post('/v1/payment_intents/{intent}/confirm', async (req, api) => {
    const pi = await api.store.intent(req.account, 'payment_intent', req.path.intent, 'intent', req.publishable, req.params.client_secret);
    if (pi.status !== 'requires_action') requireReturnUrl(pi, req.params);
    return confirmPaymentIntent(api, req, pi, req.params);
  });

  // A larger authorization on an uncaptured card payment (Stripe requires the card to allow it; test cards do).
  r.post('/v1/payment_intents/{intent}/increment_authorization', async (req, api) => {
    const pi = await api.store.must(req.account, 'payment_intent', req.path.intent, 'intent');
    if (pi.status !== 'requires_capture') {
      throw unexpectedState(`This PaymentIntent's amount could not be incremented because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be incremented: requires_capture.`);
    }
    const amount = int(req.params.amount);
    if (amount === undefined) throw missingParam('amount');
    if (amount <= pi.amount) throw invalid(`The amount to increment to (${amount}) must be greater than the current amount (${pi.amount}).`, 'amount');
    const ch = await api.store.must(req.account, 'charge', pi.latest_charge, 'charge');
    const prev = {amount: pi.amount, amount_capturable: pi.amount_capturable};
    ch.amount = amount;
    if (ch.payment_method_details?.card) ch.payment_method_details.card.amount_authorized = amount;
    await api.store.save(req.account, ch);
    pi.amount = amount;
    pi.amount_capturable = amount;
    applyUpdate(pi, req.params, ['description', 'metadata', 'statement_descriptor']);
    await api.store.save(req.account, pi);
    await api.emit(req, 'payment_intent.amount_capturable_updated', pi, prev);
    return pi;
  });

  r.post('/v1/payment_intents/{intent}/capture', async (req, api) => {
    const pi = await api.store.must(req.account, 'payment_intent', req.path.intent, 'intent');
    if (pi.status !== 'requires_capture') {
      throw unexpectedState(`This PaymentIntent could not be captured because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`);
    }
    const amount = int(req.params.amount_to_capture) ?? pi.amount_capturable;
    if (amount > pi.amount_capturable) throw invalid(`The amount to capture (${amount}) exceeds the amount capturable (${pi.amount_capturable}).`, 'amount_to_capture', 'amount_too_large');
    const ch = await api.store.must(req.account, 'charge', pi.latest_charge, 'charge');
    const prevCharge = {amount_captured: ch.amount_captured, captured: false};
    ch.captured = true;
    ch.amount_captured = amount;
    if (amount < ch.amount) {
      ch.amount_refunded = ch.amount - amount;
    }
    const now = await api.now(req.account, pi._clock);
    ch.balance_transaction = (await balanceTransaction(api, req, ch, 'charge', amount, now)).id;
    await api.store.save(req.account, ch);
    await api.emit(req, 'charge.captured', ch, prevCharge);
    pi.amount_capturable = 0;
    pi.amount_received = amount;
    pi.status = 'succeeded';
    applyUpdate(pi, req.params, ['metadata', 'statement_descriptor']);
    await api.store.save(req.account, pi);
    await api.emit(req, 'payment_intent.succeeded', pi);
    return pi;
  });

  r.post('/v1/payment_intents/{intent}/cancel', async (req, api) => {
    const pi = await api.store.must(req.account, 'payment_intent', req.path.intent, 'intent');
    if (!['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'].includes(pi.status)) {
      throw unexpectedState(`You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.`);
    }
    if (pi.status === 'requires_capture' && pi.latest_charge) {
      const ch = await api.store.must(req.account, 'charge', pi.latest_charge, 'charge');
      ch.amount_refunded = ch.amount;
      ch.refunded = true;
      await api.store.save(req.account, ch);
      await api.emit(req, 'charge.refunded', ch, {amount_refunded: 0, refunded: false});
    }
    pi.status = 'canceled';
    pi.amount_capturable = 0;
    pi.canceled_at = await api.now(req.account, pi._clock);
    pi.cancellation_reason = str(req.params.cancellation_reason) ?? null;
    await api.store.save(req.account, pi);
    await api.emit(req, 'payment_intent.canceled', pi);
    return pi;
  });

  r.get('/v1/payment_intents', async (req, api) => listOf(api, req, 'payment_intent', {eq: {customer: str(req.params.customer)}}));
}
