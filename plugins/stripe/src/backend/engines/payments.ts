/** Charging a PaymentMethod: the charge, its balance transaction, and the decline (if the card declines). */
import type {Api, Req} from '../api.js';
import type {Decline} from './cards.js';
import {StripeError} from '../errors.js';
import {blank, newId, publicView} from '../shapes.js';
import type {Obj} from '../store.js';

const fee = (amount: number): number => Math.round(amount * 0.029) + 30;

/** Days before card funds leave `pending` (test cards like `bypassPending` are available at once). */
export const PENDING_DAYS = 2;

export async function balanceTransaction(api: Api, req: Req, source: Obj, kind: 'charge' | 'refund', amount: number, created: number): Promise<Obj> {
  const f = kind === 'charge' ? fee(amount) : 0;
  const availableOn = kind === 'charge' && !source._available ? created + PENDING_DAYS * 86_400 : created;
  const txn = blank('balance_transaction', {
    _clock: source._clock ?? null,
    amount,
    available_on: availableOn,
    created,
    currency: source.currency,
    description: kind === 'charge' ? (source.description ?? null) : 'REFUND FOR CHARGE',
    fee: f,
    fee_details: f ? [{amount: f, application: null, currency: source.currency, description: 'Stripe processing fees', type: 'stripe_fee'}] : [],
    id: newId('txn'),
    net: amount - f,
    reporting_category: kind,
    source: source.id,
    status: availableOn > created ? 'pending' : 'available',
    type: kind,
  });
  return api.store.insert(req.account, txn);
}

export interface ChargeInput {
  amount: number;
  currency: string;
  customer: string | null;
  paymentMethod: Obj;
  capture: boolean;
  paymentIntent: string | null;
  description: string | null;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  shipping: unknown;
  statementDescriptor?: string | null;
  invoice?: string | null;
  clock: string | null;
}

