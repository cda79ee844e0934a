/** Products: CRUD, list, search; `default_price_data` creates the default price. */
import {invalid, missingParam} from '../errors.js';
import {bool, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {searchOf} from '../search.js';
import {blank, newId} from '../shapes.js';
import {applyUpdate, metadataOf} from '../update.js';
import {createPrice} from '../engines/prices.js';

const FIELDS = ['active', 'description', 'images', 'metadata', 'name', 'package_dimensions', 'shippable', 'statement_descriptor', 'tax_code', 'unit_label', 'url', 'features', 'marketing_features'];

export function register(r: Router): void {
  r.post('/v1/products', async (req, api) => {
    const p = req.params;
    if (!str(p.name)) throw missingParam('name');
    const id = str(p.id) ?? newId('prod', 14);
    if (await api.store.get(req.account, id)) throw invalid(`Product already exists.`, 'id', 'resource_already_exists');
    const now = Math.floor(Date.now() / 1000);
    const product = blank('product', {active: true, created: now, id, updated: now});
    applyUpdate(product, p, FIELDS);
    product.active = bool(p.active) ?? true;
    product.metadata = metadataOf(p.metadata);
    await api.store.insert(req.account, product);
    await api.emit(req, 'product.created', product);
    const dpd = obj(p.default_price_data);
    if (dpd) {
      const price = await createPrice(api, req, {...dpd, product: product.id});
      product.default_price = price.id;
      await api.store.save(req.account, product);
    }
    return product;
  });

  r.get('/v1/products/search', async (req, api) => searchOf(api, req, 'product', ['active', 'description', 'metadata', 'name', 'shippable', 'url']));

  r.get('/v1/products/{id}', async (req, api) => api.store.must(req.account, 'product', req.path.id));

  r.post('/v1/products/{id}', async (req, api) => {
    const product = await api.store.must(req.account, 'product', req.path.id);
    const prev = applyUpdate(product, req.params, [...FIELDS, 'default_price']);
    if (str(req.params.default_price)) await api.store.must(req.account, 'price', str(req.params.default_price), 'default_price');
    if (Object.keys(prev).length > 0) {
      product.updated = Math.floor(Date.now() / 1000);
      await api.store.save(req.account, product);
      await api.emit(req, 'product.updated', product, prev);
    }
    return product;
  });

  r.del('/v1/products/{id}', async (req, api) => {
    const product = await api.store.must(req.account, 'product', req.path.id);
    const prices = await api.store.list(req.account, 'price', {eq: {product: product.id}, limit: 1});
    if (prices.data.length > 0) throw invalid('This product cannot be deleted because it has one or more user-created prices.', undefined, 'product_has_prices');
    product._deleted = true;
    await api.store.save(req.account, product);
    await api.emit(req, 'product.deleted', product);
    return {deleted: true, id: product.id, object: 'product'};
  });

  r.get('/v1/products', async (req, api) =>
    listOf(api, req, 'product', {eq: {active: bool(req.params.active), shippable: bool(req.params.shippable), url: str(req.params.url)}}),
  );
}
