/** Prices (one-time and recurring) and legacy plans, which subscriptions accept in their place. */
import type {Api, Req} from '../api.js';
import {invalid, missingParam} from '../errors.js';
import {bool, type Form, int, list, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {searchOf} from '../search.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {applyUpdate, metadataOf, saveUpdate} from '../update.js';

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

export function register(r: Router): void {
  r.post('/v1/prices', async (req, api) => createPrice(api, req, req.params));

  r.get('/v1/prices/search', async (req, api) => searchOf(api, req, 'price', ['active', 'currency', 'lookup_key', 'metadata', 'product', 'type']));

  r.get('/v1/prices/{price}', async (req, api) => api.store.must(req.account, 'price', req.path.price, 'price'));

  r.post('/v1/prices/{price}', async (req, api) => {
    const price = await api.store.must(req.account, 'price', req.path.price, 'price');
    return saveUpdate(req, api, price, ['active', 'lookup_key', 'metadata', 'nickname', 'tax_behavior'], 'price.updated');
  });

  r.get('/v1/prices', async (req, api) => {
    const lookup = list(req.params.lookup_keys).map(String);
    const rec = obj(req.params.recurring);
    const res = await listOf(api, req, 'price', {
      eq: {active: bool(req.params.active), currency: str(req.params.currency), product: str(req.params.product), type: str(req.params.type)},
      ...(lookup.length > 0 ? {where: {args: [lookup], sql: "data->>'lookup_key' = ANY($1)"}} : {}),
    });
    if (rec?.interval) res.data = res.data.filter((p) => p.recurring?.interval === rec.interval);
    return res;
  });

  // Plans: stored as recurring prices with the same id, shown as plan objects.
  r.post('/v1/plans', async (req, api) => {
    const p = req.params;
    const interval = str(p.interval);
    if (!interval) throw missingParam('interval');
    const product = typeof p.product === 'string' ? {product: p.product} : {product: undefined, product_data: p.product};
    const price = await createPrice(
      api,
      req,
      {...p, ...product, recurring: {interval, interval_count: p.interval_count, trial_period_days: p.trial_period_days, usage_type: p.usage_type}, unit_amount: p.amount ?? p.unit_amount},
      str(p.id) ?? newId('price'),
    );
    const plan = planOf(price);
    await api.emit(req, 'plan.created', plan);
    return plan;
  });
  r.get('/v1/plans/{plan}', async (req, api) => planOf(await api.store.must(req.account, 'price', req.path.plan, 'plan')));
  r.post('/v1/plans/{plan}', async (req, api) => {
    const price = await api.store.must(req.account, 'price', req.path.plan, 'plan');
    const prev = applyUpdate(price, req.params, ['active', 'metadata', 'nickname']);
    await api.store.save(req.account, price);
    if (Object.keys(prev).length > 0) await api.emit(req, 'plan.updated', planOf(price), prev);
    return planOf(price);
  });
  r.del('/v1/plans/{plan}', async (req, api) => {
    const price = await api.store.must(req.account, 'price', req.path.plan, 'plan');
    price.active = false;
    price._deleted = true;
    await api.store.save(req.account, price);
    await api.emit(req, 'plan.deleted', planOf(price));
    return {deleted: true, id: price.id, object: 'plan'};
  });
  r.get('/v1/plans', async (req, api) => {
    const res = await listOf(api, req, 'price', {eq: {active: bool(req.params.active), product: str(req.params.product), type: 'recurring'}});
    return {...res, data: res.data.map(planOf)};
  });
}
