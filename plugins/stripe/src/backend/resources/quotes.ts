/** Quotes: draft → open (finalize) → accepted (creates the subscription or invoice) or canceled. */
import {randomString} from '@asym/template-kit';

import type {Api, Req} from '../api.js';
import {invalid, missingParam} from '../errors.js';
import {int, list, obj, str} from '../forms.js';
import {createInvoice, pullPendingItems, recompute} from '../engines/invoicing.js';
import {listFrom, listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank} from '../shapes.js';
import type {Obj} from '../store.js';
import {metadataOf, saveUpdate} from '../update.js';
import {createInvoiceItem} from '../engines/invoiceitems.js';
import {createSubscription} from '../engines/subscriptions.js';

async function mustQuote(api: Api, req: Req, status?: string[]): Promise<Obj> {
  const q = await api.store.must(req.account, 'quote', req.path.quote, 'quote');
  if (status && !status.includes(q.status)) throw invalid(`This quote is ${q.status}; the action needs it to be ${status.join(' or ')}.`, undefined, 'invalid_state');
  return q;
}

export function register(r: Router): void {
  r.post('/v1/quotes', async (req, api) => {
    const p = req.params;
    const customer = await api.store.must(req.account, 'customer', str(p.customer), 'customer');
    const items: Obj[] = [];
    for (const [i, raw] of list(p.line_items).entries()) {
      const li = obj(raw) ?? {};
      const price = await api.store.must(req.account, 'price', str(li.price), `line_items[${i}][price]`);
      const product = await api.store.get(req.account, price.product);
      const quantity = int(li.quantity) ?? 1;
      const amount = (price.unit_amount ?? 0) * quantity;
      items.push({amount_discount: 0, amount_subtotal: amount, amount_tax: 0, amount_total: amount, currency: price.currency, description: product?.name ?? '', id: `li_${randomString(24)}`, object: 'item', price, quantity});
    }
    if (items.length === 0) throw missingParam('line_items');
    const now = await api.now(req.account, customer.test_clock);
    const total = items.reduce((s, i) => s + i.amount_total, 0);
    const recurring = items.filter((i) => i.price.type === 'recurring');
    const upfront = {amount_subtotal: total, amount_total: total, line_items: {data: items, has_more: false, object: 'list', url: '/v1/quotes/line_items'}, total_details: {amount_discount: 0, amount_shipping: 0, amount_tax: 0}};
    const q = blank('quote', {
      _clock: customer.test_clock ?? null,
      _line_items: items,
      amount_subtotal: total,
      amount_total: total,
      computed: {
        recurring: recurring.length ? {amount_subtotal: total, amount_total: total, interval: recurring[0]!.price.recurring.interval, interval_count: recurring[0]!.price.recurring.interval_count, total_details: {amount_discount: 0, amount_shipping: 0, amount_tax: 0}} : null,
        upfront,
      },
      created: now,
      currency: items[0]!.currency,
      customer: customer.id,
      description: str(p.description) ?? null,
      expires_at: int(p.expires_at) ?? now + 30 * 86_400,
      footer: str(p.footer) ?? null,
      header: str(p.header) ?? null,
      id: `qt_${randomString(24)}`,
      invoice_settings: {days_until_due: null, issuer: {type: 'self'}},
      metadata: metadataOf(p.metadata),
      status: 'draft',
      test_clock: customer.test_clock ?? null,
      total_details: {amount_discount: 0, amount_shipping: 0, amount_tax: 0},
    });
    await api.store.insert(req.account, q);
    await api.emit(req, 'quote.created', q);
    return q;
  });
  r.get('/v1/quotes/{quote}', async (req, api) => mustQuote(api, req));
  r.get('/v1/quotes/{quote}/line_items', async (req, api) => listFrom((await mustQuote(api, req))._line_items, req.url));
  r.post('/v1/quotes/{quote}', async (req, api) => {
    const q = await mustQuote(api, req, ['draft']);
    return saveUpdate(req, api, q, ['description', 'footer', 'header', 'metadata', 'expires_at'], 'quote.updated');
  });
  r.post('/v1/quotes/{quote}/finalize', async (req, api) => {
    const q = await mustQuote(api, req, ['draft']);
    const count = (await api.ctx.db.query("SELECT count(*)::int AS n FROM objects WHERE account = $1 AND type = 'quote' AND data->>'status' <> 'draft'", [req.account])).rows[0].n as number;
    q.status = 'open';
    q.number = `QT-${String(count + 1).padStart(6, '0')}`;
    q.status_transitions.finalized_at = await api.now(req.account, q._clock);
    await api.store.save(req.account, q);
    await api.emit(req, 'quote.finalized', q);
    return q;
  });
  r.post('/v1/quotes/{quote}/accept', async (req, api) => {
    const q = await mustQuote(api, req, ['open']);
    const recurring = (q._line_items as Obj[]).filter((i) => i.price.type === 'recurring');
    if (recurring.length > 0) {
      const sub = await createSubscription(api, {...req, params: {customer: q.customer, items: recurring.map((i) => ({price: i.price.id, quantity: String(i.quantity)})), metadata: q.metadata}});
      q.subscription = sub.id;
      q.invoice = sub.latest_invoice;
    } else {
      for (const i of q._line_items as Obj[]) await createInvoiceItem(api, req, {customer: q.customer, price: i.price.id, quantity: String(i.quantity)});
      const customer = await api.store.must(req.account, 'customer', q.customer, 'customer');
      const inv = await createInvoice(api, req, customer, {quote: q.id});
      await pullPendingItems(api, req, inv, null);
      recompute(inv);
      await api.store.save(req.account, inv);
      q.invoice = inv.id;
    }
    q.status = 'accepted';
    q.status_transitions.accepted_at = await api.now(req.account, q._clock);
    await api.store.save(req.account, q);
    await api.emit(req, 'quote.accepted', q);
    return q;
  });
  r.post('/v1/quotes/{quote}/cancel', async (req, api) => {
    const q = await mustQuote(api, req, ['draft', 'open']);
    q.status = 'canceled';
    q.status_transitions.canceled_at = await api.now(req.account, q._clock);
    await api.store.save(req.account, q);
    await api.emit(req, 'quote.canceled', q);
    return q;
  });
  r.get('/v1/quotes', async (req, api) => listOf(api, req, 'quote', {eq: {customer: str(req.params.customer), status: str(req.params.status)}}));
}
