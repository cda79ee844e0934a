/** The lifecycle behind payment methods (used by its routes and by other engines; imports no route module). */
import type {Api, Req} from '../api.js';
import {cardForToken, type Decline, fingerprint, isTestToken, type TestCard, unknownToken} from './cards.js';
import {cardError} from './payments.js';
import {invalid} from '../errors.js';
import {type Form, obj, str} from '../forms.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {metadataOf} from '../update.js';

export function build(c: TestCard, created: number, billing: Form | undefined, metadata: unknown, exp?: {month?: number; year?: number}): Obj {
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
