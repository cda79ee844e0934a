/**
 * Legacy card sources (`source: tok_visa` on a customer, `/v1/customers/{id}/sources`). A card can be
 * charged wherever a PaymentMethod id is accepted, as on Stripe.
 */
import type {Api, Req} from '../api.js';
import {cardForToken, fingerprint} from '../cards.js';
import {invalid, missingParam} from '../errors.js';
import {str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {metadataOf, saveUpdate} from '../update.js';

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

export function register(r: Router): void {
  r.post('/v1/customers/{customer}/sources', async (req, api) => {
    const customer = await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    const token = str(req.params.source);
    if (!token) throw missingParam('source');
    const card = await addSource(api, req, customer, token);
    if (req.params.metadata) card.metadata = metadataOf(req.params.metadata);
    await api.store.save(req.account, card);
    return card;
  });
  r.get('/v1/customers/{customer}/sources', async (req, api) => listOf(api, req, 'card', {eq: {customer: req.path.customer}}));
  r.get('/v1/customers/{customer}/sources/{id}', async (req, api) => api.store.must(req.account, 'card', req.path.id, 'id'));
  r.post('/v1/customers/{customer}/sources/{id}', async (req, api) => {
    const card = await api.store.must(req.account, 'card', req.path.id, 'id');
    return saveUpdate(req, api, card, ['metadata', 'name', 'exp_month', 'exp_year', 'address_city', 'address_country', 'address_line1', 'address_line2', 'address_state', 'address_zip'], 'customer.source.updated');
  });
  r.del('/v1/customers/{customer}/sources/{id}', async (req, api) => {
    const card = await api.store.must(req.account, 'card', req.path.id, 'id');
    await api.store.remove(req.account, card.id);
    const customer = await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    if (customer.default_source === card.id) {
      customer.default_source = null;
      await api.store.save(req.account, customer);
    }
    await api.emit(req, 'customer.source.deleted', card);
    return {deleted: true, id: card.id, object: 'card'};
  });
}
