/** Smaller surfaces: Identity verification sessions, top-ups, report runs, customer cash balances. */
import {randomString} from '@asym/template-kit';

import {invalid, missingParam} from '../errors.js';
import {int, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {applyUpdate, metadataOf} from '../update.js';
import {applyCashBalance} from '../engines/cash.js';

const now = (): number => Math.floor(Date.now() / 1000);

export function register(r: Router): void {
  // Identity: sessions are created, then canceled or redacted (no document is ever verified here).
  r.post('/v1/identity/verification_sessions', async (req, api) => {
    const type = str(req.params.type);
    if (!type) throw missingParam('type');
    const id = newId('vs');
    const s = blank('identity.verification_session', {
      client_secret: `${id}_secret_${randomString(24)}`,
      created: now(),
      id,
      metadata: metadataOf(req.params.metadata),
      options: {[type]: obj(obj(req.params.options)?.[type]) ?? {}},
      status: 'requires_input',
      type,
      url: `https://verify.stripe.com/start/test_${randomString(32)}`,
    });
    if ('client_reference_id' in s) s.client_reference_id = str(req.params.client_reference_id) ?? null;
    await api.store.insert(req.account, s);
    await api.emit(req, 'identity.verification_session.created', s);
    return s;
  });
  r.get('/v1/identity/verification_sessions/{session}', async (req, api) => api.store.must(req.account, 'identity.verification_session', req.path.session, 'session'));
  r.get('/v1/identity/verification_sessions', async (req, api) => listOf(api, req, 'identity.verification_session', {eq: {status: str(req.params.status)}}));
  r.post('/v1/identity/verification_sessions/{session}', async (req, api) => {
    const s = await api.store.must(req.account, 'identity.verification_session', req.path.session, 'session');
    applyUpdate(s, req.params, ['metadata', 'type']);
    await api.store.save(req.account, s);
    return s;
  });
  r.post('/v1/identity/verification_sessions/{session}/cancel', async (req, api) => {
    const s = await api.store.must(req.account, 'identity.verification_session', req.path.session, 'session');
    if (s.status !== 'requires_input') throw invalid(`Only VerificationSessions with status requires_input can be canceled. This one is ${s.status}.`, undefined, 'invalid_state');
    s.status = 'canceled';
    s.client_secret = null;
    s.url = null;
    await api.store.save(req.account, s);
    await api.emit(req, 'identity.verification_session.canceled', s);
    return s;
  });
  r.post('/v1/identity/verification_sessions/{session}/redact', async (req, api) => {
    const s = await api.store.must(req.account, 'identity.verification_session', req.path.session, 'session');
    s.redaction = {status: 'redacted'};
    if (s.status === 'requires_input') s.status = 'canceled';
    s.client_secret = null;
    s.url = null;
    s.metadata = {};
    await api.store.save(req.account, s);
    await api.emit(req, 'identity.verification_session.redacted', s);
    return s;
  });

  // Top-ups add funds to the balance at once.
  r.post('/v1/topups', async (req, api) => {
    const amount = int(req.params.amount);
    if (amount === undefined) throw missingParam('amount');
    const currency = str(req.params.currency)?.toLowerCase();
    if (!currency) throw missingParam('currency');
    const id = newId('tu');
    const t = now();
    const txn = blank('balance_transaction', {amount, available_on: t, created: t, currency, description: str(req.params.description) ?? null, fee: 0, fee_details: [], id: newId('txn'), net: amount, reporting_category: 'topup', source: id, status: 'available', type: 'topup'});
    await api.store.insert(req.account, txn);
    const topup = blank('topup', {amount, balance_transaction: txn.id, created: t, currency, description: str(req.params.description) ?? null, expected_availability_date: t, id, metadata: metadataOf(req.params.metadata), statement_descriptor: str(req.params.statement_descriptor) ?? null, status: 'succeeded', transfer_group: str(req.params.transfer_group) ?? null});
    await api.store.insert(req.account, topup);
    await api.emit(req, 'topup.created', topup);
    await api.emit(req, 'topup.succeeded', topup);
    return topup;
  });
  // Top-ups here succeed at once; Stripe cancels only pending ones.
  r.post('/v1/topups/{topup}/cancel', async (req, api) => {
    const topup = await api.store.must(req.account, 'topup', req.path.topup, 'topup');
    if (topup.status !== 'pending') throw invalid(`This top-up cannot be canceled because its status is ${topup.status}. Only pending top-ups can be canceled.`, undefined, 'invalid_state');
    topup.status = 'canceled';
    await api.store.save(req.account, topup);
    await api.emit(req, 'topup.canceled', topup);
    return topup;
  });
  r.get('/v1/topups/{topup}', async (req, api) => api.store.must(req.account, 'topup', req.path.topup, 'topup'));
  r.get('/v1/topups', async (req, api) => listOf(api, req, 'topup', {eq: {status: str(req.params.status)}}));
  r.post('/v1/topups/{topup}', async (req, api) => {
    const t = await api.store.must(req.account, 'topup', req.path.topup, 'topup');
    applyUpdate(t, req.params, ['description', 'metadata']);
    await api.store.save(req.account, t);
    return t;
  });

  // Report runs succeed right away with an (empty) CSV result file.
  r.post('/v1/reporting/report_runs', async (req, api) => {
    const type = str(req.params.report_type);
    if (!type) throw missingParam('report_type');
    const p = obj(req.params.parameters) ?? {};
    const t = now();
    const run: Obj = blank('reporting.report_run', {
      created: t,
      id: newId('frr'),
      parameters: Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v])),
      report_type: type,
      result: null,
      status: 'pending',
    });
    await api.store.insert(req.account, run);
    const done = {...run, result: {created: t, expires_at: t + 7 * 86_400, filename: `${run.id}.csv`, id: newId('file'), links: {data: [], has_more: false, object: 'list', url: `/v1/file_links?file=${run.id}`}, object: 'file', purpose: 'finance_report_run', size: 0, title: `${type}.csv`, type: 'csv', url: null}, status: 'succeeded', succeeded_at: t} as Obj;
    await api.store.save(req.account, done);
    await api.emit(req, 'reporting.report_run.succeeded', done);
    return run;
  });
  r.get('/v1/reporting/report_runs/{report_run}', async (req, api) => api.store.must(req.account, 'reporting.report_run', req.path.report_run, 'report_run'));
  r.get('/v1/reporting/report_runs', async (req, api) => listOf(api, req, 'reporting.report_run'));

  // Customer cash balances, funded by the test helper (a bank transfer arriving).
  r.get('/v1/customers/{customer}/cash_balance', async (req, api) => {
    const c = await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    return blank('cash_balance', {available: c._cash ?? {}, customer: c.id, settings: {reconciliation_mode: 'automatic', using_merchant_default: true}});
  });
  r.post('/v1/test_helpers/customers/{customer}/fund_cash_balance', async (req, api) => {
    const c = await api.store.must(req.account, 'customer', req.path.customer, 'customer');
    const amount = int(req.params.amount);
    if (amount === undefined) throw missingParam('amount');
    const currency = str(req.params.currency)?.toLowerCase();
    if (!currency) throw missingParam('currency');
    c._cash = {...(c._cash ?? {}), [currency]: (c._cash?.[currency] ?? 0) + amount};
    await api.store.save(req.account, c);
    const txn = blank('customer_cash_balance_transaction', {
      created: now(),
      currency,
      customer: c.id,
      ending_balance: c._cash[currency],
      funded: {bank_transfer: {reference: str(req.params.reference) ?? `REF-${randomString(8)}`, type: 'us_bank_transfer', us_bank_transfer: {network: 'ach', sender_name: null}}},
      id: newId('ccsbtxn'),
      net_amount: amount,
      type: 'funded',
    });
    await api.store.insert(req.account, txn);
    await api.emit(req, 'customer_cash_balance_transaction.created', txn);
    await api.emit(req, 'cash_balance.funds_available', blank('cash_balance', {available: c._cash, customer: c.id, settings: {reconciliation_mode: 'automatic', using_merchant_default: true}}));
    // Funds go to the customer's intents waiting on a bank transfer, oldest first.
    const waiting = await api.ctx.db.query(
      "SELECT data FROM objects WHERE account = $1 AND type = 'payment_intent' AND customer = $2 AND data->>'status' = 'requires_action' AND data->'next_action'->>'type' = 'display_bank_transfer_instructions' ORDER BY seq",
      [req.account, c.id],
    );
    for (const {data: pi} of waiting.rows as Array<{data: Obj}>) await applyCashBalance(api, req, pi);
    return txn;
  });
}
