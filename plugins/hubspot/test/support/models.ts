/**
 * Checks a JSON response against the @hubspot/api-client's generated model for it: every key must be
 * one the model declares (else the SDK drops it on deserialization: "loss"), and every value must
 * have the type the model's `attributeTypeMap` gives (strings, numbers, booleans, ISO dates, enums,
 * arrays, maps, nested models).
 */
import {createRequire} from 'node:module';

const require = createRequire(import.meta.url);

type Attr = {name: string; baseName: string; type: string; format: string};
type ModelClass = {getAttributeTypeMap(): Attr[]};

export interface Problem {
  path: string;
  problem: string;
}

const modules = new Map<string, Record<string, unknown>>();
function models(module: string): Record<string, unknown> {
  let m = modules.get(module);
  if (!m) {
    m = require(`@hubspot/api-client/lib/codegen/${module}/models/all.js`) as Record<string, unknown>;
    modules.set(module, m);
  }
  return m;
}

/** Problems of `value` as an instance of `type` in the codegen module (`crm/objects`, `crm/associations/v4` …). */
export function validateModel(module: string, type: string, value: unknown, path = '$'): Problem[] {
  const all = models(module);
  const t = type.trim();
  if (value === null || value === undefined) return [];
  const arr = /^Array<(.+)>$/.exec(t);
  if (arr) return Array.isArray(value) ? value.flatMap((v, i) => validateModel(module, arr[1]!, v, `${path}[${i}]`)) : [{path, problem: `expected an array, got ${typeof value}`}];
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(t);
  if (map) {
    if (typeof value !== 'object' || Array.isArray(value)) return [{path, problem: `expected a map, got ${typeof value}`}];
    return Object.entries(value as object).flatMap(([k, v]) => validateModel(module, map[1]!, v, `${path}.${k}`));
  }
  if (t.includes('|')) {
    const alts = t.split('|').map((s) => s.trim());
    if (alts.includes('null') && value === null) return [];
    return alts.some((a) => a !== 'null' && validateModel(module, a, value, path).length === 0) ? [] : [{path, problem: `expected ${t}, got ${JSON.stringify(value)}`}];
  }
  switch (t) {
    case 'string':
      return typeof value === 'string' ? [] : [{path, problem: `expected a string, got ${typeof value}`}];
    case 'number':
      return typeof value === 'number' ? [] : [{path, problem: `expected a number, got ${typeof value}`}];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [{path, problem: `expected a boolean, got ${typeof value}`}];
    case 'Date':
      return typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) ? [] : [{path, problem: `expected an ISO date-time, got ${JSON.stringify(value)}`}];
    case 'any':
      return [];
    default:
  }
  const e = all[t];
  if (t.endsWith('Enum') && e && typeof e === 'object') {
    return Object.values(e).includes(value) ? [] : [{path, problem: `${JSON.stringify(value)} is not one of ${t}: ${Object.values(e).join(', ')}`}];
  }
  const cls = e as ModelClass | undefined;
  if (!cls?.getAttributeTypeMap) return [{path, problem: `no model ${t} in ${module}`}];
  if (typeof value !== 'object' || Array.isArray(value)) return [{path, problem: `expected a ${t} object, got ${typeof value}`}];
  const attrs = cls.getAttributeTypeMap();
  const known = new Set(attrs.map((a) => a.baseName));
  const out: Problem[] = [];
  for (const k of Object.keys(value as object)) if (!known.has(k)) out.push({path: `${path}.${k}`, problem: `not in ${t} (the SDK drops it)`});
  for (const a of attrs) out.push(...validateModel(module, a.type, (value as Record<string, unknown>)[a.baseName], `${path}.${a.baseName}`));
  return out;
}
