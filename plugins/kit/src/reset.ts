// A running clone swaps its own database on `/_asym/reset` (and `restore`): the backend has the
// Postgres client loaded and the server a connection away, so the CLI only sends one request. After
// answering, it prepares the next reset's spare copy itself, off the critical path.
import pg from 'pg';

import type {Logger} from './log.js';
import {adminUrlOf, prepareSpareWith, quoteIdent, type SwapStep, swapDatabaseWith} from './swap.js';

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

  /** Swaps run one at a time, each after the previous one's spare build (it copies the same template). */
  swap(req: SwapRequest, lap: (name: string) => void = () => {}): Promise<SwapResult> {
    const run = this.tail.then(() => {
      lap('queued');
      return this.swapNow(req, lap);
    });
    this.tail = run.then((r) => r.after, () => undefined);
    return run.then((r) => r.result);
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

  private async swapNow(req: SwapRequest, lap: (name: string) => void): Promise<{result: SwapResult; after: Promise<void>}> {
    const admin = await this.adminClient();
    lap('connect');
    let result: {old?: string; usedSpare: boolean};
    try {
      const step = (s: SwapStep) => {
        if (req.killAt === `swap:${s}`) process.kill(process.pid, 'SIGKILL');
        lap(s);
      };
      result = await swapDatabaseWith(admin, this.database, {hash: req.hash, source: req.source, step});
    } catch (error) {
      this.releaseAdmin(true);
      throw error;
    }
    const drop = result.old ? [result.old] : [];
    const after = (async () => {
      try {
        if (req.spare) await prepareSpareWith(admin, this.database, req.spare.template, req.spare.hash, drop);
        else for (const d of drop) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(d)} WITH (FORCE)`);
      } catch (error) {
        this.log('warn', 'preparing the next spare failed (the next reset copies instead)', {error: (error as Error).message});
      } finally {
        this.releaseAdmin();
      }
    })();
    return {after, result: {usedSpare: result.usedSpare}};
  }

  /** Wait for background work and close the admin connection (the backend is closing). */
  async settled(): Promise<void> {
    await this.tail;
    clearTimeout(this.idleTimer);
    this.releaseAdmin(true);
  }
}
