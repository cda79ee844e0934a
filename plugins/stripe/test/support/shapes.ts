/** Compares an object's keys and value types with the oracle fixture of its resource (fixtures3.json). */
import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import {oraclesDir} from './oracles.js';

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

let fixtures: Record<string, Record<string, unknown>> | undefined;

export function fixtureOf(object: string): Record<string, unknown> | undefined {
  fixtures ??= (JSON.parse(readFileSync(join(oraclesDir(), 'fixtures3.json'), 'utf8')) as {resources: Record<string, Record<string, unknown>>}).resources;
  return fixtures[object];
}

/** Top-level keys the fixture has and the object lacks, and keys whose non-null types differ. */
export function shapeDiff(obj: Record<string, unknown>): string[] {
  const fx = fixtureOf(String(obj.object));
  if (!fx) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(fx)) {
    if (!(k in obj)) out.push(`${obj.object}.${k}: missing`);
    else if (v !== null && obj[k] !== null && kind(v) !== kind(obj[k])) out.push(`${obj.object}.${k}: ${kind(obj[k])} where the fixture has ${kind(v)}`);
  }
  return out;
}
