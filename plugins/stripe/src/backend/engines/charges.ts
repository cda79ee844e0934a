/** The lifecycle behind charges (used by its routes and by other engines; imports no route module). */
import type {Api, Req} from '../api.js';
import {int} from '../forms.js';
import type {Obj} from '../store.js';

/** The charge with its `refunds` sub-list filled from the stored refunds. */
export async function withRefunds(api: Api, req: Req, ch: Obj): Promise<Obj> {
  const refunds = await api.store.list(req.account, 'refund', {eq: {charge: ch.id}, limit: 10});
  const total = await api.ctx.db.query("SELECT count(*)::int AS n FROM objects WHERE account = $1 AND type = 'refund' AND data->>'charge' = $2", [req.account, ch.id]);
  return {...ch, refunds: {data: refunds.data, has_more: refunds.hasMore, object: 'list', total_count: total.rows[0].n, url: `/v1/charges/${ch.id}/refunds`}};
}
