/**
 * Outgoing webhooks, independent of any product: an HMAC-SHA256 signer and a delivery queue that
 * POSTs in order per lane (one lane per endpoint) and retries failed deliveries with backoff,
 * without holding back the deliveries queued after them.
 */
import {createHmac} from 'node:crypto';

import {outboundFetch} from './outbound.js';

export function hmacSha256Hex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

export interface DeliveryJob {
  url: string;
  body: string;
  /** Headers for one attempt (1-based), e.g. a signature over a fresh timestamp. */
  headers(attempt: number): Record<string, string>;
  /** Whatever the caller wants back in `onResult` (ids of the event and endpoint …). */
  meta?: Record<string, string>;
}

export interface DeliveryResult {
  ok: boolean;
  attempt: number;
  /** No more attempts will be made for this job. */
  final: boolean;
  status?: number;
  error?: string;
}

export interface DeliveryQueueOptions {
  /** Waits before the 2nd, 3rd … attempt; its length + 1 is the number of attempts. */
  retryDelaysMs?: number[];
  timeoutMs?: number;
  onResult?(job: DeliveryJob, result: DeliveryResult): void | Promise<void>;
}

export class DeliveryQueue {
  private readonly lanes = new Map<string, Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending = 0;
  private waiters: Array<() => void> = [];
  private closed = false;

  constructor(private readonly opts: DeliveryQueueOptions = {}) {}

  enqueue(lane: string, job: DeliveryJob): void {
    if (this.closed) return;
    this.pending++;
    const prev = this.lanes.get(lane) ?? Promise.resolve();
    const next = prev.then(() => this.attempt(job, 1));
    this.lanes.set(lane, next);
    void next.then(() => {
      if (this.lanes.get(lane) === next) this.lanes.delete(lane);
    });
  }

  /** Resolves once every queued delivery (retries included) has finished. */
  idle(): Promise<void> {
    return this.pending === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.pending = 0;
    this.settle();
  }

  private async attempt(job: DeliveryJob, attempt: number): Promise<void> {
    if (this.closed) return;
    const delays = this.opts.retryDelaysMs ?? [1000, 5000, 30_000];
    let result: DeliveryResult;
    try {
      const res = await outboundFetch(job.url, {
        body: job.body,
        headers: job.headers(attempt),
        method: 'POST',
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      result = {attempt, final: res.ok || attempt > delays.length, ok: res.ok, status: res.status};
    } catch (error) {
      result = {attempt, error: (error as Error).message, final: attempt > delays.length, ok: false};
    }
    await Promise.resolve(this.opts.onResult?.(job, result)).catch(() => undefined);
    if (result.final) {
      this.done();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(job, attempt + 1);
    }, delays[attempt - 1]);
    timer.unref?.();
    this.timers.add(timer);
  }

  private done(): void {
    this.pending = Math.max(0, this.pending - 1);
    this.settle();
  }

  private settle(): void {
    if (this.pending > 0) return;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
