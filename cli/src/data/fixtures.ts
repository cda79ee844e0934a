import {createHash} from 'node:crypto';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';

import {asymError, type ResolvedTemplate} from '@asym/contract';

/** The template's migration files, sorted. */
export function migrationFiles(t: ResolvedTemplate): string[] {
  const dir = resolve(t.root, t.manifest.database.migrations);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => join(dir, f));
}

/** Fixture name → file, from the manifest's `seed.fixtures` glob (`./seeds/*.sql`); name = basename. */
export function fixtureFiles(t: ResolvedTemplate): Map<string, string> {
  const out = new Map<string, string>();
  const glob = t.manifest.seed?.fixtures;
  if (!glob) return out;
  const abs = resolve(t.root, glob);
  const dir = dirname(abs);
  const pattern = new RegExp('^' + basename(abs).replaceAll(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.') + '$');
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).sort()) if (pattern.test(f)) out.set(f.replace(/\.[^.]+$/, ''), join(dir, f));
  return out;
}

export function fixtureFile(t: ResolvedTemplate, name: string): string {
  const files = fixtureFiles(t);
  const file = files.get(name);
  if (!file) throw asymError('FIXTURE_NOT_FOUND', {fixture: name, fixtures: [...files.keys()].join(', '), template: t.name});
  return file;
}

/** Identifies the data a clone starts from: template, every migration's name and content, the fixture. */
export function dataHash(t: ResolvedTemplate, fixture?: string): string {
  const h = createHash('sha256').update(`template:${t.name}\n`);
  for (const f of migrationFiles(t)) h.update(`migration:${basename(f)}\n`).update(readFileSync(f));
  if (fixture) h.update(`fixture:${fixture}\n`).update(readFileSync(fixtureFile(t, fixture)));
  return h.digest('hex').slice(0, 16);
}

/** The template database every clone of (template, migrations, fixture) is copied from. */
export const templateDatabaseName = (t: ResolvedTemplate, hash: string): string => `asym_tpl_${t.name.replaceAll('-', '_')}_${hash}`;
