import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * Response-shape oracles: the union of keys real Slack sent per method (java-slack-sdk's recorded
 * samples), read from the shared oracle folder (ASYM_SLACK_ORACLES, default ../shared/oracles/slack
 * next to the repository). Nothing of it is copied into the project.
 */
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const ORACLE_DIR = process.env.ASYM_SLACK_ORACLES ?? join(repoRoot, '..', 'shared', 'oracles', 'slack');

const cache = new Map<string, unknown>();
export function sample(method: string): unknown {
  if (!cache.has(method)) {
    const file = join(ORACLE_DIR, 'samples', `${method}.json`);
    if (!existsSync(file)) throw new Error(`no oracle sample for ${method} at ${file} (set ASYM_SLACK_ORACLES)`);
    cache.set(method, JSON.parse(readFileSync(file, 'utf8')));
  }
  return cache.get(method);
}

export function eventSample(name: string): unknown {
  return JSON.parse(readFileSync(join(ORACLE_DIR, 'events', `${name}.json`), 'utf8'));
}

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const ID_KEY = /^[CDGTUFBW][A-Z0-9]{6,}_?$/;
/** Objects whose keys are data, not field names (emoji names, profile fields, echoed args …). */
const FREE_MAPS = new Set(['emoji', 'fields', 'args', 'errors']);
/**
 * Block Kit is what the poster sent, echoed; the one block the clone makes itself (the rich_text
 * block built from plain text) is checked element by element in shapes.integration.test.ts. The
 * samples hold only the block types the SDK's tests happened to post, so they are no reference here.
 */
const POSTED = new Set(['blocks']);
/**
 * Keys that live Slack traffic recorded in 2026 shows and the (older) samples lack: a channel's
 * `parent_conversation`, a profile's `fields` and `always_active`, a pinned message's
 * `pinned_to`/`pinned_info`, a bot profile's `user_id` (entries are a key, or `parent.key`).
 */
const LIVE_KEYS = new Set(['parent_conversation', 'fields', 'pinned_to', 'pinned_info', 'always_active', 'bot_profile.user_id']);

/**
 * Every key path in `actual` that the oracle `expected` lacks, and every type that differs from it
 * (null is accepted anywhere: Slack sends null for unset values). Arrays are checked element-wise
 * against the sample's elements merged.
 */
export function shapeProblems(actual: unknown, expected: unknown, path = '$'): string[] {
  const a = kind(actual);
  const e = kind(expected);
  if (a === 'null' || e === 'undefined') return [];
  if (a !== e) return [`${path}: ${a} where Slack sends ${e}`];
  if (a === 'array') {
    const merged = mergeElements(expected as unknown[]);
    return (actual as unknown[]).flatMap((x, i) => (merged === undefined ? [] : shapeProblems(x, merged, `${path}[${i}]`)));
  }
  if (a !== 'object') return [];
  const exp = expected as Record<string, unknown>;
  const leaf = path.split('.').pop()!;
  if (FREE_MAPS.has(leaf)) return [];
  if (POSTED.has(leaf.replace(/\[\d+\]$/, ''))) return [];
  const idTemplate = Object.keys(exp).find((k) => ID_KEY.test(k));
  const out: string[] = [];
  for (const [k, v] of Object.entries(actual as Record<string, unknown>)) {
    const template = k in exp ? exp[k] : idTemplate && ID_KEY.test(k) ? exp[idTemplate] : undefined;
    if (!(k in exp) && template === undefined) {
      if (!LIVE_KEYS.has(k) && !LIVE_KEYS.has(`${leaf.replace(/\[\d+\]$/, '')}.${k}`)) out.push(`${path}.${k}: not a key Slack sends`);
    }
    else out.push(...shapeProblems(v, template, `${path}.${k}`));
  }
  return out;
}

/** The union of a sample array's elements: objects merged key by key, nested arrays joined. */
function mergeElements(items: unknown[]): unknown {
  if (!items.length) return undefined;
  if (items.every((i) => kind(i) === 'object')) return (items as Record<string, unknown>[]).reduce(deepMerge, {});
  return items[0];
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {...a};
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    if (kind(cur) === 'object' && kind(v) === 'object') out[k] = deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>);
    else if (kind(cur) === 'array' && kind(v) === 'array') out[k] = [...(cur as unknown[]), ...(v as unknown[])];
    else if (cur === undefined || cur === null) out[k] = v;
  }
  return out;
}

const ERROR_KEYS = new Set(['error', 'needed', 'provided', 'warning', 'arg', 'callstack', 'errors', 'deprecated_argument', 'detail']);

/**
 * Key paths of a sample that a response covers, for the coverage figure in the report: the success
 * keys up to two objects deep (`$.messages[].reactions`), leaving out error-only keys and the
 * Block Kit / attachment / file subtrees whose shapes depend on what was posted.
 */
export function coverage(actual: unknown, expected: unknown): {covered: number; total: number} {
  const SKIP = new Set(['blocks', 'attachments', 'files', 'x_files', 'metadata', 'root', 'assistant_app_thread', 'properties', 'enterprise_user', 'latest']);
  const paths = (v: unknown, p: string, depth: number, out: Set<string>) => {
    if (depth > 2) return out;
    if (kind(v) === 'array') for (const x of v as unknown[]) paths(x, `${p}[]`, depth, out);
    else if (kind(v) === 'object') for (const [k, x] of Object.entries(v as object)) {
      if (depth === 0 && ERROR_KEYS.has(k)) continue;
      if (depth === 1 && p === '$.response_metadata' && k !== 'next_cursor') continue;
      out.add(`${p}.${k}`);
      if (!SKIP.has(k) && !FREE_MAPS.has(k)) paths(x, `${p}.${k}`, depth + 1, out);
    }
    return out;
  };
  const exp = paths(expected, '$', 0, new Set());
  const act = paths(actual, '$', 0, new Set());
  return {covered: [...exp].filter((p) => act.has(p)).length, total: exp.size};
}
