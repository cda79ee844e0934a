import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

import type {TemplateDescriptor} from '@asym/contract';

/**
 * Templates of the checkout the CLI runs from. Run from the repository (`pnpm asym`, a linked
 * `asym`), every `plugins/<name>/` with a manifest and a built templates hook is in the catalog with
 * no install step; an installed CLI has no workspace beside it and finds nothing here.
 * `ASYM_WORKSPACE_TEMPLATES=0` turns it off (to see the catalog as an installed CLI does).
 */
export function workspaceRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ASYM_WORKSPACE_TEMPLATES === '0') return undefined;
  // cli/dist/templates/workspace.js → the repository root is three levels up.
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  return existsSync(join(root, 'pnpm-workspace.yaml')) && existsSync(join(root, 'plugins')) ? root : undefined;
}

export interface WorkspaceTemplate {
  descriptors: TemplateDescriptor[];
  plugin: {name: string; version: string};
}

/** Load each workspace template through its own hook, as oclif would for an installed plugin. */
export async function workspaceTemplates(env: NodeJS.ProcessEnv = process.env): Promise<WorkspaceTemplate[]> {
  const root = workspaceRoot(env);
  if (!root) return [];
  const dirs = readdirSync(join(root, 'plugins'), {withFileTypes: true})
    .filter((e) => e.isDirectory())
    .map((e) => join(root, 'plugins', e.name))
    .filter((d) => existsSync(join(d, 'clone.manifest.json')) && existsSync(join(d, 'package.json')));
  const out: WorkspaceTemplate[] = [];
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {name: string; version: string; oclif?: {hooks?: Record<string, string>}};
    const hookFile = pkg.oclif?.hooks?.['asymmetric:templates'];
    if (!hookFile || !existsSync(join(dir, hookFile))) continue; // not built yet: `pnpm build` makes it
    const mod = (await import(pathToFileURL(join(dir, hookFile)).href)) as {default: () => Promise<TemplateDescriptor | TemplateDescriptor[]>};
    out.push({descriptors: [await mod.default()].flat(), plugin: {name: pkg.name, version: pkg.version}});
  }
  return out;
}
