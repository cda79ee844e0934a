/** Subscription schedules: phases of items that a subscription moves through; create, update, cancel, release. */
import type {Api, Req} from '../api.js';
import {cancelSubscription} from '../engines/billing.js';
import {invalid, missingParam} from '../errors.js';
import {int, list, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {phaseEnd, startSchedule} from '../engines/schedules.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {applyUpdate, metadataOf} from '../update.js';

async function buildPhases(api: Api, req: Req, raw: unknown, start: number): Promise<Obj[]> {
  const phases: Obj[] = [];
  let at = start;
  for (const [i, p] of list(raw).entries()) {
    const ph = obj(p) ?? {};
    const items = list(ph.items).map((x) => obj(x) ?? {});
    if (items.length === 0) throw missingParam(`phases[${i}][items]`);
    const prices: Obj[] = [];
    for (const [j, it] of items.entries()) prices.push(await api.store.must(req.account, 'price', str(it.price) ?? str(it.plan), `phases[${i}][items][${j}][price]`));
    const phase: Obj = {
      id: '',
      object: 'phase',
      add_invoice_items: [],
      application_fee_percent: null,
      billing_cycle_anchor: null,
      billing_thresholds: null,
      collection_method: null,
      coupon: null,
      currency: prices[0]!.currency,
      default_payment_method: null,
      default_tax_rates: [],
      description: null,
      end_date: 0,
      invoice_settings: null,
      items: items.map((it, j) => ({billing_thresholds: null, metadata: metadataOf(it.metadata), plan: prices[j]!.id, price: prices[j]!.id, quantity: int(it.quantity) ?? 1, tax_rates: []})),
      iterations: int(ph.iterations) ?? null,
      metadata: metadataOf(ph.metadata),
      on_behalf_of: null,
      proration_behavior: 'create_prorations',
      start_date: at,
      transfer_data: null,
      trial_end: null,
    };
    delete (phase as Partial<Obj>).id;
    delete (phase as Partial<Obj>).object;
    phase.end_date = await phaseEnd(api, req, {...phase, end_date: int(ph.end_date)}, at);
    delete phase.iterations;
    phases.push(phase);
    at = phase.end_date;
  }
  if (phases.length === 0) throw missingParam('phases');
  return phases;
}

export function register(r: Router): void {
  r.post('/v1/subscription_schedules', async (req, api) => {
    const p = req.params;
    const customer = await api.store.must(req.account, 'customer', str(p.customer), 'customer');
    const clock = customer.test_clock ?? null;
    const now = await api.now(req.account, clock);
    const start = p.start_date === 'now' || p.start_date === undefined ? now : int(p.start_date);
    if (start === undefined) throw invalid('Invalid start_date: must be a Unix timestamp or `now`.', 'start_date');
    const s = blank('subscription_schedule', {
      _clock: clock,
      created: now,
      customer: customer.id,
      default_settings: {application_fee_percent: null, automatic_tax: {enabled: false}, billing_cycle_anchor: 'automatic', billing_thresholds: null, collection_method: 'charge_automatically', default_payment_method: str(obj(p.default_settings)?.default_payment_method) ?? null, description: null, invoice_settings: null, on_behalf_of: null, transfer_data: null},
      end_behavior: str(p.end_behavior) ?? 'release',
      id: newId('sub_sched'),
      metadata: metadataOf(p.metadata),
      phases: await buildPhases(api, req, p.phases, start),
      status: 'not_started',
      test_clock: clock,
    });
    await api.store.insert(req.account, s);
    await api.emit(req, 'subscription_schedule.created', s);
    if (start <= now) await startSchedule(api, req, s);
    return (await api.store.get(req.account, s.id))!;
  });
  r.get('/v1/subscription_schedules/{schedule}', async (req, api) => api.store.must(req.account, 'subscription_schedule', req.path.schedule, 'schedule'));
  r.post('/v1/subscription_schedules/{schedule}', async (req, api) => {
    const s = await api.store.must(req.account, 'subscription_schedule', req.path.schedule, 'schedule');
    if (['canceled', 'completed', 'released'].includes(s.status)) throw invalid(`You cannot update a subscription schedule that is ${s.status}.`, undefined, 'invalid_state');
    const prev = applyUpdate(s, req.params, ['end_behavior', 'metadata']);
    if (req.params.phases !== undefined) {
      prev.phases = s.phases;
      s.phases = await buildPhases(api, req, req.params.phases, s.phases[0].start_date);
      if (s.current_phase) s.current_phase = {end_date: s.phases[0].end_date, start_date: s.phases[0].start_date};
    }
    await api.store.save(req.account, s);
    if (Object.keys(prev).length > 0) await api.emit(req, 'subscription_schedule.updated', s, prev);
    return s;
  });
  r.post('/v1/subscription_schedules/{schedule}/cancel', async (req, api) => {
    const s = await api.store.must(req.account, 'subscription_schedule', req.path.schedule, 'schedule');
    if (!['not_started', 'active'].includes(s.status)) throw invalid(`You cannot cancel a subscription schedule that is ${s.status}.`, undefined, 'invalid_state');
    const now = await api.now(req.account, s._clock);
    if (s.subscription) {
      const sub = await api.store.get(req.account, s.subscription);
      if (sub && sub.status !== 'canceled') await cancelSubscription(api, req, sub, now);
    }
    s.status = 'canceled';
    s.canceled_at = now;
    s.current_phase = null;
    await api.store.save(req.account, s);
    await api.emit(req, 'subscription_schedule.canceled', s);
    return s;
  });
  r.post('/v1/subscription_schedules/{schedule}/release', async (req, api) => {
    const s = await api.store.must(req.account, 'subscription_schedule', req.path.schedule, 'schedule');
    if (!['not_started', 'active'].includes(s.status)) throw invalid(`You cannot release a subscription schedule that is ${s.status}.`, undefined, 'invalid_state');
    s.status = 'released';
    s.released_at = await api.now(req.account, s._clock);
    s.released_subscription = s.subscription;
    s.subscription = null;
    s.current_phase = null;
    if (s.released_subscription) {
      const sub = await api.store.get(req.account, s.released_subscription);
      if (sub) await api.store.save(req.account, {...sub, schedule: null});
    }
    await api.store.save(req.account, s);
    await api.emit(req, 'subscription_schedule.released', s);
    return s;
  });
  r.get('/v1/subscription_schedules', async (req, api) => listOf(api, req, 'subscription_schedule', {eq: {customer: str(req.params.customer)}}));
}
