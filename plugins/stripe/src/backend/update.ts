/** Stripe's update semantics: `metadata` merges (an empty value unsets a key), `''` clears a field. */
import type {Api, Req} from './api.js';
import type {Form} from './forms.js';
import type {Obj} from './store.js';

export function metadataOf(v: unknown): Record<string, string> {
  if (typeof v !== 'object' || v === null) return {};
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== '' && x !== null).map(([k, x]) => [k, String(x)]));
}

/** Apply the given fields to `o`; returns `previous_attributes` for the `*.updated` event. */
export function applyUpdate(o: Obj, params: Form, fields: string[]): Record<string, unknown> {
  const prev: Record<string, unknown> = {};
  for (const k of fields) {
    if (!(k in params)) continue;
    const v = params[k];
    if (k === 'metadata') {
      const before = {...(o.metadata ?? {})};
      const next: Record<string, string> = v === '' ? {} : {...before};
      if (typeof v === 'object' && v !== null) {
        for (const [mk, mv] of Object.entries(v)) {
          if (mv === '' || mv === null) delete next[mk];
          else next[mk] = String(mv);
        }
      }
      if (JSON.stringify(before) !== JSON.stringify(next)) {
        prev.metadata = Object.fromEntries([...new Set([...Object.keys(before), ...Object.keys(next)])].map((mk) => [mk, before[mk] ?? null]));
        o.metadata = next;
      }
      continue;
    }
    const nv = v === '' ? null : v;
    if (JSON.stringify(o[k]) !== JSON.stringify(nv)) {
      prev[k] = o[k] ?? null;
      o[k] = nv;
    }
  }
  return prev;
}

/** The usual `POST /v1/<resource>/{id}`: apply the fields, save, and emit `<event>` when anything changed. */
export async function saveUpdate(req: Req, api: Api, o: Obj, fields: string[], event: string): Promise<Obj> {
  const prev = applyUpdate(o, req.params, fields);
  await api.store.save(req.account, o);
  if (Object.keys(prev).length > 0) await api.emit(req, event, o, prev);
  return o;
}

const ADDRESS_KEYS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'];

/** An address as Stripe returns it: every key present, unset ones null. */
export function fullAddress(v: unknown): Record<string, unknown> | null {
  if (typeof v !== 'object' || v === null) return null;
  const a = v as Record<string, unknown>;
  return Object.fromEntries(ADDRESS_KEYS.map((k) => [k, a[k] === undefined || a[k] === '' ? null : a[k]]));
}

/** Shipping details as Stripe returns them (address, name, phone, and carrier/tracking where they apply). */
export function fullShipping(v: unknown, withTracking = false): Record<string, unknown> | null {
  if (typeof v !== 'object' || v === null) return null;
  const s = v as Record<string, unknown>;
  return {
    address: fullAddress(s.address ?? {}),
    ...(withTracking ? {carrier: s.carrier ?? null} : {}),
    name: s.name ?? null,
    phone: s.phone ?? null,
    ...(withTracking ? {tracking_number: s.tracking_number ?? null} : {}),
  };
}
