/** Every state change emits an event; events go to the webhook endpoints that enabled their type. */
import {DeliveryQueue, hmacSha256Hex, type Logger} from '@asym/template-kit';

import {newId, publicView} from './shapes.js';
import type {Obj, Store} from './store.js';

export interface Origin {
  requestId?: string;
  idempotencyKey?: string;
  apiVersion?: string;
}

export const DEFAULT_API_VERSION = '2023-08-16';

/** `Stripe-Signature: t=<unix>,v1=<hex hmac of "t.payload">`, as `stripe.webhooks.constructEvent` checks it. */
export function signatureHeader(secret: string, payload: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmacSha256Hex(secret, `${timestamp}.${payload}`)}`;
}

export class Events {
  queue: DeliveryQueue;

  constructor(
    private readonly store: Store,
    private readonly log: Logger,
    private readonly retryDelaysMs = (process.env.ASYM_STRIPE_WEBHOOK_RETRY_MS ?? '1000,5000,30000').split(',').map(Number),
  ) {
    this.queue = this.newQueue();
  }

  /** Drop pending deliveries (after a reset the events they carry no longer exist). */
  reset(): void {
    this.queue.close();
    this.queue = this.newQueue();
  }

  private newQueue(): DeliveryQueue {
    const {store, log, retryDelaysMs} = this;
    return new DeliveryQueue({
      onResult: async (job, result) => {
        const {account, event, endpoint} = job.meta ?? {};
        log(result.ok ? 'info' : 'warn', 'webhook delivery', {endpoint, event, ...result});
        if (result.final && account && event) {
          await store.db.query(
            `UPDATE objects SET data = jsonb_set(data, '{pending_webhooks}', to_jsonb(GREATEST((data->>'pending_webhooks')::int - 1, 0)))
             WHERE account = $1 AND id = $2`,
            [account, event],
          );
        }
      },
      retryDelaysMs,
    });
  }

  async emit(account: string, type: string, object: Obj, opts: {origin?: Origin; created?: number; previous?: Record<string, unknown>}): Promise<Obj> {
    const endpoints = (await this.store.webhookEndpoints(account)).filter(
      (e) => e.status === 'enabled' && (e.enabled_events.includes('*') || e.enabled_events.includes(type)),
    );
    const event: Obj = {
      api_version: opts.origin?.apiVersion ?? DEFAULT_API_VERSION,
      created: opts.created ?? Math.floor(Date.now() / 1000),
      data: {object: publicView(object), ...(opts.previous && Object.keys(opts.previous).length > 0 ? {previous_attributes: opts.previous} : {})},
      id: newId('evt'),
      livemode: false,
      object: 'event',
      pending_webhooks: endpoints.length,
      request: {id: opts.origin?.requestId ?? null, idempotency_key: opts.origin?.idempotencyKey ?? null},
      type,
    };
    await this.store.insert(account, event);
    const payload = endpoints.length ? JSON.stringify(event, null, 2) : '';
    for (const e of endpoints) {
      this.queue.enqueue(e.id, {
        body: payload,
        headers: () => ({
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signatureHeader(e._secret, payload),
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        }),
        meta: {account, endpoint: e.id, event: event.id},
        url: e.url,
      });
    }
    return event;
  }
}
