/** SetupIntents: save a card for later; confirming attaches the PaymentMethod to the customer. */
import {randomString} from '@asym/template-kit';

import type {Api, Req} from '../api.js';
import type {Decline} from '../engines/cards.js';
import {unexpectedState} from '../errors.js';
import {bool, type Form, list, str} from '../forms.js';
import {listOf} from '../lists.js';
import {authenticationAction, cardError, lastError} from '../engines/payments.js';
import type {Router} from '../router.js';
import {blank, newId, pmcDetails} from '../shapes.js';
import type {Obj} from '../store.js';
import {applyUpdate, metadataOf} from '../update.js';
import {attach, loadPaymentMethod, resolvePaymentMethod} from '../engines/payment_methods.js';

async function confirm(api: Api, req: Req, si: Obj, p: Form): Promise<Obj> {
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(si.status)) {
    throw unexpectedState(`You cannot confirm this SetupIntent because it has a status of ${si.status}.`).withCode('setup_intent_unexpected_state');
  }
  if (str(p.payment_method)) si.payment_method = (await resolvePaymentMethod(api, req, str(p.payment_method)!, 'payment_method')).id;
  if (!si.payment_method) throw unexpectedState("You cannot confirm this SetupIntent because it's missing a payment method.").withCode('setup_intent_unexpected_state');
  const pm = await loadPaymentMethod(api, req, si.payment_method);
  if (pm._authenticate && si.status !== 'requires_action') {
    si.status = 'requires_action';
    si.next_action = authenticationAction(si.id);
    await api.store.save(req.account, si);
    await api.emit(req, 'setup_intent.requires_action', si);
    return si;
  }
  si.next_action = null;
  const decline = pm._decline as Decline | null;
  if (decline && pm.card?.last4 !== '0341') {
    si.status = 'requires_payment_method';
    si.last_setup_error = lastError(decline, pm);
    si.payment_method = null;
    await api.store.save(req.account, si);
    await api.emit(req, 'setup_intent.setup_failed', si);
    throw cardError(decline, {payment_method: pm, setup_intent: si});
  }
  if (si.customer) await attach(api, req, pm, await api.store.must(req.account, 'customer', si.customer, 'customer'));
  si.status = 'succeeded';
  si.last_setup_error = null;
  await api.store.save(req.account, si);
  await api.emit(req, 'setup_intent.succeeded', si);
  return si;
}

export function register(r: Router): void {
  r.post('/v1/setup_intents', async (req, api) => {
    const p = req.params;
    const customer = str(p.customer) ?? null;
    if (customer) await api.store.must(req.account, 'customer', customer, 'customer');
    const id = newId('seti');
    const types = list(p.payment_method_types).map(String);
    const si = blank('setup_intent', {
      automatic_payment_methods: types.length ? null : {allow_redirects: 'always', enabled: true},
      client_secret: `${id}_secret_${randomString(25)}`,
      created: Math.floor(Date.now() / 1000),
      customer,
      description: str(p.description) ?? null,
      flow_directions: null,
      id,
      metadata: metadataOf(p.metadata),
      payment_method_options: {card: {mandate_options: null, network: null, request_three_d_secure: 'automatic'}},
      payment_method_configuration_details: pmcDetails(req.account, types.length === 0),
      payment_method_types: types.length ? types : ['card'],
      status: 'requires_payment_method',
      usage: str(p.usage) ?? 'off_session',
    });
    if (str(p.payment_method)) {
      si.payment_method = (await resolvePaymentMethod(api, req, str(p.payment_method)!, 'payment_method')).id;
      si.status = 'requires_confirmation';
    }
    await api.store.insert(req.account, si);
    await api.emit(req, 'setup_intent.created', si);
    return bool(p.confirm) ? confirm(api, req, si, {}) : si;
  });
  r.get('/v1/setup_intents/{intent}', async (req, api) => api.store.intent(req.account, 'setup_intent', req.path.intent, 'intent', req.publishable, req.params.client_secret));
  r.post('/v1/setup_intents/{intent}', async (req, api) => {
    const si = await api.store.must(req.account, 'setup_intent', req.path.intent, 'intent');
    const prev = applyUpdate(si, req.params, ['customer', 'description', 'metadata', 'payment_method_types']);
    if (str(req.params.payment_method)) {
      si.payment_method = (await resolvePaymentMethod(api, req, str(req.params.payment_method)!, 'payment_method')).id;
      if (si.status === 'requires_payment_method') si.status = 'requires_confirmation';
    }
    await api.store.save(req.account, si);
    if (Object.keys(prev).length > 0) await api.emit(req, 'setup_intent.updated', si, prev);
    return si;
  });
  r.post('/v1/setup_intents/{intent}/confirm', async (req, api) =>
    confirm(api, req, await api.store.intent(req.account, 'setup_intent', req.path.intent, 'intent', req.publishable, req.params.client_secret), req.params),
  );
  r.post('/v1/setup_intents/{intent}/cancel', async (req, api) => {
    const si = await api.store.must(req.account, 'setup_intent', req.path.intent, 'intent');
    if (['succeeded', 'canceled'].includes(si.status)) throw unexpectedState(`You cannot cancel this SetupIntent because it has a status of ${si.status}.`).withCode('setup_intent_unexpected_state');
    si.status = 'canceled';
    si.cancellation_reason = str(req.params.cancellation_reason) ?? null;
    await api.store.save(req.account, si);
    await api.emit(req, 'setup_intent.canceled', si);
    return si;
  });
  r.get('/v1/setup_intents', async (req, api) => listOf(api, req, 'setup_intent', {eq: {customer: str(req.params.customer), payment_method: str(req.params.payment_method)}}));
}
