import {asymError, type CloneRecord, type CloneTokens, type ProvisionRequest, type ResolvedTemplate} from '@asym/contract';

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

/** Tell a running backend its database was swapped back to the seed (drops caches, clears Redis keys). */
export async function notifyReset(record: CloneRecord, serviceUrl: string): Promise<void> {
  const res = await fetch(new URL('/_asym/reset', serviceUrl), {
    headers: record.secrets ? {[CONTROL_TOKEN_HEADER]: record.secrets.control} : {},
    method: 'POST',
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined);
  if (res && !res.ok && res.status !== 404) throw asymError('CLONE_START_FAILED', {detail: `reset hook answered HTTP ${res.status}`, id: record.id});
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
