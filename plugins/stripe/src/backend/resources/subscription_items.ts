/** Subscription items, stored inside their subscription: list, retrieve, create, update, delete. */
import type {Api, Req} from '../api.js';
import {invalid, missingParam, noSuch} from '../errors.js';
import {int, str} from '../forms.js';
import {listFrom} from '../lists.js';
import type {Router} from '../router.js';
import type {Obj} from '../store.js';
import {applyUpdate} from '../update.js';
import {planOf} from '../engines/prices.js';
import {buildItem} from '../engines/subscriptions.js';

async function owner(api: Api, req: Req, itemId: string): Promise<{sub: Obj; item: Obj}> {
  const r = await api.ctx.db.query("SELECT data FROM objects WHERE account = $1 AND type = 'subscription' AND data->'items'->'data' @> $2::jsonb", [req.account, JSON.stringify([{id: itemId}])]);
  const sub = r.rows[0]?.data as Obj | undefined;
  const item = (sub?.items.data as Obj[] | undefined)?.find((x) => x.id === itemId);
  if (!sub || !item) throw noSuch('subscription item', itemId, 'item');
  return {item, sub};
}

async function saveSub(api: Api, req: Req, sub: Obj, prev: Obj): Promise<void> {
  sub.items.total_count = sub.items.data.length;
  await api.store.save(req.account, sub);
  await api.emit(req, 'customer.subscription.updated', sub, {items: prev});
}

export function register(r: Router): void {
  r.get('/v1/subscription_items', async (req, api) => {
    const id = str(req.params.subscription);
    if (!id) throw missingParam('subscription');
    const sub = await api.store.must(req.account, 'subscription', id, 'subscription');
    return listFrom(sub.items.data, req.url);
  });
  r.get('/v1/subscription_items/{item}', async (req, api) => (await owner(api, req, req.path.item!)).item);
  r.post('/v1/subscription_items', async (req, api) => {
    const sub = await api.store.must(req.account, 'subscription', str(req.params.subscription), 'subscription');
    const prev = structuredClone(sub.items);
    const item = await buildItem(api, req, sub, req.params, 'price', await api.now(req.account, sub._clock));
    sub.items.data.push(item);
    await saveSub(api, req, sub, prev);
    return item;
  });
  r.post('/v1/subscription_items/{item}', async (req, api) => {
    const {sub, item} = await owner(api, req, req.path.item!);
    const prev = structuredClone(sub.items);
    if (str(req.params.price)) {
      const price = await api.store.must(req.account, 'price', str(req.params.price), 'price');
      item.price = price;
      item.plan = planOf(price);
    }
    if (int(req.params.quantity) !== undefined) item.quantity = int(req.params.quantity);
    applyUpdate(item, req.params, ['metadata']);
    await saveSub(api, req, sub, prev);
    return item;
  });
  r.del('/v1/subscription_items/{item}', async (req, api) => {
    const {sub, item} = await owner(api, req, req.path.item!);
    if (sub.items.data.length === 1) throw invalid('A subscription must have at least one active plan. To cancel a subscription, please use the cancel API endpoint on /v1/subscriptions.');
    const prev = structuredClone(sub.items);
    sub.items.data = sub.items.data.filter((x: Obj) => x.id !== item.id);
    await saveSub(api, req, sub, prev);
    return {deleted: true, id: item.id, object: 'subscription_item'};
  });
}
