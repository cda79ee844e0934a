/** Invoices: create (pulling pending items), update drafts, finalize, pay, void, mark uncollectible, send, delete, search. */
import type {Api, Req} from '../api.js';
import {previewInvoice} from '../engines/billing.js';
import {invalid, missingParam} from '../errors.js';
import {bool, int, str} from '../forms.js';
import {createInvoice, finalizeInvoice, markUncollectible, payInvoice, pullPendingItems, voidInvoice} from '../engines/invoicing.js';
import {listFrom, listOf} from '../lists.js';
import type {Router} from '../router.js';
import {searchOf} from '../search.js';
import type {Obj} from '../store.js';
import {metadataOf, saveUpdate} from '../update.js';

const DRAFT_FIELDS = ['auto_advance', 'collection_method', 'days_until_due', 'default_payment_method', 'description', 'footer', 'metadata', 'statement_descriptor', 'custom_fields', 'due_date'];

/** The invoice the customer's subscription will produce next, with their pending items (nothing stored). */
async function preview(api: Api, req: Req): Promise<Obj> {
  const p = req.params;
  let sub: Obj | undefined = str(p.subscription) ? await api.store.must(req.account, 'subscription', str(p.subscription), 'subscription') : undefined;
  const customerId = str(p.customer) ?? sub?.customer;
  if (!customerId) throw invalid('Missing required param: customer or subscription.', 'customer', 'parameter_missing');
  const customer = await api.store.must(req.account, 'customer', customerId, 'customer');
  if (!sub) {
    const subs = await api.store.list(req.account, 'subscription', {eq: {customer: customer.id}, limit: 1, where: {args: [], sql: "data->>'status' IN ('active', 'trialing', 'past_due')"}});
    sub = subs.data[0];
  }
  const inv = await previewInvoice(api, req, customer, sub);
  if (!inv) throw invalid(`No upcoming invoices for customer: ${customer.id}`, undefined, 'invoice_upcoming_none', 404);
  return inv;
}

