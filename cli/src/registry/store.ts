import {chmodSync, closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync} from 'node:fs';

import {randomBytes} from 'node:crypto';

import {asymError, formatIssues, REGISTRY_VERSION, RegistryFileV1, RegistryFileV2, StoredCloneRecord, withDerivedFields} from '@asym/contract';

import {ensureHome, paths} from '../home.js';
import {withFileLock} from './lock.js';
import {migrateV1} from './migrate.js';
import {rollupState} from './rollup.js';

export type Registry = RegistryFileV2;
const empty = (): Registry => ({clones: [], environments: [], version: 2});

/** A clone record that does not validate: moved out of the registry so the other clones keep working. */
export interface QuarantinedRecord {
  record: unknown;
  problem: string;
  at: string;
}

/** `migrated`: the file must be written back (a v1 file, derived fields filled, records quarantined). */
type Parsed = {registry: Registry; migrated: boolean; quarantined: QuarantinedRecord[]};

/** Split stored clone records into those that validate (derived fields filled) and the rest. */
function partitionClones(clones: unknown): {kept: unknown[]; quarantined: QuarantinedRecord[]; filled: boolean} {
  if (!Array.isArray(clones)) return {filled: false, kept: [], quarantined: clones === undefined ? [] : [{at: new Date().toISOString(), problem: 'clones: expected an array', record: clones}]};
  const kept: unknown[] = [];
  const quarantined: QuarantinedRecord[] = [];
  let filled = false;
  for (const raw of clones) {
    const full = withDerivedFields(raw);
    const ok = StoredCloneRecord.safeParse(full);
    if (!ok.success) {
      quarantined.push({at: new Date().toISOString(), problem: formatIssues(ok.error), record: raw});
      continue;
    }
    if (JSON.stringify(full) !== JSON.stringify(raw)) filled = true;
    kept.push(full);
  }
  return {filled, kept, quarantined};
}

/** Parse registry text; throws REGISTRY_CORRUPT / REGISTRY_TOO_NEW. Never writes. */
export function parseRegistry(text: string, file: string): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw asymError('REGISTRY_CORRUPT', {detail: `not valid JSON: ${(error as Error).message}`, path: file});
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw asymError('REGISTRY_CORRUPT', {detail: 'not a JSON object', path: file});
  const version = (raw as {version?: unknown}).version;
  if (version !== undefined && (typeof version !== 'number' || !Number.isInteger(version) || version < 1)) {
    throw asymError('REGISTRY_CORRUPT', {detail: `version: expected a whole number, got ${JSON.stringify(version)}`, path: file});
  }
  if (typeof version === 'number' && version > REGISTRY_VERSION) throw asymError('REGISTRY_TOO_NEW', {path: file, supported: REGISTRY_VERSION, version});
  // One bad clone record does not make the registry corrupt: it is quarantined, the others kept.
  const {filled, kept, quarantined} = partitionClones((raw as {clones?: unknown}).clones);
  const rest = {...raw, clones: kept};
  const rewrite = filled || quarantined.length > 0;
  if (version === undefined || version === 1) {
    const v1 = RegistryFileV1.safeParse(rest);
    if (!v1.success) throw asymError('REGISTRY_CORRUPT', {detail: formatIssues(v1.error), path: file});
    const registry = migrateV1(v1.data);
    for (const env of registry.environments) env.state = rollupState(env.members, registry.clones);
    return {migrated: true, quarantined, registry};
  }
  const v2 = RegistryFileV2.safeParse(rest);
  if (!v2.success) throw asymError('REGISTRY_CORRUPT', {detail: formatIssues(v2.error), path: file});
  return {migrated: rewrite, quarantined, registry: v2.data};
}

/** Quarantined records, oldest first (`$ASYM_HOME/registry.quarantine.json`). */
export function readQuarantine(home: string): QuarantinedRecord[] {
  try {
    const list = JSON.parse(readFileSync(paths(home).quarantine, 'utf8')) as unknown;
    return Array.isArray(list) ? (list as QuarantinedRecord[]) : [];
  } catch {
    return [];
  }
}

/** Write atomically: a 0600 temp file beside the target, fsync, then rename over it. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, {force: true});
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'EPERM' || e.code === 'ENOTDIR') {
      throw asymError('HOME_UNWRITABLE', {detail: e.code, path: file});
    }
    throw error;
  }
}

/** `$ASYM_HOME/registry.json`: versioned, 0600, written atomically under a lock, v1 migrated on read. */
export class RegistryStore {
  readonly file: string;
  private readonly lockFile: string;

  constructor(readonly home: string) {
    this.file = paths(home).registry;
    this.lockFile = paths(home).lock;
  }

  private readText(): string | undefined {
    try {
      return readFileSync(this.file, 'utf8');
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') return undefined;
      if (e.code === 'EACCES') throw asymError('HOME_UNWRITABLE', {detail: 'registry.json is not readable', path: this.file});
      throw error;
    }
  }

  /** Read the registry. A legacy file is upgraded and written back (under the lock). */
  async read(): Promise<Registry> {
    const text = this.readText();
    if (text === undefined) return empty();
    const parsed = parseRegistry(text, this.file);
    if (!parsed.migrated) return parsed.registry;
    return this.update((r) => r);
  }

  /** Keep records that do not validate beside the registry (never lost), and say so once. */
  private quarantine(records: QuarantinedRecord[]): void {
    const file = paths(this.home).quarantine;
    writeFileAtomic(file, JSON.stringify([...readQuarantine(this.home), ...records], null, 2) + '\n');
    for (const q of records) {
      const id = (q.record as {id?: unknown} | null)?.id;
      process.stderr.write(`warning: clone record ${typeof id === 'string' ? JSON.stringify(id) : '(no id)'} is invalid (${q.problem}); moved to ${file}. The other clones are unaffected; see asym doctor.\n`);
    }
  }

  /** Read-modify-write under the lock. `fn` may mutate and/or return a value. */
  async update<T = Registry>(fn: (r: Registry) => T | Promise<T>): Promise<T> {
    ensureHome(this.home);
    return withFileLock(this.lockFile, async () => {
      const text = this.readText();
      const parsed = text === undefined ? undefined : parseRegistry(text, this.file);
      const registry = parsed?.registry ?? empty();
      if (parsed && parsed.quarantined.length > 0) this.quarantine(parsed.quarantined);
      const result = await fn(registry);
      writeFileAtomic(this.file, JSON.stringify(registry, null, 2) + '\n');
      return result === undefined ? (registry as T) : result;
    });
  }
}
