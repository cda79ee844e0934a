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
    if (!Number.isFinite(n)) return invalidArguments(`invalid integer for ${name}`);
    return n;
  }

  /** A JSON argument (blocks, attachments, metadata): form bodies carry it as a JSON string. */
  json(name: string): unknown {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      return fail(`invalid_${name}`);
    }
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
