/** Customer cash balances (bank transfers) paying PaymentIntents. */
import type {Api, Req} from '../api.js';
import {invalid} from '../errors.js';
import type {Obj} from '../store.js';

/**
 * Pay an intent from the customer's cash balance (bank transfers): what is there is applied; the
 * rest waits for transfers, shown as bank transfer instructions.
 */
export async function applyCashBalance(api: Api, req: Req, pi: Obj): Promise<Obj> {
  if (!pi.customer) throw invalid('A customer is required to pay with customer_balance.', 'customer', 'parameter_missing');
  const customer = await api.store.must(req.account, 'customer', pi.customer, 'customer');
  const cash = customer._cash?.[pi.currency] ?? 0;
  const funded = (pi._funded as number | undefined) ?? 0;
  const remaining = pi.amount - funded;
  const applied = Math.min(cash, remaining);
  if (applied > 0) {
    customer._cash = {...customer._cash, [pi.currency]: cash - applied};
    await api.store.save(req.account, customer);
    pi._funded = funded + applied;
  }
  if ((pi._funded ?? 0) >= pi.amount) {
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    pi.next_action = null;
    await api.store.save(req.account, pi);
    await api.emit(req, 'payment_intent.succeeded', pi);
    return pi;
  }
  const first = pi.status !== 'requires_action';
  pi.status = 'requires_action';
  pi.next_action = {
    display_bank_transfer_instructions: {amount_remaining: pi.amount - (pi._funded ?? 0), currency: pi.currency, financial_addresses: [], hosted_instructions_url: `https://payments.stripe.com/bank_transfers/instructions/test_${pi.id}`, reference: pi.id.slice(-8).toUpperCase(), type: 'us_bank_transfer'},
    type: 'display_bank_transfer_instructions',
  };
  await api.store.save(req.account, pi);
  if (first) await api.emit(req, 'payment_intent.requires_action', pi);
  if (applied > 0) await api.emit(req, 'payment_intent.partially_funded', pi);
  return pi;
}
