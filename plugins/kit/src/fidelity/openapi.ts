/**
 * An OpenAPI description as the scorer reads it: OpenAPI 3 (`responses.<status>.content.<json>.schema`),
 * Swagger 2 (`responses.<status>.schema`), or the compact form the templates ship trimmed
 * (`paths.<path>.<method>.<status>` = schema, `schemas` = the components).
 */
import {Ajv, type ValidateFunction} from 'ajv';

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

export interface ApiOperation {
  method: string;
  path: string;
  /** Response schema by status (`200`, `404`, `default`); null: declared without a JSON body. */
  responses: Record<string, unknown>;
}

export interface OpenApiReference {
  name: string;
  version: string;
  operations: ApiOperation[];
  validate(op: ApiOperation, status: number, body: unknown): {ok: boolean; declared: boolean; errors: string[]};
}

function responsesOf(op: Json): Record<string, unknown> {
  if (!op || typeof op !== 'object') return {};
  if (!op.responses) {
    // compact: the statuses are the operation's own keys
    return Object.fromEntries(Object.entries(op).filter(([k]) => /^(\d{3}|default)$/.test(k)));
  }
  const out: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(op.responses as Json)) {
    const res = r as Json | null;
    const json = res?.content ? Object.entries(res.content as Json).find(([type]) => type.includes('json'))?.[1] : undefined;
    out[status] = (json as Json | undefined)?.schema ?? res?.schema ?? null;
  }
  return out;
}

/** OpenAPI schema → JSON Schema: `nullable` becomes a union with null; refs point into one shared document. */
function toJsonSchema(node: any): any {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'nullable' || k === 'x-nullable' || k === 'discriminator' || k === 'example' || k === 'examples') continue;
    if (k === '$ref') out.$ref = `asym-ref#/definitions/${String(v).split('/').pop()}`;
    else if (k === 'properties' && v && typeof v === 'object') out.properties = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, toJsonSchema(s)]));
    else out[k] = toJsonSchema(v);
  }
  return node.nullable || node['x-nullable'] ? {anyOf: [out, {type: 'null'}]} : out;
}

export function parseOpenApi(doc: Json, fallbackName: string): OpenApiReference {
  if (!doc || typeof doc !== 'object' || !doc.paths || typeof doc.paths !== 'object') throw new Error('not an OpenAPI document: it has no `paths`');
  const operations: ApiOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const method of METHODS) {
      if (item?.[method] !== undefined) operations.push({method: method.toUpperCase(), path, responses: responsesOf(item[method])});
    }
  }
  // the product's error envelope: the error schema most operations declare, for an error status one does not declare
  const errorCounts = new Map<string, {n: number; schema: unknown}>();
  for (const op of operations) {
    for (const [status, schema] of Object.entries(op.responses)) {
      if (!/^[45]|^default$/.test(status) || !schema) continue;
      const key = JSON.stringify(schema);
      errorCounts.set(key, {n: (errorCounts.get(key)?.n ?? 0) + 1, schema});
    }
  }
  const errorSchema = [...errorCounts.values()].sort((a, b) => b.n - a.n)[0]?.schema;
  const definitions = toJsonSchema(doc.components?.schemas ?? doc.definitions ?? doc.schemas ?? {});
  let ajv: Ajv | undefined;
  const compiled = new Map<unknown, ValidateFunction>();
  return {
    name: String(doc.info?.title ?? fallbackName),
    operations,
    validate(op, status, body) {
      const key = [String(status), `${String(status)[0]}XX`, ...(status >= 400 ? ['default'] : [])].find((k) => k in op.responses);
      const declared = key !== undefined ? op.responses[key] : status >= 400 ? errorSchema : undefined;
      if (declared === undefined) return {declared: false, errors: [`status ${status} is not declared`], ok: false};
      if (declared === null) return {declared: true, errors: [], ok: true};
      if (!ajv) {
        ajv = new Ajv({allErrors: false, strict: false, validateFormats: false});
        ajv.addSchema({$id: 'asym-ref', definitions});
      }
      let fn = compiled.get(declared);
      if (!fn) compiled.set(declared, (fn = ajv.compile(toJsonSchema(declared))));
      const ok = fn(body) as boolean;
      return {declared: true, errors: ok ? [] : (fn.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '$'} ${e.message}`), ok};
    },
    version: String(doc.info?.version ?? '-'),
  };
}
