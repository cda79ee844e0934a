import {prefixedUpperId, randomString} from '@asym/template-kit';

/** Slack-format object ids: T (team), U (user), C (channel), D (im), G (mpim), B (bot), A (app), F (file), Q (scheduled). */
export const slackId = (prefix: 'T' | 'U' | 'C' | 'D' | 'G' | 'B' | 'A' | 'F' | 'Q' | 'E' | 'R' | 'V' | 'S'): string => prefixedUpperId(prefix, 10);

let lastMicros = 0;

/** A message timestamp (`1700000000.000100`): seconds and microseconds, strictly increasing in this process. */
export function nextTs(nowMs = Date.now()): string {
  let us = nowMs * 1000;
  if (us <= lastMicros) us = lastMicros + 1;
  lastMicros = us;
  return microsToTs(us);
}

export const microsToTs = (us: number): string => `${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}`;

/** Normalise a user-given timestamp (`1700000000`, `1700000000.1`) to Slack's 10.6 form; undefined if not one. */
export function normTs(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  const m = /^(\d{1,10})(?:\.(\d{0,6}))?$/.exec(raw.trim());
  if (!m) return undefined;
  return `${m[1]!.padStart(10, '0')}.${(m[2] ?? '').padEnd(6, '0')}`;
}

const digits = (n: number) => randomString(n, '0123456789');
const hex = (n: number) => randomString(n, '0123456789abcdef');

/** Token strings shaped like Slack's. */
export const mintBotToken = () => `xoxb-${digits(13)}-${digits(13)}-${randomString(24)}`;
export const mintUserToken = () => `xoxp-${digits(13)}-${digits(13)}-${digits(13)}-${hex(32)}`;
export const mintAppToken = (appId: string) => `xapp-1-${appId}-${digits(13)}-${hex(64)}`;
export const mintSigningSecret = () => hex(32);
