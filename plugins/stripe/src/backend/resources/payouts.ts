/** Payouts from the available balance to the account's bank account. */
import {invalid, missingParam} from '../errors.js';
import {int, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';
import {metadataOf, saveUpdate} from '../update.js';
import {balanceOf} from '../engines/balance.js';

export function register(r: Router): void {
  r.post('/v1/payouts', async (req, api) => {
    const amount = int(req.params.amount);
    if (amount === undefined) throw missingParam('amount');
    const currency = str(req.params.currency)?.toLowerCase();
    if (!currency) throw missingParam('currency');
    const balance = await balanceOf(api, req.account);
    const available = (balance.available as Array<{amount: number; currency: string}>).find((b) => b.currency === currency)?.amount ?? 0;
    if (amount > available) {
      throw invalid('You have insufficient funds in your Stripe account. One likely reason you have insufficient funds is that your funds are automatically being paid out; try enabling manual payouts by going to https://dashboard.stripe.com/account/payouts.', 'amount', 'balance_insufficient');
    }
    const now = Math.floor(Date.now() / 1000);
    const id = newId('po');
    const txn = blank('balance_transaction', {amount: -amount, available_on: now, created: now, currency, description: str(req.params.description) ?? 'STRIPE PAYOUT', fee: 0, fee_details: [], id: newId('txn'), net: -amount, reporting_category: 'payout', source: id, status: 'available', type: 'payout'});
    await api.store.insert(req.account, txn);
    const payout = blank('payout', {
      amount,
      arrival_date: now + 2 * 86_400,
      automatic: false,
      balance_transaction: txn.id,
      created: now,
      currency,
      description: str(req.params.description) ?? null,
      destination: 'ba_1AsymmetricBank000000000',
      id,
      metadata: metadataOf(req.params.metadata),
      method: str(req.params.method) ?? 'standard',
      payout_method: null,
      source_type: str(req.params.source_type) ?? 'card',
      statement_descriptor: str(req.params.statement_descriptor) ?? null,
      status: 'pending',
      trace_id: {status: 'pending', value: null},
      type: 'bank_account',
    });
    await api.store.insert(req.account, payout);
    await api.emit(req, 'payout.created', payout);
    return payout;
  });
  r.get('/v1/payouts/{payout}', async (req, api) => api.store.must(req.account, 'payout', req.path.payout, 'payout'));
  r.post('/v1/payouts/{payout}', async (req, api) => {
    const payout = await api.store.must(req.account, 'payout', req.path.payout, 'payout');
    return saveUpdate(req, api, payout, ['metadata'], 'payout.updated');
  });
  r.post('/v1/payouts/{payout}/cancel', async (req, api) => {
    const payout = await api.store.must(req.account, 'payout', req.path.payout, 'payout');
    if (payout.status !== 'pending') throw invalid(`Payouts can only be canceled while they are pending. This payout is ${payout.status}.`, undefined, 'invalid_state');
    payout.status = 'canceled';
    const now = Math.floor(Date.now() / 1000);
    const txn = blank('balance_transaction', {amount: payout.amount, available_on: now, created: now, currency: payout.currency, description: 'STRIPE PAYOUT CANCELLATION', fee: 0, fee_details: [], id: newId('txn'), net: payout.amount, reporting_category: 'payout_reversal', source: payout.id, status: 'available', type: 'payout_cancel'});
    await api.store.insert(req.account, txn);
    await api.store.save(req.account, payout);
    await api.emit(req, 'payout.canceled', payout);
    return payout;
  });
  // A reversal is a new payout the other way, which puts the amount back on the balance.
  r.post('/v1/payouts/{payout}/reverse', async (req, api) => {
    const payout = await api.store.must(req.account, 'payout', req.path.payout, 'payout');
    if (payout.reversed_by) throw invalid(`Payout ${payout.id} has already been reversed.`, undefined, 'invalid_state');
    if (payout.reversal_of || !['pending', 'paid'].includes(payout.status)) throw invalid(`This payout cannot be reversed: its status is ${payout.status}.`, undefined, 'invalid_state');
    const now = Math.floor(Date.now() / 1000);
    const id = newId('po');
    const txn = blank('balance_transaction', {amount: payout.amount, available_on: now, created: now, currency: payout.currency, description: 'STRIPE PAYOUT REVERSAL', fee: 0, fee_details: [], id: newId('txn'), net: payout.amount, reporting_category: 'payout_reversal', source: id, status: 'available', type: 'payout'});
    await api.store.insert(req.account, txn);
    const reversal = {...structuredClone(payout), balance_transaction: txn.id, created: now, id, metadata: metadataOf(req.params.metadata), reversal_of: payout.id, reversed_by: null, status: 'pending'};
    await api.store.insert(req.account, reversal);
    payout.reversed_by = id;
    await api.store.save(req.account, payout);
    await api.emit(req, 'payout.created', reversal);
    await api.emit(req, 'payout.updated', payout, {reversed_by: null});
    return reversal;
  });
  r.get('/v1/payouts', async (req, api) => listOf(api, req, 'payout', {eq: {status: str(req.params.status)}}));
}
