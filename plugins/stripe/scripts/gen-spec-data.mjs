// Generates src/backend/generated/{params,shapes}.json from the Stripe OpenAPI spec (2023-08-16) and
// the current fixtures: which top-level parameters each covered operation accepts (anything else is
// `parameter_unknown`), and the default value of every key of each covered object (so responses
// carry all the keys and types the real API does).
import {readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'yaml';

import {oraclesDir} from './oracles.mjs';
import {defaultOf, sdkRequiredFields, sdkRoutes, sdkStatuses} from './sdk-routes.mjs';

const dir = oraclesDir('gen-spec-data.mjs');
const spec = parse(readFileSync(join(dir, 'spec3-2023-08-16.yaml'), 'utf8'));
const fixtures = JSON.parse(readFileSync(join(dir, 'fixtures3.json'), 'utf8')).resources;
const fixtures2023 = JSON.parse(readFileSync(join(dir, 'fixtures3-2023-08-16.json'), 'utf8')).resources;
const schemas = spec.components.schemas;
const out = new URL('../src/backend/generated/', import.meta.url);

const PREFIXES = ['/v1/customers', '/v1/products', '/v1/prices', '/v1/payment_methods', '/v1/payment_intents', '/v1/charges', '/v1/refunds',
  '/v1/setup_intents', '/v1/subscriptions', '/v1/subscription_items', '/v1/invoices', '/v1/invoiceitems', '/v1/balance', '/v1/balance_transactions',
  '/v1/events', '/v1/webhook_endpoints', '/v1/test_helpers/test_clocks', '/v1/plans', '/v1/coupons', '/v1/promotion_codes', '/v1/tax_rates', '/v1/credit_notes', '/v1/disputes', '/v1/subscription_schedules', '/v1/checkout/sessions', '/v1/payouts', '/v1/customers/{customer}/sources', '/v1/payment_links', '/v1/billing_portal', '/v1/quotes', '/v1/identity/verification_sessions', '/v1/topups', '/v1/reporting/report_runs', '/v1/test_helpers/customers', '/v1/customers/{customer}/cash_balance', '/v1/issuing', '/v1/test_helpers/issuing', '/v1/accounts', '/v1/account', '/v1/transfers'];
// A compact type tree per parameter: 'i' integer, 'b' boolean, 'n' number, 's' string, '*' several,
// {k: t} an object with known keys, {'': t} a map (metadata), [t] an array.
const resolveRef = (s) => (s?.$ref ? spec.components.schemas[s.$ref.split('/').pop()] : s);
function typeOf(schema, depth = 0) {
  const s = resolveRef(schema);
  if (!s || depth > 6) return '*';
  if (s.anyOf || s.oneOf) {
    const alts = (s.anyOf ?? s.oneOf).map(resolveRef).filter((a) => !(a.type === 'string' && a.enum?.length === 1 && a.enum[0] === ''));
    if (alts.length === 1) return typeOf(alts[0], depth + 1);
    return '*';
  }
  switch (s.type) {
    case 'integer': return 'i';
    case 'boolean': return 'b';
    case 'number': return 'n';
    case 'string': return 's';
    case 'array': return [typeOf(s.items, depth + 1)];
    case 'object':
      if (s.properties) return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, typeOf(v, depth + 1)]));
      return {'': s.additionalProperties && typeof s.additionalProperties === 'object' ? typeOf(s.additionalProperties, depth + 1) : 's'};
    default: return '*';
  }
}
// The official SDK's route catalogue, each route under the spec's path where the 2023 spec has it.
const shape = (p) => p.replaceAll(/\{[^}]+\}/g, '{}');
const specPathOf = new Map(Object.keys(spec.paths).map((p) => [shape(p), p]));
const sdk = sdkRoutes().map((r) => ({...r, path: specPathOf.get(shape(r.path)) ?? r.path}));
// Routes of the 2023 spec the current SDK no longer calls (legacy aliases such as
// `/v1/customers/{customer}/cards`): served too, for code written against that version.
const inSdk = new Set(sdk.map((r) => `${r.method} ${shape(r.path)}`));
for (const [path, ops] of Object.entries(spec.paths)) {
  for (const method of Object.keys(ops).map((m) => m.toUpperCase())) {
    if (!['GET', 'POST', 'DELETE'].includes(method) || inSdk.has(`${method} ${shape(path)}`)) continue;
    const res = ops[method.toLowerCase()]?.responses?.['200']?.content?.['application/json']?.schema;
    const list = resolveRef(res)?.properties?.object?.enum?.[0] === 'list';
    sdk.push({list, method, object: null, params: null, path});
  }
}
const sdkKeys = new Set(sdk.map((r) => `${r.method} ${r.path}`));
const params = {};
for (const [path, ops] of Object.entries(spec.paths)) {
  const inSdk = Object.keys(ops).some((m) => sdkKeys.has(`${m.toUpperCase()} ${path}`));
  if (!inSdk && !PREFIXES.some((p) => path === p || path.startsWith(p + '/'))) continue;
  for (const [method, op] of Object.entries(ops)) {
    const types = {};
    for (const p of op.parameters ?? []) if (p.in === 'query') types[p.name] = typeOf(p.schema);
    const body = op.requestBody?.content?.['application/x-www-form-urlencoded']?.schema;
    for (const [k, v] of Object.entries(body?.properties ?? {})) types[k] = typeOf(v);
    params[`${method.toUpperCase()} ${path}`] = types;
  }
}

