import {readFileSync, statSync} from 'node:fs';
import {resolve} from 'node:path';

import {asymError, CloneMode, CloneSpec, EnvironmentFile} from '@asym/contract';
import {isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments, type Pair, type YAMLMap} from 'yaml';

import {unknownKeysMessage} from './did-you-mean.js';

/** One clone an environment.yaml declares. */
export interface EnvSpecMember {
  template: string;
  mode?: string;
  seed?: string;
  name?: string;
  /** 1-based line of the entry in the file (for messages). */
  line: number;
}

/** A validated environment.yaml. */
export interface EnvSpec {
  name: string;
  clones: EnvSpecMember[];
  /** Absolute path of the file (stored as the environment's `spec`). */
  path: string;
}

const TOP_KEYS = ['name', 'clones'] as const;
const CLONE_KEYS = ['template', 'mode', 'seed', 'name'] as const;
/** Declared by the format but not supported yet: a hard error, never silently ignored. */
const UNSUPPORTED: Record<string, string> = {
  data: 'bring-your-own data (an external Postgres) is not supported yet; remove the `data:` key',
  identity: 'a shared identity across clones is not supported yet; remove the `identity:` key',
};
const TOP_SYNONYMS: Record<string, string> = {clone: 'clones', environment: 'name', members: 'clones', services: 'clones', templates: 'clones'};
const CLONE_SYNONYMS: Record<string, string> = {fixture: 'seed', id: 'name', type: 'template'};

/**
 * Read and strictly validate an environment.yaml. Every problem is ENV_SPEC_INVALID naming the file,
 * the line and column, and the key: `acme.env.yaml:2:1: Unknown key(s): 'clone' (did you mean 'clones'?)`.
 * Template names are not checked here (that needs the catalog: see `checkTemplates`).
 */
export function readEnvSpec(file: string): EnvSpec {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error('is a directory'), {code: 'EISDIR'});
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a directory, not a file' : e.code === 'EACCES' ? 'permission denied' : (e.code ?? e.message);
    throw asymError('ENV_SPEC_INVALID', {detail: `cannot read the environment file (${why})`, file});
  }
  return parseEnvSpec(text, file);
}

