/** The lifecycle behind prices (used by its routes and by other engines; imports no route module). */
import type {Api, Req} from '../api.js';
import {invalid, missingParam} from '../errors.js';
import {bool, type Form, int, obj, str} from '../forms.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {metadataOf} from '../update.js';

const INTERVALS = ['day', 'week', 'month', 'year'];

export async function createPrice(api: Api, req: Req, p: Form, id = newId('price')): Promise<Obj> {
  const currency = str(p.currency)?.toLowerCase();
  if (!currency) throw missingParam('currency');
  let product = str(p.product);
  const productData = obj(p.product_data);
  if (!product && productData) {
    if (!str(productData.name)) throw missingParam('product_data[name]');
    const now = Math.floor(Date.now() / 1000);
    const prod = blank('product', {active: true, created: now, id: str(productData.id) ?? newId('prod', 14), metadata: metadataOf(productData.metadata), name: str(productData.name), updated: now});
    await api.store.insert(req.account, prod);
    await api.emit(req, 'product.created', prod);
    product = prod.id;
  }
  if (!product) throw missingParam('product');
  await api.store.must(req.account, 'product', product, 'product');
  const unitAmount = int(p.unit_amount) ?? (str(p.unit_amount_decimal) ? Math.round(Number(p.unit_amount_decimal)) : undefined);
  const scheme = str(p.billing_scheme) ?? 'per_unit';
  if (unitAmount === undefined && scheme === 'per_unit' && !obj(p.custom_unit_amount)) throw missingParam('unit_amount');
  const rec = obj(p.recurring);
  if (rec && !INTERVALS.includes(str(rec.interval) ?? '')) throw invalid('Invalid recurring[interval]: must be one of day, week, month, or year', 'recurring[interval]');
  const price = blank('price', {
    active: bool(p.active) ?? true,
    billing_scheme: scheme,
    created: Math.floor(Date.now() / 1000),
    currency,
    custom_unit_amount: obj(p.custom_unit_amount) ? {maximum: null, minimum: null, preset: null, ...obj(p.custom_unit_amount)} : null,
    id,
    lookup_key: str(p.lookup_key) ?? null,
    metadata: metadataOf(p.metadata),
    nickname: str(p.nickname) ?? null,
    product,
    recurring: rec
      ? {aggregate_usage: str(rec.aggregate_usage) ?? null, interval: str(rec.interval), interval_count: int(rec.interval_count) ?? 1, trial_period_days: int(rec.trial_period_days) ?? null, usage_type: str(rec.usage_type) ?? 'licensed'}
      : null,
    tax_behavior: str(p.tax_behavior) ?? 'unspecified',
    tiers_mode: str(p.tiers_mode) ?? null,
    transform_quantity: obj(p.transform_quantity) ?? null,
    type: rec ? 'recurring' : 'one_time',
    unit_amount: unitAmount ?? null,
    unit_amount_decimal: unitAmount === undefined ? null : String(unitAmount),
  });
  await api.store.insert(req.account, price);
  await api.emit(req, 'price.created', price);
  return price;
}

/** The legacy Plan view of a recurring price. */
export function planOf(price: Obj): Obj {
  return blank('plan', {
    active: price.active,
    aggregate_usage: price.recurring?.aggregate_usage ?? null,
    amount: price.unit_amount,
    amount_decimal: price.unit_amount_decimal,
    billing_scheme: price.billing_scheme,
    created: price.created,
    currency: price.currency,
    id: price.id,
    interval: price.recurring?.interval ?? 'month',
    interval_count: price.recurring?.interval_count ?? 1,
    metadata: price.metadata,
    nickname: price.nickname,
    product: price.product,
    tiers_mode: price.tiers_mode,
    transform_usage: null,
    trial_period_days: price.recurring?.trial_period_days ?? null,
    usage_type: price.recurring?.usage_type ?? 'licensed',
  });
}
