// A running clone swaps its own database on `/_asym/reset` (and `restore`): the backend has the
// Postgres client loaded and the server a connection away, so the CLI only sends one request. After
// answering, it prepares the next reset's spare copy itself, off the critical path.
import pg from 'pg';

import type {Logger} from './log.js';
import {adminUrlOf, prepareSpareWith, quoteIdent, swapBackWith, type SwapStep, swapDatabaseWith} from './swap.js';

/** What the CLI asks for in `/_asym/reset`'s `swap` field. */
export interface SwapRequest {
  /** Database to copy when no ready spare fits (the template database, or a snapshot). */
  source: string;
  /** The spare is taken only when it was built from this hash (omit for a snapshot restore). */
  hash?: string;
  /** The next spare to prepare once answered (the seed's template database and its hash). */
  spare?: {template: string; hash: string};
  /** Test-only: the backend kills itself at `swap:<step>` (as the CLI does with ASYM_TEST_KILL_AT). */
  killAt?: string;
}

const ADMIN_IDLE_MS = 10_000;

export interface SwapResult {
  usedSpare: boolean;
}

export class DatabaseSwapper {
  /** The last swap and the spare build after it; the next swap waits for both. */
  private tail: Promise<void> = Promise.resolve();
  private readonly database: string;
  private readonly adminUrl: string;
  private admin?: pg.Client;
  private idleTimer?: NodeJS.Timeout;

  constructor(databaseUrl: string, private readonly log: Logger) {
    this.database = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
    this.adminUrl = adminUrlOf(databaseUrl);
  }

  /**
   * Swap, then run `then` (clear caches, restore credentials …) on the new data. When `then` fails
   * the swap is undone (the previous database renamed back), so a failed reset leaves the clone as
   * it was: the error then carries `rolledBack`. Swaps run one at a time, each after the previous
   * one's spare build (it copies the same template).
   */
  swap<T>(req: SwapRequest, lap: (name: string) => void, then: () => Promise<T>): Promise<SwapResult & {value: T}> {
    const run = this.tail.then(async () => {
      lap('queued');
      const {result, old} = await this.swapNow(req, lap);
      let value: T;
      try {
        value = await then();
      } catch (error) {
        throw await this.undo(old, error as Error);
      }
      return {after: this.afterSwap(req, old), result: {...result, value}};
    });
    this.tail = run.then((r) => r.after, () => undefined);
    return run.then((r) => r.result);
  }

  /** Put the previous database back after a failed reset; the error says whether that worked. */
  private async undo(old: string | undefined, error: Error): Promise<Error & {rolledBack?: boolean}> {
    if (!old) {
      this.releaseAdmin();
      return error;
    }
    try {
      await swapBackWith(await this.adminClient(), this.database, old);
      this.releaseAdmin();
      return Object.assign(error, {rolledBack: true});
    } catch (undoError) {
      this.releaseAdmin(true);
      this.log('error', 'putting the previous database back failed', {error: (undoError as Error).message});
      return error;
    }
  }

  /**
   * The admin connection, kept for a few seconds after the last swap: agents reset in quick episodes,
   * and a new connection is most of a swap's time on a busy machine. Closed when idle so a fleet of
   * idle clones holds no connections.
   */
  private async adminClient(): Promise<pg.Client> {
    clearTimeout(this.idleTimer);
    if (this.admin) return this.admin;
    const admin = new pg.Client({connectionString: this.adminUrl, connectionTimeoutMillis: 10_000});
    admin.on('error', () => {
      if (this.admin === admin) this.admin = undefined;
    });
    await admin.connect();
    this.admin = admin;
    return admin;
  }

  private releaseAdmin(broken = false): void {
    const admin = this.admin;
    if (!admin) return;
    const close = () => {
      if (this.admin === admin) this.admin = undefined;
      void admin.end().catch(() => {});
    };
    if (broken) return close();
    this.idleTimer = setTimeout(close, ADMIN_IDLE_MS);
    this.idleTimer.unref();
  }

  private async swapNow(req: SwapRequest, lap: (name: string) => void): Promise<{result: SwapResult; old?: string}> {
    const admin = await this.adminClient();
    lap('connect');
    try {
      const step = (s: SwapStep) => {
        if (req.killAt === `swap:${s}`) process.kill(process.pid, 'SIGKILL');
        lap(s);
      };
      const result = await swapDatabaseWith(admin, this.database, {hash: req.hash, source: req.source, step});
      return {old: result.old, result: {usedSpare: result.usedSpare}};
    } catch (error) {
      this.releaseAdmin(true);
      throw error;
    }
  }

  /** Off the critical path: drop the previous database and build the next spare. */
  private async afterSwap(req: SwapRequest, old: string | undefined): Promise<void> {
    const drop = old ? [old] : [];
    try {
      const admin = await this.adminClient();
      if (req.spare) await prepareSpareWith(admin, this.database, req.spare.template, req.spare.hash, drop, (db) => this.warm(db));
      else for (const d of drop) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(d)} WITH (FORCE)`);
    } catch (error) {
      this.log('warn', 'preparing the next spare failed (the next reset copies instead)', {error: (error as Error).message});
    } finally {
      this.releaseAdmin();
    }
  }

  /** Connect to a freshly copied database once, so its catalog cache file exists before it is used. */
  private async warm(database: string): Promise<void> {
    const u = new URL(this.adminUrl);
    u.pathname = `/${encodeURIComponent(database)}`;
    const c = new pg.Client({connectionString: u.toString(), connectionTimeoutMillis: 10_000});
    c.on('error', () => undefined);
    await c.connect();
    try {
      await c.query("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace");
    } finally {
      await c.end().catch(() => {});
    }
  }

  /** Wait for background work and close the admin connection (the backend is closing). */
  async settled(): Promise<void> {
    await this.tail;
    clearTimeout(this.idleTimer);
    this.releaseAdmin(true);
  }
}
