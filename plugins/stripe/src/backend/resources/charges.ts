/** Charges: retrieve, update, list, search, and the legacy capture route. */
import {invalid, missingParam} from '../errors.js';
import {bool, int, str} from '../forms.js';
import {listOf} from '../lists.js';
import {balanceTransaction, cardError, charge} from '../engines/payments.js';
import {cardFromSource} from '../engines/sources.js';
import {publicView} from '../shapes.js';
import type {Router} from '../router.js';
import {searchOf} from '../search.js';
import {applyUpdate, metadataOf} from '../update.js';
import {withRefunds} from '../engines/charges.js';

export function register(r: Router): void {
  // The legacy Charges API: a card from `source` (test token, created token, saved card) or the customer's default.
  r.post('/v1/charges', async (req, api) => {
    const p = req.params;
    const amount = int(p.amount);
    if (amount === undefined) throw missingParam('amount');
    const currency = str(p.currency)?.toLowerCase();
    if (!currency) throw missingParam('currency');
    if (amount < 50) throw invalid('Amount must be at least $0.50 usd', 'amount', 'amount_too_small');
    const customerId = str(p.customer) ?? null;
    const customer = customerId ? await api.store.must(req.account, 'customer', customerId, 'customer') : undefined;
    const source = str(p.source) ?? customer?.default_source;
    if (!source) throw invalid(customer ? 'Cannot charge a customer that has no active card' : 'Must provide source or customer.', customer ? undefined : 'source', customer ? 'missing' : 'parameter_missing');
    const card = await cardFromSource(api, req, source, customer?.id ?? null);
    if (card.customer && card.customer !== (customer?.id ?? null)) throw invalid(`No such token: '${source}'`, 'source', 'resource_missing');
    const {_pm: pm, ...view} = card;
    const {charge: ch, decline} = await charge(api, req, {
      amount,
      capture: bool(p.capture) ?? true,
      clock: customer?.test_clock ?? null,
      currency,
      customer: customer?.id ?? null,
      description: str(p.description) ?? null,
      metadata: metadataOf(p.metadata),
      paymentIntent: null,
      paymentMethod: pm,
      receiptEmail: str(p.receipt_email) ?? null,
      shipping: p.shipping ?? null,
      statementDescriptor: str(p.statement_descriptor) ?? null,
    });
    ch.source = publicView(view);
    ch.payment_method = card.id;
    ch.transfer_group = str(p.transfer_group) ?? null;
    await api.store.save(req.account, ch);
    if (decline) throw cardError(decline, {charge: ch.id, payment_method: pm});
    return withRefunds(api, req, ch);
  });

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
