// Replays one `@octokit/fixtures` recording (its raw-fixture.json: the setup requests it marks
// `x-octokit-fixture-ignore` and the scenario's own requests, in order) against a clone. Ids and
// commit shas GitHub answered are mapped to the clone's as responses arrive; tokens 000…001 and
// 000…002 are the recording's user-a and user-b. A scenario request matches when the status is the
// recorded one and every key path of the recorded JSON body is in the clone's with the same value
// type (null on either side is accepted: a nullable field); bodies that are not JSON compare by status.
export interface RecordedRequest {
  scope: string;
  method: string;
  path: string;
  body?: unknown;
  status: number;
  response?: unknown;
  reqheaders?: Record<string, unknown>;
}

export interface ReplayResult {
  requests: number;
  matched: number;
  /** The first mismatch, or undefined when every scenario request matched. */
  mismatch?: string;
}

const SHA = /^[0-9a-f]{40}$/;
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function shapes(value: unknown, path = '$', out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  const add = (p: string, t: string) => out.set(p, (out.get(p) ?? new Set()).add(t));
  add(path, kind(value));
  if (Array.isArray(value)) for (const v of value) shapes(v, `${path}[]`, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) shapes(v, `${path}.${k}`, out);
  return out;
}

/** The first key path of `recorded` the clone's body lacks or types differently, or undefined. */
export function shapeMismatch(recorded: unknown, actual: unknown): string | undefined {
  const got = shapes(actual);
  for (const [path, types] of shapes(recorded)) {
    const have = got.get(path);
    if (!have) return `missing ${path}`;
    for (const t of types) if (t !== 'null' && !have.has(t) && !have.has('null')) return `${path} is ${[...have].join('|')}, recorded ${t}`;
  }
  return undefined;
}

/** Learns recorded → clone ids and shas from a pair of bodies (same key paths). */
function learn(recorded: unknown, actual: unknown, map: Map<string, string>, key = ''): void {
  if (Array.isArray(recorded) && Array.isArray(actual)) {
    recorded.forEach((r, i) => learn(r, actual[i], map, key));
  } else if (recorded && actual && typeof recorded === 'object' && typeof actual === 'object') {
    for (const [k, v] of Object.entries(recorded)) learn(v, (actual as Record<string, unknown>)[k], map, k);
  } else if (typeof recorded === 'number' && typeof actual === 'number' && (key === 'id' || key.endsWith('_id'))) {
    map.set(String(recorded), String(actual));
  } else if (typeof recorded === 'string' && typeof actual === 'string' && SHA.test(recorded) && SHA.test(actual)) {
    map.set(recorded, actual);
  }
}

function substitute(value: unknown, map: Map<string, string>): unknown {
  if (typeof value === 'string') return map.get(value) ?? value;
  if (typeof value === 'number') return map.has(String(value)) ? Number(map.get(String(value))) : value;
  if (Array.isArray(value)) return value.map((v) => substitute(v, map));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, map)]));
  return value;
}

export async function replay(recording: RecordedRequest[], baseUrl: string, tokens: {a: string; b: string}): Promise<ReplayResult> {
  const map = new Map<string, string>([
    ['0000000000000000000000000000000000000001', tokens.a],
    ['0000000000000000000000000000000000000002', tokens.b],
  ]);
  const result: ReplayResult = {matched: 0, requests: 0};
  for (const rec of recording) {
    const headers = Object.fromEntries(
      Object.entries(rec.reqheaders ?? {})
        .filter(([k]) => !['host', 'content-length', 'x-octokit-fixture-ignore'].includes(k.toLowerCase()))
        .map(([k, v]) => [k, String(v)]),
    );
    if (headers.authorization) headers.authorization = headers.authorization.replace(/\b[0-9a-f]{40}\b/, (t) => map.get(t) ?? t);
    const path = rec.path.replace(/\b(\d+|[0-9a-f]{40})\b/g, (s) => map.get(s) ?? s);
    const hasBody = rec.body !== undefined && rec.body !== '';
    const body = !hasBody ? undefined : typeof rec.body === 'string' ? rec.body : JSON.stringify(substitute(rec.body, map));
    const res = await fetch(`${baseUrl}${path}`, {body, headers, method: rec.method.toUpperCase(), redirect: 'manual'});
    const text = await res.text();
    let actual: unknown = text;
    try {
      actual = JSON.parse(text);
    } catch {}
    const json = rec.response !== null && typeof rec.response === 'object';
    if (json) learn(rec.response, actual, map);
    if (rec.reqheaders?.['x-octokit-fixture-ignore']) continue;
    result.requests++;
    const why = res.status !== rec.status ? `status ${res.status}, recorded ${rec.status}` : json ? shapeMismatch(rec.response, actual) : undefined;
    if (why) result.mismatch ??= `${rec.method.toUpperCase()} ${rec.path}: ${why}`;
    else result.matched++;
  }
  return result;
}