/** Create the charge for one payment attempt; emits `charge.succeeded` or `charge.failed`. */
export async function charge(api: Api, req: Req, input: ChargeInput): Promise<{charge: Obj; decline?: Decline}> {
  const pm = input.paymentMethod;
  const decline = pm._decline as Decline | null;
  const created = await api.now(req.account, input.clock);
  const id = newId('ch');
  const c = blank('charge', {
    _available: pm._available ?? false,
    _clock: input.clock,
    amount: input.amount,
    amount_captured: 0,
    amount_refunded: 0,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: input.statementDescriptor ?? 'ASYMMETRIC',
    captured: false,
    created,
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    fraud_details: {},
    id,
    invoice: input.invoice ?? null,
    metadata: input.metadata,
    outcome: decline
      ? {network_status: 'declined_by_network', reason: decline.decline_code, risk_level: 'normal', risk_score: 20, seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined'}
      : {network_status: 'approved_by_network', reason: null, risk_level: 'normal', risk_score: 20, seller_message: 'Payment complete.', type: 'authorized'},
    paid: !decline,
    payment_intent: input.paymentIntent,
    payment_method: pm.id,
    payment_method_details: pm.type === 'sepa_debit' ? {sepa_debit: {...pm.sepa_debit, generated_from: undefined, mandate: `mandate_${id.slice(3, 27)}`}, type: 'sepa_debit'} : {
      card: {
        amount_authorized: decline ? null : input.amount,
        brand: pm.card.brand,
        checks: pm.card.checks,
        country: pm.card.country,
        exp_month: pm.card.exp_month,
        exp_year: pm.card.exp_year,
        extended_authorization: {status: 'disabled'},
        fingerprint: pm.card.fingerprint,
        funding: pm.card.funding,
        incremental_authorization: {status: 'unavailable'},
        installments: null,
        last4: pm.card.last4,
        mandate: null,
        multicapture: {status: 'unavailable'},
        network: pm.card.brand,
        network_token: {used: false},
        overcapture: {maximum_amount_capturable: input.amount, status: 'unavailable'},
        three_d_secure: null,
        wallet: null,
      },
      type: 'card',
    },
    receipt_email: input.receiptEmail,
    receipt_url: `https://pay.stripe.com/receipts/payment/${id}`,
    refunds: {data: [], has_more: false, object: 'list', total_count: 0, url: `/v1/charges/${id}/refunds`},
    shipping: input.shipping ?? null,
    status: decline ? 'failed' : 'succeeded',
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
  });
  if (pm.type === 'sepa_debit') {
    // Bank debits are pending first; settle() completes them.
    c.status = 'pending';
    c.captured = true;
    c.amount_captured = input.amount;
    c.outcome = {network_status: 'approved_by_network', reason: null, risk_level: 'not_assessed', seller_message: 'Payment complete.', type: 'authorized'};
    c.payment_method_details.sepa_debit = Object.fromEntries(Object.entries(c.payment_method_details.sepa_debit).filter(([, v]) => v !== undefined));
    await api.store.insert(req.account, c);
    await api.emit(req, 'charge.pending', c);
    return {charge: c};
  }
  if (!decline && input.capture) {
    c.captured = true;
    c.amount_captured = input.amount;
    c.balance_transaction = (await balanceTransaction(api, req, c, 'charge', input.amount, created)).id;
  }
  await api.store.insert(req.account, c);
  await api.emit(req, decline ? 'charge.failed' : 'charge.succeeded', c);
  return {charge: c, decline: decline ?? undefined};
}

/** The 402 `card_error` a declined confirmation answers with. */
export function cardError(decline: Decline, extra: {charge?: string; payment_intent?: Obj; setup_intent?: Obj; payment_method: Obj}): StripeError {
  return new StripeError(402, 'card_error', decline.message, {
    ...(extra.charge ? {charge: extra.charge} : {}),
    code: decline.code,
    decline_code: decline.decline_code,
    ...(decline.param ? {param: decline.param} : {}),
    ...(extra.payment_intent ? {payment_intent: publicView(extra.payment_intent)} : {}),
    ...(extra.setup_intent ? {setup_intent: publicView(extra.setup_intent)} : {}),
    payment_method: publicView(extra.payment_method),
  });
}

export function lastError(decline: Decline, pm: Obj, chargeId?: string): Obj {
  return {
    ...(chargeId ? {charge: chargeId} : {}),
    code: decline.code,
    decline_code: decline.decline_code,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replaceAll('_', '-')}`,
    message: decline.message,
    ...(decline.param ? {param: decline.param} : {}),
    payment_method: publicView(pm),
    type: 'card_error',
  } as unknown as Obj;
}

/** What an intent asks of the client when the card needs 3D Secure (Stripe.js handles it). */
export function authenticationAction(intentId: string): Obj {
  return {
    type: 'use_stripe_sdk',
    use_stripe_sdk: {source: `src_${intentId.slice(-24)}`, stripe_js: `https://hooks.stripe.com/redirect/authenticate/src_${intentId.slice(-24)}`, type: 'three_d_secure_redirect'},
  } as unknown as Obj;
}

/** A pending bank debit clears (the charge succeeds and gets its balance transaction) or fails. */
export async function settle(api: Api, req: Req, c: Obj, fails = false): Promise<Obj> {
  const now = await api.now(req.account, c._clock);
  if (fails) {
    c.status = 'failed';
    c.failure_code = 'insufficient_funds';
    c.failure_message = 'The account has insufficient funds to cover this payment.';
    c.outcome = {...c.outcome, network_status: 'declined_by_network', reason: 'insufficient_funds', type: 'issuer_declined'};
    await api.store.save(req.account, c);
    await api.emit(req, 'charge.failed', c);
    return c;
  }
  c.status = 'succeeded';
  c.paid = true;
  c.balance_transaction = (await balanceTransaction(api, req, c, 'charge', c.amount, now)).id;
  await api.store.save(req.account, c);
  await api.emit(req, 'charge.succeeded', c);
  return c;
}
