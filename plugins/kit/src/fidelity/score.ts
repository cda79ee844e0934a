/**
 * The fidelity scorer behind `asym verify`: reads the references a template declares in its manifest
 * (`fidelity`), probes a running clone and returns a FidelityScore. Every template built on the kit
 * gets it by declaring its references; nothing here knows a particular product.
 */
import {readFileSync} from 'node:fs';
import {basename, join} from 'node:path';

import {type CloneTokens, FIDELITY_PARTS, type FidelityDeclaration, type FidelityPart, type FidelityRow, type FidelityScore} from '@asym/contract';

import {type GraphqlReference, parseGraphql} from './graphql.js';
import {type ApiOperation, type OpenApiReference, parseOpenApi} from './openapi.js';
import {type ProbeTarget, pool, probe} from './probe.js';
import {type Cassette, recordedOperations, replay} from './replay.js';
import {type Answered, answersRoute} from './routes.js';
import {errorShapeProblems, parseSamples, sampleProblems, type SamplesReference} from './samples.js';

export interface ScoreInput {
  template: string;
  version: string;
  realProduct: string;
  /** The template root (the references are paths relative to it). */
  root: string;
  fidelity: FidelityDeclaration;
  /** Path under the service URL where the API lives (the manifest's apiPath). */
  apiPath: string;
  /** The backend's base URL (its `/_asym/` control plane). */
  serviceUrl: string;
  controlToken?: string;
  tokens: CloneTokens;
  /** The clone was made for this score: the declared setup calls may change it. */
  ephemeral?: boolean;
  /** A newer reference to score against instead of the shipped one: an OpenAPI document (JSON) or a GraphQL SDL. */
  docs?: {text: string; source: string};
}

/** How many operations a shape or error probe may touch: verify stays a matter of seconds. */
const MAX_SHAPE_PROBES = 40;
const MAX_ERROR_PROBES = 8;

interface References {
  openapi?: OpenApiReference;
  graphql?: GraphqlReference;
  samples?: SamplesReference;
  recordings?: Cassette[];
  name: string;
  version: string;
  source: string;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as unknown;

/** Load what the manifest declares (and `docs`, which replaces the OpenAPI or GraphQL reference). */
export function loadReferences(root: string, f: FidelityDeclaration, docs?: ScoreInput['docs']): References {
  const refs: References = {name: '', source: '', version: '-'};
  const sources: string[] = [];
  if (docs) {
    const text = docs.text.trimStart();
    if (text.startsWith('{')) refs.openapi = parseOpenApi(JSON.parse(text) as Record<string, unknown>, docs.source);
    else refs.graphql = parseGraphql(text);
    sources.push(docs.source);
  } else {
    if (f.openapi) {
      refs.openapi = parseOpenApi(readJson(join(root, f.openapi)) as Record<string, unknown>, basename(f.openapi));
      sources.push(f.openapi);
    }
    if (f.graphql) {
      refs.graphql = parseGraphql(readFileSync(join(root, f.graphql), 'utf8'));
      sources.push(f.graphql);
    }
  }
  if (f.samples) {
    refs.samples = parseSamples(readJson(join(root, f.samples)));
    sources.push(f.samples);
  }
  if (f.recordings) {
    refs.recordings = readJson(join(root, f.recordings)) as Cassette[];
    sources.push(f.recordings);
  }
  refs.source = sources.join(', ');
  refs.name = f.reference?.name ?? refs.openapi?.name ?? refs.samples?.name ?? basename(sources[0] ?? 'reference');
  refs.version = docs ? (refs.openapi?.version ?? 'live') : (f.reference?.version ?? refs.openapi?.version ?? refs.samples?.version ?? '-');
  return refs;
}

async function answered(input: ScoreInput): Promise<Answered> {
  try {
    const res = await fetch(new URL('/_asym/operations', input.serviceUrl), {
      headers: input.controlToken ? {'x-asym-control-token': input.controlToken} : {},
      signal: AbortSignal.timeout(10_000),
    });
    if (res.ok) return {...((await res.json()) as Omit<Answered, 'known'>), known: true};
  } catch {}
  return {known: false, operations: [], routes: []};
}

function target(input: ScoreInput): ProbeTarget {
  const auth = input.fidelity.auth ?? {scheme: 'Bearer', token: 'botToken' as const};
  const token = input.tokens[auth.token ?? 'botToken'] ?? input.tokens.apiKey ?? input.tokens.botToken;
  const scheme = auth.scheme ?? 'Bearer';
  return {
    apiUrl: input.serviceUrl + input.apiPath,
    headers: {...(token ? {authorization: scheme ? `${scheme} ${token}` : token} : {}), ...(input.fidelity.headers ?? {})},
  };
}

const hasParams = (path: string) => path.includes('{');
const MISSING = 'asym-missing-0';
/** The path with the declared parameter values; undefined when one has none. */
const fillKnown = (path: string, params: Record<string, string>) => {
  let unknown = false;
  const out = path.replace(/\{([^}]+)\}/g, (_, p: string) => params[p] ?? ((unknown = true), ''));
  return unknown ? undefined : out;
};
/** The path with every parameter that has no declared value (at least the last) set to an id that does not exist. */
const fillMissing = (path: string, params: Record<string, string>) => {
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const last = names.at(-1);
  return path.replace(/\{([^}]+)\}/g, (_, p: string) => (p !== last && params[p] !== undefined ? params[p] : MISSING));
};
const isSuccess = (status: number, body: unknown) => status >= 200 && status < 300 && (body as {ok?: unknown})?.ok !== false;

