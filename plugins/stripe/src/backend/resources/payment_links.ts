/** Payment links: a shareable URL for a fixed set of line items; create, update, list, line items. */
import {randomString} from '@asym/template-kit';

import {missingParam} from '../errors.js';
import {bool, int, list, obj, str} from '../forms.js';
import {listFrom, listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {metadataOf, saveUpdate} from '../update.js';

export function register(r: Router): void {
  r.post('/v1/payment_links', async (req, api) => {
    const items: Obj[] = [];
    for (const [i, raw] of list(req.params.line_items).entries()) {
      const li = obj(raw) ?? {};
      const price = await api.store.must(req.account, 'price', str(li.price), `line_items[${i}][price]`);
      const product = await api.store.get(req.account, price.product);
      const quantity = int(li.quantity) ?? 1;
      const amount = (price.unit_amount ?? 0) * quantity;
      items.push({amount_discount: 0, amount_subtotal: amount, amount_tax: 0, amount_total: amount, currency: price.currency, description: product?.name ?? '', id: `li_${randomString(24)}`, object: 'item', price, quantity});
    }
    if (items.length === 0) throw missingParam('line_items');
    const recurring = items.some((i) => i.price.type === 'recurring');
    const link = blank('payment_link', {
      _line_items: items,
      active: true,
      allow_promotion_codes: bool(req.params.allow_promotion_codes) ?? false,
      currency: items[0]!.currency,
      customer_creation: recurring ? 'always' : 'if_required',
      id: newId('plink'),
      metadata: metadataOf(req.params.metadata),
      restrictions: null,
      url: `https://buy.stripe.com/test_${randomString(14)}`,
    });
    await api.store.insert(req.account, link);
    await api.emit(req, 'payment_link.created', link);
    return link;
  });
  r.get('/v1/payment_links/{payment_link}', async (req, api) => api.store.must(req.account, 'payment_link', req.path.payment_link, 'payment_link'));
  r.get('/v1/payment_links/{payment_link}/line_items', async (req, api) => listFrom((await api.store.must(req.account, 'payment_link', req.path.payment_link, 'payment_link'))._line_items, req.url));
  r.post('/v1/payment_links/{payment_link}', async (req, api) => {
    const link = await api.store.must(req.account, 'payment_link', req.path.payment_link, 'payment_link');
    return saveUpdate(req, api, link, ['active', 'allow_promotion_codes', 'billing_address_collection', 'customer_creation', 'metadata', 'after_completion', 'inactive_message'], 'payment_link.updated');
  });
  r.get('/v1/payment_links', async (req, api) => listOf(api, req, 'payment_link', {eq: {active: bool(req.params.active)}}));
}
