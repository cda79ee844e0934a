/** Issuing: cardholders, cards, and the test helpers that authorize and capture card spending. */
import {randomString} from '@asym/template-kit';

import type {Api, Req} from '../api.js';
import {invalid, missingParam} from '../errors.js';
import {int, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {fullAddress, metadataOf, saveUpdate} from '../update.js';

const now = (): number => Math.floor(Date.now() / 1000);

function merchant(given: unknown): Obj {
  const base = blank('issuing.authorization', {}).merchant_data as Obj;
  return {...base, category: 'miscellaneous', category_code: '5999', city: null, country: null, name: 'Asymmetric Test Merchant', network_id: '1234567890', postal_code: null, state: null, ...(obj(given) ?? {})} as Obj;
}

async function cardOf(api: Api, req: Req, id: string | undefined, param = 'card'): Promise<Obj> {
  return api.store.must(req.account, 'issuing.card', id, param);
}

async function authorize(api: Api, req: Req, card: Obj, amount: number, method: string, merchantData: unknown): Promise<Obj> {
  const auth = blank('issuing.authorization', {
    amount,
    amount_details: {atm_fee: null, cashback_amount: null},
    approved: card.status === 'active',
    authorization_method: method,
    balance_transactions: [],
    card,
    cardholder: card.cardholder?.id ?? null,
    created: now(),
    currency: card.currency,
    id: newId('iauth'),
    merchant_amount: amount,
    merchant_currency: card.currency,
    merchant_data: merchant(merchantData),
    metadata: {},
    pending_request: null,
    request_history: [],
    status: card.status === 'active' ? 'pending' : 'closed',
    transactions: [],
  });
  await api.store.insert(req.account, auth);
  await api.emit(req, 'issuing_authorization.request', auth);
  await api.emit(req, 'issuing_authorization.created', auth);
  return auth;
}

export function register(r: Router): void {
  r.post('/v1/issuing/cardholders', async (req, api) => {
    const p = req.params;
    if (!str(p.name)) throw missingParam('name');
    const billing = obj(p.billing);
    if (!obj(billing?.address)) throw missingParam('billing[address]');
    const base = blank('issuing.cardholder', {});
    const ch = blank('issuing.cardholder', {
      billing: {address: fullAddress(billing!.address)},
      company: obj(p.company) ?? null,
      created: now(),
      email: str(p.email) ?? null,
      id: newId('ich'),
      individual: obj(p.individual) ? {...(base.individual ?? {}), card_issuing: null, dob: null, first_name: null, last_name: null, verification: null, ...obj(p.individual)} : null,
      metadata: metadataOf(p.metadata),
      name: str(p.name),
      phone_number: str(p.phone_number) ?? null,
      requirements: {disabled_reason: null, past_due: []},
      spending_controls: {allowed_categories: [], blocked_categories: [], spending_limits: [], spending_limits_currency: null},
      status: str(p.status) ?? 'active',
      type: str(p.type) ?? 'individual',
    });
    await api.store.insert(req.account, ch);
    await api.emit(req, 'issuing_cardholder.created', ch);
    return ch;
  });
  r.get('/v1/issuing/cardholders/{cardholder}', async (req, api) => api.store.must(req.account, 'issuing.cardholder', req.path.cardholder, 'cardholder'));
  r.get('/v1/issuing/cardholders', async (req, api) => listOf(api, req, 'issuing.cardholder', {eq: {email: str(req.params.email), status: str(req.params.status), type: str(req.params.type)}}));
  r.post('/v1/issuing/cardholders/{cardholder}', async (req, api) => {
    const ch = await api.store.must(req.account, 'issuing.cardholder', req.path.cardholder, 'cardholder');
    return saveUpdate(req, api, ch, ['email', 'metadata', 'phone_number', 'status'], 'issuing_cardholder.updated');
  });

  r.post('/v1/issuing/cards', async (req, api) => {
    const p = req.params;
    const currency = str(p.currency)?.toLowerCase();
    if (!currency) throw missingParam('currency');
    const type = str(p.type);
    if (!type) throw missingParam('type');
    const cardholder = await api.store.must(req.account, 'issuing.cardholder', str(p.cardholder), 'cardholder');
    const card = blank('issuing.card', {
      brand: 'Visa',
      cardholder,
      created: now(),
      currency,
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 3,
      id: newId('ic'),
      last4: randomString(4, '0123456789'),
      metadata: metadataOf(p.metadata),
      shipping: null,
      spending_controls: {allowed_categories: null, blocked_categories: null, spending_limits: [], spending_limits_currency: null},
      status: str(p.status) ?? 'inactive',
      type,
      wallets: {apple_pay: {eligible: false, ineligible_reason: 'missing_agreement'}, google_pay: {eligible: false, ineligible_reason: 'missing_agreement'}, primary_account_identifier: null},
    });
    await api.store.insert(req.account, card);
    await api.emit(req, 'issuing_card.created', card);
    return card;
  });
  r.get('/v1/issuing/cards/{card}', async (req, api) => cardOf(api, req, req.path.card));
  r.get('/v1/issuing/cards', async (req, api) => listOf(api, req, 'issuing.card', {eq: {status: str(req.params.status), type: str(req.params.type)}}));
  r.post('/v1/issuing/cards/{card}', async (req, api) => {
    const card = await cardOf(api, req, req.path.card);
    return saveUpdate(req, api, card, ['metadata', 'status', 'cancellation_reason'], 'issuing_card.updated');
  });

  // Authorizations: the Stripe CLI's card test route, and the documented test helper.
  r.post('/v1/issuing/cards/{card}/test/authorizations', async (req, api) => {
    const card = await cardOf(api, req, req.path.card);
    return authorize(api, req, card, int(req.params.held_amount) ?? int(req.params.amount) ?? 100, str(req.params.authorization_method) ?? 'online', req.params.merchant_data);
  });
  r.post('/v1/test_helpers/issuing/authorizations', async (req, api) => {
    const card = await cardOf(api, req, str(req.params.card));
    const amount = int(req.params.amount);
    if (amount === undefined) throw missingParam('amount');
    return authorize(api, req, card, amount, str(req.params.authorization_method) ?? 'online', req.params.merchant_data);
  });
  r.get('/v1/issuing/authorizations/{authorization}', async (req, api) => api.store.must(req.account, 'issuing.authorization', req.path.authorization, 'authorization'));
  r.get('/v1/issuing/authorizations', async (req, api) => listOf(api, req, 'issuing.authorization', {eq: {status: str(req.params.status)}}));
  r.post('/v1/issuing/authorizations/{authorization}', async (req, api) => {
    const a = await api.store.must(req.account, 'issuing.authorization', req.path.authorization, 'authorization');
    return saveUpdate(req, api, a, ['metadata'], 'issuing_authorization.updated');
  });

  // Transactions captured without an authorization (the force-capture test helper).
  r.post('/v1/test_helpers/issuing/transactions/create_force_capture', async (req, api) => {
    const card = await cardOf(api, req, str(req.params.card));
    const amount = int(req.params.amount);
    if (amount === undefined) throw missingParam('amount');
    if (amount <= 0) throw invalid('Amount must be positive.', 'amount');
    const t = now();
    const id = newId('ipi');
    const txn = blank('balance_transaction', {amount: -amount, available_on: t, created: t, currency: card.currency, description: null, fee: 0, fee_details: [], id: newId('txn'), net: -amount, reporting_category: 'issuing_transaction', source: id, status: 'available', type: 'issuing_transaction'});
    await api.store.insert(req.account, txn);
    const tx = blank('issuing.transaction', {
      amount: -amount,
      amount_details: {atm_fee: null, cashback_amount: null},
      authorization: null,
      balance_transaction: txn.id,
      card: card.id,
      cardholder: card.cardholder?.id ?? null,
      created: t,
      currency: str(req.params.currency)?.toLowerCase() ?? card.currency,
      id,
      merchant_amount: -amount,
      merchant_currency: str(req.params.currency)?.toLowerCase() ?? card.currency,
      merchant_data: merchant(req.params.merchant_data),
      metadata: {},
      type: 'capture',
    });
    if (obj(req.params.purchase_details)) tx._purchase_details = req.params.purchase_details;
    await api.store.insert(req.account, tx);
    await api.emit(req, 'issuing_transaction.created', tx);
    if (obj(obj(req.params.purchase_details)?.receipt) || Array.isArray(obj(req.params.purchase_details)?.receipt)) {
      await api.emit(req, 'issuing_transaction.purchase_details_receipt_updated', tx);
    }
    return tx;
  });
  r.get('/v1/issuing/transactions/{transaction}', async (req, api) => api.store.must(req.account, 'issuing.transaction', req.path.transaction, 'transaction'));
  r.get('/v1/issuing/transactions', async (req, api) => listOf(api, req, 'issuing.transaction', {eq: {card: str(req.params.card), cardholder: str(req.params.cardholder), type: str(req.params.type)}}));
  r.post('/v1/issuing/transactions/{transaction}', async (req, api) => {
    const tx = await api.store.must(req.account, 'issuing.transaction', req.path.transaction, 'transaction');
    return saveUpdate(req, api, tx, ['metadata'], 'issuing_transaction.updated');
  });
}
