/**
 * Legacy card sources (`source: tok_visa` on a customer, `/v1/customers/{id}/sources`). A card can be
 * charged wherever a PaymentMethod id is accepted, as on Stripe.
 */
import {missingParam} from '../errors.js';
import {str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {metadataOf, saveUpdate} from '../update.js';
import {addSource} from '../engines/sources.js';

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
  r.get('/v1/customers/{customer}/sources', async (req, api) => {
    // A list under a customer that does not exist is Stripe's 404, not an empty list.
    const customer = await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    return listOf(api, req, 'card', {eq: {customer: customer.id}});
  });
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
