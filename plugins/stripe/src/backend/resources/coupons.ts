/** Coupons, promotion codes, tax rates, and a customer's discount (`coupon` on the customer). */
import {randomString} from '@asym/template-kit';

import type {Api, Req} from '../api.js';
import {invalid, missingParam} from '../errors.js';
import {bool, int, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {metadataOf, saveUpdate} from '../update.js';

/** Take a customer's or subscription's discount away (`customer.discount.deleted`); 404 when it has none. */
async function removeDiscount(api: Api, req: Req, owner: Obj, kind: 'customer' | 'subscription'): Promise<Obj> {
  const d = owner.discount;
  if (!d) throw invalid(`No active discount for ${kind}: '${owner.id}'`, undefined, 'resource_missing', 404);
  owner.discount = null;
  if (Array.isArray(owner.discounts)) owner.discounts = owner.discounts.filter((x: unknown) => x !== d.id && (x as Obj)?.id !== d.id);
  await api.store.save(req.account, owner);
  await api.emit(req, 'customer.discount.deleted', d);
  return {...d, deleted: true, object: 'discount'};
}

export function register(r: Router): void {
  r.post('/v1/coupons', async (req, api) => {
    const p = req.params;
    const percent = p.percent_off === undefined ? undefined : Number(p.percent_off);
    const amount = int(p.amount_off);
    if (percent === undefined && amount === undefined) throw invalid('Must provide either `percent_off` or `amount_off`.', 'percent_off', 'parameter_missing');
    if (amount !== undefined && !str(p.currency)) throw missingParam('currency');
    const duration = str(p.duration) ?? 'once';
    if (duration === 'repeating' && !int(p.duration_in_months)) throw missingParam('duration_in_months');
    const id = str(p.id) ?? randomString(8);
    if (await api.store.get(req.account, id)) throw invalid('Coupon already exists.', 'id', 'resource_already_exists');
    const coupon = blank('coupon', {
      amount_off: amount ?? null,
      created: Math.floor(Date.now() / 1000),
      currency: str(p.currency)?.toLowerCase() ?? null,
      duration,
      duration_in_months: int(p.duration_in_months) ?? null,
      id,
      max_redemptions: int(p.max_redemptions) ?? null,
      metadata: metadataOf(p.metadata),
      name: str(p.name) ?? null,
      percent_off: percent ?? null,
      redeem_by: int(p.redeem_by) ?? null,
      valid: true,
    });
    await api.store.insert(req.account, coupon);
    await api.emit(req, 'coupon.created', coupon);
    return coupon;
  });
  r.get('/v1/coupons/{coupon}', async (req, api) => api.store.must(req.account, 'coupon', req.path.coupon, 'coupon'));
  r.post('/v1/coupons/{coupon}', async (req, api) => {
    const coupon = await api.store.must(req.account, 'coupon', req.path.coupon, 'coupon');
    return saveUpdate(req, api, coupon, ['metadata', 'name'], 'coupon.updated');
  });
  r.del('/v1/coupons/{coupon}', async (req, api) => {
    const coupon = await api.store.must(req.account, 'coupon', req.path.coupon, 'coupon');
    coupon._deleted = true;
    coupon.valid = false;
    await api.store.save(req.account, coupon);
    await api.emit(req, 'coupon.deleted', coupon);
    return {deleted: true, id: coupon.id, object: 'coupon'};
  });
  r.get('/v1/coupons', async (req, api) => listOf(api, req, 'coupon'));

  r.del('/v1/customers/{customer}/discount', async (req, api) =>
    removeDiscount(api, req, await api.store.must(req.account, 'customer', req.path.customer, 'customer'), 'customer'),
  );
  r.del('/v1/subscriptions/{subscription_exposed_id}/discount', async (req, api) =>
    removeDiscount(api, req, await api.store.must(req.account, 'subscription', req.path.subscription_exposed_id, 'subscription_exposed_id'), 'subscription'),
  );

  r.post('/v1/promotion_codes', async (req, api) => {
    const p = req.params;
    // Versions since 2025 name the coupon under `promotion` (`promotion[type]=coupon&promotion[coupon]=…`).
    const promotion = obj(p.promotion);
    if (!str(p.coupon) && !promotion) throw missingParam('promotion');
    if (promotion && str(promotion.type) !== 'coupon') throw invalid(`Invalid promotion[type]: must be coupon`, 'promotion[type]');
    const couponId = str(p.coupon) ?? str(promotion?.coupon);
    const coupon = await api.store.must(req.account, 'coupon', couponId, str(p.coupon) ? 'coupon' : 'promotion[coupon]');
    const code = str(p.code) ?? randomString(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789');
    const promo = blank('promotion_code', {
      _code: code.toUpperCase(),
      active: bool(p.active) ?? true,
      code,
      coupon,
      created: Math.floor(Date.now() / 1000),
      customer: str(p.customer) ?? null,
      expires_at: int(p.expires_at) ?? null,
      id: newId('promo'),
      max_redemptions: int(p.max_redemptions) ?? null,
      metadata: metadataOf(p.metadata),
      promotion: {coupon: coupon.id, type: 'coupon'},
      restrictions: {currency_options: {}, first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null},
    });
    await api.store.insert(req.account, promo);
    await api.emit(req, 'promotion_code.created', promo);
    return promo;
  });
  r.get('/v1/promotion_codes/{promotion_code}', async (req, api) => api.store.must(req.account, 'promotion_code', req.path.promotion_code, 'promotion_code'));
  r.post('/v1/promotion_codes/{promotion_code}', async (req, api) => {
    const promo = await api.store.must(req.account, 'promotion_code', req.path.promotion_code, 'promotion_code');
    return saveUpdate(req, api, promo, ['active', 'metadata'], 'promotion_code.updated');
  });
  r.get('/v1/promotion_codes', async (req, api) =>
    listOf(api, req, 'promotion_code', {eq: {active: bool(req.params.active), code: str(req.params.code), customer: str(req.params.customer)}}),
  );

  r.post('/v1/tax_rates', async (req, api) => {
    const p = req.params;
    if (!str(p.display_name)) throw missingParam('display_name');
    if (p.percentage === undefined) throw missingParam('percentage');
    if (p.inclusive === undefined) throw missingParam('inclusive');
    const rate = blank('tax_rate', {
      active: bool(p.active) ?? true,
      country: str(p.country) ?? null,
      created: Math.floor(Date.now() / 1000),
      description: str(p.description) ?? null,
      display_name: str(p.display_name),
      effective_percentage: Number(p.percentage),
      flat_amount: null,
      id: newId('txr'),
      inclusive: bool(p.inclusive),
      jurisdiction: str(p.jurisdiction) ?? null,
      metadata: metadataOf(p.metadata),
      percentage: Number(p.percentage),
      rate_type: 'percentage',
      state: str(p.state) ?? null,
      tax_type: str(p.tax_type) ?? null,
    });
    await api.store.insert(req.account, rate);
    await api.emit(req, 'tax_rate.created', rate);
    return rate;
  });
  r.get('/v1/tax_rates/{tax_rate}', async (req, api) => api.store.must(req.account, 'tax_rate', req.path.tax_rate, 'tax_rate'));
  r.post('/v1/tax_rates/{tax_rate}', async (req, api) => {
    const rate = await api.store.must(req.account, 'tax_rate', req.path.tax_rate, 'tax_rate');
    return saveUpdate(req, api, rate, ['active', 'country', 'description', 'display_name', 'jurisdiction', 'metadata', 'state', 'tax_type'], 'tax_rate.updated');
  });
  r.get('/v1/tax_rates', async (req, api) => listOf(api, req, 'tax_rate', {eq: {active: bool(req.params.active), inclusive: bool(req.params.inclusive)}}));
}
