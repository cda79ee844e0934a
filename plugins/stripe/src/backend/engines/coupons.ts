/** The lifecycle behind coupons (used by its routes and by other engines; imports no route module). */
import type {Api, Req} from '../api.js';
import {invalid} from '../errors.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';

/** Put a coupon on a customer as its discount; emits customer.discount.created or .updated. */
export async function applyCustomerCoupon(api: Api, req: Req, customer: Obj, couponId: string, promotionCode: string | null = null): Promise<void> {
  const coupon = await api.store.must(req.account, 'coupon', couponId, 'coupon');
  if (!coupon.valid) throw invalid(`Coupon expired: ${coupon.id}`, 'coupon', 'coupon_expired');
  const now = await api.now(req.account, customer.test_clock);
  const previous = customer.discount;
  customer.discount = blank('discount', {
    coupon,
    customer: customer.id,
    end: coupon.duration === 'repeating' && coupon.duration_in_months ? now + coupon.duration_in_months * 30 * 86_400 : null,
    id: newId('di'),
    promotion_code: promotionCode,
    source: {coupon: coupon.id, type: 'coupon'},
    start: now,
  });
  coupon.times_redeemed += 1;
  await api.store.save(req.account, coupon);
  await api.store.save(req.account, customer);
  await api.emit(req, previous ? 'customer.discount.updated' : 'customer.discount.created', customer.discount, previous ? {coupon: previous.coupon} : undefined);
}
