import {asymError} from '@asym/contract';

import type {ProviderContext} from '../providers/local.js';
import {CONTROL_TOKEN_HEADER} from '../providers/provision.js';
import {findTemplate} from '../templates/catalog.js';

/**
 * Point the clone's event delivery (Slack's Events API request URL) at the app under test. The
 * template answers with what to keep in the clone's credentials, so the URL survives a reset.
 */
export async function setRequestUrl(ctx: ProviderContext, id: string, url: string | null, verify: boolean): Promise<{id: string; requestUrl: string | null}> {
  const record = (await ctx.registry.read()).clones.find((c) => c.id === id);
  if (!record) throw asymError('CLONE_NOT_FOUND', {id});
  const t = findTemplate(ctx.catalog, record.template);
  const path = t.manifest.events?.requestUrl;
  if (!path) throw asymError('INVALID_INPUT', {detail: `Template "${t.name}" delivers no events to an app.`});
  if (url !== null) {
    try {
      if (!/^https?:$/.test(new URL(url).protocol)) throw new Error('scheme');
    } catch {
      throw asymError('INVALID_INPUT', {detail: `"${url}" is not an http(s) URL.`});
    }
  }
  const port = record.ports[t.manifest.apiService ?? 'backend'];
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    body: JSON.stringify({url, verify}),
    headers: {'content-type': 'application/json', ...(record.secrets ? {[CONTROL_TOKEN_HEADER]: record.secrets.control} : {})},
    method: 'POST',
    signal: AbortSignal.timeout(15_000),
  }).catch((error: Error) => {
    throw asymError('CLONE_START_FAILED', {detail: `it did not answer (${error.message})`, id});
  });
  const body = (await res.json().catch(() => ({}))) as {error?: string; detail?: string; extraPatch?: Record<string, string>};
  if (res.status === 422) throw asymError('INVALID_INPUT', {detail: `${url} did not answer the url_verification challenge${body.detail ? ` (${body.detail})` : ''}. Start your app first, or pass --no-verify.`});
  if (!res.ok) throw asymError('INVALID_INPUT', {detail: `${id} refused the request URL: ${body.error ?? `HTTP ${res.status}`}`});
  if (body.extraPatch) {
    await ctx.registry.update((reg) => {
      const r = reg.clones.find((c) => c.id === id);
      if (r) r.tokens = {...r.tokens, extra: {...r.tokens?.extra, ...body.extraPatch}};
    });
  }
  return {id, requestUrl: url};
}
