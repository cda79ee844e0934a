// Writes fidelity/openapi.json, the reference `asym verify stripe` scores against: every operation of
// Stripe's OpenAPI description (paths × methods: the surface), the 200 response schemas of the
// operations test/oracles/spec3-2023-08-16.json keeps (the shape), and Stripe's error envelope as
// every operation's `default` response (the errors). Usage, from the repo root:
//   node plugins/stripe/scripts/gen-fidelity.mjs <spec3-2023-08-16.yaml>
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

import {parse} from 'yaml';

const file = process.argv[2];
if (!file) {
  console.error('usage: gen-fidelity.mjs <spec3.yaml>');
  process.exit(1);
}
const full = parse(readFileSync(file, 'utf8'), {maxAliasCount: -1});
const trimmed = JSON.parse(readFileSync(fileURLToPath(new URL('../test/oracles/spec3-2023-08-16.json', import.meta.url)), 'utf8'));
const METHODS = ['get', 'post', 'delete', 'put', 'patch'];
const errorRef = {$ref: '#/components/schemas/error'};
const paths = {};
for (const [path, item] of Object.entries(full.paths)) {
  for (const m of METHODS) {
    if (!item[m]) continue;
    const kept = trimmed.paths[path]?.[m]?.responses ?? {};
    (paths[path] ??= {})[m] = {responses: {...kept, default: {content: {'application/json': {schema: errorRef}}}}};
  }
}
// Stripe's error envelope: `{error: {type, message, code, param, doc_url …}}`, the scalar fields of `api_errors`
const apiErrors = full.components.schemas.api_errors;
const scalar = Object.fromEntries(
  Object.entries(apiErrors.properties).filter(([, s]) => ['string', 'integer', 'boolean'].includes(s.type)).map(([k, s]) => [k, {type: s.type, ...(s.enum ? {enum: s.enum} : {}), ...(s.nullable ? {nullable: true} : {})}]),
);
const schemas = {
  ...trimmed.components.schemas,
  api_errors: {properties: scalar, required: apiErrors.required, type: 'object'},
  error: {properties: {error: {$ref: '#/components/schemas/api_errors'}}, required: ['error'], type: 'object'},
};
const out = {components: {schemas}, info: {title: full.info.title, version: full.info.version}, openapi: full.openapi, paths};
writeFileSync(fileURLToPath(new URL('../fidelity/openapi.json', import.meta.url)), JSON.stringify(out) + '\n');
console.log(`${Object.values(paths).reduce((n, p) => n + Object.keys(p).length, 0)} operations`);
