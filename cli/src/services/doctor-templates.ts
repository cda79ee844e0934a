import type {CloneRecord} from '@asym/contract';

import {dropTemplateDatabase, listTemplateDatabases} from '../data/postgres.js';
import {forgetTemplateDatabases, neededTemplateDatabases, usedTemplateDatabases} from '../data/template-usage.js';
import type {Catalog} from '../templates/catalog.js';
import type {Check} from './doctor.js';

/**
 * Template databases of template versions and fixtures no clone of this home needs any more: listed,
 * and dropped with --fix. In the Postgres asymmetric owns every one is this home's; in a configured
 * one only those this home built or used (another home may need the rest).
 */
export async function templateGarbageCheck(opts: {home: string; postgresUrl: string; owned: boolean; clones: CloneRecord[]; catalog: Catalog; fix: boolean}): Promise<Check[]> {
  const existing = await listTemplateDatabases(opts.postgresUrl).catch(() => undefined);
  if (!existing) return [];
  const mine = opts.owned ? existing : existing.filter((d) => usedTemplateDatabases(opts.home).includes(d));
  const needed = neededTemplateDatabases(opts.clones, (name) => opts.catalog.templates.find((t) => t.name === name));
  const keep = (d: string) => needed.has(d) || [...needed].some((n) => n.endsWith('*') && d.startsWith(n.slice(0, -1)));
  const unused = mine.filter((d) => !keep(d));
  if (unused.length === 0) return [{detail: `${existing.length} template database(s), none unused`, name: 'template databases', ok: true}];
  if (!opts.fix) return [{detail: `${unused.length} no clone of this home needs (older template versions or fixtures): ${unused.join(', ')}. Drop them: asym doctor --fix`, name: 'template databases', ok: true}];
  const dropped: string[] = [];
  const failed: string[] = [];
  for (const d of unused) {
    try {
      await dropTemplateDatabase(opts.postgresUrl, d);
      dropped.push(d);
    } catch (error) {
      failed.push(`${d} (${(error as Error).message})`);
    }
  }
  forgetTemplateDatabases(opts.home, dropped);
  return [{detail: `dropped ${dropped.length} unused: ${dropped.join(', ') || '-'}${failed.length > 0 ? `; could not drop ${failed.join(', ')}` : ''}`, fixed: dropped.length > 0, name: 'template databases', ok: failed.length === 0}];
}