const resolve = (s) => (s?.$ref ? schemas[s.$ref.split('/').pop()] : s);
function skeleton(schema, depth) {
  const s = resolve(schema);
  if (!s) return null;
  if (s.nullable) return null;
  if (s.anyOf || s.oneOf) {
    const alts = (s.anyOf ?? s.oneOf).map(resolve);
    if (alts.some((a) => a.type === 'string')) return '';
    return skeleton(alts[0], depth);
  }
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case 'boolean': return false;
    case 'integer': case 'number': return 0;
    case 'string': return '';
    case 'array': return [];
    case 'object': {
      if (!s.properties) return {};
      if (depth > 4) return {};
      const o = {};
      for (const k of Object.keys(s.properties)) o[k] = skeleton(s.properties[k], depth + 1);
      return o;
    }
    default: return null;
  }
}
const scrub = (v) => {
  if (typeof v === 'string') return /^[a-z]+_[A-Za-z0-9_]{6,}$/.test(v) ? null : v;
  if (Array.isArray(v)) return [];
  if (typeof v === 'number') return 0;
  if (v && typeof v === 'object' && ('object' in v || 'id' in v)) return null;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scrub(x)]));
  return v;
};
const OBJECTS = ['customer', 'product', 'price', 'plan', 'payment_method', 'payment_intent', 'charge', 'refund', 'setup_intent', 'subscription',
  'subscription_item', 'invoice', 'invoiceitem', 'line_item', 'balance', 'balance_transaction', 'event', 'webhook_endpoint', 'test_helpers.test_clock', 'coupon', 'discount', 'promotion_code', 'tax_rate', 'credit_note', 'credit_note_line_item', 'dispute', 'subscription_schedule', 'checkout.session', 'payout', 'card', 'payment_link', 'billing_portal.configuration', 'billing_portal.session', 'quote', 'identity.verification_session', 'topup', 'reporting.report_run', 'cash_balance', 'customer_cash_balance_transaction', 'issuing.cardholder', 'issuing.card', 'issuing.authorization', 'issuing.transaction', 'account', 'transfer', 'transfer_reversal'];
