/** PaymentMethods: created from test tokens or numbers, attached to and detached from customers. */
import type {Api, Req} from '../api.js';
import {cardForNumber, cardForToken, type Decline, fingerprint, isTestToken, type TestCard, unknownToken} from '../cards.js';
import {cardError} from '../payments.js';
import {invalid, missingParam} from '../errors.js';
import {type Form, int, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {applyUpdate, metadataOf} from '../update.js';

function build(c: TestCard, created: number, billing: Form | undefined, metadata: unknown, exp?: {month?: number; year?: number}): Obj {
  const address = obj(billing?.address);
  return blank('payment_method', {
    _authenticate: c.authenticate ?? false,
    _available: c.available ?? false,
    _dispute: c.dispute ?? null,
    _decline: c.decline ?? null,
    billing_details: {
      address: {city: null, country: null, line1: null, line2: null, postal_code: null, state: null, ...(address ?? {})},
      email: str(billing?.email) ?? null,
      name: str(billing?.name) ?? null,
      phone: str(billing?.phone) ?? null,
    },
    card: {
      brand: c.brand,
      checks: {address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass'},
      country: c.country,
      display_brand: c.brand,
      exp_month: exp?.month ?? 12,
      exp_year: exp?.year ?? new Date().getUTCFullYear() + 3,
      fingerprint: fingerprint(c),
      funding: c.funding,
      generated_from: null,
      last4: c.last4,
      networks: {available: [c.brand], preferred: null},
      three_d_secure_usage: {supported: true},
      wallet: null,
    },
    created,
    id: newId('pm'),
    metadata: metadataOf(metadata),
    type: 'card',
  });
}

/**
 * The PaymentMethod a parameter names: an existing `pm_…`, or a fresh one made from a test token
 * (every use of `pm_card_visa` creates a new PaymentMethod, as on Stripe).
 */
export async function resolvePaymentMethod(api: Api, req: Req, value: string, param: string): Promise<Obj> {
  if (isTestToken(value)) {
    const c = cardForToken(value);
    if (!c) throw unknownToken(value, param);
    const pm = build(c, Math.floor(Date.now() / 1000), undefined, undefined);
    return api.store.insert(req.account, pm);
  }
  return loadPaymentMethod(api, req, value, param);
}

/** A stored PaymentMethod, or the PaymentMethod view of a legacy card source. */
export async function loadPaymentMethod(api: Api, req: Req, id: string, param = 'payment_method'): Promise<Obj> {
  const pm = await api.store.get(req.account, id);
  if (pm?.object === 'card' && pm._pm) return pm._pm as Obj;
  if (!pm || pm.object !== 'payment_method') throw invalid(`No such PaymentMethod: '${id}'`, param, 'resource_missing', 400);
  return pm;
}

export async function attach(api: Api, req: Req, pm: Obj, customer: Obj): Promise<Obj> {
  if (pm.customer === customer.id) return pm;
  if (pm.customer) {
    throw invalid('The payment method you provided has already been attached to a customer.', 'payment_method', 'payment_method_unexpected_state');
  }
  checkAttachable(pm);
  pm.customer = customer.id;
  await api.store.save(req.account, pm);
  await api.emit(req, 'payment_method.attached', pm);
  return pm;
}

/**
 * Attaching validates the card with the issuer: declining test cards fail here with a 402 card
 * error, except `chargeCustomerFail` (…0341), which attaches and then fails every charge.
 */
export function checkAttachable(pm: Obj): void {
  const d = pm._decline as Decline | null;
  if (d && pm.card?.last4 !== '0341') throw cardError(d, {payment_method: pm});
}

export function register(r: Router): void {
  r.post('/v1/payment_methods', async (req, api) => {
    const p = req.params;
    if (str(p.payment_method)) {
      // Cloning a customer's PaymentMethod (Connect) is out of scope; hand back a copy.
      const src = await api.store.must(req.account, 'payment_method', str(p.payment_method), 'payment_method');
      return api.store.insert(req.account, {...structuredClone(src), customer: null, id: newId('pm')});
    }
    const type = str(p.type);
    if (!type) throw missingParam('type');
    if (type === 'sepa_debit') {
      const iban = str(obj(p.sepa_debit)?.iban)?.replaceAll(/\s+/g, '').toUpperCase();
      if (!iban) throw missingParam('sepa_debit[iban]');
      if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) throw invalid('The IBAN you provided appears to be invalid.', 'sepa_debit[iban]', 'invalid_bank_account_iban');
      const pm = build({brand: 'sepa', country: iban.slice(0, 2), funding: 'debit', last4: iban.slice(-4)}, Math.floor(Date.now() / 1000), obj(p.billing_details), p.metadata);
      delete pm.card;
      pm.type = 'sepa_debit';
      pm._authenticate = false;
      // Stripe's test IBANs whose debit fails after processing.
      pm._debit_fails = ['AT861904300235473202', 'IT60X0542811101000000123456', 'DE62370400440532013001'].includes(iban);
      pm.sepa_debit = {bank_code: iban.slice(4, 9), branch_code: '', country: iban.slice(0, 2), fingerprint: fingerprint({brand: 'sepa', country: '', funding: 'debit', last4: iban}), generated_from: {charge: null, setup_attempt: null}, last4: iban.slice(-4)};
      return api.store.insert(req.account, pm);
    }
    if (type !== 'card') throw invalid(`The payment method type "${type}" is not supported by this clone; use "card" or "sepa_debit".`, 'type', 'payment_method_invalid_parameter');
    const cardParams = obj(p.card) ?? {};
    let c: TestCard | undefined;
    if (str(cardParams.token)) {
      c = cardForToken(str(cardParams.token)!);
      if (!c) throw invalid(`No such token: '${str(cardParams.token)}'`, 'card[token]', 'resource_missing');
    } else if (str(cardParams.number)) c = cardForNumber(str(cardParams.number)!);
    else throw missingParam('card');
    const pm = build(c, Math.floor(Date.now() / 1000), obj(p.billing_details), p.metadata, {month: int(cardParams.exp_month), year: int(cardParams.exp_year)});
    return api.store.insert(req.account, pm);
  });

  r.get('/v1/payment_methods/{payment_method}', async (req, api) => api.store.must(req.account, 'payment_method', req.path.payment_method, 'payment_method'));

  r.post('/v1/payment_methods/{payment_method}', async (req, api) => {
    const pm = await api.store.must(req.account, 'payment_method', req.path.payment_method, 'payment_method');
    const prev = applyUpdate(pm, req.params, ['metadata', 'allow_redisplay']);
    if (req.params.billing_details) {
      prev.billing_details = structuredClone(pm.billing_details);
      const b = obj(req.params.billing_details)!;
      pm.billing_details = {...pm.billing_details, ...b, address: {...pm.billing_details.address, ...(obj(b.address) ?? {})}};
    }
    const card = obj(req.params.card);
    if (card) {
      prev.card = structuredClone(pm.card);
      if (int(card.exp_month)) pm.card.exp_month = int(card.exp_month);
      if (int(card.exp_year)) pm.card.exp_year = int(card.exp_year);
    }
    await api.store.save(req.account, pm);
    if (Object.keys(prev).length > 0) await api.emit(req, 'payment_method.updated', pm, prev);
    return pm;
  });

  r.get('/v1/payment_methods', async (req, api) => {
    const customer = str(req.params.customer);
    if (customer) await api.store.must(req.account, 'customer', customer, 'customer');
    return listOf(api, req, 'payment_method', {eq: {customer, type: str(req.params.type)}});
  });

  r.post('/v1/payment_methods/{payment_method}/attach', async (req, api) => {
    const customerId = str(req.params.customer);
    if (!customerId) throw missingParam('customer');
    const customer = await api.store.must(req.account, 'customer', customerId, 'customer');
    const pm = await resolvePaymentMethod(api, req, req.path.payment_method!, 'payment_method');
    return attach(api, req, pm, customer);
  });

  r.post('/v1/payment_methods/{payment_method}/detach', async (req, api) => {
    const pm = await api.store.must(req.account, 'payment_method', req.path.payment_method, 'payment_method');
    if (!pm.customer) throw invalid('The payment method you provided is not attached to a customer so detachment is impossible.', undefined, 'payment_method_unexpected_state');
    const prev = {customer: pm.customer};
    pm.customer = null;
    await api.store.save(req.account, pm);
    await api.emit(req, 'payment_method.detached', pm, prev);
    return pm;
  });
}
