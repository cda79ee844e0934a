import type {Params} from '@asym/template-kit';

import {fail, invalidArguments} from './errors.js';

/** Typed readers over a method's arguments (form values arrive as strings). */
export class Args {
  constructor(readonly raw: Params) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== '';
  }

  str(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v.length ? String(v[v.length - 1]) : undefined;
    if (typeof v === 'object' && !(v instanceof Blob)) return JSON.stringify(v);
    return String(v);
  }

  /** A required string; `error` is the Slack error code to answer when it is missing. */
  need(name: string, error?: string): string {
    const v = this.str(name);
    if (v === undefined || v === '') return error ? fail(error) : invalidArguments(`missing required field: ${name}`);
    return v;
  }

  bool(name: string, fallback = false): boolean {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return fallback;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    const s = String(v).toLowerCase();
    return s === 'true' || s === '1' || s === 'yes';
  }

  int(name: string, fallback: number): number {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return fallback;
    const n = typeof v === 'number' ? v : Number.parseInt(String(v), 10);
    if (!Number.isSafeInteger(n)) return invalidArguments(`invalid integer for ${name}`);
    return n;
  }

  /** A JSON argument (blocks, attachments, metadata): form bodies carry it as a JSON string. */
  json(name: string): unknown {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    let parsed: unknown = v;
    if (typeof v === 'string') {
      try {
        parsed = JSON.parse(v);
      } catch {
        return fail(`invalid_${name}`);
      }
    }
    const problem = jsonProblem(parsed);
    if (problem === 'deep') return fail(`invalid_${name}`);
    if (problem === 'nul') return invalidArguments(`invalid characters in field: ${name}`);
    return parsed;
  }

  /** A comma-separated list (`users=U1,U2`, `types=public_channel,im`) or a JSON array. */
  list(name: string): string[] {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return [];
    const parts = Array.isArray(v) ? v.map(String) : String(v).split(',');
    return parts.map((s) => s.trim()).filter(Boolean);
  }

  file(name: string): File | undefined {
    const v = this.raw[name];
    return v instanceof File ? v : undefined;
  }
}

/** Deeper than any Block Kit or metadata payload Slack accepts. */
const MAX_JSON_DEPTH = 32;

/** What makes a JSON argument unstorable: nesting beyond MAX_JSON_DEPTH, or a NUL in a key or string. */
function jsonProblem(v: unknown, depth = 0): 'deep' | 'nul' | undefined {
  if (typeof v === 'string') return v.includes('\u0000') ? 'nul' : undefined;
  if (typeof v !== 'object' || v === null) return undefined;
  if (depth >= MAX_JSON_DEPTH) return 'deep';
  for (const [k, x] of Object.entries(v)) {
    if (k.includes('\u0000')) return 'nul';
    const p = jsonProblem(x, depth + 1);
    if (p) return p;
  }
  return undefined;
}
