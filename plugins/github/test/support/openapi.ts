/**
 * Validates the clone's responses against GitHub's OpenAPI description (trimmed copy in
 * test/oracles): the schema of the operation (method + path template) for the answered status.
 */
import {readFileSync} from 'node:fs';

import {Ajv, type ValidateFunction} from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, any>;
const spec = JSON.parse(readFileSync(new URL('../oracles/api.github.com.responses.json', import.meta.url), 'utf8')) as {paths: Json; schemas: Json};

/** OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a union with null; refs point into `definitions`. */
function toJsonSchema(node: any): any {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'nullable') continue;
    if (k === '$ref') out.$ref = String(v).replace('#/components/schemas/', '#/definitions/');
    else out[k] = toJsonSchema(v);
  }
  return node.nullable ? {anyOf: [out, {type: 'null'}]} : out;
}

const ajv = new Ajv({allErrors: true, strict: false, validateFormats: true});
(addFormats as unknown as (a: Ajv) => void)(ajv);
const definitions = toJsonSchema(spec.schemas);
const cache = new Map<string, ValidateFunction>();

export interface Check {
  operation: string;
  status: number;
  ok: boolean;
  /** no schema for this operation/status in the description */
  unknown?: boolean;
  errors?: string[];
}

export function validateResponse(method: string, template: string, status: number, body: unknown): Check {
  const operation = `${method.toUpperCase()} ${template}`;
  const declared = spec.paths[template]?.[method.toLowerCase()]?.[String(status)];
  if (declared === undefined) return {errors: [`status ${status} is not declared`], ok: false, operation, status, unknown: true};
  if (declared === null) return {ok: body === undefined || body === null || body === '', operation, status};
  const key = `${operation} ${status}`;
  if (!cache.has(key)) cache.set(key, ajv.compile({...toJsonSchema(declared), definitions}));
  const validate = cache.get(key)!;
  const ok = validate(body) as boolean;
  return {errors: ok ? undefined : (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message}`), ok, operation, status};
}

export function hasOperation(method: string, template: string): boolean {
  return Boolean(spec.paths[template]?.[method.toLowerCase()]);
}

