/**
 * Checkout Sessions: create, retrieve, list, line items, expire; and the payment page routes the
 * Stripe CLI uses to complete a session (`/v1/payment_pages/{id}` and `/confirm`).
 */
import {randomString} from '@asym/template-kit';
import {invalid, missingParam} from '../errors.js';
import {int, list, obj, str} from '../forms.js';
import {listFrom, listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, pmcDetails} from '../shapes.js';
import type {Obj} from '../store.js';
import {metadataOf} from '../update.js';
import {complete, confirm} from '../engines/checkout.js';

export function register(r: Router): void {
  r.post('/v1/checkout/sessions', async (req, api) => {
    const p = req.params;
    const mode = str(p.mode);
    if (!mode) throw missingParam('mode');
    const now = Math.floor(Date.now() / 1000);
    const id = `cs_test_${randomString(58)}`;
    const items: Obj[] = [];
    for (const [i, raw] of list(p.line_items).entries()) {
      const li = obj(raw) ?? {};
      const price = await api.store.must(req.account, 'price', str(li.price), `line_items[${i}][price]`);
      if (mode === 'payment' && price.type === 'recurring') throw invalid('You must provide at least one recurring price in `subscription` mode when using prices.', `line_items[${i}][price]`);
      const product = await api.store.get(req.account, price.product);
      const quantity = int(li.quantity) ?? 1;
      const amount = (price.unit_amount ?? 0) * quantity;
      items.push({amount_discount: 0, amount_subtotal: amount, amount_tax: 0, amount_total: amount, currency: price.currency, description: product?.name ?? '', id: `li_${randomString(24)}`, object: 'item', price, quantity});
    }
    if (mode !== 'setup' && items.length === 0) throw missingParam('line_items');
    if (mode === 'subscription' && !items.some((i) => i.price.type === 'recurring')) throw invalid('You must provide at least one recurring price in `subscription` mode when using prices.', 'line_items');
    const customer = str(p.customer) ?? null;
    if (customer) await api.store.must(req.account, 'customer', customer, 'customer');
    const total = mode === 'setup' ? null : items.reduce((s, i) => s + i.amount_total, 0);
    const types = list(p.payment_method_types).map(String);
    const session = blank('checkout.session', {
      _line_items: items,
      _payment_intent_data: obj(p.payment_intent_data) ?? null,
      _subscription_data: obj(p.subscription_data) ?? null,
      amount_subtotal: total,
      amount_total: total,
      cancel_url: str(p.cancel_url) ?? null,
      client_reference_id: str(p.client_reference_id) ?? null,
      collected_information: null,
      created: now,
      currency: items[0]?.currency ?? str(p.currency) ?? null,
      customer,
      customer_creation: customer ? null : mode === 'payment' ? (str(p.customer_creation) ?? 'if_required') : 'always',
      customer_email: str(p.customer_email) ?? null,
      expires_at: int(p.expires_at) ?? now + 86_400,
      id,
      invoice_creation: mode === 'payment' ? {enabled: false, invoice_data: {account_tax_ids: null, custom_fields: null, description: null, footer: null, metadata: {}, rendering_options: null}} : null,
      locale: str(p.locale) ?? null,
      metadata: metadataOf(p.metadata),
      mode,
      discounts: list(p.discounts).map((d) => obj(d) ?? {}),
      payment_method_collection: str(p.payment_method_collection) ?? 'always',
      // Stripe answers null for these unless the caller configured them.
      permissions: obj(p.permissions) ?? null,
      saved_payment_method_options: obj(p.saved_payment_method_options) ?? null,
      wallet_options: obj(p.wallet_options) ?? null,
      payment_method_configuration_details: pmcDetails(req.account, types.length === 0),
      payment_method_options: {},
      payment_method_types: types.length ? types : ['card'],
      payment_status: mode === 'setup' ? 'no_payment_required' : 'unpaid',
      status: 'open',
      success_url: str(p.success_url) ?? null,
      total_details: mode === 'setup' ? null : {amount_discount: 0, amount_shipping: 0, amount_tax: 0},
      ui_mode: str(p.ui_mode) ?? 'hosted',
      url: `https://checkout.stripe.com/c/pay/${id}`,
    });
    await api.store.insert(req.account, session);
    return session;
  });
  r.get('/v1/checkout/sessions/{session}', async (req, api) => api.store.must(req.account, 'checkout.session', req.path.session, 'session'));
  r.get('/v1/checkout/sessions/{session}/line_items', async (req, api) => listFrom((await api.store.must(req.account, 'checkout.session', req.path.session, 'session'))._line_items, req.url));
  r.post('/v1/checkout/sessions/{session}/expire', async (req, api) => {
    const s = await api.store.must(req.account, 'checkout.session', req.path.session, 'session');
    if (s.status !== 'open') throw invalid(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`, undefined, 'invalid_state');
    s.status = 'expired';
    s.url = null;
    await api.store.save(req.account, s);
    await api.emit(req, 'checkout.session.expired', s);
    return s;
  });
  r.get('/v1/checkout/sessions', async (req, api) =>
    listOf(api, req, 'checkout.session', {eq: {customer: str(req.params.customer), payment_intent: str(req.params.payment_intent), status: str(req.params.status)}}),
  );
  // The hosted payment page's own API, which `stripe trigger` drives to complete a session.
  r.get('/v1/payment_pages/{session}', async (req, api) => api.store.must(req.account, 'checkout.session', req.path.session, 'session'));
  r.post('/v1/payment_pages/{session}/confirm', async (req, api) => confirm(api, req));
}
