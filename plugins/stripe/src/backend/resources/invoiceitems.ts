/** Invoice items: pending charges on a customer, pulled onto the next invoice (or added to a draft). */
import {bool, str} from '../forms.js';
import {lineFromItem, recompute} from '../engines/invoicing.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import type {Obj} from '../store.js';
import {applyUpdate} from '../update.js';
import {createInvoiceItem, editableItem} from '../engines/invoiceitems.js';

export function register(r: Router): void {
  r.post('/v1/invoiceitems', async (req, api) => createInvoiceItem(api, req, req.params));
  r.get('/v1/invoiceitems/{invoiceitem}', async (req, api) => api.store.must(req.account, 'invoiceitem', req.path.invoiceitem, 'invoiceitem'));
  r.post('/v1/invoiceitems/{invoiceitem}', async (req, api) => {
    const {ii, inv} = await editableItem(api, req);
    const prev = applyUpdate(ii, req.params, ['description', 'metadata', 'discountable', 'quantity', 'amount']);
    if ('quantity' in prev && !('amount' in req.params)) ii.amount = (ii.unit_amount ?? 0) * ii.quantity;
    await api.store.save(req.account, ii);
    if (inv) {
      inv.lines.data = inv.lines.data.map((l: Obj) => (l.invoice_item === ii.id ? lineFromItem(ii) : l));
      recompute(inv);
      await api.store.save(req.account, inv);
    }
    if (Object.keys(prev).length > 0) await api.emit(req, 'invoiceitem.updated', ii, prev);
    return ii;
  });
  r.del('/v1/invoiceitems/{invoiceitem}', async (req, api) => {
    const {ii, inv} = await editableItem(api, req);
    ii._deleted = true;
    await api.store.save(req.account, ii);
    if (inv) {
      inv.lines.data = inv.lines.data.filter((l: Obj) => l.invoice_item !== ii.id);
      recompute(inv);
      await api.store.save(req.account, inv);
    }
    await api.emit(req, 'invoiceitem.deleted', ii);
    return {deleted: true, id: ii.id, object: 'invoiceitem'};
  });
  r.get('/v1/invoiceitems', async (req, api) => {
    const pending = bool(req.params.pending);
    return listOf(api, req, 'invoiceitem', {
      eq: {customer: str(req.params.customer), invoice: str(req.params.invoice)},
      ...(pending === true ? {where: {args: [], sql: "data->'invoice' = 'null'::jsonb"}} : pending === false ? {where: {args: [], sql: "data->'invoice' <> 'null'::jsonb"}} : {}),
    });
  });
}
