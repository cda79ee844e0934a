/** Customer portal configurations and sessions (the portal page itself is not served). */
import {randomString} from '@asym/template-kit';

import {missingParam} from '../errors.js';
import {bool, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {applyUpdate, metadataOf} from '../update.js';

/** Merge given settings over a default tree, keeping every key of the default. */
function merge(base: unknown, given: unknown): unknown {
  if (typeof base !== 'object' || base === null || Array.isArray(base) || typeof given !== 'object' || given === null) return given === undefined ? base : given;
  const out: Record<string, unknown> = {...(base as Record<string, unknown>)};
  for (const [k, v] of Object.entries(given)) out[k] = merge(out[k], v);
  return out;
}

export function register(r: Router): void {
  r.post('/v1/billing_portal/configurations', async (req, api) => {
    if (!obj(req.params.features)) throw missingParam('features');
    const now = Math.floor(Date.now() / 1000);
    const count = (await api.store.list(req.account, 'billing_portal.configuration', {limit: 1})).data.length;
    const base = blank('billing_portal.configuration', {});
    const c = blank('billing_portal.configuration', {
      active: true,
      business_profile: merge(base.business_profile, obj(req.params.business_profile) ?? {}),
      created: now,
      default_return_url: str(req.params.default_return_url) ?? null,
      features: merge(base.features, req.params.features),
      id: newId('bpc'),
      is_default: count === 0,
      login_page: {enabled: bool(obj(req.params.login_page)?.enabled) ?? false, url: null},
      metadata: metadataOf(req.params.metadata),
      updated: now,
    });
    await api.store.insert(req.account, c);
    await api.emit(req, 'billing_portal.configuration.created', c);
    return c;
  });
  r.get('/v1/billing_portal/configurations/{configuration}', async (req, api) => api.store.must(req.account, 'billing_portal.configuration', req.path.configuration, 'configuration'));
  r.post('/v1/billing_portal/configurations/{configuration}', async (req, api) => {
    const c = await api.store.must(req.account, 'billing_portal.configuration', req.path.configuration, 'configuration');
    const prev = applyUpdate(c, req.params, ['active', 'default_return_url', 'metadata']);
    for (const k of ['business_profile', 'features'] as const) {
      if (obj(req.params[k])) {
        prev[k] = c[k];
        c[k] = merge(c[k], req.params[k]);
      }
    }
    c.updated = Math.floor(Date.now() / 1000);
    await api.store.save(req.account, c);
    if (Object.keys(prev).length > 0) await api.emit(req, 'billing_portal.configuration.updated', c, prev);
    return c;
  });
  r.get('/v1/billing_portal/configurations', async (req, api) =>
    listOf(api, req, 'billing_portal.configuration', {eq: {active: bool(req.params.active), is_default: bool(req.params.is_default)}}),
  );
  r.post('/v1/billing_portal/sessions', async (req, api) => {
    const customer = await api.store.must(req.account, 'customer', str(req.params.customer), 'customer');
    let configuration: Obj | undefined;
    if (str(req.params.configuration)) configuration = await api.store.must(req.account, 'billing_portal.configuration', str(req.params.configuration), 'configuration');
    else {
      configuration = (await api.store.list(req.account, 'billing_portal.configuration', {eq: {is_default: true}, limit: 1})).data[0];
      if (!configuration) {
        const now = Math.floor(Date.now() / 1000);
        configuration = blank('billing_portal.configuration', {active: true, created: now, id: newId('bpc'), is_default: true, metadata: {}, updated: now});
        await api.store.insert(req.account, configuration);
      }
    }
    const s = blank('billing_portal.session', {
      configuration: configuration.id,
      created: Math.floor(Date.now() / 1000),
      customer: customer.id,
      id: newId('bps'),
      locale: str(req.params.locale) ?? null,
      return_url: str(req.params.return_url) ?? configuration.default_return_url ?? null,
      url: `https://billing.stripe.com/p/session/test_${randomString(40)}`,
    });
    await api.store.insert(req.account, s);
    await api.emit(req, 'billing_portal.session.created', s);
    return s;
  });
}
