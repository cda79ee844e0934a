/** Structured logs: one JSON object per line on stdout, which the CLI's `logs` verb shows. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  (level: Level, msg: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<Level, number> = {debug: 0, error: 3, info: 1, warn: 2};

/** Lines below ASYM_LOG_LEVEL (default info) are dropped. */
export function createLogger(base: Record<string, unknown> = {}, min: Level = (process.env.ASYM_LOG_LEVEL as Level) ?? 'info'): Logger {
  return (level, msg, fields) => {
    if (RANK[level] < (RANK[min] ?? 1)) return;
    process.stdout.write(JSON.stringify({time: new Date().toISOString(), level, msg, ...base, ...fields}) + '\n');
  };
}
