/** Default documents with every key the real API returns for each object (generated from the oracles). */
import {createHash} from 'node:crypto';

import {underscoreId} from '@asym/template-kit';

import shapes from './generated/shapes.json' with {type: 'json'};
import type {Obj} from './store.js';

export function blank(object: keyof typeof shapes, fields: Record<string, unknown>): Obj {
  return {...structuredClone(shapes[object]), object, ...fields} as Obj;
}

/** Stripe ids: a prefix, an underscore and mixed-case alphanumerics. */
export const newId = (prefix: string, length = 24): string => underscoreId(prefix, length);

/**
 * `payment_method_configuration_details` of an intent or session: with dynamic payment methods (no
 * explicit `payment_method_types`) Stripe names the account's default configuration; else null.
 */
export function pmcDetails(account: string, dynamic: boolean): {id: string; parent: null} | null {
  return dynamic ? {id: `pmc_${createHash('sha256').update(account).digest('hex').slice(0, 24)}`, parent: null} : null;
}

/** A copy without the clone's private bookkeeping (keys starting with `_`). */
export function publicView<T>(v: T): T {
  if (Array.isArray(v)) return v.map(publicView) as T;
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith('_')) out[k] = publicView(x);
  return out as T;
}
