// The route catalogue of the official `stripe` npm SDK (a devDependency): every request its resource
// classes make, read from the package's own files. Each route: method, path (`{name}` for the
// SDK's path arguments), the object it answers with (from the method's return type in the typings,
// `list` when it answers a list of them) and the top-level parameter names its typings accept.
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';

const require = createRequire(import.meta.url);

export function sdkDir() {
  // The package exports no `./package.json`: climb from its entry point to the folder holding it.
  let dir = dirname(require.resolve('stripe'));
  while (!existsSync(join(dir, 'package.json')) || JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name !== 'stripe') dir = dirname(dir);
  return dir;
}

export const sdkVersion = () => JSON.parse(readFileSync(join(sdkDir(), 'package.json'), 'utf8')).version;

/** The API version the SDK sends by default (`Stripe-Version`). */
export const sdkApiVersion = () => /ApiVersion = '([^']+)'/.exec(readFileSync(join(sdkDir(), 'esm', 'apiVersion.js'), 'utf8'))[1];

const walk = (dir) => readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

/** interface name → its `object: '…'` literal, per typings file (names repeat across namespaces). */
function objectNames(files) {
  const byFile = new Map();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const names = new Map();
    for (const m of text.matchAll(/^export interface (\w+)[^{]*\{([\s\S]*?)^\}/gm)) {
      const o = /^\s{4}object: '([^']+)';/m.exec(m[2]);
      if (o) names.set(m[1], o[1]);
    }
    byFile.set(f, names);
  }
  return byFile;
}

/** A value of a declared type, for a field an object must carry (`Array<…>` → [], `boolean` → false …). */
export function defaultOf(type) {
  if (/^Array<|\[\]$/.test(type)) return [];
  if (type === 'boolean') return false;
  if (type === 'number') return 0;
  if (type === 'string' || /^'/.test(type)) return type === 'string' ? '' : type.split('|')[0].trim().slice(1, -1);
  return {};
}

/** The object literal of a type the typings file imports by name (`import { Authorization } from '../../Issuing/Authorizations.js'`). */
function imported(dts, text, name, objects) {
  for (const m of text.matchAll(/^import \{([^}]*)\} from '([^']+)\.js';/gm)) {
    if (!m[1].split(',').some((x) => x.trim() === name)) continue;
    return objects.get(join(dirname(dts), `${m[2]}.d.ts`))?.get(name);
  }
  return undefined;
}

/** Top-level keys of an `export interface Name {…}` in the typings (own keys; `extends` adds pagination). */
function paramKeys(text, name) {
  const m = new RegExp(`^export interface ${name}(?: extends (\\w+))?\\s*\\{([\\s\\S]*?)^\\}`, 'm').exec(text);
  if (!m) return undefined;
  const keys = [...m[2].matchAll(/^\s{4}(\w+)\??:/gm)].map((k) => k[1]);
  if (m[1] === 'PaginationParams') keys.push('limit', 'starting_after', 'ending_before');
  return keys;
}

/**
 * Every interface of the typings that describes an API object (has an `object: '…'` literal), first
 * declaration per object type (deleted-object variants left out): its file text and comment-free body.
 */
function* objectInterfaces() {
  const seen = new Set();
  for (const f of walk(join(sdkDir(), 'esm', 'resources')).filter((x) => x.endsWith('.d.ts'))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^export interface (\w+)[^{]*\{([\s\S]*?)^\}/gm)) {
      const object = /^\s{4}object: '([^']+)';/m.exec(m[2])?.[1];
      if (!object || m[1].startsWith('Deleted') || seen.has(object)) continue;
      seen.add(object);
      yield {body: m[2].replaceAll(/\/\*\*[\s\S]*?\*\//g, ''), object, text};
    }
  }
}

/**
 * Per object type (`customer`, `tax.calculation` …), the top-level fields the SDK's typings declare
 * required and not nullable, each with its declared type: what a response of the SDK's API version
 * always carries with a value.
 */
