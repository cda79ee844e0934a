/**
 * Validates responses against the Stripe OpenAPI spec (2023-08-16): types, required keys, enums,
 * nullability, anyOf, arrays, nested objects. Keys the spec does not know (newer API fields) are
 * counted apart, not as failures.
 */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {oraclesDir} from './oracles.js';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Finding {
  path: string;
  problem: string;
}

export class SpecValidator {
  readonly spec: Schema;
  private readonly routes: Array<{method: string; re: RegExp; template: string}> = [];

  constructor(file = join(oraclesDir(), 'spec3-2023-08-16.json')) {
    this.spec = JSON.parse(readFileSync(file, 'utf8')) as Schema;
    for (const [template, ops] of Object.entries(this.spec.paths as Record<string, Schema>)) {
      for (const method of Object.keys(ops)) {
        this.routes.push({method: method.toUpperCase(), re: new RegExp(`^${template.replaceAll(/\{[^}]+\}/g, '[^/]+')}$`), template});
      }
    }
    // Literal paths before templated ones (`/v1/customers/search` before `/v1/customers/{customer}`).
    this.routes.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  }

  /** The 200 schema of an operation, or undefined when the spec has no such operation. */
  responseSchema(method: string, path: string): {template: string; schema: Schema} | undefined {
    const r = this.routes.find((x) => x.method === method.toUpperCase() && x.re.test(path.split('?')[0]!));
    if (!r) return undefined;
    const schema = this.spec.paths[r.template][method.toLowerCase()]?.responses?.['200']?.content?.['application/json']?.schema;
    return schema ? {schema, template: r.template} : undefined;
  }

  validate(value: unknown, schema: Schema, path = '$', unknown: Set<string> = new Set()): Finding[] {
    const s = this.resolve(schema);
    if (value === null) return s.nullable ? [] : [{path, problem: 'null where the spec does not allow it'}];
    if (s.anyOf || s.oneOf) {
      const alts = (s.anyOf ?? s.oneOf) as Schema[];
      let best: Finding[] | undefined;
      for (const alt of alts) {
        const local = new Set<string>();
        const f = this.validate(value, alt, path, local);
        if (f.length === 0) {
          for (const k of local) unknown.add(k);
          return [];
        }
        if (!best || f.length < best.length) best = f;
      }
      return best ?? [];
    }
    if (s.enum && !s.enum.includes(value)) return [{path, problem: `${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum).slice(0, 120)}`}];
    switch (s.type) {
      case 'string':
        return typeof value === 'string' ? [] : [{path, problem: `expected string, got ${typeof value}`}];
      case 'integer':
        return Number.isInteger(value) ? [] : [{path, problem: `expected integer, got ${JSON.stringify(value)}`}];
      case 'number':
        return typeof value === 'number' ? [] : [{path, problem: `expected number, got ${typeof value}`}];
      case 'boolean':
        return typeof value === 'boolean' ? [] : [{path, problem: `expected boolean, got ${typeof value}`}];
      case 'array':
        if (!Array.isArray(value)) return [{path, problem: 'expected array'}];
        return value.flatMap((v, i) => this.validate(v, s.items ?? {}, `${path}[${i}]`, unknown));
      default:
        break;
    }
    if (s.type === 'object' || s.properties) {
      if (typeof value !== 'object' || Array.isArray(value)) return [{path, problem: `expected object, got ${Array.isArray(value) ? 'array' : typeof value}`}];
      const o = value as Record<string, unknown>;
      const out: Finding[] = [];
      for (const k of (s.required ?? []) as string[]) if (!(k in o)) out.push({path: `${path}.${k}`, problem: 'required key missing'});
      for (const [k, v] of Object.entries(o)) {
        const ps = s.properties?.[k];
        if (ps) out.push(...this.validate(v, ps, `${path}.${k}`, unknown));
        else if (s.additionalProperties && typeof s.additionalProperties === 'object') out.push(...this.validate(v, s.additionalProperties, `${path}.${k}`, unknown));
        else if (s.properties) unknown.add(`${s['x-resourceId'] ?? s.title ?? path}.${k}`);
      }
      return out;
    }
    return [];
  }

  private resolve(s: Schema): Schema {
    let cur = s;
    while (cur?.$ref) cur = this.spec.components.schemas[String(cur.$ref).split('/').pop()!];
    return cur ?? {};
  }
}
