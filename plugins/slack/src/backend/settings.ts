import type pg from 'pg';

/** Per-clone switches kept in the clone database (and echoed in the tokens' `extra` so a reset keeps them). */
export interface Settings {
  rateLimits: boolean;
  /** Delays before each retry of a failed Events API delivery (Slack: immediately, 1 min, 5 min). */
  eventRetryDelaysMs: number[];
  /** Workspace message-editing window for people (null: any time, Slack's default); bots may always edit. */
  editWindowMinutes: number | null;
  /**
   * How the default app is distributed. `non_marketplace` applies Slack's 2025 limits for
   * commercially distributed apps outside the Marketplace: conversations.history and .replies at
   * 1 request per minute and at most 15 messages per page. Internal apps (the default) keep Tier 3.
   */
  appDistribution: 'internal' | 'non_marketplace';
}

export const DEFAULT_SETTINGS: Settings = {appDistribution: 'internal', editWindowMinutes: null, eventRetryDelaysMs: [1000, 5000, 30_000], rateLimits: true};

export class SettingsStore {
  private cache: Settings | undefined;
  /**
   * What was set through the control routes in this process: a reset swaps the database back to its
   * seed, and these are put back so the switches and the request URL survive it.
   */
  private sticky: Partial<Settings> = {};
  requestUrl: string | null | undefined;
  constructor(private readonly db: pg.Pool) {}

  async get(): Promise<Settings> {
    if (this.cache) return this.cache;
    const {rows} = await this.db.query(`SELECT key, value FROM clone_settings`);
    const s: Settings = {...DEFAULT_SETTINGS, ...this.sticky};
    for (const r of rows) if (r.key in s) (s as unknown as Record<string, unknown>)[r.key] = r.value;
    this.cache = s;
    return s;
  }

  async set(patch: Partial<Settings>): Promise<Settings> {
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) (this.sticky as Record<string, unknown>)[key] = value;
    this.cache = undefined;
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || !(key in DEFAULT_SETTINGS)) continue;
      if (value === null) {
        await this.db.query('DELETE FROM clone_settings WHERE key = $1', [key]);
        continue;
      }
      await this.db.query(
        `INSERT INTO clone_settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        [key, JSON.stringify(value)],
      );
    }
    this.cache = undefined;
    return this.get();
  }

  hasSticky(key: keyof Settings): boolean {
    return key in this.sticky;
  }

  /** Drop the cache (the database was swapped by a reset). */
  forget(): void {
    this.cache = undefined;
  }
}
