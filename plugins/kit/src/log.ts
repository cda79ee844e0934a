/** Structured logs: one JSON object per line on stdout, which the CLI's `logs` verb shows. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  (level: Level, msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(base: Record<string, unknown> = {}): Logger {
  return (level, msg, fields) => {
    process.stdout.write(JSON.stringify({time: new Date().toISOString(), level, msg, ...base, ...fields}) + '\n');
  };
}
