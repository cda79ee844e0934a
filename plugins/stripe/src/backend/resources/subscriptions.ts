/** Subscriptions: create (first invoice paid at once, or a trial), update items and settings, cancel, list, search. */
import {cancelSubscription} from '../engines/billing.js';
import {invalid} from '../errors.js';
import {obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {searchOf} from '../search.js';
import {createSubscription, update} from '../engines/subscriptions.js';

export function register(r: Router): void {
  r.post('/v1/subscriptions', async (req, api) => createSubscription(api, req));
  r.get('/v1/subscriptions/search', async (req, api) => searchOf(api, req, 'subscription', ['created', 'metadata', 'status']));
  r.get('/v1/subscriptions/{subscription_exposed_id}', async (req, api) => api.store.must(req.account, 'subscription', req.path.subscription_exposed_id, 'subscription_exposed_id'));
  r.post('/v1/subscriptions/{subscription_exposed_id}', async (req, api) => update(api, req));
  r.del('/v1/subscriptions/{subscription_exposed_id}', async (req, api) => {
    const sub = await api.store.must(req.account, 'subscription', req.path.subscription_exposed_id, 'subscription_exposed_id');
    if (sub.status === 'canceled') throw invalid(`No such subscription: '${sub.id}'`, 'subscription_exposed_id', 'resource_missing', 404);
    const details = obj(req.params.cancellation_details);
    return cancelSubscription(api, req, sub, await api.now(req.account, sub._clock), 'cancellation_requested', str(details?.comment) ?? null);
  });
  r.get('/v1/subscriptions', async (req, api) => {
    const status = str(req.params.status);
    const price = str(req.params.price);
    return listOf(api, req, 'subscription', {
      eq: {customer: str(req.params.customer), status: status && !['all', 'ended'].includes(status) ? status : undefined, test_clock: str(req.params.test_clock)},
      where: {
        args: price ? [JSON.stringify([{price: {id: price}}])] : [],
        sql: [
          !status ? "data->>'status' NOT IN ('canceled', 'incomplete_expired')" : status === 'ended' ? "data->>'status' IN ('canceled', 'incomplete_expired')" : 'true',
          price ? "data->'items'->'data' @> $1::jsonb" : 'true',
        ].join(' AND '),
      },
    });
  });
}
