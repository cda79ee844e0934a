import {randomBytes} from 'node:crypto';

import {asymError, type DiffResult} from '@asym/contract';

import {diffDatabases} from '../data/diff.js';
import {createDatabaseFrom, databaseUrl, ensureTemplateDatabase} from '../data/postgres.js';
import {dropDatabaseNamed} from '../data/snapshots.js';
import type {ProviderContext} from '../providers/local.js';
import {findSnapshot} from '../providers/snapshots.js';
import {findTemplate} from '../templates/catalog.js';
import {providerForId} from './clones.js';

export interface DiffOptions {
  /** A snapshot name; without it (and without `seed`), the newest snapshot, else the seed. */
  since?: string;
  seed?: boolean;
}

/**
 * What changed in a clone since a snapshot (or its seed), in the template's own terms. Both
 * databases are in the same Postgres; the seed is read from a throw-away copy of its template
 * database (template databases take no connections).
 */
export async function diffClone(ctx: ProviderContext, id: string, opts: DiffOptions = {}): Promise<DiffResult> {
  if (opts.since && opts.seed) throw asymError('INVALID_INPUT', {detail: 'Pass --since <snapshot> or --seed, not both.'});
  const provider = await providerForId(ctx, id);
  const record = (await ctx.registry.read()).clones.find((c) => c.id === id)!;
  const t = findTemplate(ctx.catalog, record.template);
  const declaration = t.manifest.diff;
  if (!declaration) {
    const withDiff = ctx.catalog.templates.filter((x) => x.manifest.diff).map((x) => x.name);
    throw asymError('INVALID_INPUT', {detail: `Template "${t.name}" declares no entities to diff (manifest field \`diff\`). Templates that do: ${withDiff.join(', ') || 'none installed'}.`});
  }
  const admin = await provider.postgresAdminUrl();
  const current = databaseUrl(admin, record.database);
  const snapshotName = opts.seed ? undefined : (opts.since ?? record.snapshots?.at(-1)?.name);
  const totals = (entities: DiffResult['entities']) => ({
    created: entities.reduce((n, e) => n + e.created.length, 0),
    deleted: entities.reduce((n, e) => n + e.deleted.length, 0),
    updated: entities.reduce((n, e) => n + e.updated.length, 0),
  });
  if (snapshotName) {
    const snap = findSnapshot(record, snapshotName);
    const entities = await diffDatabases(databaseUrl(admin, snap.database), current, declaration);
    return {entities, id, since: {snapshot: snapshotName}, template: t.name, totals: totals(entities)};
  }
  const fixture = record.seed?.fixture;
  const tpl = await ensureTemplateDatabase(admin, t, fixture);
  // Named like a swap leftover of the clone, so destroy drops it if this process dies before it does.
  const base = `${record.database}_n${randomBytes(3).toString('hex')}`;
  await createDatabaseFrom(admin, base, tpl.name);
  try {
    const entities = await diffDatabases(databaseUrl(admin, base), current, declaration);
    return {entities, id, since: {seed: fixture ?? null}, template: t.name, totals: totals(entities)};
  } finally {
    await dropDatabaseNamed(admin, base).catch(() => {});
  }
}
