import {asymError, type CloneRecord, type CloneTokens, type ProvisionRequest, type ResolvedTemplate} from '@asym/contract';
import {testFault} from './backend-swap.js';

export const CONTROL_TOKEN_HEADER = 'x-asym-control-token';

/** Mint, rotate or restore a clone's credentials through the template's provision surface. */
export async function provision(t: ResolvedTemplate, record: CloneRecord, serviceUrl: string, request: ProvisionRequest): Promise<CloneTokens | undefined> {
  if (!t.manifest.provision) return undefined;
  const controlToken = record.secrets?.control;
  try {
    if (t.provision) return await t.provision({controlToken, request, serviceUrl});
    const res = await fetch(new URL(t.manifest.provision.path, serviceUrl), {
      body: JSON.stringify(request),
      headers: {'content-type': 'application/json', ...(controlToken ? {[CONTROL_TOKEN_HEADER]: controlToken} : {})},
      method: 'POST',
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await res.json().catch(() => ({}))) as CloneTokens & {error?: string};
    if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
    return body;
  } catch (error) {
    throw asymError('PROVISION_FAILED', {detail: (error as Error).message, id: record.id});
  }
}

/**
 * Tell a running backend its database was swapped back to the seed (it drops caches and the clone's
 * Redis keys) and, in the same round trip, have it restore `tokens`. Returns the restored tokens,
 * or undefined when the backend did not restore them (the caller then uses the provision route).
 */
export async function notifyReset(record: CloneRecord, serviceUrl: string, tokens?: CloneTokens): Promise<CloneTokens | undefined> {
  const res = await fetch(new URL('/_asym/reset', serviceUrl), {
    body: JSON.stringify({...(tokens ? {restore: tokens} : {}), ...testFault()}),
    headers: {'content-type': 'application/json', ...(record.secrets ? {[CONTROL_TOKEN_HEADER]: record.secrets.control} : {})},
    method: 'POST',
    signal: AbortSignal.timeout(10_000),
  }).catch((error: Error) => {
    throw asymError('CLONE_START_FAILED', {detail: `reset hook did not answer (${error.message})`, id: record.id});
  });
  if (res.status === 200 && tokens) return (await res.json()) as CloneTokens;
  if (res.status === 500 && tokens) throw asymError('PROVISION_FAILED', {detail: ((await res.json().catch(() => ({}))) as {error?: string}).error ?? 'HTTP 500', id: record.id});
  if (!res.ok && res.status !== 404) throw asymError('CLONE_START_FAILED', {detail: `reset hook answered HTTP ${res.status}`, id: record.id});
  return undefined;
}

/** Poll a health path until it answers 2xx. `alive` lets the caller stop early when the process died. */
export async function waitHealthy(url: string, timeoutMs: number, alive: () => boolean | Promise<boolean>): Promise<'healthy' | 'timeout' | 'died'> {
  const deadline = Date.now() + timeoutMs;
  let delay = 10;
  while (Date.now() < deadline) {
    const ok = await fetch(url, {signal: AbortSignal.timeout(2000)})
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return 'healthy';
    if (!(await alive())) return 'died';
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 200);
  }
  return 'timeout';
}
