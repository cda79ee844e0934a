/** Every API object is a JSON document in `objects`, ordered by `seq` (creation order). */
import {type BackendContext, BoundedCache, onDatabaseSwapped} from '@asym/template-kit';

import {invalid, noSuch} from './errors.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = {id: string; object: string; [k: string]: any};

export interface ListQuery {
  /** Equality filters on top-level fields of the document (`customer`, `status` …). */
  eq?: Record<string, string | boolean | number | null | undefined>;
  created?: unknown;
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
  /** Extra SQL condition on `data` (already parameterised from $first onwards). */
  where?: {sql: string; args: unknown[]};
}

const NAMES: Record<string, string> = {
  'test_helpers.test_clock': 'test clock',
  balance_transaction: 'balance transaction',
  invoiceitem: 'invoiceitem',
  payment_intent: 'payment_intent',
  payment_method: 'PaymentMethod',
  setup_intent: 'setupintent',
  subscription_item: 'subscription item',
  webhook_endpoint: 'webhook endpoint',
};

export class Store {
  /** Webhook endpoints per account (every event reads them); dropped whenever one is written, and on reset. */
  private readonly endpoints = new BoundedCache<string, Obj[]>(100);

  constructor(readonly db: BackendContext['db']) {
    onDatabaseSwapped(db, () => this.endpoints.clear());
  }

  /** The account's webhook endpoints, newest first (what `emit` fans events out to). */
  async webhookEndpoints(account: string): Promise<Obj[]> {
    const hit = this.endpoints.get(account);
    if (hit) return hit;
    const {data} = await this.list(account, 'webhook_endpoint', {limit: 500});
    this.endpoints.set(account, data);
    return data;
  }

  forgetCaches(): void {
    this.endpoints.clear();
  }

  async get(account: string, id: string): Promise<Obj | undefined> {
    const r = await this.db.query('SELECT data FROM objects WHERE account = $1 AND id = $2', [account, id]);
    return r.rows[0]?.data as Obj | undefined;
  }

  /** The object of that type, or Stripe's 404 `resource_missing` naming the parameter. */
  async must(account: string, type: string, id: string | undefined, param = 'id'): Promise<Obj> {
    const o = id ? await this.get(account, id) : undefined;
    if (!o || o.object !== type || (o._deleted && type !== 'customer')) throw noSuch(NAMES[type] ?? type, id ?? '', param);
    return o;
  }

  /** An intent as seen with the publishable key: only with its own client_secret. */
  async intent(account: string, type: string, id: string | undefined, param: string, publishable: boolean | undefined, secret: unknown): Promise<Obj> {
    const o = await this.must(account, type, id, param);
    if (publishable && secret !== o.client_secret) {
      throw invalid(`The client_secret provided does not match the client_secret associated with the ${type === 'payment_intent' ? 'PaymentIntent' : 'SetupIntent'}.`, 'client_secret', `${type}_invalid_parameter`);
    }
    return o;
  }

  async insert(account: string, o: Obj): Promise<Obj> {
    if (o.object === 'webhook_endpoint') this.endpoints.delete(account);
    await this.db.query('INSERT INTO objects (id, account, type, created, customer, data) VALUES ($1, $2, $3, $4, $5, $6)', [
      o.id,
      account,
      o.object,
      o.created ?? Math.floor(Date.now() / 1000),
      typeof o.customer === 'string' ? o.customer : null,
      o,
    ]);
    return o;
  }

  async save(account: string, o: Obj): Promise<Obj> {
    if (o.object === 'webhook_endpoint') this.endpoints.delete(account);
    await this.db.query('UPDATE objects SET data = $3, customer = $4 WHERE account = $1 AND id = $2', [
      account,
      o.id,
      o,
      typeof o.customer === 'string' ? o.customer : null,
    ]);
    return o;
  }

  async remove(account: string, id: string): Promise<void> {
    this.endpoints.delete(account);
    await this.db.query('DELETE FROM objects WHERE account = $1 AND id = $2', [account, id]);
  }

  /** Newest first; `startingAfter`/`endingBefore` are object ids. Returns one page and whether more exist. */
  async list(account: string, type: string, q: ListQuery): Promise<{data: Obj[]; hasMore: boolean}> {
    const args: unknown[] = [account, type];
    const conds = ['account = $1', 'type = $2', "NOT (data ? '_deleted')"];
    for (const [k, v] of Object.entries(q.eq ?? {})) {
      if (v === undefined) continue;
      if (v === null) conds.push(`data->'${k.replaceAll("'", '')}' = 'null'::jsonb`);
      else {
        args.push(JSON.stringify(v));
        conds.push(`data->'${k.replaceAll("'", '')}' = $${args.length}::jsonb`);
      }
    }
    if (q.created !== undefined) {
      const range = typeof q.created === 'object' && q.created !== null ? (q.created as Record<string, unknown>) : {eq: q.created};
      const ops: Record<string, string> = {eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<='};
      for (const [op, v] of Object.entries(range)) {
        if (!(op in ops)) continue;
        const param = range === q.created ? `created[${op}]` : 'created';
        if (typeof v === 'number' ? !Number.isInteger(v) : !/^-?\d+$/.test(String(v))) throw invalid(`Invalid integer: ${String(v)}`, param, 'parameter_invalid_integer');
        args.push(Number(v));
        conds.push(`created ${ops[op]} $${args.length}`);
      }
    }
    if (q.where) {
      const base = args.length;
      conds.push(q.where.sql.replaceAll(/\$(\d+)/g, (_, n) => `$${Number(n) + base}`));
      args.push(...q.where.args);
    }
    let order = 'DESC';
    if (q.startingAfter || q.endingBefore) {
      const cursor = (q.startingAfter ?? q.endingBefore)!;
      const r = await this.db.query('SELECT seq FROM objects WHERE account = $1 AND id = $2', [account, cursor]);
      if (!r.rows[0]) throw noSuch(NAMES[type] ?? type, cursor, q.startingAfter ? 'starting_after' : 'ending_before');
      args.push(r.rows[0].seq);
      conds.push(`seq ${q.startingAfter ? '<' : '>'} $${args.length}`);
      if (!q.startingAfter) order = 'ASC';
    }
    args.push(q.limit + 1);
    const r = await this.db.query(`SELECT data FROM objects WHERE ${conds.join(' AND ')} ORDER BY seq ${order} LIMIT $${args.length}`, args);
    const rows = r.rows.map((x: {data: Obj}) => x.data);
    const hasMore = rows.length > q.limit;
    const data = rows.slice(0, q.limit);
    if (order === 'ASC') data.reverse();
    return {data, hasMore};
  }
}
