/** What every route shares: the typed Hono app, body and query readers, and HubSpot's envelopes. */
import type {Context, Hono} from '@asym/template-kit';

import type {Caller} from './auth.js';
import {badBody, validation} from './errors.js';

export type HsEnv = {Variables: {caller: Caller}};
export type HsApp = Hono<HsEnv>;
export type HsContext = Context<HsEnv>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** The JSON body as an object (400 when it is not JSON or not an object). */
export async function body(c: HsContext): Promise<Json> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    const v = JSON.parse(text);
    if (typeof v !== 'object' || v === null) throw new Error('not an object');
    return v as Json;
  } catch (error) {
    throw badBody((error as Error).message);
  }
}

/** A list query parameter, repeated (`properties=a&properties=b`) or comma-separated. */
export function listParam(c: HsContext, name: string): string[] {
  return (c.req.queries(name) ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
}

export const boolParam = (c: HsContext, name: string) => c.req.query(name) === 'true';

export function limitParam(raw: unknown, fallback: number, max: number): number {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw validation(`limit must be a non-negative integer, got ${String(raw)}`);
  if (n > max) throw validation(`limit must be at most ${max}, got ${n}`, {errors: [{message: `limit ${n} is above the maximum of ${max}`, code: 'INVALID_LIMIT', context: {limit: [String(n)]}}]});
  return n === 0 ? fallback : n;
}

/** `{results, paging: {next: {after, link}}}`, paging left out on the last page. */
export function collection(c: HsContext, results: unknown[], next?: string): Json {
  if (!next) return {results};
  const url = new URL(c.req.url);
  url.searchParams.set('after', next);
  return {results, paging: {next: {after: next, link: url.toString()}}};
}

/** Batch answers: `{status: "COMPLETE", results, startedAt, completedAt}` plus `numErrors`/`errors` (HTTP 207). */
export function batch(c: HsContext, startedAt: Date, results: unknown[], errors: Json[] = [], okStatus: 200 | 201 = 200): Response {
  const out: Json = {status: 'COMPLETE', results, startedAt: startedAt.toISOString(), completedAt: new Date().toISOString()};
  if (errors.length > 0) {
    out.numErrors = errors.length;
    out.errors = errors;
    return c.json(out, 207);
  }
  return c.json(out, okStatus);
}

/** A batch's `inputs` array (400 when missing or over the limit). */
export function inputs(b: Json, max = 100): Json[] {
  if (!Array.isArray(b.inputs)) throw validation('inputs must be an array', {errors: [{message: 'inputs is required', code: 'REQUIRED', context: {inputs: []}}]});
  if (b.inputs.length > max) throw validation(`Too many inputs: ${b.inputs.length}; the maximum is ${max}`, {errors: [{message: `at most ${max} inputs`, code: 'TOO_MANY_INPUTS'}]});
  return b.inputs as Json[];
}
