/**
 * Replays the request chains behind `stripe trigger <event>` (the oracles' `triggers/*.json`) against
 * a clone: each step form-encoded as the Stripe CLI sends it, `${name:field}` back-references
 * resolved from earlier responses. A chain succeeds when every step answers 2xx.
 */
import {randomUUID} from 'node:crypto';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';

import {oraclesDir} from './oracles.js';

export interface Step {
  name: string;
  path: string;
  method: string;
  params?: Record<string, unknown>;
}

export interface StepResult {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

export interface ChainResult {
  name: string;
  ok: boolean;
  steps: StepResult[];
  failure?: string;
}

export function triggerNames(): string[] {
  return readdirSync(join(oraclesDir(), 'triggers')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, '')).sort();
}

export function loadChain(name: string): Step[] {
  return (JSON.parse(readFileSync(join(oraclesDir(), 'triggers', `${name}.json`), 'utf8')) as {fixtures: Step[]}).fixtures;
}

function encode(prefix: string, v: unknown, out: URLSearchParams): void {
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) v.forEach((x, i) => encode(`${prefix}[${i}]`, x, out));
  else if (typeof v === 'object') for (const [k, x] of Object.entries(v)) encode(prefix ? `${prefix}[${k}]` : k, x, out);
  else out.append(prefix, String(v));
}

function dig(v: unknown, path: string): unknown {
  let cur = v;
  for (const seg of path.split('.')) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[seg] : undefined;
  return cur;
}

export async function replayChain(baseUrl: string, apiKey: string, name: string, steps = loadChain(name)): Promise<ChainResult> {
  const results: Record<string, unknown> = {};
  const out: ChainResult = {name, ok: true, steps: []};
  const fill = (s: string): string =>
    s.replaceAll(/\$\{([^}]+)\}/g, (_, ref: string) => {
      if (ref === 'time-now-RFC3339') return new Date().toISOString();
      if (ref === 'generate-uuid') return randomUUID();
      const [step, field] = ref.split(':');
      const v = dig(results[step!], field ?? 'id');
      if (v === undefined || v === null) throw new Error(`back-reference \${${ref}} does not resolve`);
      return String(v);
    });
  const deep = (v: unknown): unknown =>
    typeof v === 'string' ? fill(v) : Array.isArray(v) ? v.map(deep) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x)])) : v;
  for (const step of steps) {
    try {
      const path = fill(step.path);
      const form = new URLSearchParams();
      encode('', deep(step.params ?? {}), form);
      const method = step.method.toUpperCase();
      const get = method === 'GET' || method === 'DELETE';
      const res = await fetch(`${baseUrl}${path}${get && [...form].length ? `?${form}` : ''}`, {
        body: get ? undefined : form.toString(),
        headers: {authorization: `Bearer ${apiKey}`, 'content-type': 'application/x-www-form-urlencoded', 'stripe-version': '2023-08-16'},
        method,
      });
      const body = await res.json().catch(() => null);
      out.steps.push({body, method, path, status: res.status});
      results[step.name] = body;
      if (!res.ok) {
        out.ok = false;
        out.failure = `${step.name}: ${method} ${path} → ${res.status} ${(body as {error?: {message?: string}})?.error?.message ?? ''}`.trim();
        return out;
      }
    } catch (error) {
      out.ok = false;
      out.failure = `${step.name}: ${(error as Error).message}`;
      return out;
    }
  }
  return out;
}
