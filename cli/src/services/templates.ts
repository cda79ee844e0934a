import {fixtureFiles} from '../data/fixtures.js';
import type {ProviderContext} from '../providers/local.js';

export interface TemplateRow {
  name: string;
  displayName: string;
  realProduct: string;
  version: string;
  source: string;
  plugin: string;
  modes: string[];
  fixtures: string[];
}

const SOURCE: Record<string, string> = {core: 'core', dev: 'linked', dir: 'dir', link: 'linked', user: 'installed', workspace: 'workspace'};

/** The catalog as `ls --templates` shows it, plus the plugins whose template could not be loaded. */
export function listTemplates(ctx: ProviderContext): {templates: TemplateRow[]; problems: Array<{plugin: string; code: string; message: string}>} {
  return {
    problems: ctx.catalog.problems.map((p) => ({code: p.error.code, message: p.error.message, plugin: p.plugin})),
    templates: ctx.catalog.templates.map((t) => ({
      displayName: t.manifest.displayName,
      fixtures: [...fixtureFiles(t).keys()],
      modes: Object.keys(t.manifest.modes),
      name: t.name,
      plugin: t.plugin.name,
      realProduct: t.manifest.realProduct,
      source: SOURCE[t.plugin.type] ?? t.plugin.type,
      version: t.manifest.version ?? t.plugin.version,
    })),
  };
}
