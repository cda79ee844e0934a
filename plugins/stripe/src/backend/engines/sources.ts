/** The lifecycle behind sources (used by its routes and by other engines; imports no route module). */
import type {Api, Req} from '../api.js';
import {cardForToken, fingerprint, type TestCard} from './cards.js';
import {invalid} from '../errors.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';

const BRANDS: Record<string, string> = {amex: 'American Express', discover: 'Discover', mastercard: 'MasterCard', visa: 'Visa'};

/** A card object (`card_…`) for a test card, with how it behaves when charged (`_pm`, a PaymentMethod view). */
export function cardOf(c: TestCard, customer: string | null, exp: {month?: number; year?: number} = {}): Obj {
  const id = newId('card');
  const card = blank('card', {
    brand: BRANDS[c.brand] ?? 'Unknown',
    country: c.country,
    customer,
    cvc_check: 'pass',
    exp_month: exp.month ?? 12,
    exp_year: exp.year ?? new Date().getUTCFullYear() + 3,
    fingerprint: fingerprint(c),
    funding: c.funding,
    id,
    last4: c.last4,
    metadata: {},
  });
  card._pm = blank('payment_method', {
    _authenticate: c.authenticate ?? false,
    _decline: c.decline ?? null,
    billing_details: {address: {city: null, country: null, line1: null, line2: null, postal_code: null, state: null}, email: null, name: null, phone: null},
    card: {brand: c.brand, checks: {address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass'}, country: c.country, exp_month: card.exp_month, exp_year: card.exp_year, fingerprint: card.fingerprint, funding: c.funding, generated_from: null, last4: c.last4, networks: {available: [c.brand], preferred: null}, three_d_secure_usage: {supported: true}, wallet: null},
    created: Math.floor(Date.now() / 1000),
    customer,
    id,
    metadata: {},
    type: 'card',
  });
  return card;
}

/**
 * The card behind `source`: a test token (`tok_visa`), a token made with `POST /v1/tokens` (used
 * once), or a card already on the customer. Undefined when it is none of these.
 */
export async function cardFromSource(api: Api, req: Req, source: string, customer: string | null, param = 'source'): Promise<Obj> {
  const test = cardForToken(source);
  if (test) return cardOf(test, customer);
  const stored = await api.store.get(req.account, source);
  if (stored?.object === 'token' && stored.card) {
    if (stored.used) throw invalid(`You cannot use a Stripe token more than once: ${source}.`, param, 'token_already_used');
    stored.used = true;
    await api.store.save(req.account, stored);
    const card = {...structuredClone(stored.card), _pm: {...structuredClone(stored._pm), customer}, customer};
    return card as Obj;
  }
  if (stored?.object === 'card' && !stored._deleted) return stored;
  throw invalid(`No such token: '${source}'`, param, 'resource_missing');
}

/** The bank account a `btok_…` token carries, for a customer (unverified until its micro-deposits are confirmed). */
async function bankAccountFromToken(api: Api, req: Req, token: Obj, customer: string): Promise<Obj> {
  if (token.used) throw invalid(`You cannot use a Stripe token more than once: ${token.id}.`, 'source', 'token_already_used');
  token.used = true;
  await api.store.save(req.account, token);
  return {...structuredClone(token.bank_account), customer, status: 'new'} as Obj;
}

/** Create a card (or, from a `btok_…`, a bank account) from a token and attach it; the first card becomes the customer's default source. */
export async function addSource(api: Api, req: Req, customer: Obj, token: string): Promise<Obj> {
  const bank = token.startsWith('btok_') ? await api.store.get(req.account, token) : undefined;
  const found = bank?.object === 'token' && bank.bank_account ? await bankAccountFromToken(api, req, bank, customer.id) : await cardFromSource(api, req, token, customer.id);
  if (found.customer && found.customer !== customer.id) throw invalid(`No such token: '${token}'`, 'source', 'resource_missing');
  const card = found.id.startsWith('card_') && (await api.store.get(req.account, found.id)) ? found : {...found, customer: customer.id};
  if (await api.store.get(req.account, card.id)) return card;
  await api.store.insert(req.account, card);
  if (!customer.default_source) {
    customer.default_source = card.id;
    await api.store.save(req.account, customer);
  }
  await api.emit(req, 'customer.source.created', card);
  return card;
}
