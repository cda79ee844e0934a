/** Customers: CRUD, list filters, search, their payment methods; optional test clock. */
import {randomString} from '@asym/template-kit';

import type {Api, Req} from '../api.js';
import {cancelSubscription} from '../engines/billing.js';
import {invalid} from '../errors.js';
import {list, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {searchOf} from '../search.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {applyUpdate, fullAddress, fullShipping, metadataOf} from '../update.js';
import {applyCustomerCoupon} from '../engines/coupons.js';
import {addSource} from '../engines/sources.js';
import {attach, checkAttachable, resolvePaymentMethod} from '../engines/payment_methods.js';

const FIELDS = ['address', 'balance', 'description', 'email', 'name', 'phone', 'metadata', 'shipping', 'preferred_locales', 'tax_exempt', 'invoice_prefix', 'next_invoice_sequence'];

/** `invoice_settings[default_payment_method]` may be a test token: it names the PaymentMethod just attached. */
async function applyInvoiceSettings(api: Api, req: Req, c: Obj, attached: Obj | undefined): Promise<void> {
  const s = obj(req.params.invoice_settings);
  if (!s) return;
  const next = {...c.invoice_settings};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'default_payment_method') {
      const id = str(v);
      if (!id) next.default_payment_method = null;
      else if (attached && (id === req.params.payment_method || id === attached.id)) next.default_payment_method = attached.id;
      else {
        const pm = await resolvePaymentMethod(api, req, id, 'invoice_settings[default_payment_method]');
        await attach(api, req, pm, c);
        next.default_payment_method = pm.id;
      }
    } else next[k] = v === '' ? null : v;
  }
  c.invoice_settings = next;
}

/** `coupon` or `promotion_code` on create/update becomes the customer's discount. */
async function applyPromotion(api: Api, req: Req, c: Obj): Promise<void> {
  if ((req.params.coupon === '' || req.params.promotion_code === '') && c.discount) {
    const d = c.discount;
    c.discount = null;
    await api.store.save(req.account, c);
    await api.emit(req, 'customer.discount.deleted', d);
    return;
  }
  const promo = str(req.params.promotion_code);
  if (promo) {
    const code = await api.store.must(req.account, 'promotion_code', promo, 'promotion_code');
    await applyCustomerCoupon(api, req, c, code.coupon.id, code.id);
  } else if (str(req.params.coupon)) await applyCustomerCoupon(api, req, c, str(req.params.coupon)!);
}

/** Lists returned only when expanded: `expand[]=subscriptions`, `sources`, `tax_ids`. */
async function withIncludes(api: Api, req: Req, c: Obj): Promise<Obj> {
  const wanted = list(req.params.expand).map(String);
  const out = {...c};
  const sub = async (key: string, type: string, url: string, extra: string | undefined = undefined) => {
    if (!wanted.some((w) => w === key || w.startsWith(`${key}.`))) return;
    const r = await api.store.list(req.account, type, {eq: {customer: c.id}, limit: 10, ...(extra ? {where: {args: [], sql: extra}} : {})});
    out[key] = {data: r.data, has_more: r.hasMore, object: 'list', total_count: r.data.length, url: `/v1/customers/${c.id}/${url}`};
  };
  await sub('subscriptions', 'subscription', 'subscriptions', "data->>'status' NOT IN ('canceled', 'incomplete_expired')");
  await sub('sources', 'card', 'sources');
  await sub('tax_ids', 'tax_id', 'tax_ids');
  return out;
}

