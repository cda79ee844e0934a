import type {CloneRecord, CloneStatus, CloneTokens} from '@asym/contract';

/** Tokens never leave `status`/`ls` in the clear. */
export function redactTokens(tokens: CloneTokens | undefined): CloneTokens | undefined {
  if (!tokens) return undefined;
  const mask = (v: string | undefined) => (v ? `${v.slice(0, 5)}…(redacted)` : v);
  return {
    ...tokens,
    ...(tokens.botToken ? {botToken: mask(tokens.botToken)} : {}),
    ...(tokens.userToken ? {userToken: mask(tokens.userToken)} : {}),
    ...(tokens.apiKey ? {apiKey: mask(tokens.apiKey)} : {}),
    ...(tokens.extra ? {extra: Object.fromEntries(Object.entries(tokens.extra).map(([k, v]) => [k, /token|secret|key/i.test(k) ? mask(v)! : v]))} : {}),
  };
}

/** A record safe to print: tokens and secrets redacted. */
export function publicRecord(r: CloneRecord): Omit<CloneRecord, 'secrets'> {
  const {secrets: _s, ...rest} = r;
  return {...rest, ...(r.tokens ? {tokens: redactTokens(r.tokens)} : {})};
}

/** Plain-text table with padded columns. */
export function table(rows: string[][], headers: string[]): string {
  const all = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all.map((r) => '  ' + r.map((c, i) => (c ?? '').padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export function statusRow(s: CloneStatus): string[] {
  return [s.id, s.template, s.mode, s.state, s.endpoints.api || '-', s.environment ?? '-'];
}

/** Token lines as spin and tokens show them. */
export function tokenLines(t: CloneTokens | undefined): string[] {
  if (!t) return [];
  const lines: string[] = [];
  const words = (k: string) => k.replaceAll(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const pairs: Array<[string, string]> = [];
  if (t.botToken) pairs.push(['bot token', t.botToken]);
  if (t.userToken) pairs.push(['user token', t.userToken]);
  if (t.apiKey) pairs.push(['api key', t.apiKey]);
  for (const [k, v] of Object.entries(t.extra ?? {})) if (/token|secret|key/i.test(k)) pairs.push([words(k), v]);
  const width = Math.max(11, ...pairs.map(([k]) => k.length));
  for (const [k, v] of pairs) lines.push(`    ${k.padEnd(width)} ${v}`);
  return lines;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** A setting as `config set` takes it (portRange as 3000-3999). */
export function shownValue(key: string, value: unknown): string {
  if (key === 'portRange' && typeof value === 'object' && value) return `${(value as {from: number}).from}-${(value as {to: number}).to}`;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
