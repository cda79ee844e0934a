import {readFileSync} from 'node:fs';
import {join} from 'node:path';

import type {CloneTokens, ProvisionContext, TemplateDescriptor} from '@asym/contract';

import {CONTROL_TOKEN_HEADER} from './control.js';

/**
 * The `asymmetric:templates` hook of a template plugin: reads `clone.manifest.json` from the
 * template root and, when the manifest declares a provision route, mints tokens through it.
 */
export function templateDescriptor(root: string): TemplateDescriptor {
  const file = join(root, 'clone.manifest.json');
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    manifest = {__unreadable: `${file}: ${(error as Error).message}`};
  }
  const provisionPath = (manifest as {provision?: {path?: string}})?.provision?.path;
  return {
    manifest,
    provision: provisionPath ? (ctx) => callProvision(ctx, provisionPath) : undefined,
    root,
  };
}

export async function callProvision(ctx: ProvisionContext, path: string): Promise<CloneTokens> {
  const res = await fetch(new URL(path, ctx.serviceUrl), {
    body: JSON.stringify(ctx.request),
    headers: {'content-type': 'application/json', ...(ctx.controlToken ? {[CONTROL_TOKEN_HEADER]: ctx.controlToken} : {})},
    method: 'POST',
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await res.json().catch(() => ({}))) as CloneTokens & {error?: string};
  if (!res.ok) throw new Error(body.error ?? `provision answered HTTP ${res.status}`);
  return body;
}
