import pg from 'pg';

const counts = new WeakMap<pg.Pool, {n: number}>();

/**
 * The clone's Postgres pool. Every statement is counted (one integer; `/_asym/stats` reports it so
 * benches can compare a route with a reference doing the same number of statements).
 */
export function createPool(connectionString: string): pg.Pool {
  const count = {n: 0};
  class CountingClient extends pg.Client {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    override query(...args: any[]): any {
      count.n++;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      return (super.query as any)(...args);
    }
  }
  // Connections close after 2 s unused, so an idle clone holds none (a fleet of clones must not
  // use up the server's max_connections); under load they stay open.
  const pool = new pg.Pool({Client: CountingClient, connectionString, idleTimeoutMillis: 2000, max: 10});
  counts.set(pool, count);
  return pool;
}

/** Statements sent through a pool made by createPool (0 for any other pool). */
export const queryCount = (pool: pg.Pool): number => counts.get(pool)?.n ?? 0;

const swapListeners = new WeakMap<pg.Pool, Set<() => void>>();

/**
 * Call `fn` when the pool's connections are cut under it — what a reset's database swap does
 * (it terminates them) — so caches of rows from the old database are dropped at once, before the
 * CLI's `/_asym/reset` arrives. Returns a function that removes the listener.
 */
export function onDatabaseSwapped(pool: pg.Pool, fn: () => void): () => void {
  let set = swapListeners.get(pool);
  if (!set) {
    set = new Set();
    swapListeners.set(pool, set);
    pool.on('error', () => {
      for (const f of set!) f();
    });
  }
  set.add(fn);
  return () => set!.delete(fn);
}
