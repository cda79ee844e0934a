import type {Context} from 'hono';

export type Params = Record<string, unknown>;

/**
 * Every argument of a request, whatever way it came: query string, form-encoded body, multipart,
 * or JSON body. Later sources win. Repeated form keys become arrays. The result has no prototype, so
 * keys such as `__proto__` or `constructor` are plain arguments. A JSON body that does not parse sets
 * `__invalidJson`; a multipart body without a usable boundary sets `__invalidForm`.
 */
export async function readParams(c: Context): Promise<Params> {
  const out: Params = Object.create(null);
  for (const [k, v] of new URL(c.req.url).searchParams) add(out, k, v);
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return out;
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  const buf = await c.req.arrayBuffer();
  if (buf.byteLength === 0) return out;
  const raw = new TextDecoder().decode(buf);
  if (type.includes('application/json')) {
    try {
      const body = JSON.parse(raw);
      if (body && typeof body === 'object' && !Array.isArray(body)) for (const k of Object.keys(body)) out[k] = body[k];
    } catch {
      out.__invalidJson = true;
    }
  } else if (type.includes('multipart/form-data')) {
    try {
      const form = await new Request('http://x', {body: buf, headers: {'content-type': type}, method: 'POST'}).formData();
      for (const [k, v] of form) add(out, k, v);
    } catch {
      out.__invalidForm = true;
    }
  } else {
    for (const [k, v] of new URLSearchParams(raw)) add(out, k, v);
  }
  return out;
}

function add(out: Params, k: string, v: unknown): void {
  if (Object.hasOwn(out, k)) {
    const cur = out[k];
    out[k] = Array.isArray(cur) ? [...cur, v] : [cur, v];
  } else out[k] = v;
}
