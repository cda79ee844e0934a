/** The lifecycle behind sources (used by its routes and by other engines; imports no route module). */
import type {Api, Req} from '../api.js';
import {cardForToken, fingerprint} from './cards.js';
import {invalid} from '../errors.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';

const BRANDS: Record<string, string> = {amex: 'American Express', discover: 'Discover', mastercard: 'MasterCard', visa: 'Visa'};

/** Create a card from a token and attach it; the first card becomes the customer's default source. */
export async function addSource(api: Api, req: Req, customer: Obj, token: string): Promise<Obj> {
  const c = cardForToken(token);
  if (!c) throw invalid(`No such token: '${token}'`, 'source', 'resource_missing');
  const id = newId('card');
  const card = blank('card', {
    brand: BRANDS[c.brand] ?? 'Unknown',
    country: c.country,
    customer: customer.id,
    cvc_check: 'pass',
    exp_month: 12,
    exp_year: new Date().getUTCFullYear() + 3,
    fingerprint: fingerprint(c),
    funding: c.funding,
    id,
    last4: c.last4,
    metadata: {},
  });
  // How the card behaves when charged, as a PaymentMethod view with the card's id.
  card._pm = blank('payment_method', {
    _authenticate: c.authenticate ?? false,
    _decline: c.decline ?? null,
    billing_details: {address: {city: null, country: null, line1: null, line2: null, postal_code: null, state: null}, email: null, name: null, phone: null},
    card: {brand: c.brand, checks: {address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass'}, country: c.country, exp_month: 12, exp_year: card.exp_year, fingerprint: card.fingerprint, funding: c.funding, generated_from: null, last4: c.last4, networks: {available: [c.brand], preferred: null}, three_d_secure_usage: {supported: true}, wallet: null},
    created: Math.floor(Date.now() / 1000),
    customer: customer.id,
    id,
    metadata: {},
    type: 'card',
  });
  await api.store.insert(req.account, card);
  if (!customer.default_source) {
    customer.default_source = id;
    await api.store.save(req.account, customer);
  }
  await api.emit(req, 'customer.source.created', card);
  return card;
}
