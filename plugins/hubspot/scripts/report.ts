// Coverage figures for the HubSpot clone: every operation of the @hubspot/api-client modules the
// clone models (the paths and methods its generated request factories use) is called once against
// an in-process clone; an operation counts as routed when the clone answers it with anything but its
// "No route" 404. Run from the repo root: node --import tsx plugins/hubspot/scripts/report.ts [--verbose]
import {readdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';

import {startHubSpotClone} from '../test/helpers.js';

const verbose = process.argv.includes('--verbose');
const require = createRequire(import.meta.url);
const codegen = join(dirname(require.resolve('@hubspot/api-client/package.json')), 'lib', 'codegen');

/** [module folder, label] of the SDK modules the clone covers. */
const MODULES: Array<[string, string]> = [
  ['crm/objects', 'objects (generic)'], ['crm/contacts', 'contacts'], ['crm/companies', 'companies'], ['crm/deals', 'deals'], ['crm/tickets', 'tickets'],
  ['crm/products', 'products'], ['crm/line_items', 'line items'], ['crm/objects/notes', 'notes'], ['crm/objects/tasks', 'tasks'], ['crm/objects/calls', 'calls'],
  ['crm/objects/emails', 'emails'], ['crm/objects/meetings', 'meetings'], ['crm/associations/v4', 'associations v4'], ['crm/associations/v4/schema', 'association labels'],
  ['crm/associations', 'associations v3'], ['crm/properties', 'properties'], ['crm/pipelines', 'pipelines'], ['crm/owners', 'owners'], ['crm/schemas', 'schemas'], ['webhooks', 'webhooks'], ['oauth', 'oauth'],
];

function operations(module: string): Array<{method: string; path: string}> {
  const dir = join(codegen, module, 'apis');
  const ops: Array<{method: string; path: string}> = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.js'))) {
    const src = readFileSync(join(dir, f), 'utf8');
    for (const m of src.matchAll(/const localVarPath = '([^']+)'[\s\S]*?makeRequestContext\(localVarPath, http_1\.HttpMethod\.([A-Z]+)\)/g)) {
      ops.push({method: m[2]!, path: m[1]!});
    }
  }
  return ops;
}

const fill = (path: string) =>
  path.replaceAll(/\{([^}]+)\}/g, (_, name: string) => {
    if (/objectType|fromObjectType/i.test(name)) return 'contacts';
    if (/toObjectType/i.test(name)) return 'companies';
    if (/appId/.test(name)) return '1';
    if (/pipelineId/.test(name)) return 'default';
    return '1';
  });

const h = await startHubSpotClone();
let routed = 0;
let total = 0;
const lines: string[] = [];
for (const [module, label] of MODULES) {
  const ops = operations(module);
  let ok = 0;
  const missing: string[] = [];
  for (const op of ops) {
    const res = await h.call(op.method, fill(op.path), ['POST', 'PUT', 'PATCH'].includes(op.method) ? {} : undefined);
    const unrouted = res.status === 404 && (res.body === '404 Not Found' || (typeof res.body?.message === 'string' && res.body.message.startsWith('No route for')));
    if (unrouted) missing.push(`${op.method} ${op.path}`);
    else ok++;
  }
  routed += ok;
  total += ops.length;
  lines.push(`  ${label}: ${ok}/${ops.length}${verbose && missing.length ? `\n    missing: ${missing.join('\n             ')}` : ''}`);
}
await h.dispose();
console.log(`SDK operations the clone routes: ${routed}/${total} (${((100 * routed) / total).toFixed(1)}%)`);
console.log(lines.join('\n'));
process.exit(0);
