/**
 * Response samples as the scorer reads them: `{name?, version?, error?, operations: [{operation,
 * request?, response?}]}`. An operation is an RPC method name (`chat.postMessage`) or `METHOD /path`;
 * a sample is the union of the keys real responses carried, one element per array.
 */
import {keyPaths} from './probe.js';

export interface SampleOperation {
  operation: string;
  /** A request that is safe to send to a freshly seeded clone (reads, or calls that fail validation). */
  request?: {method: string; path: string; body?: unknown};
  response?: unknown;
}

export interface SamplesReference {
  name?: string;
  version?: string;
  /** The product's error envelope, as a sample. */
  error?: unknown;
  operations: SampleOperation[];
}

export function parseSamples(doc: unknown): SamplesReference {
  const d = doc as SamplesReference;
  if (!d || !Array.isArray(d.operations)) throw new Error('a samples file is a JSON object with an `operations` array');
  return d;
}

/** Keys the actual answer has that the sample does not, and values whose type differs from the sample's. */
export function sampleProblems(sample: unknown, actual: unknown): string[] {
  const want = keyPaths(sample);
  const got = keyPaths(actual);
  const problems: string[] = [];
  for (const [path, types] of got) {
    const expected = want.get(path);
    if (!expected) {
      // below a key the sample leaves open (null or an empty object/array) anything goes
      const parent = [...want.keys()].filter((p) => path.startsWith(p + '.') || path.startsWith(p + '[')).sort((a, b) => b.length - a.length)[0];
      if (parent && [...want.get(parent)!].some((t) => t === 'null' || t === 'object' || t === 'array') && ![...want.keys()].some((p) => p.startsWith(parent + '.') || p.startsWith(parent + '['))) continue;
      problems.push(`${path} is not in the sample`);
      continue;
    }
    if (expected.has('null')) continue;
    for (const t of types) if (t !== 'null' && !expected.has(t)) problems.push(`${path} is ${t}, the sample has ${[...expected].join('|')}`);
  }
  return problems;
}

/** Does an error answer carry every key of the product's error sample, with the same types? */
export function errorShapeProblems(sample: unknown, actual: unknown): string[] {
  if (!sample || typeof sample !== 'object') return [];
  if (!actual || typeof actual !== 'object') return [`the answer is not a JSON object`];
  const problems: string[] = [];
  for (const [k, v] of Object.entries(sample)) {
    const a = (actual as Record<string, unknown>)[k];
    if (a === undefined) problems.push(`no \`${k}\``);
    else if (v !== null && typeof a !== typeof v) problems.push(`\`${k}\` is ${typeof a}, not ${typeof v}`);
  }
  return problems;
}
