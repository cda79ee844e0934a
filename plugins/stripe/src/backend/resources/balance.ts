/** Balance (sums of balance transactions per currency) and balance transactions. */
import type {Api} from '../api.js';
import {str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import type {Obj} from '../store.js';

export async function balanceOf(api: Api, account: string): Promise<Obj> {
    const rows = await api.ctx.db.query(
      "SELECT data->>'currency' AS currency, sum((data->>'net')::bigint)::bigint AS net FROM objects WHERE account = $1 AND type = 'balance_transaction' GROUP BY 1 ORDER BY 1",
      [account],
    );
    const sums = rows.rows.length > 0 ? rows.rows.map((x) => ({amount: Number(x.net), currency: x.currency as string})) : [{amount: 0, currency: 'usd'}];
    return {
      available: sums.map((s) => ({...s, source_types: {card: s.amount}})),
      livemode: false,
      object: 'balance',
      pending: sums.map((s) => ({amount: 0, currency: s.currency, source_types: {card: 0}})),
    } as unknown as Obj;
}

export function register(r: Router): void {
  r.get('/v1/balance', async (req, api) => balanceOf(api, req.account));
  r.get('/v1/balance_transactions/{id}', async (req, api) => api.store.must(req.account, 'balance_transaction', req.path.id));
  r.get('/v1/balance/history/{id}', async (req, api) => api.store.must(req.account, 'balance_transaction', req.path.id));
  const list: Parameters<Router['get']>[1] = async (req, api) =>
    listOf(api, req, 'balance_transaction', {eq: {currency: str(req.params.currency), source: str(req.params.source), type: str(req.params.type)}});
  r.get('/v1/balance_transactions', list);
  r.get('/v1/balance/history', list);
}
