/**
 * Legacy card sources (`source: tok_visa` on a customer, `/v1/customers/{id}/sources`). A card can be
 * charged wherever a PaymentMethod id is accepted, as on Stripe.
 */
import type {Api, Req} from '../api.js';
import {invalid, missingParam, noSuch} from '../errors.js';
import type {Obj} from '../store.js';
import {str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {metadataOf, saveUpdate} from '../update.js';
import {addSource} from '../engines/sources.js';

/** A card or bank account of the customer in the path, or Stripe's 404. */
async function sourceOf(api: Api, req: Req): Promise<Obj> {
  const o = await api.store.get(req.account, req.path.id!);
  if (!o || o._deleted || !['card', 'bank_account'].includes(o.object) || o.customer !== req.path.customer) throw noSuch('source', req.path.id ?? '', 'id');
  return o;
}

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
    return listOf(api, req, str(req.params.object) === 'bank_account' ? 'bank_account' : 'card', {eq: {customer: customer.id}});
  });
  r.get('/v1/customers/{customer}/sources/{id}', async (req, api) => sourceOf(api, req));
  // Bank accounts are verified with the two micro-deposits Stripe's test mode sends: 32 and 45 cents.
  r.post('/v1/customers/{customer}/sources/{id}/verify', async (req, api) => {
    const ba = await sourceOf(api, req);
    if (ba.object !== 'bank_account') throw invalid('Only bank account sources can be verified.', 'id');
    if (ba.status === 'verified') throw invalid('This bank account has already been verified.', undefined, 'bank_account_verification_failed');
    const amounts = (Array.isArray(req.params.amounts) ? req.params.amounts : []).map(Number);
    if (amounts.length !== 2) throw missingParam('amounts');
    if (amounts[0] !== 32 || amounts[1] !== 45) throw invalid('The amounts provided do not match the amounts that were sent to the bank account.', 'amounts', 'bank_account_verification_failed');
    ba.status = 'verified';
    await api.store.save(req.account, ba);
    await api.emit(req, 'customer.source.updated', ba, {status: 'new'});
    return ba;
  });
  r.post('/v1/customers/{customer}/sources/{id}', async (req, api) => {
    const card = await sourceOf(api, req);
    return saveUpdate(req, api, card, ['metadata', 'name', 'exp_month', 'exp_year', 'address_city', 'address_country', 'address_line1', 'address_line2', 'address_state', 'address_zip'], 'customer.source.updated');
  });
  r.del('/v1/customers/{customer}/sources/{id}', async (req, api) => {
    const card = await sourceOf(api, req);
    await api.store.remove(req.account, card.id);
    const customer = await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    if (customer.default_source === card.id) {
      customer.default_source = null;
      await api.store.save(req.account, customer);
    }
    await api.emit(req, 'customer.source.deleted', card);
    return {deleted: true, id: card.id, object: card.object};
  });
}
