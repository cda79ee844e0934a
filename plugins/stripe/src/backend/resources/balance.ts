/** Balance (sums of balance transactions per currency) and balance transactions. */
import {str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {balanceOf, withStatus} from '../engines/balance.js';

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
