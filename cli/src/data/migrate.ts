// Template upgrades reaching existing clones: which migrations a clone's data has, and applying the
// pending ones to its own database, keeping the data.
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {basename} from 'node:path';

import {asymError, type CloneRecord, type ResolvedTemplate} from '@asym/contract';

import {fixtureFile, migrationFiles} from './fixtures.js';

/** The template's version as recorded on clones: the manifest's, else its package's. */
export const templateVersion = (t: ResolvedTemplate): string => t.manifest.version ?? t.plugin.version;

/** What a clone's data is made of, to record after it was (re)built from the template. */
export const dataStamp = (t: ResolvedTemplate): Pick<CloneRecord, 'migrations' | 'templateVersion'> => ({migrations: migrationFiles(t).map((f) => basename(f)), templateVersion: templateVersion(t)});

/**
 * The migrations a clone's data has: recorded, or, for a record from before they were recorded, the
 * longest prefix of the template's migrations whose data hash is the one the clone was built from.
 */
function appliedMigrations(t: ResolvedTemplate, record: CloneRecord): string[] | undefined {
  if (record.migrations) return record.migrations;
  if (!record.dataHash) return undefined;
  const files = migrationFiles(t);
  const fixture = record.seed?.fixture;
  let fixtureText: Buffer | undefined;
  try {
    fixtureText = fixture ? readFileSync(fixtureFile(t, fixture)) : undefined;
  } catch {
    return undefined;
  }
  for (let k = files.length; k >= 0; k--) {
    const h = createHash('sha256').update(`template:${t.name}\n`);
    for (const f of files.slice(0, k)) h.update(`migration:${basename(f)}\n`).update(readFileSync(f));
    if (fixture && fixtureText) h.update(`fixture:${fixture}\n`).update(fixtureText);
    if (h.digest('hex').slice(0, 16) === record.dataHash) return files.slice(0, k).map((f) => basename(f));
  }
  return undefined;
}

export interface DataDrift {
  /** The template's migrations the clone's data lacks, in order. */
  pending: string[];
  /** Migrations the data has that the installed template does not (it was downgraded). */
  ahead: string[];
  /** Nothing recorded and nothing recognisable: the data's migrations are unknown. */
  unknown: boolean;
}

export function dataDrift(t: ResolvedTemplate, record: CloneRecord): DataDrift {
  const applied = appliedMigrations(t, record);
  if (!applied) return {ahead: [], pending: [], unknown: true};
  const names = migrationFiles(t).map((f) => basename(f));
  return {ahead: applied.filter((m) => !names.includes(m)), pending: names.filter((m) => !applied.includes(m)), unknown: false};
}

/**
 * Apply `pending` migrations to a clone's database in one transaction: all of them, or (on a failing
 * one) none — MIGRATION_FAILED, and the data is as it was.
 */
export async function applyMigrations(databaseUrl: string, t: ResolvedTemplate, pending: string[]): Promise<void> {
  const files = migrationFiles(t).filter((f) => pending.includes(basename(f)));
  const {withClient} = await import('./postgres.js');
  await withClient(databaseUrl, async (c) => {
    await c.query('BEGIN');
    for (const file of files) {
      try {
        await c.query(readFileSync(file, 'utf8'));
      } catch (error) {
        await c.query('ROLLBACK').catch(() => {});
        throw asymError('MIGRATION_FAILED', {detail: `${(error as Error).message}; the clone's data is unchanged`, file: basename(file), template: t.name});
      }
    }
    await c.query('COMMIT');
  });
}
