/** The lifecycle behind disputes (used by its routes and by other engines; imports no route module). */
import type {Api, Req} from '../api.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';

/** Called after a successful charge with a dispute card: the charge is disputed (or under inquiry). */
export async function openDispute(api: Api, req: Req, charge: Obj, inquiry: boolean): Promise<Obj> {
  const now = await api.now(req.account, charge._clock);
  const d = blank('dispute', {
    _clock: charge._clock ?? null,
    amount: charge.amount,
    charge: charge.id,
    created: now,
    currency: charge.currency,
    evidence_details: {due_by: now + 7 * 86_400, has_evidence: false, past_due: false, submission_count: 0},
    id: newId('dp'),
    is_charge_refundable: inquiry,
    payment_intent: charge.payment_intent,
    payment_method_details: {card: {brand: charge.payment_method_details?.card?.brand ?? 'visa', network_reason_code: '10.4'}, type: 'card'},
    reason: 'fraudulent',
    status: inquiry ? 'warning_needs_response' : 'needs_response',
  });
  await api.store.insert(req.account, d);
  charge.disputed = true;
  await api.store.save(req.account, charge);
  await api.emit(req, 'charge.dispute.created', d);
  return d;
}