/** The object a route answers with: the SDK's typings, else the spec's 200 response, else its path. */
function objectOf(r) {
  if (r.object) return r.object;
  const op = spec.paths[r.path]?.[r.method.toLowerCase()];
  let s = resolve(op?.responses?.['200']?.content?.['application/json']?.schema);
  if (s?.properties?.data?.items) s = resolve(s.properties.data.items);
  const named = s?.properties?.object?.enum?.[0];
  if (named && named !== 'list' && named !== 'search_result') return named;
  const segs = r.path.split('/').filter((x) => x && !x.startsWith('{') && x !== 'v1' && x !== 'v2');
  // Typed as a union of bank account and card: the clone keeps them as bank accounts.
  if (segs.at(-1) === 'external_accounts') return 'bank_account';
  return segs.at(-1).replace(/ies$/, 'y').replace(/s$/, '');
}
// A route the typings leave untyped (v2 lists) answers with what its collection's other routes do.
const sdkObject = new Map(sdk.filter((r) => r.object).map((r) => [shape(r.path), r.object]));
for (const r of sdk) r.object ??= sdkObject.get(shape(r.path)) ?? sdkObject.get(`${shape(r.path)}/{}`) ?? null;
const catalogue = sdk.map((r) => {
  const types = params[`${r.method} ${r.path}`];
  const extra = (r.params ?? []).filter((k) => !types || !(k in types));
  return {m: r.method, p: r.path, o: objectOf(r), ...(r.list ? {l: 1} : {}), ...(extra.length > 0 && types ? {x: extra} : {}), ...(types ? {} : {u: 1})};
});
// Id prefixes: the current fixtures' ids (`sub_sched_1Pgc…` → `sub_sched`), else one made from the name.
const prefixes = {};
for (const f of Object.values(fixtures)) {
  const m = typeof f.id === 'string' ? /^([a-z]+(?:_[a-z]+)*?)_(?:test_)?[A-Za-z0-9]{8,}$/.exec(f.id) : null;
  if (f.object && m && m[1] !== 'obj' && !prefixes[f.object]) prefixes[f.object] = m[1];
}
for (const {o} of catalogue) prefixes[o] ??= o.split('.').pop().replaceAll('_', '').slice(0, 8);
const fixtureOf = (name) => Object.values(fixtures).find((f) => f.object === name && !('deleted' in f));
const shapes = {};
for (const name of [...OBJECTS, ...new Set(catalogue.map((c) => c.o))]) {
  if (shapes[name]) continue;
  const s = schemas[name];
  if (!s?.properties) {
    // Newer than the 2023 spec: the current fixture's keys, values scrubbed to their type's default.
    const f = fixtures[name] ?? fixtureOf(name);
    shapes[name] = f ? Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v === null ? null : scrub(v)])) : {};
    continue;
  }
  const shape = {};
  // Keys the fixtures show by default; the spec also lists fields only returned when included
  // (customer.sources, .subscriptions, .tax_ids …), which the fixtures leave out.
  const shown = new Set([...Object.keys(fixtures2023[name] ?? {}), ...Object.keys(fixtures[name] ?? {}), ...(s.required ?? [])]);
  for (const k of Object.keys(s.properties)) if (shown.has(k) || !fixtures2023[name]) shape[k] = skeleton(s.properties[k], 1);
  // Keys the current API returns that the 2023 spec did not have yet.
  for (const [k, v] of Object.entries(fixtures[name] ?? {})) if (!(k in shape)) shape[k] = v === null ? null : scrub(v);
  shapes[name] = shape;
}
// Fields the current SDK's typings declare required and not nullable that neither the 2023 spec nor
// the fixtures have yet (`subscription_schedule.pause_schedules`), or have as null: a value of their declared type.
for (const [name, fields] of Object.entries(sdkRequiredFields())) {
  if (!shapes[name]) continue;
  for (const [k, type] of Object.entries(fields)) if (!(k in shapes[name]) || shapes[name][k] === null) shapes[name][k] = defaultOf(type);
}
// Event types a webhook endpoint may enable (with '*').
// The 2023 spec's list, plus the newer events the current Stripe CLI triggers (file names and aliases).
const eventTypes = new Set(spec.paths['/v1/webhook_endpoints'].post.requestBody.content['application/x-www-form-urlencoded'].schema.properties.enabled_events.items.enum);
for (const f of readdirSync(join(dir, 'triggers')).filter((x) => x.endsWith('.json'))) {
  eventTypes.add(f.replace(/\.json$/, '').replace(/\.(eu|gb)$/, ''));
  for (const a of JSON.parse(readFileSync(join(dir, 'triggers', f), 'utf8'))._meta?.aliases ?? []) eventTypes.add(a);
}
writeFileSync(new URL('event-types.json', out), JSON.stringify([...eventTypes].sort()) + '\n');
writeFileSync(new URL('params.json', out), Object.entries(params).map(([k, v], i) => `${i ? ',' : '{'}${JSON.stringify(k)}:${JSON.stringify(v)}\n`).join('') + '}' + '\n');
writeFileSync(new URL('shapes.json', out), JSON.stringify(shapes, null, 1) + '\n');
// The statuses each object may have (the SDK's typings, else the spec's enum), so a generic action never invents one.
const typedStatuses = sdkStatuses();
const statuses = {};
for (const name of Object.keys(shapes)) {
  const e = typedStatuses[name] ?? resolve(schemas[name]?.properties?.status)?.enum;
  if (e) statuses[name] = e;
}
writeFileSync(new URL('catalogue.json', out), JSON.stringify({prefixes, routes: catalogue, statuses}).replaceAll('},{', '},\n{') + '\n');
console.log(`${Object.keys(params).length} operations, ${Object.keys(shapes).length} object shapes`);
