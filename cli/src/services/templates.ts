import type {FidelityScore} from '@asym/contract';

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
  /** The fixture a clone gets when spun without --seed (undefined: an empty clone). */
  defaultFixture?: string;
  /** The last `asym verify` score of this template version, if one was measured. */
  fidelity?: Pick<FidelityScore, 'overall' | 'parts' | 'reference' | 'measuredAt'>;
}

const summary = ({measuredAt, overall, parts, reference}: FidelityScore) => ({measuredAt, overall, parts, reference});

const SOURCE: Record<string, string> = {core: 'core', dev: 'linked', dir: 'dir', link: 'linked', user: 'installed', workspace: 'workspace'};

/** The catalog as `ls --templates` shows it, plus the plugins whose template could not be loaded. */
export function listTemplates(ctx: ProviderContext, scores: Map<string, FidelityScore> = new Map()): {templates: TemplateRow[]; problems: Array<{plugin: string; code: string; message: string}>} {
  return {
    problems: ctx.catalog.problems.map((p) => ({code: p.error.code, message: p.error.message, plugin: p.plugin})),
    templates: ctx.catalog.templates.map((t) => ({
      defaultFixture: t.manifest.seed?.default,
      displayName: t.manifest.displayName,
      ...(scores.has(t.name) ? {fidelity: summary(scores.get(t.name)!)} : {}),
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
