import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';

import {
  AsymmetricError,
  asymError,
  CONTRACT_VERSION,
  formatIssues,
  isAsymmetricError,
  type ResolvedTemplate,
  TemplateManifest,
  TEMPLATES_HOOK,
  type TemplateDescriptor,
  type TemplatesHookOptions,
} from '@asym/contract';
import type {Config} from '@oclif/core';
import semver from 'semver';

import {workspaceTemplates} from './workspace.js';

/** First-party templates and the package that provides each, for TEMPLATE_NOT_FOUND's install hint. */
export const FIRST_PARTY: Record<string, string> = {
  github: '@asym/template-github',
  hubspot: '@asym/template-hubspot',
  linear: '@asym/template-linear',
  notion: '@asym/template-notion',
  slack: '@asym/template-slack',
  stripe: '@asym/template-stripe',
};

export interface Catalog {
  templates: ResolvedTemplate[];
  /** Plugins whose template could not be loaded; the rest of the catalog still works. */
  problems: Array<{plugin: string; template?: string; error: AsymmetricError}>;
}

const RANK: Record<string, number> = {core: 0, dev: 3, link: 2, user: 1};

export function validateDescriptor(d: TemplateDescriptor, plugin: ResolvedTemplate['plugin']): ResolvedTemplate {
  const file = join(d.root, 'clone.manifest.json');
  const unreadable = (d.manifest as {__unreadable?: string})?.__unreadable;
  if (unreadable) throw asymError('MANIFEST_INVALID', {detail: unreadable, file});
  const parsed = TemplateManifest.safeParse(d.manifest);
  if (!parsed.success) throw asymError('MANIFEST_INVALID', {detail: formatIssues(parsed.error), file});
  const m = parsed.data;
  if (!semver.validRange(m.engine)) throw asymError('MANIFEST_INVALID', {detail: `engine: "${m.engine}" is not a semver range`, file});
  if (!semver.satisfies(CONTRACT_VERSION, m.engine)) throw asymError('TEMPLATE_INCOMPATIBLE', {range: m.engine, template: m.name, version: CONTRACT_VERSION});
  return {manifest: m, name: m.name, plugin, provision: d.provision, root: d.root};
}

/** Templates found as plain directories under ASYM_TEMPLATES_DIR (each with a clone.manifest.json). */
function dirDescriptors(dir: string | undefined): TemplateDescriptor[] {
  if (!dir || !existsSync(dir)) return [];
  const roots = [dir, ...readdirSync(dir, {withFileTypes: true}).filter((e) => e.isDirectory()).map((e) => join(dir, e.name))];
  return roots
    .filter((r) => existsSync(join(r, 'clone.manifest.json')))
    .map((root) => {
      let manifest: unknown;
      try {
        manifest = JSON.parse(readFileSync(join(root, 'clone.manifest.json'), 'utf8'));
      } catch (error) {
        manifest = {__unreadable: (error as Error).message};
      }
      return {manifest, root};
    });
}

/** Fan the templates hook out over every installed plugin (core, user-installed, linked) and validate. */
export async function loadCatalog(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<Catalog> {
  const opts: TemplatesHookOptions = {contractVersion: CONTRACT_VERSION};
  const res = await config.runHook(TEMPLATES_HOOK as never, opts as never);
  const found: Array<{d: TemplateDescriptor; plugin: ResolvedTemplate['plugin']}> = [];
  const problems: Catalog['problems'] = [];
  for (const s of res.successes as Array<{plugin: {name: string; version: string; type: string}; result: TemplateDescriptor | TemplateDescriptor[]}>) {
    const plugin = {name: s.plugin.name, type: s.plugin.type, version: s.plugin.version};
    for (const d of [s.result].flat()) if (d) found.push({d, plugin});
  }
  for (const f of res.failures as Array<{plugin: {name: string}; error: Error}>) {
    problems.push({error: asymError('MANIFEST_INVALID', {detail: `its templates hook failed: ${f.error.message}`, file: f.plugin.name}), plugin: f.plugin.name});
  }
  for (const d of dirDescriptors(env.ASYM_TEMPLATES_DIR)) found.push({d, plugin: {name: d.root, type: 'dir', version: '-'}});
  // From a checkout, the workspace's own templates that no installed plugin already provides.
  const provided = new Set(found.map(({d}) => (d.manifest as {name?: unknown})?.name));
  for (const w of await workspaceTemplates(env)) {
    for (const d of w.descriptors) {
      if (!provided.has((d.manifest as {name?: unknown})?.name)) found.push({d, plugin: {...w.plugin, type: 'workspace'}});
    }
  }

  const byName = new Map<string, ResolvedTemplate>();
  for (const {d, plugin} of found) {
    let t: ResolvedTemplate;
    try {
      t = validateDescriptor(d, plugin);
    } catch (error) {
      if (!isAsymmetricError(error)) throw error;
      // An unreadable manifest has no name: guess it from the package (`@asym/template-x`, `asym-template-x`).
      const name = (d.manifest as {name?: unknown})?.name;
      const guessed = /template-([a-z][a-z0-9-]*)$/.exec(plugin.name)?.[1] ?? /([a-z][a-z0-9-]*)$/.exec(d.root)?.[1];
      problems.push({error, plugin: plugin.name, template: typeof name === 'string' ? name : guessed});
      continue;
    }
    const prev = byName.get(t.name);
    if (!prev) {
      byName.set(t.name, t);
      continue;
    }
    const [a, b] = [RANK[prev.plugin.type] ?? 1, RANK[t.plugin.type] ?? 1];
    if (a === b) {
      problems.push({error: asymError('TEMPLATE_DUPLICATE', {first: prev.plugin.name, second: t.plugin.name, template: t.name}), plugin: t.plugin.name, template: t.name});
    } else if (b > a) byName.set(t.name, t); // an installed or linked template overrides the bundled one
  }
  return {problems, templates: [...byName.values()].sort((x, y) => x.name.localeCompare(y.name))};
}

/** Look a template up by name; a broken plugin providing it gives its own named error. */
export function findTemplate(catalog: Catalog, name: string): ResolvedTemplate {
  const t = catalog.templates.find((x) => x.name === name);
  if (t) return t;
  const problem = catalog.problems.find((p) => p.template === name);
  if (problem) throw problem.error;
  throw asymError('TEMPLATE_NOT_FOUND', {install: FIRST_PARTY[name], template: name});
}
