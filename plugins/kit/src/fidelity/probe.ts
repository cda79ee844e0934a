/** How the scorer calls a clone: its API base, the credential and headers the template declared. */
export interface ProbeTarget {
  /** The clone's API endpoint (service URL + apiPath). */
  apiUrl: string;
  /** Headers every probe sends (Authorization, an API version …). */
  headers: Record<string, string>;
}

export interface ProbeRequest {
  method: string;
  /** Path under the API endpoint, with its query string. */
  path: string;
  body?: unknown;
  /** Leave the credential out (to provoke the product's authentication error). */
  anonymous?: boolean;
}

export interface ProbeResponse {
  status: number;
  body: unknown;
}

/** One HTTP call to the clone; a body that is not JSON comes back as its text. A 429 is waited out (up to 2 s) and retried, as clients do. */
export async function probe(target: ProbeTarget, req: ProbeRequest, retries = 3): Promise<ProbeResponse> {
  const headers: Record<string, string> = {...target.headers};
  if (req.anonymous) delete headers.authorization;
  const hasBody = req.body !== undefined && req.method !== 'GET' && req.method !== 'HEAD';
  if (hasBody) headers['content-type'] = 'application/json; charset=utf-8';
  const res = await fetch(target.apiUrl.replace(/\/$/, '') + req.path, {
    body: hasBody ? JSON.stringify(req.body) : undefined,
    headers,
    method: req.method,
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  if (res.status === 429 && retries > 0) {
    const wait = Math.min(2000, Math.max(100, Number(res.headers.get('retry-after') ?? 1) * 1000));
    await new Promise((r) => setTimeout(r, wait));
    return probe(target, req, retries - 1);
  }
  let body: unknown = text;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {}
  return {body, status: res.status};
}

/** Run `fn` over `items`, `width` at a time (probes stay cheap and the clone is not flooded). */
export async function pool<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({length: Math.min(width, items.length)}, worker));
  return out;
}

export const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every key path of a JSON value with the types seen there; array elements share the path `x[]`. */
export function keyPaths(v: unknown, path = '$', out = new Map<string, Set<string>>()): Map<string, Set<string>> {
  (out.get(path) ?? out.set(path, new Set()).get(path)!).add(typeOf(v));
  if (Array.isArray(v)) for (const x of v) keyPaths(x, `${path}[]`, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) keyPaths(x, `${path}.${k}`, out);
  return out;
}
