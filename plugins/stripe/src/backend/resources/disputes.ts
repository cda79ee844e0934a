/** Disputes, opened by the dispute test cards after a successful charge: list, retrieve, update evidence, close. */
import {invalid} from '../errors.js';
import {bool, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {applyUpdate} from '../update.js';

export function register(r: Router): void {
  r.get('/v1/disputes', async (req, api) => listOf(api, req, 'dispute', {eq: {charge: str(req.params.charge), payment_intent: str(req.params.payment_intent)}}));
  r.get('/v1/disputes/{dispute}', async (req, api) => api.store.must(req.account, 'dispute', req.path.dispute, 'dispute'));
  r.post('/v1/disputes/{dispute}', async (req, api) => {
    const d = await api.store.must(req.account, 'dispute', req.path.dispute, 'dispute');
    if (['won', 'lost', 'warning_closed'].includes(d.status)) throw invalid('This dispute is already closed.', undefined, 'dispute_closed');
    const prev = applyUpdate(d, req.params, ['metadata']);
    const ev = obj(req.params.evidence);
    if (ev) {
      prev.evidence = structuredClone(d.evidence);
      for (const [k, v] of Object.entries(ev)) if (k in d.evidence) d.evidence[k] = v === '' ? null : v;
      d.evidence_details.has_evidence = true;
    }
    if (bool(req.params.submit) !== false && ev) {
      d.evidence_details.submission_count += 1;
      prev.status = d.status;
      d.status = d.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review';
    }
    await api.store.save(req.account, d);
    if (Object.keys(prev).length > 0) await api.emit(req, 'charge.dispute.updated', d, prev);
    return d;
  });
  r.post('/v1/disputes/{dispute}/close', async (req, api) => {
    const d = await api.store.must(req.account, 'dispute', req.path.dispute, 'dispute');
    if (['won', 'lost', 'warning_closed'].includes(d.status)) throw invalid('This dispute is already closed.', undefined, 'dispute_closed');
    const prev = {status: d.status};
    d.status = d.status.startsWith('warning_') ? 'warning_closed' : 'lost';
    d.is_charge_refundable = false;
    await api.store.save(req.account, d);
    await api.emit(req, 'charge.dispute.closed', d, prev);
    return d;
  });
}
