/**
 * A customer's credit balance: adjustments (`POST /v1/customers/{id}/balance_transactions`) move
 * `customer.balance` (negative is credit the customer has, positive is owed) and are listed newest first.
 */
import {invalid, missingParam} from '../errors.js';
import {int, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';
import {applyUpdate, metadataOf} from '../update.js';

export function register(r: Router): void {
  r.post('/v1/customers/{customer}/balance_transactions', async (req, api) => {
    const customer = await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    const amount = int(req.params.amount);
    if (amount === undefined) throw missingParam('amount');
    const currency = str(req.params.currency)?.toLowerCase();
    if (!currency) throw missingParam('currency');
    if (customer.currency && customer.currency !== currency) {
      throw invalid(`The currency of a customer's balance transaction must match the customer's currency (${customer.currency}).`, 'currency');
    }
    const prev = {balance: customer.balance ?? 0};
    customer.balance = (customer.balance ?? 0) + amount;
    customer.currency ??= currency;
    const txn = blank('customer_balance_transaction', {
      amount,
      created: await api.now(req.account, customer.test_clock),
      currency,
      customer: customer.id,
      description: str(req.params.description) ?? null,
      ending_balance: customer.balance,
      id: newId('cbtxn'),
      metadata: metadataOf(req.params.metadata),
      type: 'adjustment',
    });
    await api.store.insert(req.account, txn);
    await api.store.save(req.account, customer);
    await api.emit(req, 'customer.updated', customer, prev);
    return txn;
  });
  r.get('/v1/customers/{customer}/balance_transactions', async (req, api) => {
    const customer = await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    return listOf(api, req, 'customer_balance_transaction', {eq: {customer: customer.id}});
  });
  r.get('/v1/customers/{customer}/balance_transactions/{transaction}', async (req, api) => {
    await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    return api.store.must(req.account, 'customer_balance_transaction', req.path.transaction, 'transaction');
  });
  r.post('/v1/customers/{customer}/balance_transactions/{transaction}', async (req, api) => {
    await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    const txn = await api.store.must(req.account, 'customer_balance_transaction', req.path.transaction, 'transaction');
    // Stripe has no event for this edit.
    applyUpdate(txn, req.params, ['description', 'metadata']);
    return api.store.save(req.account, txn);
  });
}
