// Trims GitHub's OpenAPI description (api.github.com.json from the @octokit/openapi package) to the
// response schemas of the paths this clone serves, with the component schemas they reference, for
// test/support/openapi.ts. Usage: node scripts/trim-openapi.mjs <api.github.com.json> [out]
import {readFileSync, writeFileSync} from 'node:fs';

const [src, out = new URL('../test/oracles/api.github.com.responses.json', import.meta.url)] = process.argv.slice(2);
if (!src) {
  console.error('usage: node scripts/trim-openapi.mjs <path to @octokit/openapi/generated/api.github.com.json> [out]');
  process.exit(2);
}
const spec = JSON.parse(readFileSync(src, 'utf8'));
const REPO_PARTS = '(issues|pulls|git|contents|readme|branches|commits|compare|labels|milestones|hooks|topics|collaborators|assignees)';
const keep = new RegExp(`^/(issues|user(/repos|/orgs|/issues)?|users(/\\{username\\}(/repos|/orgs)?)?|orgs/\\{org\\}(/(members|memberships|repos|issues)(/.*)?)?|repos/\\{owner\\}/\\{repo\\}(/${REPO_PARTS}(/.*)?)?|search/(issues|repositories|users)|rate_limit)$`);
const DROP = new Set(['description', 'example', 'examples', 'summary', 'externalDocs', 'title']);
const resolveRef = (ref) => ref.replace('#/', '').split('/').reduce((o, k) => o[k], spec);
const used = new Set();
const clean = (node) => {
  if (Array.isArray(node)) return node.map(clean);
  if (!node || typeof node !== 'object') return node;
  const outNode = {};
  for (const [k, v] of Object.entries(node)) {
    if (DROP.has(k) && typeof v !== 'object') continue;
    if (k === 'examples' || k === 'example') continue;
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) used.add(v.split('/').pop());
    outNode[k] = clean(v);
  }
  return outNode;
};
const paths = {};
for (const [path, ops] of Object.entries(spec.paths)) {
  if (!keep.test(path)) continue;
  for (const [method, op] of Object.entries(ops)) {
    if (!op.responses) continue;
    for (const [status, r0] of Object.entries(op.responses)) {
      const r = r0.$ref ? resolveRef(r0.$ref) : r0;
      const schema = r.content?.['application/json']?.schema;
      ((paths[path] ??= {})[method] ??= {})[status] = schema ? clean(schema) : null;
    }
  }
}
const schemas = {};
const queue = [...used];
while (queue.length > 0) {
  const name = queue.pop();
  if (schemas[name]) continue;
  const before = new Set(used);
  schemas[name] = clean(spec.components.schemas[name]);
  for (const n of used) if (!before.has(n)) queue.push(n);
}
writeFileSync(out, JSON.stringify({info: {source: '@octokit/openapi generated/api.github.com.json', version: spec.info.version}, paths, schemas}));
console.log(`${Object.keys(paths).length} paths, ${Object.keys(schemas).length} schemas`);