export function sdkRequiredFields() {
  const out = {};
  for (const {body, object, text} of objectInterfaces()) {
    const fields = {};
    for (const d of body.matchAll(/^\s{4}(\w+)(\??): ([\s\S]*?);$/gm)) {
      if (d[2] === '?' || /\bnull\b/.test(d[3])) continue;
      // A named type of the file (`Install.Status`): its definition, when it is a union of literals.
      const alias = /^\w+\.(\w+)$/.exec(d[3].trim())?.[1];
      const def = alias ? new RegExp(`^\\s*type ${alias} = ([^;]+);`, 'm').exec(text)?.[1] : undefined;
      fields[d[1]] = (def && /^\s*\|?\s*'/.test(def) ? def.replace(/^\s*\|\s*/, '') : d[3]).trim();
    }
    out[object] = fields;
  }
  return out;
}

/** Per object type, the statuses its typings allow (`status: 'a' | 'b'`, directly or through a named union). */
export function sdkStatuses() {
  const out = {};
  for (const {body, object, text} of objectInterfaces()) {
    const type = /^\s{4}status\??: ([^;]+);/m.exec(body)?.[1];
    if (!type) continue;
    const alias = /^(\w+)\.(\w+)(?: \| null)?$/.exec(type.trim());
    const def = alias ? new RegExp(`namespace ${alias[1]} \\{[\\s\\S]*?type ${alias[2]} = ([^;]+);`).exec(text)?.[1] : type;
    const literals = [...(def ?? '').matchAll(/'([^']+)'/g)].map((x) => x[1]);
    if (literals.length > 0) out[object] = literals;
  }
  return out;
}

export function sdkRoutes() {
  const dir = join(sdkDir(), 'esm', 'resources');
  const files = walk(dir);
  const typings = files.filter((f) => f.endsWith('.d.ts'));
  const objects = objectNames(typings);
  const global = new Map();
  for (const names of objects.values()) for (const [k, v] of names) if (!global.has(k)) global.set(k, v);
  const routes = [];
  for (const js of files.filter((f) => f.endsWith('.js'))) {
    const src = readFileSync(js, 'utf8');
    const dts = js.replace(/\.js$/, '.d.ts');
    const types = readFileSync(dts, 'utf8');
    const local = objects.get(dts) ?? new Map();
    for (const m of src.matchAll(/^\s{4}(\w+)\([^)]*\)\s*\{\s*return this\._makeRequest\('(GET|POST|DELETE)', ['`]([^'`]+)['`]/gm)) {
      const [, method, verb, raw] = m;
      const path = raw.replaceAll(/\$\{encodeURIComponent\((\w+)\)\}/g, '{$1}');
      const sig = new RegExp(`^\\s{4}${method}\\([^)]*?(?:params\\??: (\\w+(?:\\.\\w+)?))?,?[^)]*\\): (ApiListPromise|ApiSearchResultPromise|V2ListPromise|Promise)<(?:Response<)?(?:ApiList<)?([\\w.]+)`, 'm').exec(types);
      const returned = sig?.[3]?.split('.').pop();
      const list = sig?.[2] !== undefined && sig[2] !== 'Promise';
      const object = returned ? (local.get(returned) ?? imported(dts, types, returned, objects) ?? global.get(returned)) : undefined;
      const paramsType = sig?.[1];
      const params = paramsType && !paramsType.includes('.') ? paramKeys(types, paramsType) : undefined;
      routes.push({list, method: verb, object: object ?? null, params: params ?? null, path, sdkMethod: method});
    }
  }
  const seen = new Set();
  return routes.filter((r) => {
    const k = `${r.method} ${r.path}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  }).sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const routes = sdkRoutes();
  console.log(`stripe ${sdkVersion()} (API ${sdkApiVersion()}): ${routes.length} routes, ${routes.filter((r) => !r.object).length} without an object type`);
  for (const r of routes.filter((x) => !x.object)) console.log(`  ${r.method} ${r.path} (${r.sdkMethod})`);
}
