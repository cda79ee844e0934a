import {randomBytes} from 'node:crypto';
import {mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

import {asymError, type CloneRecord, type CloneTokens, formatIssues, isAsymmetricError, type ResolvedTemplate, type SnapshotInfo, SnapshotName, type SnapshotRecord} from '@asym/contract';

import {paths} from '../home.js';
import {swapDatabase} from '../data/postgres.js';
import {clearRedisPrefix} from '../data/redis.js';
import {dumpPrefix, type RedisDumpEntry, restorePrefix} from '../data/redis-dump.js';
import {copyToSnapshot, dropCloneSnapshots, dropDatabaseNamed, newSnapshotDatabase, snapshotHash} from '../data/snapshots.js';
import {prepareSpareDetached} from '../data/spare.js';
import {treeSize} from '../data/files.js';
import type {RegistryStore} from '../registry/store.js';
import {tracer} from '../trace.js';
import {swapInBackend} from './backend-swap.js';
import {sameJson} from './same-json.js';

/** What the snapshot logic needs from a provider (LocalProvider hands itself over through this). */
export interface SnapshotHost {
  home: string;
  registry: RegistryStore;
  infra(): Promise<{postgresUrl: string; redisUrl: string}>;
  get(id: string): Promise<CloneRecord>;
  template(record: CloneRecord): ResolvedTemplate;
  /** Copy the clone's data directory into `dir`. */
  saveFiles(record: CloneRecord, dir: string): Promise<void>;
  /** Make the clone's data directory a copy of `dir`. */
  loadFiles(record: CloneRecord, dir: string): Promise<void>;
  /** The clone's API service URL (where its backend's control routes are). */
  apiUrl(record: CloneRecord, t: ResolvedTemplate): string;
  /** After the database was swapped: tell (or start) the backend and put the clone's tokens back. */
  afterSwap(record: CloneRecord, t: ResolvedTemplate): Promise<{record: CloneRecord; tokens?: CloneTokens}>;
}

export const snapshotDir = (home: string, id: string, name: string) => join(paths(home).snapshots, id, name);
export const info = ({database: _db, ...rest}: SnapshotRecord): SnapshotInfo => rest;

export function validSnapshotName(name: string): string {
  const r = SnapshotName.safeParse(name);
  if (!r.success) throw asymError('INVALID_INPUT', {detail: `Snapshot name "${name}": ${formatIssues(r.error)}`});
  return name;
}

export function findSnapshot(record: CloneRecord, name: string): SnapshotRecord {
  const s = record.snapshots?.find((x) => x.name === name);
  if (!s) throw asymError('SNAPSHOT_NOT_FOUND', {id: record.id, name});
  return s;
}

/** Save the clone's database, Redis keys and data files under `name`. */
export async function takeSnapshot(h: SnapshotHost, id: string, name: string, options: {force?: boolean} = {}): Promise<SnapshotInfo> {
  validSnapshotName(name);
  const record = await h.get(id);
  if (record.state === 'creating' || record.state === 'destroying') {
    throw asymError('CLONE_STATE_INVALID', {action: 'snapshot it', fix: `Wait for it, or run asym doctor --fix.`, id, state: record.state});
  }
  const replaced = record.snapshots?.find((s) => s.name === name);
  if (replaced && !options.force) throw asymError('SNAPSHOT_EXISTS', {id, name});
  const infra = await h.infra();
  const database = newSnapshotDatabase();
  const dir = snapshotDir(h.home, id, name);
  const staging = `${dir}.new-${randomBytes(3).toString('hex')}`;
  let made = false;
  try {
    mkdirSync(staging, {recursive: true});
    const keys = await dumpPrefix(infra.redisUrl, record.redisPrefix);
    made = true;
    const dbBytes = await copyToSnapshot(infra.postgresUrl, record.database, database, {name});
    const t = h.template(record);
    if (t.manifest.dataDir) await h.saveFiles(record, join(staging, 'files'));
    const redisJson = JSON.stringify(keys);
    writeFileSync(join(staging, 'redis.json'), redisJson, {mode: 0o600});
    const files = treeSize(join(staging, 'files'));
    const snap: SnapshotRecord = {createdAt: new Date().toISOString(), database, files: files.files, name, redisKeys: keys.length, sizeBytes: dbBytes + redisJson.length + files.bytes};
    await h.registry.update((reg) => {
      const r = reg.clones.find((c) => c.id === id);
      if (!r) throw asymError('CLONE_NOT_FOUND', {id});
      r.snapshots = [...(r.snapshots ?? []).filter((s) => s.name !== name), snap];
    });
    rmSync(dir, {force: true, recursive: true});
    renameSync(staging, dir);
    if (replaced) await dropDatabaseNamed(infra.postgresUrl, replaced.database).catch(() => {});
    return info(snap);
  } catch (error) {
    rmSync(staging, {force: true, recursive: true});
    if (made) await dropDatabaseNamed(infra.postgresUrl, database).catch(() => {});
    if (isAsymmetricError(error)) throw error;
    throw asymError('CLONE_START_FAILED', {detail: `snapshot failed: ${(error as Error).message}`, id});
  }
}

/**
 * Put the clone back to a snapshot with reset's machinery: swap in a copy of the snapshot database
 * (prepared in the background after the previous restore of it), tell the backend, then write the
 * snapshot's Redis keys and files back.
 */
export async function restoreSnapshot(h: SnapshotHost, id: string, name: string): Promise<void> {
  const trace = tracer('restore');
  const record = await h.get(id);
  const snap = findSnapshot(record, name);
  const t = h.template(record);
  const dir = snapshotDir(h.home, id, name);
  const keys = JSON.parse(readFileSync(join(dir, 'redis.json'), 'utf8')) as RedisDumpEntry[];
  trace('read snapshot');
  const hash = snapshotHash(snap.database);
  if (record.state === 'running') {
    // The backend swaps, restores the tokens and writes the keys back itself; the files go first.
    if (t.manifest.dataDir) await h.loadFiles(record, join(dir, 'files'));
    const restore = t.manifest.provision ? record.tokens : undefined;
    const swap = {hash, source: snap.database, spare: {hash, template: snap.database}};
    const done = await swapInBackend(record, h.apiUrl(record, t), swap, {redisKeys: keys, ...(restore ? {restore} : {})});
    trace('restored by the backend');
    if (done !== 'not-swapped') {
      if (done.tokens && !sameJson(done.tokens, record.tokens)) await saveTokens(h, id, done.tokens);
      return;
    }
  }
  const infra = await h.infra();
  let old: string | undefined;
  try {
    ({old} = await swapDatabase(infra.postgresUrl, record.database, snap.database, hash));
    trace('swap database');
    await clearRedisPrefix(infra.redisUrl, record.redisPrefix);
    if (t.manifest.dataDir) await h.loadFiles(record, join(dir, 'files'));
    trace('files');
  } catch (error) {
    if (isAsymmetricError(error)) throw error;
    throw asymError('CLONE_START_FAILED', {detail: `restore failed: ${(error as Error).message}`, id});
  }
  const {tokens} = await h.afterSwap(record, t);
  trace('backend told');
  // The backend cleared the prefix when told of the swap: the snapshot's keys go in after.
  await restorePrefix(infra.redisUrl, record.redisPrefix, keys);
  trace('redis restored');
  if (tokens) await saveTokens(h, id, tokens);
  // The next restore of the same snapshot only renames, like a reset.
  prepareSpareDetached({adminUrl: infra.postgresUrl, database: record.database, drop: old ? [old] : [], hash, template: snap.database});
}

async function saveTokens(h: SnapshotHost, id: string, tokens: CloneTokens): Promise<void> {
  await h.registry.update((reg) => {
    const r = reg.clones.find((c) => c.id === id);
    if (r) r.tokens = tokens;
  });
}

export async function deleteSnapshot(h: SnapshotHost, id: string, name: string): Promise<void> {
  const record = await h.get(id);
  const snap = findSnapshot(record, name);
  const infra = await h.infra();
  await h.registry.update((reg) => {
    const r = reg.clones.find((c) => c.id === id);
    if (r) r.snapshots = (r.snapshots ?? []).filter((s) => s.name !== name);
  });
  await dropDatabaseNamed(infra.postgresUrl, snap.database);
  rmSync(snapshotDir(h.home, id, name), {force: true, recursive: true});
}

/** Destroy's part: every snapshot database of the clone, and its snapshot files. */
export async function dropAllSnapshots(home: string, postgresUrl: string | undefined, record: CloneRecord): Promise<void> {
  if (postgresUrl) await dropCloneSnapshots(postgresUrl, record.database);
  rmSync(join(paths(home).snapshots, record.id), {force: true, recursive: true});
}
