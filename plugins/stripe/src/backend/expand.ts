/** `expand[]=customer`, `expand[]=data.customer`, `expand[]=latest_invoice.payment_intent`: ids become objects. */
import type {Api} from './api.js';
import {invalid} from './errors.js';

export async function expand(api: Api, account: string, result: unknown, paths: unknown): Promise<unknown> {
  const list = Array.isArray(paths) ? paths : typeof paths === 'string' ? [paths] : [];
  if (list.length === 0 || typeof result !== 'object' || result === null) return result;
  const out = structuredClone(result) as Record<string, unknown>;
  for (const p of list) {
    const segs = String(p).split('.');
    if (segs.length > 4) throw invalid(`You cannot expand more than 4 levels of a property. Property: ${p}`, 'expand');
    await walk(api, account, out, segs);
  }
  return out;
}

async function walk(api: Api, account: string, node: unknown, segs: string[]): Promise<void> {
  if (Array.isArray(node)) {
    for (const x of node) await walk(api, account, x, segs);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const o = node as Record<string, unknown>;
  const [head, ...rest] = segs;
  if (!head) return;
  if (!(head in o)) {
    throw invalid(`This property cannot be expanded (${head}).`, 'expand');
  }
  let v = o[head];
  if (typeof v === 'string') {
    const found = await api.store.get(account, v as string);
    if (found) {
      v = found._deleted ? {deleted: true, id: found.id, object: found.object} : found;
      o[head] = v;
    }
  }
  if (rest.length > 0) await walk(api, account, v, rest);
}
