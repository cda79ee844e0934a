/**
 * Stripe's form encoding: `metadata[k]=v`, `items[0][price]=p`, `expand[]=x` become nested objects
 * and arrays; values are then typed from the spec's parameter tree ('i' integer, 'b' boolean …).
 */
import {invalid} from './errors.js';

export type Form = Record<string, unknown>;
export type TypeTree = string | TypeTree[] | {[k: string]: TypeTree};

/** Turn flat `[key, value]` pairs into nested objects; objects keyed 0..n (or `[]`) become arrays. */
export function nest(pairs: Iterable<[string, string]>): Form {
  const root: Form = {};
  for (const [rawKey, value] of pairs) {
    const m = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(rawKey);
    const path = m ? [m[1]!, ...[...m[2]!.matchAll(/\[([^\]]*)\]/g)].map((x) => x[1]!)] : [rawKey];
    let node: Record<string, unknown> = root;
    for (let i = 0; i < path.length; i++) {
      let seg = path[i]!;
      const last = i === path.length - 1;
      if (seg === '') seg = String(Object.keys(node).length);
      if (last) node[seg] = value;
      else {
        const next = node[seg];
        if (typeof next !== 'object' || next === null) node[seg] = {};
        node = node[seg] as Record<string, unknown>;
      }
    }
  }
  return arrays(root) as Form;
}

function arrays(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  const fixed = Object.fromEntries(keys.map((k) => [k, arrays(o[k])]));
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.sort((a, b) => Number(a) - Number(b)).map((k) => fixed[k]);
  }
  return fixed;
}

/** Type the values of a nested form from a spec type tree; bad integers and booleans are Stripe's 400s. */
export function coerce(value: unknown, type: TypeTree | undefined, param: string): unknown {
  if (type === undefined || type === '*' || value === '') return value;
  if (typeof type === 'string') {
    if (typeof value !== 'string') return value;
    if (type === 'i') {
      if (!/^-?\d+$/.test(value)) throw invalid(`Invalid integer: ${value}`, param, 'parameter_invalid_integer');
      return Number.parseInt(value, 10);
    }
    if (type === 'n') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw invalid(`Invalid decimal: ${value}`, param, 'parameter_invalid_integer');
      return n;
    }
    if (type === 'b') {
      if (value !== 'true' && value !== 'false') throw invalid(`Invalid boolean: ${value}`, param);
      return value === 'true';
    }
    return value;
  }
  if (Array.isArray(type)) {
    if (!Array.isArray(value)) {
      if (typeof value === 'object' && value !== null) return Object.values(value).map((v, i) => coerce(v, type[0], `${param}[${i}]`));
      return value;
    }
    return value.map((v, i) => coerce(v, type[0], `${param}[${i}]`));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Form = {};
  for (const [k, v] of Object.entries(value)) {
    const t = k in type ? type[k] : type[''];
    out[k] = coerce(v, t, `${param}[${k}]`);
  }
  return out;
}

/** Read helpers for handler code (values were already typed by `coerce`). */
export const str = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));
export const int = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number.parseInt(v, 10) : undefined);
export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined);
export const obj = (v: unknown): Form | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Form) : undefined);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);
