/**
 * Repository webhooks: every event the repository's active hooks subscribe to is POSTed with
 * X-GitHub-Event, X-GitHub-Delivery, X-GitHub-Hook-ID and X-Hub-Signature(-256) over the body, and
 * each attempt is recorded as a delivery (listed and redelivered through the API).
 */
import {createHmac, randomUUID} from 'node:crypto';

import {DeliveryQueue, hmacSha256Hex} from '@asym/template-kit';

import type {Gh} from './gh.js';
import {org, repo as presentRepo, simpleUser, type Row} from './present.js';

export interface HookRow {
  id: number;
  repo_id: number;
  active: boolean;
  events: string[];
  config: {url: string; content_type?: string; secret?: string; insecure_ssl?: string};
}

export class Webhooks {
  readonly queue: DeliveryQueue;

  constructor(private readonly gh: Gh) {
    this.queue = new DeliveryQueue({
      onResult: async (job, result) => {
        const id = job.meta?.delivery;
        if (!id) return;
        const status = result.ok ? 'OK' : result.error ? 'failed to connect to host' : `Invalid HTTP Response: ${result.status}`;
        await this.gh.db
          .query('UPDATE hook_deliveries SET status_code = $2, status = $3, duration = $4, response = $5 WHERE id = $1', [id, result.status ?? 0, status, Number(job.meta?.started ? (Date.now() - Number(job.meta.started)) / 1000 : 0), {headers: {}, payload: null}])
          .catch(() => {});
      },
      retryDelaysMs: [],
    });
  }

  /** The payload fields every event carries: repository, organization (for org repos), sender. */
  async envelope(o: string, repoId: number, senderId: number | undefined): Promise<Row> {
    const r = await this.gh.repoById(repoId);
    if (!r) return {};
    const owner = await this.gh.userById(r.owner_id);
    const sender = senderId ? await this.gh.userById(senderId) : owner;
    return {
      ...(owner?.type === 'Organization' ? {organization: org(o, owner)} : {}),
      repository: presentRepo(o, r, owner!),
      sender: simpleUser(o, sender),
    };
  }

  /** Whether any active hook of the repository subscribes to `event` (so payloads are built only when needed). */
  async wants(repoId: number, event: string): Promise<boolean> {
    const r = await this.gh.db.query("SELECT 1 FROM hooks WHERE repo_id = $1 AND active AND ($2 = ANY(events) OR '*' = ANY(events)) LIMIT 1", [repoId, event]);
    return (r.rowCount ?? 0) > 0;
  }

  /** Deliver `event` to the repository's hooks that want it. */
  async emit(o: string, repoId: number, event: string, payload: Row, senderId: number | undefined, onlyHook?: number): Promise<void> {
    const hooks = (await this.gh.db.query('SELECT * FROM hooks WHERE repo_id = $1 AND active ORDER BY id', [repoId])).rows as HookRow[];
    const wanted = hooks.filter((h) => (onlyHook ? Number(h.id) === onlyHook : h.events.includes('*') || h.events.includes(event)));
    if (wanted.length === 0) return;
    const full = {...payload, ...(await this.envelope(o, repoId, senderId))};
    for (const h of wanted) await this.deliver(h, event, full);
  }

  async deliver(h: HookRow, event: string, payload: Row, redelivery = false): Promise<void> {
    const guid = randomUUID();
    const json = JSON.stringify(payload);
    const form = (h.config.content_type ?? 'form') === 'form';
    const body = form ? `payload=${encodeURIComponent(json)}` : json;
    const headers: Record<string, string> = {
      accept: '*/*',
      'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
      'user-agent': 'GitHub-Hookshot/asymmetric',
      'x-github-delivery': guid,
      'x-github-event': event,
      'x-github-hook-id': String(h.id),
      'x-github-hook-installation-target-id': String(h.repo_id),
      'x-github-hook-installation-target-type': 'repository',
    };
    if (h.config.secret) {
      headers['x-hub-signature'] = `sha1=${createHmac('sha1', h.config.secret).update(body).digest('hex')}`;
      headers['x-hub-signature-256'] = `sha256=${hmacSha256Hex(h.config.secret, body)}`;
    }
    const r = await this.gh.db.query(
      'INSERT INTO hook_deliveries (hook_id, guid, event, action, redelivery, request) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
      [h.id, guid, event, payload.action ?? null, redelivery, {headers, payload}],
    );
    const started = String(Date.now());
    this.queue.enqueue(`hook:${h.id}`, {body, headers: () => headers, meta: {delivery: String(r.rows[0].id), started}, url: h.config.url});
  }
}
