/** Charges: retrieve, update, list, search, and the legacy capture route. */
import {invalid} from '../errors.js';
import {int, str} from '../forms.js';
import {listOf} from '../lists.js';
import {balanceTransaction} from '../engines/payments.js';
import type {Router} from '../router.js';
import {searchOf} from '../search.js';
import {applyUpdate} from '../update.js';
import {withRefunds} from '../engines/charges.js';

export function register(r: Router): void {
  r.get('/v1/charges/search', async (req, api) =>
    searchOf(api, req, 'charge', ['amount', 'billing_details.address.postal_code', 'created', 'currency', 'customer', 'disputed', 'metadata', 'payment_method_details.card.last4', 'payment_method_details.card.brand', 'refunded', 'status']),
  );

  r.get('/v1/charges/{charge}', async (req, api) => withRefunds(api, req, await api.store.must(req.account, 'charge', req.path.charge, 'charge')));

  r.post('/v1/charges/{charge}', async (req, api) => {
    const ch = await api.store.must(req.account, 'charge', req.path.charge, 'charge');
    const prev = applyUpdate(ch, req.params, ['description', 'metadata', 'receipt_email', 'shipping', 'fraud_details', 'transfer_group']);
    if (str(req.params.customer) && !ch.customer) {
      await api.store.must(req.account, 'customer', str(req.params.customer), 'customer');
      prev.customer = null;
      ch.customer = str(req.params.customer);
    }
    await api.store.save(req.account, ch);
    if (Object.keys(prev).length > 0) await api.emit(req, 'charge.updated', ch, prev);
    return withRefunds(api, req, ch);
  });

  r.post('/v1/charges/{charge}/capture', async (req, api) => {
    const ch = await api.store.must(req.account, 'charge', req.path.charge, 'charge');
    const pi = ch.payment_intent ? await api.store.must(req.account, 'payment_intent', ch.payment_intent, 'payment_intent') : undefined;
    if (ch.captured) {
      throw invalid(`Charge ${ch.id} has already been captured.`, undefined, 'charge_already_captured');
    }
    const amount = int(req.params.amount) ?? ch.amount;
    ch.captured = true;
    ch.amount_captured = amount;
    if (amount < ch.amount) ch.amount_refunded = ch.amount - amount;
    ch.balance_transaction = (await balanceTransaction(api, req, ch, 'charge', amount, await api.now(req.account, ch._clock))).id;
    await api.store.save(req.account, ch);
    await api.emit(req, 'charge.captured', ch, {amount_captured: 0, captured: false});
    if (pi) {
      pi.status = 'succeeded';
      pi.amount_capturable = 0;
      pi.amount_received = amount;
      await api.store.save(req.account, pi);
      await api.emit(req, 'payment_intent.succeeded', pi);
    }
    return withRefunds(api, req, ch);
  });

  r.get('/v1/charges', async (req, api) => listOf(api, req, 'charge', {eq: {customer: str(req.params.customer), payment_intent: str(req.params.payment_intent)}}));
}
