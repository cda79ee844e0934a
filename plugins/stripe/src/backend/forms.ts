/**
 * Stripe's form encoding: `metadata[k]=v`, `items[0][price]=p`, `expand[]=x` become nested objects
 * and arrays; values are then typed from the spec's parameter tree ('i' integer, 'b' boolean …).
 */
import {invalid} from './errors.js';

export type Form = Record<string, unknown>;
export type TypeTree = string | TypeTree[] | {[k: string]: TypeTree};

/** Deepest nesting a parameter may have (Stripe's deepest parameters are a few levels down). */
export const MAX_DEPTH = 16;
/** Names that would reach an object's prototype if used as keys. */
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/** The segments of a form key: `a[b][0]` → ['a', 'b', '0']; refuses NUL, prototype names and deep nesting. */
export function keyPath(rawKey: string): string[] {
  const m = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(rawKey.length > 4096 ? '' : rawKey);
  const top = rawKey.split('[', 1)[0] || rawKey;
  const path = m ? [m[1]!, ...[...m[2]!.matchAll(/\[([^\]]*)\]/g)].map((x) => x[1]!)] : [rawKey];
  if (path.length > MAX_DEPTH || rawKey.length > 4096) throw invalid(`Invalid request: the parameter ${top} is nested too deeply.`, top);
  const bad = path.findIndex((seg) => FORBIDDEN.has(seg));
  if (bad >= 0) throw invalid(`Received unknown parameter: ${paramName(path.slice(0, bad + 1))}`, paramName(path.slice(0, bad + 1)), 'parameter_unknown');
  if (rawKey.includes('\u0000')) throw invalid('Invalid string: parameter names may not contain null bytes (\\u0000).', rawKey);
  return path;
}

export const paramName = (path: string[]): string => path[0]! + path.slice(1).map((s) => `[${s}]`).join('');

/** Turn flat `[key, value]` pairs into nested objects; objects keyed 0..n (or `[]`) become arrays. */
export function nest(pairs: Iterable<[string, string]>): Form {
  // Null-prototype nodes while building: no key, whatever its name, can reach Object.prototype.
  const root: Form = Object.create(null);
  for (const [rawKey, value] of pairs) {
    const path = keyPath(rawKey);
    if (value.includes('\u0000')) throw invalid('Invalid string: strings may not contain null bytes (\\u0000).', paramName(path));
    let node: Record<string, unknown> = root;
    for (let i = 0; i < path.length; i++) {
      let seg = path[i]!;
      const last = i === path.length - 1;
      if (seg === '') seg = String(Object.keys(node).length);
      if (last) node[seg] = value;
      else {
        const next = node[seg];
        if (typeof next !== 'object' || next === null) node[seg] = Object.create(null);
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
  // fromEntries defines own properties: even a key named `__proto__` could not set a prototype.
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
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, coerce(v, Object.hasOwn(type, k) ? type[k] : type[''], `${param}[${k}]`)]));
}

/** Read helpers for handler code (values were already typed by `coerce`). */
export const str = (v: unknown): string | undefined => (v === undefined || v === null || v === '' ? undefined : String(v));
export const int = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v) ? Number.parseInt(v, 10) : undefined);
export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined);
export const obj = (v: unknown): Form | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Form) : undefined);
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]);
