// Writes fidelity/openapi.json, the reference `asym verify github` scores against: every path × method
// of GitHub's REST API description (the surface, read from the `paths` interface that
// @octokit/openapi-types generates from it), with the response schemas of the operations
// test/oracles/api.github.com.responses.json keeps (shape and errors). Usage, from the repo root:
//   node plugins/github/scripts/gen-fidelity.mjs <@octokit/openapi-types/types.d.ts>
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const file = process.argv[2];
if (!file) {
  console.error('usage: gen-fidelity.mjs <types.d.ts of @octokit/openapi-types>');
  process.exit(1);
}
const text = readFileSync(file, 'utf8');
const start = text.indexOf('export interface paths {');
const end = text.indexOf('\n}\n', start);
const block = text.slice(start, end);
const trimmed = JSON.parse(readFileSync(fileURLToPath(new URL('../test/oracles/api.github.com.responses.json', import.meta.url)), 'utf8'));
const paths = {};
let current;
for (const line of block.split('\n')) {
  const p = /^ {2}"(\/[^"]*)": \{$/.exec(line);
  if (p) current = p[1];
  const m = /^ {4}(get|put|post|delete|patch|head|options): operations\[/.exec(line);
  if (m && current) (paths[current] ??= {})[m[1]] = trimmed.paths[current]?.[m[1]] ?? {};
}
const out = {info: {title: 'GitHub REST API (api.github.com)', version: '@octokit/openapi 23.0.x'}, paths, schemas: trimmed.schemas};
writeFileSync(fileURLToPath(new URL('../fidelity/openapi.json', import.meta.url)), JSON.stringify(out) + '\n');
console.log(`${Object.values(paths).reduce((n, p) => n + Object.keys(p).length, 0)} operations`);
