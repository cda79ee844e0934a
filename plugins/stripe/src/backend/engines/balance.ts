/** The lifecycle behind balance (used by its routes and by other engines; imports no route module). */
import type {Api} from '../api.js';
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
