// Which template databases (`asym_tpl_…`) belong to this home: a configured Postgres may serve other
// homes too, so `doctor --fix` only drops the ones this home built or used and no clone of it needs.
import {readFileSync} from 'node:fs';

import type {CloneRecord, ResolvedTemplate} from '@asym/contract';

import {asymHome, paths} from '../home.js';
import {writeFileAtomic} from '../registry/store.js';
import {dataHash, templateDatabaseName} from './fixtures.js';

export function usedTemplateDatabases(home: string): string[] {
  try {
    const list = JSON.parse(readFileSync(paths(home).templateDatabases, 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Remember that this home uses `name` (best effort: a read-only home only loses the note). */
export function noteTemplateDatabase(name: string, home = asymHome()): void {
  const known = usedTemplateDatabases(home);
  if (known.includes(name)) return;
  try {
    writeFileAtomic(paths(home).templateDatabases, JSON.stringify([...known, name], null, 2) + '\n');
  } catch {}
}

/** Forget dropped template databases. */
export function forgetTemplateDatabases(home: string, names: string[]): void {
  const kept = usedTemplateDatabases(home).filter((n) => !names.includes(n));
  writeFileAtomic(paths(home).templateDatabases, JSON.stringify(kept, null, 2) + '\n');
}

/**
 * The template databases a home's clones still need: the one each clone's data was built from and
 * the one its next reset copies (the current migrations and its fixture).
 */
export function neededTemplateDatabases(clones: CloneRecord[], template: (name: string) => ResolvedTemplate | undefined): Set<string> {
  const out = new Set<string>();
  for (const c of clones) {
    const t = template(c.template);
    if (!t) {
      // Template uninstalled: keep every database of that template (it may be re-installed).
      out.add(`asym_tpl_${c.template.replaceAll('-', '_')}_*`);
      continue;
    }
    if (c.dataHash) out.add(templateDatabaseName(t, c.dataHash));
    try {
      out.add(templateDatabaseName(t, dataHash(t, c.seed?.fixture)));
    } catch {}
  }
  return out;
}