export function register(r: Router): void {
  r.get('/v1/invoices/upcoming', async (req, api) => {
    const inv = await preview(api, req);
    delete (inv as Partial<Obj>).id;
    return inv;
  });
  r.get('/v1/invoices/upcoming/lines', async (req, api) => listFrom((await preview(api, req)).lines.data, req.url));
  r.post('/v1/invoices/create_preview', async (req, api) => preview(api, req));

  r.post('/v1/invoices', async (req, api) => {
    const p = req.params;
    const customerId = str(p.customer);
    if (!customerId) throw missingParam('customer');
    const customer = await api.store.must(req.account, 'customer', customerId, 'customer');
    const collection = str(p.collection_method) ?? 'charge_automatically';
    if (collection === 'send_invoice' && int(p.days_until_due) === undefined && int(p.due_date) === undefined) {
      throw invalid('Missing required param: days_until_due or due_date (required when collection_method is send_invoice).', 'days_until_due', 'parameter_missing');
    }
    const subscription = str(p.subscription) ?? null;
    if (subscription) await api.store.must(req.account, 'subscription', subscription, 'subscription');
    const inv = await createInvoice(api, req, customer, {
      auto_advance: bool(p.auto_advance) ?? false,
      collection_method: collection,
      currency: str(p.currency) ?? customer.currency ?? 'usd',
      custom_fields: p.custom_fields ?? null,
      days_until_due: int(p.days_until_due) ?? null,
      default_payment_method: str(p.default_payment_method) ?? null,
      description: str(p.description) ?? null,
      due_date: int(p.due_date) ?? null,
      footer: str(p.footer) ?? null,
      metadata: metadataOf(p.metadata),
      statement_descriptor: str(p.statement_descriptor) ?? null,
      subscription,
    });
    if (str(p.pending_invoice_items_behavior) === 'include' || str(p.pending_invoice_items_behavior) === 'include_and_require') {
      await pullPendingItems(api, req, inv, subscription);
      await api.store.save(req.account, inv);
    }
    return inv;
  });

  r.get('/v1/invoices/search', async (req, api) => searchOf(api, req, 'invoice', ['created', 'currency', 'customer', 'metadata', 'number', 'receipt_number', 'status', 'subscription', 'total']));

  r.get('/v1/invoices/{invoice}', async (req, api) => api.store.must(req.account, 'invoice', req.path.invoice, 'invoice'));

  r.get('/v1/invoices/{invoice}/lines', async (req, api) => {
    const inv = await api.store.must(req.account, 'invoice', req.path.invoice, 'invoice');
    return listFrom(inv.lines.data, req.url);
  });

  r.post('/v1/invoices/{invoice}', async (req, api) => {
    const inv = await api.store.must(req.account, 'invoice', req.path.invoice, 'invoice');
    const fields = inv.status === 'draft' ? DRAFT_FIELDS : ['metadata', 'description', 'footer', 'auto_advance'];
    for (const k of Object.keys(req.params)) {
      if (k !== 'expand' && !fields.includes(k)) throw invalid(`You can only update ${k} on a draft invoice.`, k, 'invoice_not_editable');
    }
    return saveUpdate(req, api, inv, fields, 'invoice.updated');
  });

  r.del('/v1/invoices/{invoice}', async (req, api) => {
    const inv = await api.store.must(req.account, 'invoice', req.path.invoice, 'invoice');
    if (inv.status !== 'draft') throw invalid('You can only delete draft invoices.', undefined, 'invoice_not_editable');
    inv._deleted = true;
    await api.store.save(req.account, inv);
    await api.ctx.db.query(
      "UPDATE objects SET data = jsonb_set(data, '{invoice}', 'null'::jsonb) WHERE account = $1 AND type = 'invoiceitem' AND data->>'invoice' = $2",
      [req.account, inv.id],
    );
    await api.emit(req, 'invoice.deleted', inv);
    return {deleted: true, id: inv.id, object: 'invoice'};
  });

  r.post('/v1/invoices/{invoice}/finalize', async (req, api) => {
    const inv = await api.store.must(req.account, 'invoice', req.path.invoice, 'invoice');
    if ('auto_advance' in req.params) inv.auto_advance = bool(req.params.auto_advance);
    return finalizeInvoice(api, req, inv);
  });

  r.post('/v1/invoices/{invoice}/pay', async (req, api) => {
    const inv = await api.store.must(req.account, 'invoice', req.path.invoice, 'invoice');
    return payInvoice(api, req, inv, {outOfBand: bool(req.params.paid_out_of_band) === true, paymentMethod: str(req.params.payment_method)});
  });

  r.post('/v1/invoices/{invoice}/void', async (req, api) => voidInvoice(api, req, await api.store.must(req.account, 'invoice', req.path.invoice, 'invoice')));

  r.post('/v1/invoices/{invoice}/mark_uncollectible', async (req, api) =>
    markUncollectible(api, req, await api.store.must(req.account, 'invoice', req.path.invoice, 'invoice')),
  );

  r.post('/v1/invoices/{invoice}/send', async (req, api) => {
    const inv = await api.store.must(req.account, 'invoice', req.path.invoice, 'invoice');
    if (inv.status === 'draft') await finalizeInvoice(api, req, inv);
    if (inv.collection_method !== 'send_invoice') throw invalid('You can only manually send an invoice if its collection method is \'send_invoice\'.', undefined, 'invoice_not_editable');
    await api.emit(req, 'invoice.sent', inv);
    return inv;
  });

  r.get('/v1/invoices', async (req, api) =>
    listOf(api, req, 'invoice', {
      eq: {collection_method: str(req.params.collection_method), customer: str(req.params.customer), status: str(req.params.status), subscription: str(req.params.subscription)},
    }),
  );
}
