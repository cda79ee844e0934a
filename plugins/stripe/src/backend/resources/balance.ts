/** Balance (sums of balance transactions per currency) and balance transactions. */
import type {Api} from '../api.js';
import {str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import type {Obj} from '../store.js';

/** A balance transaction's status now: pending until `available_on` (on its test clock's time, if any). */
export async function withStatus(api: Api, account: string, txn: Obj): Promise<Obj> {
  const now = await api.now(account, txn._clock);
  return {...txn, status: txn.available_on <= now ? 'available' : 'pending'};
}

export async function balanceOf(api: Api, account: string): Promise<Obj> {
  const rows = await api.ctx.db.query("SELECT data FROM objects WHERE account = $1 AND type = 'balance_transaction' ORDER BY seq", [account]);
  const sums = new Map<string, {available: number; pending: number}>();
  for (const {data} of rows.rows as Array<{data: Obj}>) {
    const t = await withStatus(api, account, data);
    const s = sums.get(t.currency) ?? {available: 0, pending: 0};
    if (t.status === 'available') s.available += t.net;
    else s.pending += t.net;
    sums.set(t.currency, s);
  }
  if (sums.size === 0) sums.set('usd', {available: 0, pending: 0});
  const entries = [...sums.entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    available: entries.map(([currency, s]) => ({amount: s.available, currency, source_types: {card: s.available}})),
    livemode: false,
    object: 'balance',
    pending: entries.map(([currency, s]) => ({amount: s.pending, currency, source_types: {card: s.pending}})),
  } as unknown as Obj;
}

export function register(r: Router): void {
  r.get('/v1/balance', async (req, api) => balanceOf(api, req.account));
  const one: Parameters<Router['get']>[1] = async (req, api) => withStatus(api, req.account, await api.store.must(req.account, 'balance_transaction', req.path.id));
  r.get('/v1/balance_transactions/{id}', one);
  r.get('/v1/balance/history/{id}', one);
  const list: Parameters<Router['get']>[1] = async (req, api) => {
    const page = await listOf(api, req, 'balance_transaction', {eq: {currency: str(req.params.currency), source: str(req.params.source), type: str(req.params.type)}});
    return {...page, data: await Promise.all(page.data.map((t) => withStatus(api, req.account, t)))};
  };
  r.get('/v1/balance_transactions', list);
  r.get('/v1/balance/history', list);
}
