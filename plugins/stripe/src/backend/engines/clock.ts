/** Test clocks advancing: everything due on a clock (schedules, trials, renewals, expiries), in time order. */
import type {Api, Req} from '../api.js';
import type {Obj} from '../store.js';
import {cancelSubscription, collect, endTrialWithoutPaymentMethod, invoicePeriod, nextPeriodEnd, previewInvoice, UPCOMING_DAYS} from './billing.js';
import {voidInvoice} from './invoicing.js';
import {runSchedule, scheduleDue} from './schedules.js';

/** Period end reached: cancel if asked to, else roll the period and invoice it. */
async function renew(api: Api, req: Req, sub: Obj): Promise<void> {
  const t = sub.current_period_end as number;
  if (sub.cancel_at_period_end || (sub.cancel_at && sub.cancel_at <= t)) {
    await cancelSubscription(api, req, sub, t);
    return;
  }
  const prev: Record<string, unknown> = {current_period_end: sub.current_period_end, current_period_start: sub.current_period_start, latest_invoice: sub.latest_invoice};
  if (sub.status === 'trialing' && sub.trial_end && sub.trial_end <= t) {
    if (await endTrialWithoutPaymentMethod(api, req, sub, t)) return;
    prev.status = 'trialing';
    sub.status = 'active';
  }
  sub._previous_period_start = sub.current_period_start;
  sub.current_period_start = t;
  sub.current_period_end = nextPeriodEnd(sub, t);
  for (const item of sub.items.data as Obj[]) {
    item.current_period_start = sub.current_period_start;
    item.current_period_end = sub.current_period_end;
  }
  const inv = await invoicePeriod(api, req, sub, 'subscription_cycle', sub.current_period_start, sub.current_period_end, false);
  sub.latest_invoice = inv.id;
  await api.store.save(req.account, sub);
  await api.emit(req, 'customer.subscription.updated', sub, prev);
}

/** Everything due on a clock up to `target`, in time order. */
export async function runClock(api: Api, account: string, clockId: string, target: number): Promise<void> {
  const req: Req = {account, origin: {}, params: {}, path: {}, url: ''};
  const load = async (type: string): Promise<Obj[]> =>
    (await api.ctx.db.query("SELECT data FROM objects WHERE account = $1 AND type = $2 AND data->>'_clock' = $3 AND NOT (data ? '_deleted') ORDER BY seq", [account, type, clockId])).rows.map(
      (r: {data: Obj}) => r.data,
    );
  for (let guard = 0; guard < 1000; guard++) {
    const subs = (await load('subscription')).filter((s) => !['canceled', 'incomplete_expired', 'paused'].includes(s.status));
    const drafts = (await load('invoice')).filter((i) => i.status === 'draft' && i._finalize_at);
    const due: number[] = [];
    for (const s of subs) {
      if (s.status === 'incomplete') due.push(s.created + 23 * 3600);
      else due.push(s.current_period_end);
      if (s.status === 'trialing' && s.trial_end && !s._trial_will_end_sent && s.trial_end - 3 * 86_400 > s.created) due.push(s.trial_end - 3 * 86_400);
      const upcoming = s.current_period_end - UPCOMING_DAYS * 86_400;
      if (s.status === 'active' && s.collection_method === 'charge_automatically' && !s.cancel_at_period_end && s._upcoming_sent !== s.current_period_end && upcoming > s.current_period_start) due.push(upcoming);
      if (s.cancel_at) due.push(s.cancel_at);
    }
    for (const i of drafts) due.push(i._finalize_at);
    const schedules = (await load('subscription_schedule')).filter((x) => ['not_started', 'active'].includes(x.status));
    for (const x of schedules) due.push(...scheduleDue(x));
    const next = Math.min(...due.filter((t) => t <= target));
    if (!Number.isFinite(next)) break;
    await api.ctx.db.query(`UPDATE objects SET data = jsonb_set(data, '{frozen_time}', to_jsonb($3::bigint)) WHERE account = $1 AND id = $2`, [account, clockId, next]);
    for (const x of schedules) await runSchedule(api, req, (await api.store.get(account, x.id))!, next);
    for (const inv of drafts.filter((i) => i._finalize_at <= next)) {
      inv._finalize_at = null;
      await collect(api, req, inv, {attempt: true, initial: false});
    }
    for (const s of subs) {
      const sub = (await api.store.get(account, s.id))!;
      if (sub.status === 'incomplete' && sub.created + 23 * 3600 <= next) {
        sub.status = 'incomplete_expired';
        sub.ended_at = next;
        await api.store.save(account, sub);
        const inv = sub.latest_invoice ? await api.store.get(account, sub.latest_invoice) : undefined;
        if (inv?.status === 'open') await voidInvoice(api, req, inv);
        await api.emit(req, 'customer.subscription.updated', sub, {status: 'incomplete'});
        continue;
      }
      if (sub.status === 'trialing' && !sub._trial_will_end_sent && sub.trial_end - 3 * 86_400 <= next && sub.trial_end - 3 * 86_400 > sub.created) {
        sub._trial_will_end_sent = true;
        await api.store.save(account, sub);
        await api.emit(req, 'customer.subscription.trial_will_end', sub);
      }
      const upcomingAt = sub.current_period_end - UPCOMING_DAYS * 86_400;
      if (sub.status === 'active' && sub.collection_method === 'charge_automatically' && !sub.cancel_at_period_end && sub._upcoming_sent !== sub.current_period_end && upcomingAt > sub.current_period_start && upcomingAt <= next) {
        sub._upcoming_sent = sub.current_period_end;
        await api.store.save(account, sub);
        const customer = await api.store.get(account, sub.customer);
        const preview = customer ? await previewInvoice(api, req, customer, sub) : undefined;
        if (preview) {
          // Upcoming invoices have no id.
          const {id: _none, ...rest} = preview;
          void _none;
          await api.emit(req, 'invoice.upcoming', {...rest, _clock: sub._clock} as unknown as Obj);
        }
      }
      if (sub.cancel_at && sub.cancel_at <= next && sub.cancel_at < sub.current_period_end && sub.status !== 'canceled') {
        await cancelSubscription(api, req, sub, sub.cancel_at);
        continue;
      }
      if (sub.current_period_end <= next && sub.status !== 'incomplete') await renew(api, req, sub);
    }
  }
}
