/** Prices (one-time and recurring) and legacy plans, which subscriptions accept in their place. */
import {missingParam} from '../errors.js';
import {bool, list, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {searchOf} from '../search.js';
import {newId} from '../shapes.js';
import {applyUpdate, saveUpdate} from '../update.js';
import {createPrice, planOf} from '../engines/prices.js';

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
