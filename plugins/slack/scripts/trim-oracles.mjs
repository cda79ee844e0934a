// Makes the Slack oracle data kept in test/oracles/ from the original java-slack-sdk samples (see
// test/oracles/SOURCE.md): every response sample and event payload reduced to its key paths and
// value types, which is all the shape checks in test/oracle.ts compare.
//
//   node plugins/slack/scripts/trim-oracles.mjs <folder holding samples/ and events/>
//
// The reduction keeps exactly what shapeProblems() looks at: every key, each value's kind
// (string → "", number → 0, boolean → false, null stays null), and for an array one element — the
// elements merged the way shapeProblems merges them (objects: Object.assign, last key wins; anything
// else: the first element). The multi-MB samples are large only because their arrays repeat.
import {mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';

const from = process.argv[2];
if (!from) {
  console.error('usage: node plugins/slack/scripts/trim-oracles.mjs <folder holding samples/ and events/ of the original oracles>');
  process.exit(2);
}
const to = new URL('../test/oracles/', import.meta.url);

const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const LEAF = {boolean: false, null: null, number: 0, string: ''};

export function trim(v) {
  const k = kind(v);
  if (k === 'array') {
    if (v.length === 0) return [];
    const merged = v.every((x) => kind(x) === 'object') ? Object.assign({}, ...v) : v[0];
    return [trim(merged)];
  }
  if (k === 'object') return Object.fromEntries(Object.entries(v).map(([key, x]) => [key, trim(x)]));
  return LEAF[k];
}

let before = 0;
let after = 0;
for (const sub of ['samples', 'events']) {
  const out = new URL(`${sub}/`, to);
  rmSync(out, {force: true, recursive: true});
  mkdirSync(out, {recursive: true});
  for (const name of readdirSync(join(resolve(from), sub)).filter((f) => f.endsWith('.json')).sort()) {
    const raw = readFileSync(join(resolve(from), sub, name), 'utf8');
    const text = JSON.stringify(trim(JSON.parse(raw))) + '\n';
    writeFileSync(new URL(name, out), text);
    before += raw.length;
    after += text.length;
  }
}
console.log(`trimmed ${before} bytes to ${after}`);
