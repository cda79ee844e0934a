/** Subscription schedules over time: starting, moving from phase to phase, expiring and completing. */
import type {Api, Req} from '../api.js';
import {cancelSubscription} from './billing.js';
import {addInterval} from './periods.js';
import type {Obj} from '../store.js';
import {planOf} from './prices.js';
import {createSubscription} from './subscriptions.js';

export async function phaseEnd(api: Api, req: Req, phase: Obj, start: number): Promise<number> {
  if (phase.end_date && typeof phase.end_date === 'number') return phase.end_date;
  const price = await api.store.get(req.account, phase.items[0]?.price);
  const rec = price?.recurring ?? {interval: 'month', interval_count: 1};
  return addInterval(start, rec.interval, (rec.interval_count ?? 1) * (phase.iterations ?? 1));
}

/** Start the schedule: create its subscription with the first phase's items. */
export async function startSchedule(api: Api, req: Req, s: Obj): Promise<void> {
  const phase = s.phases[0];
  const sub = await createSubscription(api, {
    ...req,
    params: {
      customer: s.customer,
      items: phase.items.map((i: Obj) => ({price: i.price, quantity: String(i.quantity ?? 1)})),
      metadata: phase.metadata ?? {},
      ...(s.default_settings?.default_payment_method ? {default_payment_method: s.default_settings.default_payment_method} : {}),
    },
  });
  sub.schedule = s.id;
  sub.current_period_end = Math.min(sub.current_period_end, phase.end_date);
  await api.store.save(req.account, sub);
  s.subscription = sub.id;
  s.status = 'active';
  s.current_phase = {end_date: phase.end_date, start_date: phase.start_date};
  await api.store.save(req.account, s);
}

/** The current phase ended: move the subscription to the next phase, or end the schedule. */
export async function endPhase(api: Api, req: Req, s: Obj, at: number): Promise<void> {
  const idx = (s.phases as Obj[]).findIndex((p) => p.start_date === s.current_phase?.start_date);
  const next = s.phases[idx + 1];
  const sub = s.subscription ? await api.store.get(req.account, s.subscription) : undefined;
  if (next && sub) {
    const prev = {items: structuredClone(sub.items)};
    sub.items.data = [];
    for (const it of next.items as Obj[]) {
      const price = await api.store.must(req.account, 'price', it.price, 'price');
      sub.items.data.push({...structuredClone(prev.items.data[0]), id: `si_${Math.random().toString(36).slice(2, 16)}`, plan: planOf(price), price, quantity: it.quantity ?? 1});
    }
    sub.items.total_count = sub.items.data.length;
    await api.store.save(req.account, sub);
    await api.emit(req, 'customer.subscription.updated', sub, prev);
    s.current_phase = {end_date: next.end_date, start_date: next.start_date};
    await api.store.save(req.account, s);
    await api.emit(req, 'subscription_schedule.updated', s);
    return;
  }
  s.status = 'completed';
  s.completed_at = at;
  s.current_phase = null;
  if (sub && s.end_behavior === 'cancel') await cancelSubscription(api, req, sub, at);
  else if (sub) {
    s.released_subscription = sub.id;
    sub.schedule = null;
    await api.store.save(req.account, sub);
  }
  await api.store.save(req.account, s);
  await api.emit(req, 'subscription_schedule.completed', s);
}

/** The next moment a schedule on a clock needs attention. */
export function scheduleDue(s: Obj): number[] {
  if (s.status === 'not_started') return [s.phases[0].start_date];
  if (s.status !== 'active' || !s.current_phase) return [];
  const last = s.phases.at(-1);
  return [s.current_phase.end_date, ...(s.end_behavior === 'cancel' && !s._expiring_sent ? [last.end_date - 7 * 86_400] : [])];
}

export async function runSchedule(api: Api, req: Req, s: Obj, now: number): Promise<void> {
  if (s.status === 'not_started' && s.phases[0].start_date <= now) {
    await startSchedule(api, req, s);
    return;
  }
  if (s.status !== 'active') return;
  const last = s.phases.at(-1);
  if (s.end_behavior === 'cancel' && !s._expiring_sent && last.end_date - 7 * 86_400 <= now) {
    s._expiring_sent = true;
    await api.store.save(req.account, s);
    await api.emit(req, 'subscription_schedule.expiring', s);
  }
  if (s.current_phase && s.current_phase.end_date <= now) await endPhase(api, req, s, s.current_phase.end_date);
}
