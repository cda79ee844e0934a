/** Webhook endpoints: CRUD; the `whsec_` secret is shown once, on create. Delivery is in events.ts. */
import {randomString} from '@asym/template-kit';

import {invalid, missingParam} from '../errors.js';
import {list, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import eventTypes from '../generated/event-types.json' with {type: 'json'};
import {blank, newId} from '../shapes.js';
import {applyUpdate, metadataOf} from '../update.js';

const KNOWN = new Set<string>(eventTypes);

/** Stripe refuses event types it does not know (a typo would otherwise silently receive nothing). */
function checkEvents(events: string[]): void {
  events.forEach((e, i) => {
    if (!KNOWN.has(e)) throw invalid(`Invalid enabled_events[${i}]: must be one of ${[...KNOWN].slice(0, 5).join(', ')}, …`, `enabled_events[${i}]`);
  });
}

function checkUrl(url: string): void {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw invalid('Invalid URL: URL must be publicly accessible. Consider using a tool like the Stripe CLI to test webhooks locally.', 'url', 'url_invalid');
  }
}

export function register(r: Router): void {
  r.post('/v1/webhook_endpoints', async (req, api) => {
    const p = req.params;
    const url = str(p.url);
    if (!url) throw missingParam('url');
    checkUrl(url);
    const events = list(p.enabled_events).map(String);
    if (events.length === 0) throw missingParam('enabled_events');
    checkEvents(events);
    const secret = `whsec_${randomString(32)}`;
    const e = blank('webhook_endpoint', {
      _secret: secret,
      api_version: str(p.api_version) ?? null,
      application: null,
      created: Math.floor(Date.now() / 1000),
      description: str(p.description) ?? null,
      enabled_events: events,
      id: newId('we'),
      metadata: metadataOf(p.metadata),
      status: 'enabled',
      url,
    });
    await api.store.insert(req.account, e);
    return {...e, secret};
  });
  r.get('/v1/webhook_endpoints/{webhook_endpoint}', async (req, api) => api.store.must(req.account, 'webhook_endpoint', req.path.webhook_endpoint, 'webhook_endpoint'));
  r.post('/v1/webhook_endpoints/{webhook_endpoint}', async (req, api) => {
    const e = await api.store.must(req.account, 'webhook_endpoint', req.path.webhook_endpoint, 'webhook_endpoint');
    if (str(req.params.url)) checkUrl(str(req.params.url)!);
    if (req.params.enabled_events !== undefined) checkEvents(list(req.params.enabled_events).map(String));
    applyUpdate(e, req.params, ['description', 'enabled_events', 'metadata', 'url']);
    if ('disabled' in req.params) e.status = req.params.disabled === true ? 'disabled' : 'enabled';
    await api.store.save(req.account, e);
    return e;
  });
  r.del('/v1/webhook_endpoints/{webhook_endpoint}', async (req, api) => {
    const e = await api.store.must(req.account, 'webhook_endpoint', req.path.webhook_endpoint, 'webhook_endpoint');
    await api.store.remove(req.account, e.id);
    return {deleted: true, id: e.id, object: 'webhook_endpoint'};
  });
  r.get('/v1/webhook_endpoints', async (req, api) => listOf(api, req, 'webhook_endpoint'));
}
