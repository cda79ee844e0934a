/** Refunds, full or partial: the charge's `amount_refunded` and `refunded` follow, a balance transaction records it. */
import type {Api, Req} from '../api.js';
import {invalid} from '../errors.js';
import {type Form, int, str} from '../forms.js';
import {listOf} from '../lists.js';
import {balanceTransaction} from '../engines/payments.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {applyUpdate, metadataOf} from '../update.js';
import {withRefunds} from '../engines/charges.js';

const dollars = (n: number): string => `$${(n / 100).toFixed(2)}`;

export async function createRefund(api: Api, req: Req, p: Form): Promise<Obj> {
  let chargeId = str(p.charge);
  const piId = str(p.payment_intent);
  if (!chargeId && !piId) throw invalid('One of the following params should be provided for this request: payment_intent or charge.', undefined, 'parameter_missing');
  if (!chargeId) {
    const pi = await api.store.must(req.account, 'payment_intent', piId, 'payment_intent');
    if (!pi.latest_charge || pi.status !== 'succeeded') {
      throw invalid(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable');
    }
    chargeId = pi.latest_charge as string;
  }
  const ch = await api.store.must(req.account, 'charge', chargeId, 'charge');
  if (ch.status !== 'succeeded') throw invalid(`Charge ${ch.id} cannot be refunded because it has not succeeded.`, 'charge', 'charge_not_refundable');
  const refundable = ch.amount_captured - ch.amount_refunded;
  if (ch.refunded || refundable <= 0) throw invalid(`Charge ${ch.id} has already been refunded.`, 'charge', 'charge_already_refunded');
  const amount = int(p.amount) ?? refundable;
  if (amount <= 0) throw invalid('Invalid positive integer', 'amount', 'parameter_invalid_integer');
  if (amount > refundable) {
    throw invalid(`Refund amount (${dollars(amount)}) is greater than unrefunded amount on charge (${dollars(refundable)})`, 'amount', 'amount_too_large');
  }
  const created = await api.now(req.account, ch._clock);
  const refund = blank('refund', {
    _clock: ch._clock ?? null,
    amount,
    charge: ch.id,
    created,
    currency: ch.currency,
    destination_details: {card: {reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund'}, type: 'card'},
    id: newId('re'),
    metadata: metadataOf(p.metadata),
    payment_intent: ch.payment_intent,
    reason: str(p.reason) ?? null,
    status: 'succeeded',
  });
  if ('customer' in refund) refund.customer = ch.customer;
  if ('payment_method' in refund) refund.payment_method = ch.payment_method;
  refund.balance_transaction = (await balanceTransaction(api, req, {...refund, description: null}, 'refund', -amount, created)).id;
  await api.store.insert(req.account, refund);
  const prev = {amount_refunded: ch.amount_refunded, refunded: ch.refunded};
  ch.amount_refunded += amount;
  ch.refunded = ch.amount_refunded >= ch.amount_captured;
  await api.store.save(req.account, ch);
  await api.emit(req, 'refund.created', refund);
  await api.emit(req, 'charge.refunded', ch, prev);
  return refund;
}

export function register(r: Router): void {
  r.post('/v1/refunds', async (req, api) => createRefund(api, req, req.params));
  r.get('/v1/refunds/{refund}', async (req, api) => api.store.must(req.account, 'refund', req.path.refund, 'refund'));
  r.post('/v1/refunds/{refund}', async (req, api) => {
    const refund = await api.store.must(req.account, 'refund', req.path.refund, 'refund');
    const prev = applyUpdate(refund, req.params, ['metadata']);
    await api.store.save(req.account, refund);
    if (Object.keys(prev).length > 0) {
      await api.emit(req, 'refund.updated', refund, prev);
      await api.emit(req, 'charge.refund.updated', refund, prev);
    }
    return refund;
  });
  // Card refunds here never wait for customer action, so there is nothing to expire (Stripe: requires_action only).
  r.post('/v1/test_helpers/refunds/{refund}/expire', async (req, api) => {
    const refund = await api.store.must(req.account, 'refund', req.path.refund, 'refund');
    throw invalid(`Refund ${refund.id} cannot be expired because it has a status of ${refund.status}. Only a refund with a status of requires_action can be expired.`, undefined, 'invalid_state');
  });
  r.post('/v1/refunds/{refund}/cancel', async (req, api) => {
    const refund = await api.store.must(req.account, 'refund', req.path.refund, 'refund');
    throw invalid(`Refund ${refund.id} cannot be canceled because it has a status of ${refund.status}. Only a refund with a status of requires_action can be canceled.`, undefined, 'refund_cannot_be_canceled');
  });
  r.get('/v1/refunds', async (req, api) => listOf(api, req, 'refund', {eq: {charge: str(req.params.charge), payment_intent: str(req.params.payment_intent)}}));
  // Charge-scoped refund routes (older API versions and many integrations still call them).
  r.post('/v1/charges/{charge}/refunds', async (req, api) => createRefund(api, req, {...req.params, charge: req.path.charge}));
  r.post('/v1/charges/{charge}/refund', async (req, api) => {
    await createRefund(api, req, {...req.params, charge: req.path.charge});
    return withRefunds(api, req, await api.store.must(req.account, 'charge', req.path.charge, 'charge'));
  });
  r.get('/v1/charges/{charge}/refunds', async (req, api) => {
    const charge = await api.store.must(req.account, 'charge', req.path.charge, 'charge');
    return listOf(api, req, 'refund', {eq: {charge: charge.id}});
  });
  r.get('/v1/charges/{charge}/refunds/{refund}', async (req, api) => api.store.must(req.account, 'refund', req.path.refund, 'refund'));
}
