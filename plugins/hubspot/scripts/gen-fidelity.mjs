// Writes fidelity/openapi.json, the reference `asym verify hubspot` scores against, from the model maps
// and request factories the @hubspot/api-client SDK generates from HubSpot's OpenAPI descriptions:
// every CRM, OAuth and webhooks operation (path × method: the surface), the model each one answers
// per status as a JSON Schema (every key the SDK's model declares, no other: the SDK drops unknown
// keys), and the `Error` model as the error envelope. Usage, from the repo root:
//   node plugins/hubspot/scripts/gen-fidelity.mjs <@hubspot/api-client folder>
import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {join, relative, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const pkg = process.argv[2] && resolve(process.argv[2]);
if (!pkg) {
  console.error('usage: gen-fidelity.mjs <@hubspot/api-client folder>');
  process.exit(1);
}
const require = createRequire(join(pkg, 'package.json'));
const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
const codegen = join(pkg, 'lib', 'codegen');
const modules = [];
const walk = (dir) => {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (!statSync(p).isDirectory()) continue;
    if (e === 'apis') modules.push(dir);
    else walk(p);
  }
};
for (const top of ['crm', 'oauth', 'webhooks']) walk(join(codegen, top));

const schemas = {};
const paths = {};
const nameOf = (mod, model) => `${relative(codegen, mod).replaceAll('/', '_')}__${model}`;

function typeSchema(mod, all, t) {
  t = t.trim();
  const arr = /^Array<(.+)>$/.exec(t);
  if (arr) return {items: typeSchema(mod, all, arr[1]), type: 'array'};
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(t);
  if (map) return {additionalProperties: typeSchema(mod, all, map[1]), type: 'object'};
  if (t.includes('|')) return {anyOf: t.split('|').map((a) => (a.trim() === 'null' ? {type: 'null'} : typeSchema(mod, all, a)))};
  if (t === 'string' || t === 'Date') return {type: 'string'};
  if (t === 'number') return {type: 'number'};
  if (t === 'boolean') return {type: 'boolean'};
  if (t === 'any' || t === 'object') return {};
  if (t === 'Error') t = 'ModelError'; // the SDK's name for the `Error` schema
  const e = all[t];
  if (e && typeof e === 'object' && !e.getAttributeTypeMap) return {enum: Object.values(e)};
  if (e?.getAttributeTypeMap) {
    modelSchema(mod, all, t);
    return {$ref: `#/components/schemas/${nameOf(mod, t)}`};
  }
  return {};
}

function modelSchema(mod, all, model) {
  const name = nameOf(mod, model);
  if (schemas[name]) return;
  schemas[name] = {};
  const dts = readFileSync(join(mod, 'models', `${model}.d.ts`), 'utf8');
  const required = [...dts.matchAll(/^ {4}'([^']+)': /gm)].map((m) => m[1]);
  const properties = {};
  for (const a of all[model].getAttributeTypeMap()) properties[a.baseName] = typeSchema(mod, all, a.type);
  // the error envelope carries more than the SDK reads (`status`); every other model is closed
  schemas[name] = {...(model === 'ModelError' ? {} : {additionalProperties: false}), properties, required, type: 'object'};
}

for (const mod of modules) {
  const all = require(join(mod, 'models', 'all.js'));
  for (const f of readdirSync(join(mod, 'apis')).filter((x) => x.endsWith('Api.js'))) {
    const src = readFileSync(join(mod, 'apis', f), 'utf8');
    const factory = src.slice(src.indexOf('RequestFactory extends'), src.indexOf('ResponseProcessor {'));
    const processor = src.slice(src.indexOf('ResponseProcessor {'));
    for (const m of factory.matchAll(/\n {4}(\w+)\([^)]*\) \{[\s\S]*?localVarPath = '([^']+)'[\s\S]*?HttpMethod\.(\w+)\)/g)) {
      const [, fn, path, method] = m;
      const body = processor.slice(processor.indexOf(`${fn}WithHttpInfo(response)`)).split(/\n {4}\w+WithHttpInfo\(/)[0];
      const responses = {};
      for (const r of body.matchAll(/isCodeInRange\)?\("(\w+)", response\.httpStatusCode\)\) \{\s*const body = [^;]*?deserialize\([\s\S]*?, "([^"]+)", ""\)/g)) {
        const [, status, type] = r;
        const key = status === '0' ? 'default' : status;
        responses[key] = type === 'void' ? null : typeSchema(mod, all, type);
      }
      (paths[path] ??= {})[method.toLowerCase()] = responses;
    }
  }
}
const out = {info: {title: 'HubSpot CRM API (the @hubspot/api-client models)', version: `@hubspot/api-client ${version}`}, paths, schemas};
writeFileSync(fileURLToPath(new URL('../fidelity/openapi.json', import.meta.url)), JSON.stringify(out) + '\n');
console.log(`${modules.length} modules, ${Object.values(paths).reduce((n, p) => n + Object.keys(p).length, 0)} operations, ${Object.keys(schemas).length} schemas`);
