// Makes the Stripe oracle data kept in test/oracles/ from the original files (see
// test/oracles/SOURCE.md). Run from the repo root:
//
//   node --import tsx plugins/stripe/scripts/trim-oracles.ts <folder holding spec3-2023-08-16.yaml, fixtures3.json, triggers/>
//
// - spec3-2023-08-16.json: the OpenAPI spec reduced to the operations at the paths the clone serves
//   (its own route table), each operation's 200 response schema (and the webhook endpoint's list of
//   event types), the component schemas those reach, and of each schema only the keywords the
//   validator in test/support/spec.ts reads.
// - fixtures3.json: each resource's top-level keys and value types (what test/support/shapes.ts compares).
// - triggers/: the Stripe CLI's trigger chains, copied as they are.
import {copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';

import {parse} from 'yaml';

import {coveredRoutes} from '../test/support/coverage.js';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const from = process.argv[2];
if (!from) {
  console.error('usage: node --import tsx plugins/stripe/scripts/trim-oracles.ts <folder holding spec3-2023-08-16.yaml, fixtures3.json and triggers/ of the original oracles>');
  process.exit(2);
}
const dir = resolve(from);
const to = new URL('../test/oracles/', import.meta.url);
mkdirSync(to, {recursive: true});

// 1. The spec.
const spec = parse(readFileSync(join(dir, 'spec3-2023-08-16.yaml'), 'utf8')) as Schema;
const served = coveredRoutes();
const KEEP = new Set(['type', 'nullable', 'enum', 'required', 'title', 'x-resourceId']);
const reached = new Set<string>();
function slim(s: Schema): Schema {
  if (typeof s !== 'object' || s === null) return s;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') {
      out.$ref = v;
      reached.add(String(v).split('/').pop()!);
    } else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Schema).map(([name, p]) => [name, slim(p as Schema)]));
    else if (k === 'anyOf' || k === 'oneOf') out[k] = (v as Schema[]).map(slim);
    else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) out[k] = slim(v as Schema);
    else if (k === 'additionalProperties' || KEEP.has(k)) out[k] = v;
  }
  return out;
}
const paths: Schema = {};
for (const [template, ops] of Object.entries(spec.paths as Record<string, Schema>)) {
  for (const [method, op] of Object.entries(ops)) {
    const probe = template.replaceAll(/\{[^}]+\}/g, 'x_ref');
    if (!served.some((r) => r.method === method.toUpperCase() && r.re.test(probe))) continue;
    const kept: Schema = {};
    const ok = op.responses?.['200']?.content?.['application/json']?.schema;
    if (ok) kept.responses = {200: {content: {'application/json': {schema: slim(ok)}}}};
    if (template === '/v1/webhook_endpoints' && method === 'post') {
      const events = op.requestBody.content['application/x-www-form-urlencoded'].schema.properties.enabled_events;
      kept.requestBody = {content: {'application/x-www-form-urlencoded': {schema: {properties: {enabled_events: slim(events)}}}}};
    }
    (paths[template] ??= {})[method] = kept;
  }
}
const schemas: Schema = {};
for (const seen = new Set<string>(); reached.size > seen.size; ) {
  for (const name of [...reached]) {
    if (seen.has(name)) continue;
    seen.add(name);
    schemas[name] = slim(spec.components.schemas[name]);
  }
}
const sorted = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
const trimmedSpec = {components: {schemas: sorted}, info: spec.info, openapi: spec.openapi, paths};
writeFileSync(new URL('spec3-2023-08-16.json', to), JSON.stringify(trimmedSpec) + '\n');

// 2. The fixtures: top-level keys and value types.
const LEAF = (v: unknown) => (v === null ? null : Array.isArray(v) ? [] : typeof v === 'object' ? {} : typeof v === 'string' ? '' : typeof v === 'number' ? 0 : false);
const fixtures = JSON.parse(readFileSync(join(dir, 'fixtures3.json'), 'utf8')) as {resources: Record<string, Record<string, unknown>>};
const resources = Object.fromEntries(
  Object.entries(fixtures.resources).map(([name, obj]) => [name, Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, LEAF(v)]))]),
);
writeFileSync(new URL('fixtures3.json', to), JSON.stringify({resources}, null, 1) + '\n');

// 3. The trigger chains, as they are.
const triggers = new URL('triggers/', to);
rmSync(triggers, {force: true, recursive: true});
mkdirSync(triggers);
const names = readdirSync(join(dir, 'triggers')).filter((f) => f.endsWith('.json'));
for (const f of names) copyFileSync(join(dir, 'triggers', f), new URL(f, triggers));
console.log(`${Object.keys(paths).length} paths, ${Object.keys(schemas).length} schemas, ${Object.keys(resources).length} fixtures, ${names.length} trigger chains`);