export function register(r: Router): void {
  r.post('/v1/customers', async (req, api) => {
    const p = req.params;
    const clock = str(p.test_clock) ?? null;
    if (clock) await api.store.must(req.account, 'test_helpers.test_clock', clock, 'test_clock');
    const c = blank('customer', {
      created: await api.now(req.account, clock),
      delinquent: false,
      id: newId('cus', 14),
      invoice_prefix: randomString(8, 'ABCDEF0123456789'),
      invoice_settings: {custom_fields: null, default_payment_method: null, footer: null, rendering_options: null},
      metadata: {},
      next_invoice_sequence: 1,
      preferred_locales: [],
      tax_exempt: 'none',
      test_clock: clock,
    });
    // A payment method that fails validation fails the whole creation.
    const pmParam = str(p.payment_method);
    const early = pmParam ? await resolvePaymentMethod(api, req, pmParam, 'payment_method') : undefined;
    if (early) checkAttachable(early);
    applyUpdate(c, p, FIELDS);
    c.metadata = metadataOf(p.metadata);
    c.address = fullAddress(c.address);
    c.shipping = fullShipping(c.shipping);
    await api.store.insert(req.account, c);
    await api.emit(req, 'customer.created', c);
    let attached: Obj | undefined;
    if (early) {
      attached = early;
      await attach(api, req, attached, c);
    }
    if (str(p.source)) await addSource(api, req, c, str(p.source)!);
    if (p.invoice_settings) {
      await applyInvoiceSettings(api, req, c, attached);
      await api.store.save(req.account, c);
    }
    await applyPromotion(api, req, c);
    return c;
  }, {
    // Only a new customer (and its event) is written unless one of these touches other objects.
    concurrent: (p) => !['payment_method', 'source', 'invoice_settings', 'coupon', 'promotion_code', 'discounts'].some((k) => k in p),
  });

  r.get('/v1/customers/search', async (req, api) => searchOf(api, req, 'customer', ['created', 'email', 'metadata', 'name', 'phone']));

  r.get('/v1/customers/{customer}', async (req, api) => {
    const c = await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    return c._deleted ? {deleted: true, id: c.id, object: 'customer'} : withIncludes(api, req, c);
  });

  r.post('/v1/customers/{customer}', async (req, api) => {
    const c = await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    const before = structuredClone(c.invoice_settings);
    if (str(req.params.source)) {
      const card = await addSource(api, req, c, str(req.params.source)!);
      c.default_source = card.id;
    }
    const prev = applyUpdate(c, req.params, [...FIELDS, 'default_source']);
    c.address = fullAddress(c.address);
    c.shipping = fullShipping(c.shipping);
    if (req.params.invoice_settings) {
      await applyInvoiceSettings(api, req, c, undefined);
      if (JSON.stringify(before) !== JSON.stringify(c.invoice_settings)) prev.invoice_settings = before;
    }
    await api.store.save(req.account, c);
    if (Object.keys(prev).length > 0) await api.emit(req, 'customer.updated', c, prev);
    await applyPromotion(api, req, c);
    return c;
  });

  r.del('/v1/customers/{customer}', async (req, api) => {
    const c = await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    if (c._deleted) throw invalid(`No such customer: '${c.id}'`, 'customer', 'resource_missing', 404);
    // Deleting a customer cancels their subscriptions at once.
    const subs = await api.ctx.db.query("SELECT data FROM objects WHERE account = $1 AND type = 'subscription' AND customer = $2 AND data->>'status' NOT IN ('canceled', 'incomplete_expired')", [req.account, c.id]);
    for (const {data: sub} of subs.rows as Array<{data: Obj}>) await cancelSubscription(api, req, sub, await api.now(req.account, c.test_clock));
    c._deleted = true;
    await api.store.save(req.account, c);
    await api.emit(req, 'customer.deleted', c);
    return {deleted: true, id: c.id, object: 'customer'};
  });

  r.get('/v1/customers', async (req, api) => listOf(api, req, 'customer', {eq: {email: str(req.params.email), test_clock: str(req.params.test_clock)}}));

  r.get('/v1/customers/{customer}/payment_methods', async (req, api) => {
    const c = await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    return listOf(api, req, 'payment_method', {eq: {customer: c.id, type: str(req.params.type)}});
  });

  r.get('/v1/customers/{customer}/payment_methods/{payment_method}', async (req, api) => {
    const pm = await api.store.must(req.account, 'payment_method', req.path.payment_method, 'payment_method');
    if (pm.customer !== req.path.customer) await api.store.must(req.account, 'payment_method', '', 'payment_method');
    return pm;
  });
}
