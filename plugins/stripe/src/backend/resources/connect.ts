/**
 * Connect, lean: the platform's own account (`GET /v1/account`), connected accounts (CRUD), and
 * transfers to them with reversals. A connected account is a real account of the clone: requests
 * with `Stripe-Account: acct_…` act on its objects (see router.ts).
 */
import {randomString} from '@asym/template-kit';

import type {Api, Req} from '../api.js';
import {invalid, missingParam} from '../errors.js';
import {int, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {metadataOf, saveUpdate} from '../update.js';
import {balanceOf} from '../engines/balance.js';

const now = (): number => Math.floor(Date.now() / 1000);

function accountObject(id: string, created: number, data: Obj, type = 'standard'): Obj {
  const base = blank('account', {});
  return blank('account', {
    business_profile: {mcc: null, name: data.business_profile?.name ?? null, product_description: null, support_address: null, support_email: null, support_phone: null, support_url: null, url: null},
    business_type: data.business_type ?? null,
    capabilities: data.capabilities ?? {card_payments: 'active', transfers: 'active'},
    charges_enabled: type !== 'custom',
    country: data.country ?? 'US',
    created,
    default_currency: data.default_currency ?? 'usd',
    details_submitted: type !== 'custom',
    email: data.email ?? null,
    external_accounts: {data: [], has_more: false, object: 'list', total_count: 0, url: `/v1/accounts/${id}/external_accounts`},
    future_requirements: base.future_requirements,
    id,
    metadata: data.metadata ?? {},
    payouts_enabled: type !== 'custom',
    requirements: {...base.requirements, currently_due: [], eventually_due: [], past_due: [], pending_verification: [], errors: [], alternatives: []},
    settings: null,
    tos_acceptance: {date: null, ip: null, user_agent: null},
    type,
  });
}

export function register(r: Router): void {
  r.get('/v1/account', async (req, api) => {
    const row = (await api.ctx.db.query('SELECT id, created, data FROM accounts WHERE id = $1', [req.account])).rows[0];
    return accountObject(row.id, Number(row.created), row.data, 'standard');
  });

  r.post('/v1/accounts', async (req, api) => {
    const p = req.params;
    const type = str(p.type) ?? (obj(p.controller) ? 'none' : 'custom');
    const id = `acct_1${randomString(15)}`;
    const created = now();
    const data = {business_type: str(p.business_type) ?? null, country: str(p.country) ?? 'US', default_currency: str(p.default_currency) ?? 'usd', email: str(p.email) ?? null, metadata: metadataOf(p.metadata), platform: req.account, type};
    await api.ctx.db.query('INSERT INTO accounts (id, created, data) VALUES ($1, $2, $3)', [id, created, data]);
    const account = accountObject(id, created, data as unknown as Obj, type);
    await api.store.insert(req.account, account);
    await api.emit(req, 'account.updated', account);
    return account;
  });
  r.get('/v1/accounts/{account}', async (req, api) => api.store.must(req.account, 'account', req.path.account, 'account'));
  r.post('/v1/accounts/{account}', async (req, api) => {
    const account = await api.store.must(req.account, 'account', req.path.account, 'account');
    return saveUpdate(req, api, account, ['email', 'metadata', 'business_type', 'default_currency'], 'account.updated');
  });
  r.del('/v1/accounts/{account}', async (req, api) => {
    const account = await api.store.must(req.account, 'account', req.path.account, 'account');
    account._deleted = true;
    await api.store.save(req.account, account);
    await api.emit(req, 'account.application.deauthorized', {id: `ca_${randomString(24)}`, name: null, object: 'application'} as Obj);
    return {deleted: true, id: account.id, object: 'account'};
  });
  r.get('/v1/accounts', async (req, api) => listOf(api, req, 'account'));

  r.post('/v1/transfers', async (req, api) => {
    const amount = int(req.params.amount);
    if (amount === undefined) throw missingParam('amount');
    const currency = str(req.params.currency)?.toLowerCase();
    if (!currency) throw missingParam('currency');
    const destination = await api.store.must(req.account, 'account', str(req.params.destination), 'destination');
    const available = ((await balanceOf(api, req.account)).available as Array<{amount: number; currency: string}>).find((b) => b.currency === currency)?.amount ?? 0;
    if (amount > available) throw invalid('You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card.', 'amount', 'balance_insufficient');
    const t = now();
    const id = newId('tr');
    const txn = blank('balance_transaction', {amount: -amount, available_on: t, created: t, currency, description: null, fee: 0, fee_details: [], id: newId('txn'), net: -amount, reporting_category: 'transfer', source: id, status: 'available', type: 'transfer'});
    await api.store.insert(req.account, txn);
    const transfer = blank('transfer', {
      amount,
      amount_reversed: 0,
      balance_transaction: txn.id,
      created: t,
      currency,
      description: str(req.params.description) ?? null,
      destination: destination.id,
      destination_payment: `py_${randomString(24)}`,
      id,
      metadata: metadataOf(req.params.metadata),
      reversals: {data: [], has_more: false, object: 'list', total_count: 0, url: `/v1/transfers/${id}/reversals`},
      reversed: false,
      source_type: 'card',
      transfer_group: str(req.params.transfer_group) ?? null,
    });
    await api.store.insert(req.account, transfer);
    await api.emit(req, 'transfer.created', transfer);
    return transfer;
  });
  r.get('/v1/transfers/{transfer}', async (req, api) => api.store.must(req.account, 'transfer', req.path.transfer, 'transfer'));
  r.post('/v1/transfers/{transfer}', async (req, api) => {
    const transfer = await api.store.must(req.account, 'transfer', req.path.transfer, 'transfer');
    return saveUpdate(req, api, transfer, ['description', 'metadata'], 'transfer.updated');
  });
  r.get('/v1/transfers', async (req, api) => listOf(api, req, 'transfer', {eq: {destination: str(req.params.destination), transfer_group: str(req.params.transfer_group)}}));
  r.post('/v1/transfers/{id}/reversals', async (req, api) => {
    const transfer = await api.store.must(req.account, 'transfer', req.path.id, 'id');
    const amount = int(req.params.amount) ?? transfer.amount - transfer.amount_reversed;
    if (amount <= 0 || amount > transfer.amount - transfer.amount_reversed) throw invalid('The reversal amount is greater than what remains on the transfer.', 'amount', 'amount_too_large');
    const t = now();
    const id = newId('trr');
    const txn = blank('balance_transaction', {amount, available_on: t, created: t, currency: transfer.currency, description: null, fee: 0, fee_details: [], id: newId('txn'), net: amount, reporting_category: 'transfer_reversal', source: id, status: 'available', type: 'transfer_refund'});
    await api.store.insert(req.account, txn);
    const reversal = blank('transfer_reversal', {amount, balance_transaction: txn.id, created: t, currency: transfer.currency, id, metadata: metadataOf(req.params.metadata), transfer: transfer.id});
    await api.store.insert(req.account, reversal);
    const prev = {amount_reversed: transfer.amount_reversed, reversed: transfer.reversed};
    transfer.amount_reversed += amount;
    transfer.reversed = transfer.amount_reversed >= transfer.amount;
    transfer.reversals.data.unshift(reversal);
    transfer.reversals.total_count = transfer.reversals.data.length;
    await api.store.save(req.account, transfer);
    await api.emit(req, 'transfer.reversed', transfer, prev);
    return reversal;
  });
  r.get('/v1/transfers/{id}/reversals', async (req, api) => {
    const transfer = await api.store.must(req.account, 'transfer', req.path.id, 'id');
    return listOf(api, req, 'transfer_reversal', {eq: {transfer: transfer.id}});
  });
}
