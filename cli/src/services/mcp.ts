import {asymError} from '@asym/contract';

import type {ProviderContext} from '../providers/local.js';
import {findTemplate} from '../templates/catalog.js';

/** Where a clone's MCP server listens and the credential that authorises it. */
export async function mcpTarget(ctx: ProviderContext, id: string): Promise<{url: string; token?: string}> {
  const record = (await ctx.registry.read()).clones.find((c) => c.id === id);
  if (!record) throw asymError('CLONE_NOT_FOUND', {id});
  const t = findTemplate(ctx.catalog, record.template);
  const mcp = t.manifest.mcp;
  if (!mcp) {
    const withMcp = ctx.catalog.templates.filter((x) => x.manifest.mcp).map((x) => x.name);
    throw asymError('INVALID_INPUT', {detail: `Template "${t.name}" serves no MCP endpoint. Templates that do: ${withMcp.join(', ') || 'none installed'}.`});
  }
  const port = record.ports[t.manifest.apiService ?? 'backend'];
  return {token: record.tokens?.[mcp.token], url: `http://127.0.0.1:${port}${mcp.path}`};
}
