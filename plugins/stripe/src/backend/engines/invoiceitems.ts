/** The lifecycle behind invoiceitems (used by its routes and by other engines; imports no route module). */
import type {Api, Req} from '../api.js';
import {invalid, missingParam} from '../errors.js';
import {bool, type Form, int, obj, str} from '../forms.js';
import {lineFromItem, pricingOf, recompute} from './invoicing.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {metadataOf} from '../update.js';

export async function createInvoiceItem(api: Api, req: Req, p: Form): Promise<Obj> {
  const customerId = str(p.customer);
  if (!customerId) throw missingParam('customer');
  const customer = await api.store.must(req.account, 'customer', customerId, 'customer');
  let price: Obj | null = null;
  if (str(p.price)) price = await api.store.must(req.account, 'price', str(p.price), 'price');
  const pd = obj(p.price_data);
  const quantity = int(p.quantity) ?? 1;
  const unit = price?.unit_amount ?? int(pd?.unit_amount) ?? int(p.unit_amount) ?? (int(p.amount) === undefined ? undefined : null);
  if (unit === undefined) throw invalid('You must specify either `amount`, `unit_amount`, `price`, or `price_data`.', 'amount', 'parameter_missing');
  const amount = unit === null ? int(p.amount)! : unit * quantity;
  const currency = (price?.currency ?? str(pd?.currency) ?? str(p.currency) ?? customer.currency ?? '').toLowerCase();
  if (!currency) throw missingParam('currency');
  const now = await api.now(req.account, customer.test_clock);
  const period = obj(p.period);
  const ii = blank('invoiceitem', {
    _clock: customer.test_clock ?? null,
    amount,
    currency,
    customer: customer.id,
    date: now,
    description: str(p.description) ?? price?.nickname ?? null,
    discountable: bool(p.discountable) ?? true,
    discounts: [],
    id: newId('ii'),
    invoice: null,
    metadata: metadataOf(p.metadata),
    parent: str(p.subscription) ? {subscription_details: {subscription: str(p.subscription)}, type: 'subscription_details'} : null,
    period: {end: int(period?.end) ?? now, start: int(period?.start) ?? now},
    price,
    pricing: pricingOf(price, unit === null ? amount : unit),
    proration: false,
    quantity,
    quantity_decimal: String(quantity),
    subscription: str(p.subscription) ?? null,
    tax_rates: [],
    test_clock: customer.test_clock ?? null,
    unit_amount: unit === null ? amount : unit,
    unit_amount_decimal: String(unit === null ? amount : unit),
  });
  if ('net_amount' in ii) ii.net_amount = amount;
  const invoiceId = str(p.invoice);
  let inv: Obj | undefined;
  if (invoiceId) {
    inv = await api.store.must(req.account, 'invoice', invoiceId, 'invoice');
    if (inv.status !== 'draft') throw invalid(`You can only add invoice items to draft invoices. This invoice is ${inv.status}.`, 'invoice', 'invoice_not_editable');
    ii.invoice = inv.id;
  }
  await api.store.insert(req.account, ii);
  await api.emit(req, 'invoiceitem.created', ii);
  if (inv) {
    inv.lines.data.push(lineFromItem(ii));
    recompute(inv);
    await api.store.save(req.account, inv);
  }
  return ii;
}

export async function editableItem(api: Api, req: Req): Promise<{ii: Obj; inv?: Obj}> {
  const ii = await api.store.must(req.account, 'invoiceitem', req.path.invoiceitem, 'invoiceitem');
  if (!ii.invoice) return {ii};
  const inv = await api.store.must(req.account, 'invoice', ii.invoice, 'invoice');
  if (inv.status !== 'draft') throw invalid('This invoice item is on a finalized invoice and can no longer be modified.', undefined, 'invoice_not_editable');
  return {ii, inv};
}