/** Validate environment.yaml text; `file` is how messages name it (and, resolved, the stored path). */
export function parseEnvSpec(text: string, file: string): EnvSpec {
  const lines = new LineCounter();
  const at = (offset: number | undefined) => {
    const p = lines.linePos(offset ?? 0);
    return `${file}:${p.line}:${p.col}`;
  };
  const lineOf = (offset: number | undefined) => lines.linePos(offset ?? 0).line;
  function fail(offset: number | undefined, detail: string): never {
    throw asymError('ENV_SPEC_INVALID', {detail, file: at(offset)});
  }

  const docs = parseAllDocuments(text, {lineCounter: lines, prettyErrors: false, uniqueKeys: true});
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    const e = doc.errors[0];
    if (e) {
      const hint = e.code === 'DUPLICATE_KEY' ? ' (a key appears twice)' : e.code === 'TAB_AS_INDENT' ? ' (indent with spaces)' : '';
      fail(e.pos[0], `malformed YAML: ${e.message}${hint}`);
    }
  }
  const nonEmpty = list.filter((d) => d.contents !== null);
  if (nonEmpty.length === 0) throw asymError('ENV_SPEC_INVALID', {detail: 'the file is empty; an environment needs `name:` and `clones:` (see asym env spin --help)', file});
  if (list.length > 1) fail(list[1]!.range[0], 'expected one YAML document, found several (remove the `---` separators)');
  const root = nonEmpty[0]!.contents as Node;
  if (!isMap(root)) fail(root.range?.[0], `the top level must be a mapping with \`name:\` and \`clones:\`, not ${describe(root)}`);
  const top = root as YAMLMap;

  const keysOf = (map: YAMLMap, where: string) => {
    const pairs = new Map<string, Pair>();
    for (const pair of map.items) {
      const k = pair.key as Node | null;
      if (!isScalar(k) || (typeof k.value !== 'string' && typeof k.value !== 'number' && typeof k.value !== 'boolean')) fail(map.range?.[0], `${where}keys must be plain words, not ${describe(k)}`);
      pairs.set(String((k as {value: unknown}).value), pair);
    }
    return pairs;
  };
  const keyOffset = (pair: Pair) => (pair.key as Node).range?.[0];
  const valueOffset = (pair: Pair) => (pair.value as Node | null)?.range?.[0] ?? keyOffset(pair);

  const topKeys = keysOf(top, '');
  const unsupported = [...topKeys.keys()].filter((k) => k in UNSUPPORTED);
  if (unsupported.length > 0) fail(keyOffset(topKeys.get(unsupported[0]!)!), `${unsupported[0]}: ${UNSUPPORTED[unsupported[0]!]}`);
  const unknownTop = [...topKeys.keys()].filter((k) => !(TOP_KEYS as readonly string[]).includes(k));
  if (unknownTop.length > 0) fail(keyOffset(topKeys.get(unknownTop[0]!)!), unknownKeysMessage(unknownTop, TOP_KEYS, TOP_SYNONYMS));

  // name
  const namePair = topKeys.get('name');
  if (!namePair) fail(top.range?.[0], "missing key 'name' (the environment's name, e.g. `name: acme`)");
  const nameNode = namePair!.value as Node | null;
  if (!isScalar(nameNode) || nameNode.value === null || nameNode.value === '') fail(valueOffset(namePair!), `name: expected the environment's name, e.g. \`name: acme\`, got ${describe(nameNode)}`);
  if (typeof (nameNode as {value: unknown}).value !== 'string') fail(valueOffset(namePair!), `name: expected text, got ${describe(nameNode)} (quote it: name: "${String((nameNode as {value: unknown}).value)}")`);
  const name = (nameNode as {value: string}).value;
  const nameCheck = EnvironmentFile.shape.name.safeParse(name);
  if (!nameCheck.success) fail(valueOffset(namePair!), `name: "${name}" is not a valid name (${nameCheck.error.issues[0]?.message})`);

  // clones
  const clonesPair = topKeys.get('clones');
  if (!clonesPair) fail(top.range?.[0], "missing key 'clones' (a list such as `clones: [{template: slack}]`)");
  const seq = clonesPair!.value as Node | null;
  if (seq === null || (isScalar(seq) && seq.value === null)) fail(keyOffset(clonesPair!), 'clones: an environment needs at least one clone; the list is empty');
  if (!isSeq(seq)) fail(valueOffset(clonesPair!), `clones: expected a list of clones (each \`- template: <name>\`), got ${describe(seq)}`);
  if ((seq as {items: unknown[]}).items.length === 0) fail(valueOffset(clonesPair!), 'clones: an environment needs at least one clone; the list is empty');

  const clones: EnvSpecMember[] = [];
  const names = new Map<string, number>();
  (seq as {items: Array<Node | null>}).items.forEach((item, i) => {
    const where = `clones[${i}]`;
    const offset = item?.range?.[0] ?? valueOffset(clonesPair!);
    if (!isMap(item)) {
      const hint = isScalar(item) && typeof item.value === 'string' ? ` (write \`- template: ${item.value}\`)` : '';
      fail(offset, `${where}: expected a mapping with \`template:\`, got ${describe(item)}${hint}`);
    }
    const keys = keysOf(item as YAMLMap, `${where}: `);
    const unknown = [...keys.keys()].filter((k) => !(CLONE_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0) fail(keyOffset(keys.get(unknown[0]!)!), `${where}: ${unknownKeysMessage(unknown, CLONE_KEYS, CLONE_SYNONYMS)}`);
    const text = (key: string, required: boolean): string | undefined => {
      const pair = keys.get(key);
      if (!pair) {
        if (required) fail(offset, `${where}: missing key '${key}' (the template to spin, e.g. \`template: slack\`)`);
        return undefined;
      }
      const v = pair.value as Node | null;
      if (!isScalar(v) || typeof v.value !== 'string' || v.value.trim() === '') fail(valueOffset(pair), `${where}.${key}: expected text, got ${describe(v)}`);
      return (v as {value: string}).value.trim();
    };
    const member: EnvSpecMember = {line: lineOf(offset), template: text('template', true)!};
    const mode = text('mode', false);
    if (mode !== undefined) {
      const ok = CloneMode.safeParse(mode);
      if (!ok.success) fail(valueOffset(keys.get('mode')!), `${where}.mode: "${mode}" is not a valid mode (${ok.error.issues[0]?.message})`);
      member.mode = mode;
    }
    const seed = text('seed', false);
    if (seed !== undefined) member.seed = seed;
    const cloneName = text('name', false);
    if (cloneName !== undefined) {
      const ok = CloneSpec.shape.name.safeParse(cloneName);
      if (!ok.success) fail(valueOffset(keys.get('name')!), `${where}.name: "${cloneName}" is not a valid clone name (${ok.error.issues[0]?.message})`);
      const first = names.get(cloneName);
      if (first !== undefined) fail(valueOffset(keys.get('name')!), `${where}.name: "${cloneName}" is already used by clones[${first}]; clone names must differ`);
      names.set(cloneName, i);
      member.name = cloneName;
    }
    clones.push(member);
  });

  return {clones, name, path: resolve(file)};
}

function describe(node: Node | null | undefined): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (node.value === null) return 'nothing';
    if (typeof node.value === 'string') return `the text "${node.value}"`;
    return `${typeof node.value} ${JSON.stringify(node.value)}`;
  }
  return 'an unexpected value';
}
