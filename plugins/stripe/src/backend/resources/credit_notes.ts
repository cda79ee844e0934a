/** Credit notes on open (pre-payment) or paid (post-payment) invoices: create, update, void, list. */
import type {Api, Req} from '../api.js';
import {invalid, missingParam} from '../errors.js';
import {type Form, int, list, obj, str} from '../forms.js';
import {listFrom, listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {metadataOf, saveUpdate} from '../update.js';

async function invoiceFor(api: Api, req: Req, id: string | undefined): Promise<Obj> {
  const inv = await api.store.must(req.account, 'invoice', id, 'invoice');
  if (!['open', 'paid'].includes(inv.status)) throw invalid(`You can only create a credit note for an open or paid invoice. This invoice is ${inv.status}.`, 'invoice', 'invoice_not_editable');
  return inv;
}

/** Apply (sign 1) or revert (sign -1) a credit note's effect on its invoice. */
function applyToInvoice(inv: Obj, cn: Obj, sign: 1 | -1): void {
  if (cn.type === 'pre_payment') {
    inv.pre_payment_credit_notes_amount += sign * cn.total;
    inv.amount_remaining = Math.max(0, inv.amount_remaining - sign * cn.total);
  } else inv.post_payment_credit_notes_amount += sign * cn.total;
}

/** The credit note these parameters make on their invoice, not yet stored (create stores it, preview does not). */
async function build(api: Api, req: Req, p: Form): Promise<{cn: Obj; inv: Obj}> {
  const inv = await invoiceFor(api, req, str(p.invoice));
  const id = newId('cn');
  const lines: Obj[] = [];
  for (const [i, raw] of list(p.lines).entries()) {
    const l = obj(raw) ?? {};
    const type = str(l.type) ?? 'custom_line_item';
    const quantity = int(l.quantity) ?? 1;
    let amount: number;
    let invoiceLine: string | null = null;
    if (type === 'invoice_line_item') {
      const src = (inv.lines.data as Obj[]).find((x) => x.id === l.invoice_line_item);
      if (!src) throw invalid(`No such invoice line item: '${l.invoice_line_item}'`, `lines[${i}][invoice_line_item]`, 'resource_missing');
      invoiceLine = src.id;
      amount = int(l.amount) ?? src.amount;
    } else {
      const unit = int(l.unit_amount);
      if (unit === undefined) throw missingParam(`lines[${i}][unit_amount]`);
      amount = unit * quantity;
    }
    const line = blank('credit_note_line_item', {
        amount,
        amount_excluding_tax: amount,
        description: str(l.description) ?? null,
        id: newId('cnli'),
        invoice_line_item: invoiceLine,
        metadata: metadataOf(l.metadata),
        quantity,
        type,
        unit_amount: type === 'custom_line_item' ? int(l.unit_amount) : null,
        unit_amount_decimal: type === 'custom_line_item' ? String(int(l.unit_amount)) : null,
        unit_amount_excluding_tax: String(amount / quantity),
      });
    if (!invoiceLine) delete line.invoice_line_item;
    lines.push(line);
  }
  const total = lines.length > 0 ? lines.reduce((s, l) => s + l.amount, 0) : int(p.amount);
  if (total === undefined) throw invalid('You must pass either `amount` or `lines`.', 'amount', 'parameter_missing');
  const limit = inv.status === 'open' ? inv.amount_remaining : inv.amount_paid - inv.post_payment_credit_notes_amount;
  if (total > limit) throw invalid(`The sum of credit amount, refund amount and out of band amount (${total}) must be less than or equal to the invoice's remaining amount (${limit}).`, 'amount', 'parameter_invalid_integer');
  const now = await api.now(req.account, inv._clock);
  const count = (await api.ctx.db.query("SELECT count(*)::int AS n FROM objects WHERE account = $1 AND type = 'credit_note' AND data->>'invoice' = $2", [req.account, inv.id])).rows[0].n as number;
  const cn = blank('credit_note', {
    _clock: inv._clock ?? null,
    amount: total,
    created: now,
    currency: inv.currency,
    customer: inv.customer,
    effective_at: now,
    id,
    invoice: inv.id,
    lines: {data: lines, has_more: false, object: 'list', url: `/v1/credit_notes/${id}/lines`},
    total_taxes: [],
    memo: str(p.memo) ?? null,
    metadata: metadataOf(p.metadata),
    number: `${inv.number}-CN-${String(count + 1).padStart(2, '0')}`,
    out_of_band_amount: int(p.out_of_band_amount) ?? null,
    pdf: `https://pay.stripe.com/credit_notes/acct_test/test_${id}/pdf`,
    reason: str(p.reason) ?? null,
    refunds: [],
    status: 'issued',
    subtotal: total,
    subtotal_excluding_tax: total,
    total,
    total_excluding_tax: total,
    type: inv.status === 'open' ? 'pre_payment' : 'post_payment',
  });
  if ('pre_payment_amount' in cn) cn.pre_payment_amount = cn.type === 'pre_payment' ? total : 0;
  if ('post_payment_amount' in cn) cn.post_payment_amount = cn.type === 'post_payment' ? total : 0;
  return {cn, inv};
}

export function register(r: Router): void {
  r.post('/v1/credit_notes', async (req, api) => {
    const {cn, inv} = await build(api, req, req.params);
    await api.store.insert(req.account, cn);
    applyToInvoice(inv, cn, 1);
    await api.store.save(req.account, inv);
    await api.emit(req, 'credit_note.created', cn);
    return cn;
  });
  // The credit note a create with these parameters would make (Stripe computes it; nothing is stored).
  r.get('/v1/credit_notes/preview', async (req, api) => {
    const {cn} = await build(api, req, req.params);
    return {...cn, id: `cnprv_${cn.id.slice(3)}`, lines: {...cn.lines, url: '/v1/credit_notes/preview/lines'}};
  });
  r.get('/v1/credit_notes/preview/lines', async (req, api) => listFrom((await build(api, req, req.params)).cn.lines.data, req.url));
  r.get('/v1/credit_notes/{id}', async (req, api) => api.store.must(req.account, 'credit_note', req.path.id));
  r.get('/v1/credit_notes/{credit_note}/lines', async (req, api) => listFrom((await api.store.must(req.account, 'credit_note', req.path.credit_note, 'credit_note')).lines.data, req.url));
  r.post('/v1/credit_notes/{id}', async (req, api) => {
    const cn = await api.store.must(req.account, 'credit_note', req.path.id);
    return saveUpdate(req, api, cn, ['memo', 'metadata'], 'credit_note.updated');
  });
  r.post('/v1/credit_notes/{id}/void', async (req, api) => {
    const cn = await api.store.must(req.account, 'credit_note', req.path.id);
    if (cn.status === 'void') throw invalid('This credit note is already voided.', undefined, 'invalid_state');
    cn.status = 'void';
    cn.voided_at = await api.now(req.account, cn._clock);
    await api.store.save(req.account, cn);
    const inv = await api.store.get(req.account, cn.invoice);
    if (inv) {
      applyToInvoice(inv, cn, -1);
      await api.store.save(req.account, inv);
    }
    await api.emit(req, 'credit_note.voided', cn);
    return cn;
  });
  r.get('/v1/credit_notes', async (req, api) => listOf(api, req, 'credit_note', {eq: {customer: str(req.params.customer), invoice: str(req.params.invoice)}}));
}
