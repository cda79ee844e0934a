/** What every resource handler gets: the request, and the clone's store, events and clocks. */
import {type BackendContext, BoundedCache, type Logger, onDatabaseSwapped} from '@asym/template-kit';

import {type Origin, Events} from './events.js';
import type {Form} from './forms.js';
import type {Obj} from './store.js';
import {Store} from './store.js';

export interface Req {
  account: string;
  /** Query and body parameters, nested and typed. */
  params: Form;
  /** Path parameters by their spec names (`{customer}` → `customer`). */
  path: Record<string, string>;
  origin: Origin;
  /** The request path, e.g. `/v1/customers` (the `url` of list objects). */
  url: string;
  /** Made with the publishable key (Stripe.js): intents then need their `client_secret`. */
  publishable?: boolean;
}

export class Api {
  readonly store: Store;
  readonly events: Events;
  readonly log: Logger;
  /** sha256 of a key → its account, kind and the account's pinned API version; dropped on reset and provision. */
  readonly keys = new BoundedCache<string, {account: string; kind: string; version?: string | null}>(500);

  private readonly pending = new Set<Promise<unknown>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  /**
   * Run `work` alone among the account's writes: each request reads, changes and saves whole
   * objects, so concurrent writes (two refunds of one charge) must not interleave.
   */
  async exclusive<T>(account: string, work: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(account) ?? Promise.resolve();
    const run = prev.then(work, work);
    const tail = run.catch(() => undefined);
    this.locks.set(account, tail);
    void tail.then(() => {
      if (this.locks.get(account) === tail) this.locks.delete(account);
    });
    return run;
  }

  /** Run work after the response (test clock advances); `settle` waits for it on shutdown. */
  track(work: Promise<unknown>): void {
    const p = work.catch((error: Error) => this.log('error', 'background work failed', {error: error.message})).finally(() => this.pending.delete(p));
    this.pending.add(p);
  }

  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  constructor(readonly ctx: BackendContext) {
    this.store = new Store(ctx.db);
    this.log = ctx.log;
    this.events = new Events(this.store, ctx.log);
    onDatabaseSwapped(ctx.db, () => this.keys.clear());
  }

  /** The current time for objects on a test clock (its frozen time), else the wall clock. */
  async now(account: string, clock?: string | null): Promise<number> {
    if (clock) {
      const c = await this.store.get(account, clock);
      if (c) return c.frozen_time as number;
    }
    return Math.floor(Date.now() / 1000);
  }

  /** The test clock a customer is attached to, if any. */
  async clockOf(account: string, customer: unknown): Promise<string | null> {
    if (typeof customer !== 'string') return null;
    const c = await this.store.get(account, customer);
    return (c?.test_clock as string | null) ?? null;
  }

  async emit(req: Pick<Req, 'account' | 'origin'>, type: string, object: Obj, previous?: Record<string, unknown>): Promise<Obj> {
    const created = await this.now(req.account, object._clock ?? (object.object === 'customer' ? object.test_clock : null));
    return this.events.emit(req.account, type, object, {created, origin: req.origin, previous});
  }
}
