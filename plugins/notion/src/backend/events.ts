/**
 * Integration webhooks as Notion sends them: a subscription first receives `{verification_token}`
 * at its URL; afterwards every event is POSTed with `X-Notion-Signature: sha256=<HMAC-SHA256 of the
 * body keyed by the verification token>`, in order per subscription, retried with backoff.
 */
import {randomUUID} from 'node:crypto';

import {type BackendContext, DeliveryQueue, hmacSha256Hex, randomString} from '@asym/template-kit';

export interface Delivery {
  subscriptionId: string;
  type: string;
  ok: boolean;
  status?: number;
  attempt: number;
  body: string;
}

export interface Subscription {
  id: string;
  url: string;
  verification_token: string;
}

export const signature = (token: string, body: string) => `sha256=${hmacSha256Hex(token, body)}`;

export class Events {
  readonly queue: DeliveryQueue;
  readonly deliveries: Delivery[] = [];
  private cache: Subscription[] | undefined;

  constructor(private readonly ctx: BackendContext) {
    this.queue = new DeliveryQueue({
      onResult: (job, result) => {
        this.deliveries.push({attempt: result.attempt, body: job.body, ok: result.ok, status: result.status, subscriptionId: job.meta?.subscription ?? '', type: job.meta?.type ?? ''});
        if (this.deliveries.length > 100) this.deliveries.shift();
      },
      retryDelaysMs: [1000, 5000, 30_000],
    });
  }

  forget(): void {
    this.cache = undefined;
  }

  async subscriptions(): Promise<Subscription[]> {
    this.cache ??= (await this.ctx.db.query('SELECT id, url, verification_token FROM webhook_subscriptions ORDER BY created_time')).rows;
    return this.cache;
  }

  /** Make (or replace) the subscription at a URL; sends the verification request when asked. */
  async subscribe(url: string, token = `secret_${randomString(43)}`, verify = true): Promise<Subscription> {
    await this.ctx.db.query('DELETE FROM webhook_subscriptions');
    const sub = {id: randomUUID(), url, verification_token: token};
    await this.ctx.db.query('INSERT INTO webhook_subscriptions (id, url, verification_token, created_time) VALUES ($1, $2, $3, now())', [sub.id, url, token]);
    this.cache = undefined;
    if (verify) {
      const body = JSON.stringify({verification_token: token});
      this.queue.enqueue(sub.id, {body, headers: () => ({'content-type': 'application/json'}), meta: {subscription: sub.id, type: 'verification'}, url});
    }
    return sub;
  }

  async unsubscribe(): Promise<void> {
    await this.ctx.db.query('DELETE FROM webhook_subscriptions');
    this.cache = undefined;
  }

  /** Deliver one event to every subscription. */
  async emit(
    workspace: {id: string; name: string},
    bot: {id: string},
    type: string,
    entity: {id: string; type: string},
    data: Record<string, unknown>,
  ): Promise<void> {
    const subs = await this.subscriptions();
    for (const sub of subs) {
      const payload = {
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        workspace_id: workspace.id,
        workspace_name: workspace.name,
        subscription_id: sub.id,
        integration_id: bot.id,
        type,
        authors: [{id: bot.id, type: 'bot'}],
        accessible_by: [{id: bot.id, type: 'bot'}],
        attempt_number: 1,
        entity,
        data,
      };
      const body = JSON.stringify(payload);
      this.queue.enqueue(sub.id, {
        body,
        headers: () => ({'content-type': 'application/json', 'x-notion-signature': signature(sub.verification_token, body)}),
        meta: {subscription: sub.id, type},
        url: sub.url,
      });
    }
  }

  close(): void {
    this.queue.close();
  }
}
