/** Stripe's test cards: `pm_card_*` / `tok_*` tokens and raw test numbers, and how each one behaves. */
import {createHash} from 'node:crypto';

import {StripeError, invalid} from '../errors.js';

export interface Decline {
  code: string;
  decline_code: string;
  message: string;
  param?: string;
}

export interface TestCard {
  brand: string;
  last4: string;
  funding: 'credit' | 'debit' | 'prepaid';
  country: string;
  /** Attaching works but every charge fails this way. */
  decline?: Decline;
  /** Payments need 3D Secure authentication (the intent goes to requires_action first). */
  authenticate?: boolean;
  /** A successful charge is then disputed ('dispute') or questioned ('inquiry'). */
  dispute?: 'dispute' | 'inquiry';
  /** Funds are available at once (Stripe emits balance.available). */
  available?: boolean;
}

const declined = (decline_code: string, message = 'Your card was declined.', code = 'card_declined', param?: string): Decline => ({
  code,
  decline_code,
  message,
  ...(param ? {param} : {}),
});

const GENERIC = declined('generic_decline');
const INSUFFICIENT = declined('insufficient_funds', 'Your card has insufficient funds.');
const LOST = declined('lost_card');
const STOLEN = declined('stolen_card');
const EXPIRED = declined('expired_card', 'Your card has expired.', 'expired_card', 'exp_month');
const CVC = declined('incorrect_cvc', "Your card's security code is incorrect.", 'incorrect_cvc', 'cvc');
const PROCESSING = declined('processing_error', 'An error occurred while processing your card. Try again in a little bit.', 'processing_error');
const FRAUD = declined('fraudulent');

const card = (brand: string, last4: string, extra: Partial<TestCard> = {}): TestCard => ({brand, country: 'US', funding: 'credit', last4, ...extra});

/** By token name (after `pm_card_` or `tok_`). */
const BY_NAME: Record<string, TestCard> = {
  amex: card('amex', '8431'),
  authenticationRequired: card('visa', '3184', {authenticate: true}),
  bypassPending: card('visa', '0077', {available: true}),
  createDispute: card('visa', '0259', {dispute: 'dispute'}),
  createDisputeInquiry: card('visa', '1976', {dispute: 'inquiry'}),
  chargeCustomerFail: card('visa', '0341', {decline: GENERIC}),
  chargeDeclined: card('visa', '0002', {decline: GENERIC}),
  chargeDeclinedExpiredCard: card('visa', '0069', {decline: EXPIRED}),
  chargeDeclinedFraudulent: card('visa', '0019', {decline: FRAUD}),
  chargeDeclinedIncorrectCvc: card('visa', '0127', {decline: CVC}),
  chargeDeclinedInsufficientFunds: card('visa', '9995', {decline: INSUFFICIENT}),
  chargeDeclinedLostCard: card('visa', '9987', {decline: LOST}),
  chargeDeclinedProcessingError: card('visa', '0119', {decline: PROCESSING}),
  chargeDeclinedStolenCard: card('visa', '9979', {decline: STOLEN}),
  discover: card('discover', '9424'),
  expiredCard: card('visa', '0069', {decline: EXPIRED}),
  incorrectCvc: card('visa', '0127', {decline: CVC}),
  insufficientFunds: card('visa', '9995', {decline: INSUFFICIENT}),
  lostCard: card('visa', '9987', {decline: LOST}),
  mastercard: card('mastercard', '4444'),
  mastercard_debit: card('mastercard', '8210', {funding: 'debit'}),
  processingError: card('visa', '0119', {decline: PROCESSING}),
  stolenCard: card('visa', '9979', {decline: STOLEN}),
  threeDSecure2Required: card('visa', '3220', {authenticate: true}),
  threeDSecureRequired: card('visa', '3063', {authenticate: true}),
  us: card('visa', '4242'),
  visa: card('visa', '4242'),
  visa_chargeDeclined: card('visa', '0002', {decline: GENERIC}),
  visa_chargeDeclinedInsufficientFunds: card('visa', '9995', {decline: INSUFFICIENT}),
  visa_debit: card('visa', '5556', {funding: 'debit'}),
};

/** By full test number. */
const BY_NUMBER: Record<string, TestCard> = {
  '4000000000000002': BY_NAME.chargeDeclined!,
  '4000000000000069': BY_NAME.expiredCard!,
  '4000000000000119': BY_NAME.processingError!,
  '4000000000000127': BY_NAME.incorrectCvc!,
  '4000000000000341': BY_NAME.chargeCustomerFail!,
  '4000000000009979': BY_NAME.stolenCard!,
  '4000002500003155': BY_NAME.authenticationRequired!,
  '4000002760003184': BY_NAME.authenticationRequired!,
  '4000000000003220': BY_NAME.threeDSecure2Required!,
  '4000000000009987': BY_NAME.lostCard!,
  '4000000000009995': BY_NAME.insufficientFunds!,
  '4000056655665556': BY_NAME.visa_debit!,
  '4100000000000019': BY_NAME.chargeDeclinedFraudulent!,
  '4242424242424242': BY_NAME.visa!,
  '5555555555554444': BY_NAME.mastercard!,
  '378282246310005': card('amex', '0005'),
};

/** The test card behind a token (`pm_card_visa`, `tok_visa`), or undefined for anything else. */
export function cardForToken(token: string): TestCard | undefined {
  const m = /^(?:pm_card_|tok_)(.+)$/.exec(token);
  return m ? BY_NAME[m[1]!] : undefined;
}

export function cardForNumber(num: string): TestCard {
  const digits = num.replaceAll(/\s+/g, '');
  const known = BY_NUMBER[digits];
  if (known) return known;
  if (!/^\d{13,19}$/.test(digits)) throw new StripeError(402, 'card_error', 'Your card number is incorrect.', {code: 'incorrect_number', param: 'number'});
  const brand = digits.startsWith('4') ? 'visa' : /^5[1-5]/.test(digits) ? 'mastercard' : /^3[47]/.test(digits) ? 'amex' : 'unknown';
  return card(brand, digits.slice(-4));
}

export const isTestToken = (v: string): boolean => /^(pm_card_|tok_)/.test(v);

export function unknownToken(v: string, param: string): StripeError {
  return invalid(`No such PaymentMethod: '${v}'`, param, 'resource_missing', 400);
}

export function fingerprint(c: TestCard): string {
  return createHash('sha256').update(`${c.brand}:${c.last4}`).digest('base64url').slice(0, 16);
}
