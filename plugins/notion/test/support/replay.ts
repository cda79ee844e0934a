/**
 * Replays recorded Notion traffic against a clone, in order per cassette, with the recorded ids
 * replaced by the ones the clone handed out, and compares each answer with the recording: the
 * status, every key path of the recorded JSON with its value type, and the `object`/`type`
 * discriminators' values.
 */
export interface Interaction {
  method: string;
  host: string;
  path: string;
  query: string;
  body: unknown;
  multipart?: {filename: string; contentType?: string; content: string};
  status: number;
  response: unknown;
}

export interface Cassette {
  cassette: string;
  interactions: Interaction[];
}

export interface Outcome {
  cassette: string;
  index: number;
  method: string;
  path: string;
  ok: boolean;
  skipped?: string;
  problems: string[];
}

const UUID = /[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}/gi;
/** Async task ids (`task_<32 hex>`) are not UUIDs. */
const TASK = /^task_[0-9a-f]{32}$/;
const TASK_ANY = /task_[0-9a-f]{32}/g;
const dashed = (s: string) => {
  const h = s.replace(/-/g, '').toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

type Json = null | boolean | number | string | Json[] | {[k: string]: Json};
const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every key path with its JSON type; array elements share the path `x[]`. */
export function shape(v: unknown, path = '$', out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  const add = (p: string, t: string) => (out.get(p) ?? out.set(p, new Set()).get(p)!).add(t);
  add(path, typeOf(v));
  if (Array.isArray(v)) for (const x of v) shape(x, `${path}[]`, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) shape(x, `${path}.${k}`, out);
  return out;
}

/** The values of the `object` and `type` keys by path. */
function discriminators(v: unknown, path = '$', out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  if (Array.isArray(v)) for (const x of v) discriminators(x, `${path}[]`, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'object' || k === 'type') && typeof x === 'string') (out.get(`${path}.${k}`) ?? out.set(`${path}.${k}`, new Set()).get(`${path}.${k}`)!).add(x);
      else discriminators(x, `${path}.${k}`, out);
    }
  }
  return out;
}

/** What differs between a recorded answer and the clone's (empty when they match). */
export function compare(recorded: Interaction, status: number, body: unknown): string[] {
  const problems: string[] = [];
  if (status !== recorded.status) problems.push(`status ${status}, recorded ${recorded.status}`);
  if (recorded.response === null || recorded.response === undefined) return problems;
  const want = shape(recorded.response);
  const got = shape(body);
  for (const [path, types] of want) {
    const have = got.get(path);
    if (!have) {
      problems.push(`missing ${path}`);
      continue;
    }
    for (const t of types) if (!have.has(t) && !(t === 'null' || have.has('null'))) problems.push(`${path} is ${[...have].join('|')}, recorded ${t}`);
  }
  const wd = discriminators(recorded.response);
  const gd = discriminators(body);
  for (const [path, values] of wd) for (const v of values) if (!gd.get(path)?.has(v)) problems.push(`${path} = ${[...(gd.get(path) ?? [])].join('|') || '∅'}, recorded ${v}`);
  return problems;
}

/** Learn recorded id → clone id from two answers walked side by side (ids, cursors, discussion ids). */
export function learn(ids: Map<string, string>, recorded: unknown, got: unknown): void {
  if (Array.isArray(recorded) && Array.isArray(got)) {
    recorded.forEach((x, i) => learn(ids, x, got[i]));
    return;
  }
  if (!recorded || !got || typeof recorded !== 'object' || typeof got !== 'object') return;
  for (const [k, v] of Object.entries(recorded as Record<string, Json>)) {
    const g = (got as Record<string, unknown>)[k];
    if (typeof v === 'string' && typeof g === 'string' && k !== 'request_id' && /^[0-9a-f-]{32,36}$/i.test(v) && /^[0-9a-f-]{32,36}$/i.test(g)) {
      if (!ids.has(dashed(v))) ids.set(dashed(v), g);
    } else if (typeof v === 'string' && typeof g === 'string' && k === 'id' && TASK.test(v)) ids.set(v, g);
    else learn(ids, v, g);
  }
}

/** Replace recorded ids (dashed or not) in a string by the clone's. */
export function substitute(ids: Map<string, string>, s: string): string {
  return s.replace(TASK_ANY, (m) => ids.get(m) ?? m).replace(UUID, (m) => {
    const mapped = ids.get(dashed(m));
    if (!mapped) return m;
    return m.includes('-') ? mapped : mapped.replace(/-/g, '');
  });
}

export async function replay(
  base: string,
  cassettes: Cassette[],
  opts: {token: string; seedIds: Array<[string, string]>; version?: string},
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const c of cassettes) {
    const ids = new Map<string, string>(opts.seedIds.map(([a, b]) => [dashed(a), b]));
    for (const [index, it] of c.interactions.entries()) {
      const o: Outcome = {cassette: c.cassette, index, method: it.method, ok: false, path: it.path, problems: []};
      outcomes.push(o);
      if (it.host !== 'api.notion.com') {
        o.skipped = `not Notion (${it.host})`;
        continue;
      }
      const url = base + substitute(ids, it.path) + substitute(ids, it.query);
      const headers: Record<string, string> = {'notion-version': opts.version ?? '2025-09-03'};
      headers.authorization = `Bearer ${it.status === 401 ? 'ntn_revoked000000000000000000000000000000000000' : opts.token}`;
      let body: BodyInit | undefined;
      if (it.multipart) {
        const form = new FormData();
        form.append('file', new Blob([it.multipart.content], {type: it.multipart.contentType ?? 'application/octet-stream'}), it.multipart.filename);
        body = form;
      } else if (it.body !== null && it.body !== undefined) {
        body = substitute(ids, JSON.stringify(it.body));
        headers['content-type'] = 'application/json';
      }
      const res = await fetch(url, {body, headers, method: it.method});
      const text = await res.text();
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON
      }
      o.problems = compare(it, res.status, json);
      o.ok = o.problems.length === 0;
      if (res.ok) learn(ids, it.response, json);
    }
  }
  return outcomes;
}
