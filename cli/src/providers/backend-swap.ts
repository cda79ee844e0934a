import {asymError, type CloneRecord, type CloneTokens} from '@asym/contract';

import type {RedisDumpEntry} from '../data/redis-dump.js';
import {postControl} from './control-http.js';

/** What a running backend is asked to swap its database to (see the kit's /_asym/reset). */
export interface BackendSwap {
  /** Database to copy when no ready spare fits. */
  source: string;
  /** Take the spare only when it was built from this hash. */
  hash?: string;
  /** The spare to prepare once answered. */
  spare?: {template: string; hash: string};
}

export type BackendSwapResult = {tokens?: CloneTokens; usedSpare: boolean};

/**
 * Ask a running clone's backend to swap its own database, clear its caches and Redis keys, restore
 * the tokens and (for a checkpoint) write Redis keys back, in one request: the CLI loads no database
 * or Redis client. 'not-swapped' when the backend did not swap (not answering, an older kit, a swap
 * that failed, a backend that died mid-swap): the caller takes its own path, repairing first.
 * A swap that succeeded followed by a failed restore is PROVISION_FAILED.
 */
export async function swapInBackend(record: CloneRecord, serviceUrl: string, swap: BackendSwap, extra: {restore?: CloneTokens; redisKeys?: RedisDumpEntry[]} = {}): Promise<BackendSwapResult | 'not-swapped'> {
  // Test-only crash injection, carried to the process that does the swap (see kill-point.ts).
  const killAt = process.env.ASYM_TEST_KILL_AT?.startsWith('swap:') ? {killAt: process.env.ASYM_TEST_KILL_AT} : {};
  const answer = await postControl(serviceUrl, '/_asym/reset', {...extra, swap: {...swap, ...killAt}}, record.secrets?.control, 30_000).catch(() => undefined);
  const body = (answer?.body ?? {}) as {swapped?: boolean; usedSpare?: boolean; tokens?: CloneTokens; error?: string};
  if (!answer || !body.swapped) return 'not-swapped';
  if (answer.status !== 200) throw asymError('PROVISION_FAILED', {detail: body.error ?? `HTTP ${answer.status}`, id: record.id});
  return {tokens: body.tokens, usedSpare: Boolean(body.usedSpare)};
}