/** Probe a running clone against the template's references. */
export async function scoreFidelity(input: ScoreInput): Promise<FidelityScore> {
  const started = Date.now();
  const refs = loadReferences(input.root, input.fidelity, input.docs);
  const t = target(input);
  if (input.ephemeral) {
    for (const call of input.fidelity.setup ?? []) {
      await fetch(new URL(call.path, input.serviceUrl), {
        body: JSON.stringify(call.body ?? {}),
        headers: {'content-type': 'application/json', ...(input.controlToken ? {'x-asym-control-token': input.controlToken} : {})},
        method: 'POST',
        signal: AbortSignal.timeout(10_000),
      });
    }
  }
  const clone = await answered(input);
  const rows: FidelityRow[] = [];
  const row = (part: FidelityRow['part'], operation: string, ok: boolean, detail?: string) => rows.push({ok, operation, part, ...(detail ? {detail} : {})});

  if (refs.openapi) await scoreOpenApi(refs.openapi, clone, input.apiPath, t, row, input.fidelity.params ?? {});
  if (refs.graphql) await scoreGraphql(refs.graphql, clone, t, row, input.fidelity.endpoint ?? '/graphql');
  if (refs.samples) await scoreSamples(refs.samples, clone, input.apiPath, t, row);
  if (refs.recordings) {
    // with no other reference, the operations the recordings exercise are the surface
    if (!refs.openapi && !refs.graphql && !refs.samples) {
      for (const op of recordedOperations(refs.recordings)) row('surface', `${op.method} ${op.path}`, clone.known && answersRoute(clone, op.method, input.apiPath, op.path));
    }
    for (const o of await replay(t, refs.recordings, input.apiPath, input.fidelity.seedIds)) row(o.part, o.operation, o.ok, o.detail);
  }

  const order = (r: FidelityRow) => FIDELITY_PARTS.indexOf(r.part);
  rows.sort((a, b) => order(a) - order(b) || a.operation.localeCompare(b.operation));
  const parts = Object.fromEntries(
    FIDELITY_PARTS.map((p) => {
      const of = rows.filter((r) => r.part === p);
      const passed = of.filter((r) => r.ok).length;
      return [p, {passed, score: of.length ? round(passed / of.length) : null, total: of.length} satisfies FidelityPart];
    }),
  ) as FidelityScore['parts'];
  const measured = Object.values(parts).filter((p) => p.score !== null);
  return {
    elapsedMs: Date.now() - started,
    measuredAt: new Date().toISOString(),
    operations: rows,
    overall: measured.length ? round(measured.reduce((s, p) => s + p.score!, 0) / measured.length) : 0,
    parts,
    realProduct: input.realProduct,
    reference: {name: refs.name, source: refs.source, version: refs.version},
    template: input.template,
    version: input.version,
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
type Row = (part: FidelityRow['part'], operation: string, ok: boolean, detail?: string) => void;

async function scoreOpenApi(ref: OpenApiReference, clone: Answered, apiPath: string, t: ProbeTarget, row: Row, params: Record<string, string>): Promise<void> {
  const name = (op: ApiOperation) => `${op.method} ${op.path}`;
  // surface: the clone's router, or (a backend not built on the kit) a probe that is not a 404/405/501
  const served = await pool(ref.operations, 8, async (op) => {
    if (clone.known) return answersRoute(clone, op.method, apiPath, op.path);
    if (op.method !== 'GET' && op.method !== 'HEAD') return false;
    const r = await probe(t, {method: op.method, path: fillKnown(op.path, params) ?? fillMissing(op.path, {})}).catch(() => ({body: null, status: 0}));
    return r.status !== 0 && r.status !== 404 && r.status !== 405 && r.status !== 501;
  });
  ref.operations.forEach((op, i) => row('surface', name(op), served[i]!));
  const answeredOps = ref.operations.filter((_, i) => served[i]);
  // shape: reads whose path parameters the template gave values for, validated against the declared response schema
  const reads = answeredOps.filter((op) => op.method === 'GET' && fillKnown(op.path, params) !== undefined && Object.keys(op.responses).some((s) => s.startsWith('2'))).slice(0, MAX_SHAPE_PROBES);
  const readAnswers = await pool(reads, 6, (op) => probe(t, {method: 'GET', path: fillKnown(op.path, params)!}).catch((e: Error) => ({body: e.message, status: 0})));
  reads.forEach((op, i) => {
    const r = readAnswers[i]!;
    // a 4xx is the clone asking for a parameter the probe did not send: nothing to compare
    if (r.status >= 400 && r.status < 500) return;
    if (r.status < 200 || r.status >= 300) return row('shape', name(op), false, `answered ${r.status}`);
    const v = ref.validate(op, r.status, r.body);
    row('shape', name(op), v.ok, v.errors.join('; ') || undefined);
  });
  // errors: an id that does not exist, and a call without the credential
  const missing = answeredOps.filter((op) => op.method === 'GET' && hasParams(op.path)).slice(0, MAX_ERROR_PROBES);
  // the first read that answered with the credential, asked without it
  const anonymous = reads.find((_, i) => readAnswers[i]!.status >= 200 && readAnswers[i]!.status < 300);
  const provoked: Array<{op: ApiOperation; path: string; anonymous?: boolean; label: string}> = [
    ...missing.map((op) => ({label: `${name(op)} (missing id)`, op, path: fillMissing(op.path, params)})),
    ...(anonymous ? [{anonymous: true, label: `${name(anonymous)} (no credential)`, op: anonymous, path: fillKnown(anonymous.path, params)!}] : []),
  ];
  await pool(provoked, 6, async (p) => {
    const r = await probe(t, {anonymous: p.anonymous, method: p.op.method, path: p.path}).catch((e: Error) => ({body: e.message, status: 0}));
    if (r.status < 400) {
      // an API that needs no credential has no authentication error to provoke
      if (p.anonymous) return;
      return row('errors', p.label, false, `answered ${r.status}, not an error`);
    }
    const v = ref.validate(p.op, r.status, r.body);
    row('errors', p.label, v.ok, v.errors.join('; ') || undefined);
  });
}

async function scoreGraphql(ref: GraphqlReference, clone: Answered, t: ProbeTarget, row: Row, endpoint: string): Promise<void> {
  const ops = new Set(clone.operations);
  for (const op of ref.operations) row('surface', op, clone.known ? ops.has(op) : false);
  const gql = (query: string, anonymous = false) => probe(t, {anonymous, body: {query}, method: 'POST', path: endpoint});
  const probes = ref.probes.filter((p) => !clone.known || ops.has(p.operation));
  await pool(probes, 6, async (p) => {
    const r = await gql(p.query).catch((e: Error) => ({body: {errors: [{message: e.message}]}, status: 0}));
    const body = r.body as {data?: unknown; errors?: Array<{message?: string}>};
    if (body?.errors?.length) return row('shape', p.operation, false, body.errors.map((e) => e.message).slice(0, 2).join('; '));
    const problems = p.check(body?.data);
    row('shape', p.operation, problems.length === 0, problems.slice(0, 3).join('; ') || undefined);
  });
  const errorShape = (body: unknown) => {
    const errors = (body as {errors?: unknown})?.errors;
    return Array.isArray(errors) && errors.length > 0 && errors.every((e) => typeof (e as {message?: unknown})?.message === 'string');
  };
  const provoked = [
    ...(ref.missing ? [{anonymous: false, label: `${ref.missing.operation} (missing id)`, query: ref.missing.query}] : []),
    ...(ref.probes[0] ? [{anonymous: true, label: `${ref.probes[0].operation} (no credential)`, query: ref.probes[0].query}] : []),
    {anonymous: false, label: 'syntax error', query: '{'},
  ];
  for (const p of provoked) {
    const r = await gql(p.query, p.anonymous).catch(() => ({body: null, status: 0}));
    row('errors', p.label, errorShape(r.body), errorShape(r.body) ? undefined : `answered ${r.status} without a GraphQL errors array`);
  }
}

async function scoreSamples(ref: SamplesReference, clone: Answered, apiPath: string, t: ProbeTarget, row: Row): Promise<void> {
  const ops = new Set(clone.operations);
  const servedBy = (op: string) => {
    const rest = /^([A-Z]+) (\/.*)$/.exec(op);
    return rest ? answersRoute(clone, rest[1]!, apiPath, rest[2]!) : ops.has(op);
  };
  for (const s of ref.operations) row('surface', s.operation, clone.known && servedBy(s.operation));
  const probed = ref.operations.filter((s) => s.request && (!clone.known || servedBy(s.operation))).slice(0, MAX_SHAPE_PROBES * 2);
  const answers = await pool(probed, 6, (s) => probe(t, {body: s.request!.body, method: s.request!.method, path: s.request!.path}).catch((e: Error) => ({body: e.message, status: 0})));
  let errors = 0;
  probed.forEach((s, i) => {
    const r = answers[i]!;
    if (isSuccess(r.status, r.body)) {
      if (s.response === undefined) return;
      const problems = sampleProblems(s.response, r.body);
      return row('shape', s.operation, problems.length === 0, problems.slice(0, 3).join('; ') || undefined);
    }
    if (errors++ >= MAX_ERROR_PROBES) return;
    const problems = errorShapeProblems(ref.error, r.body);
    row('errors', `${s.operation} (${r.status})`, problems.length === 0, problems.join('; ') || undefined);
  });
  // without the credential: the first of the answered calls that then fails counts (some methods need none)
  if (!ref.error) return;
  for (const s of probed.filter((_, i) => isSuccess(answers[i]!.status, answers[i]!.body)).slice(0, 3)) {
    const r = await probe(t, {anonymous: true, body: s.request!.body, method: s.request!.method, path: s.request!.path}).catch(() => ({body: null, status: 0}));
    if (isSuccess(r.status, r.body)) continue;
    const problems = errorShapeProblems(ref.error, r.body);
    row('errors', `${s.operation} (no credential)`, problems.length === 0, problems.join('; ') || undefined);
    break;
  }
}
