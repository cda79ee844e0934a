// Writes schema/manifest.schema.json from the zod source (run after build). `--check` exits 1 when stale.
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {z} from 'zod';

import {TemplateManifest} from '../dist/index.js';

const out = fileURLToPath(new URL('../schema/manifest.schema.json', import.meta.url));
export function manifestJsonSchema() {
  const schema = z.toJSONSchema(TemplateManifest, {io: 'input', unrepresentable: 'any'});
  return JSON.stringify({...schema, title: 'asymmetric template manifest (clone.manifest.json)'}, null, 2) + '\n';
}

const text = manifestJsonSchema();
if (process.argv.includes('--check')) {
  let current = '';
  try { current = readFileSync(out, 'utf8'); } catch {}
  if (current !== text) { console.error('schema/manifest.schema.json is stale: run pnpm --filter @asym/contract gen:schema'); process.exit(1); }
} else {
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
