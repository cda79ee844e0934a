/** PaymentMethods: created from test tokens or numbers, attached to and detached from customers. */
import {cardForNumber, cardForToken, fingerprint, type TestCard} from '../engines/cards.js';
import {invalid, missingParam} from '../errors.js';
import {int, obj, str} from '../forms.js';
import {listOf} from '../lists.js';
import type {Router} from '../router.js';
import {newId} from '../shapes.js';
import {applyUpdate} from '../update.js';
import {attach, build, resolvePaymentMethod} from '../engines/payment_methods.js';

export function register(r: Router): void {
  r.post('/v1/payment_methods', async (req, api) => {
    const p = req.params;
    if (str(p.payment_method)) {
      // Cloning a customer's PaymentMethod (Connect) is out of scope; hand back a copy.
      const src = await api.store.must(req.account, 'payment_method', str(p.payment_method), 'payment_method');
      return api.store.insert(req.account, {...structuredClone(src), customer: null, id: newId('pm')});
    }
    const type = str(p.type);
    if (!type) throw missingParam('type');
    if (type === 'sepa_debit') {
      const iban = str(obj(p.sepa_debit)?.iban)?.replaceAll(/\s+/g, '').toUpperCase();
      if (!iban) throw missingParam('sepa_debit[iban]');
      if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) throw invalid('The IBAN you provided appears to be invalid.', 'sepa_debit[iban]', 'invalid_bank_account_iban');
      const pm = build({brand: 'sepa', country: iban.slice(0, 2), funding: 'debit', last4: iban.slice(-4)}, Math.floor(Date.now() / 1000), obj(p.billing_details), p.metadata);
      delete pm.card;
      pm.type = 'sepa_debit';
      pm._authenticate = false;
      // Stripe's test IBANs whose debit fails after processing.
      pm._debit_fails = ['AT861904300235473202', 'IT60X0542811101000000123456', 'DE62370400440532013001'].includes(iban);
      pm.sepa_debit = {bank_code: iban.slice(4, 9), branch_code: '', country: iban.slice(0, 2), fingerprint: fingerprint({brand: 'sepa', country: '', funding: 'debit', last4: iban}), generated_from: {charge: null, setup_attempt: null}, last4: iban.slice(-4)};
      return api.store.insert(req.account, pm);
    }
    if (type !== 'card') throw invalid(`The payment method type "${type}" is not supported by this clone; use "card" or "sepa_debit".`, 'type', 'payment_method_invalid_parameter');
    const cardParams = obj(p.card) ?? {};
    let c: TestCard | undefined;
    if (str(cardParams.token)) {
      c = cardForToken(str(cardParams.token)!);
      if (!c) throw invalid(`No such token: '${str(cardParams.token)}'`, 'card[token]', 'resource_missing');
    } else if (str(cardParams.number)) c = cardForNumber(str(cardParams.number)!);
    else throw missingParam('card');
    const pm = build(c, Math.floor(Date.now() / 1000), obj(p.billing_details), p.metadata, {month: int(cardParams.exp_month), year: int(cardParams.exp_year)});
    return api.store.insert(req.account, pm);
  });

  r.get('/v1/payment_methods/{payment_method}', async (req, api) => api.store.must(req.account, 'payment_method', req.path.payment_method, 'payment_method'));

  r.post('/v1/payment_methods/{payment_method}', async (req, api) => {
    const pm = await api.store.must(req.account, 'payment_method', req.path.payment_method, 'payment_method');
    const prev = applyUpdate(pm, req.params, ['metadata', 'allow_redisplay']);
    if (req.params.billing_details) {
      prev.billing_details = structuredClone(pm.billing_details);
      const b = obj(req.params.billing_details)!;
      pm.billing_details = {...pm.billing_details, ...b, address: {...pm.billing_details.address, ...(obj(b.address) ?? {})}};
    }
    const card = obj(req.params.card);
    if (card) {
      prev.card = structuredClone(pm.card);
      if (int(card.exp_month)) pm.card.exp_month = int(card.exp_month);
      if (int(card.exp_year)) pm.card.exp_year = int(card.exp_year);
    }
    await api.store.save(req.account, pm);
    if (Object.keys(prev).length > 0) await api.emit(req, 'payment_method.updated', pm, prev);
    return pm;
  });

  r.get('/v1/payment_methods', async (req, api) => {
    const customer = str(req.params.customer);
    if (customer) await api.store.must(req.account, 'customer', customer, 'customer');
    return listOf(api, req, 'payment_method', {eq: {customer, type: str(req.params.type)}});
  });

  r.post('/v1/payment_methods/{payment_method}/attach', async (req, api) => {
    const customerId = str(req.params.customer);
    if (!customerId) throw missingParam('customer');
    const customer = await api.store.must(req.account, 'customer', customerId, 'customer');
    const pm = await resolvePaymentMethod(api, req, req.path.payment_method!, 'payment_method');
    return attach(api, req, pm, customer);
  });

  r.post('/v1/payment_methods/{payment_method}/detach', async (req, api) => {
    const pm = await api.store.must(req.account, 'payment_method', req.path.payment_method, 'payment_method');
    if (!pm.customer) throw invalid('The payment method you provided is not attached to a customer so detachment is impossible.', undefined, 'payment_method_unexpected_state');
    const prev = {customer: pm.customer};
    pm.customer = null;
    await api.store.save(req.account, pm);
    await api.emit(req, 'payment_method.detached', pm, prev);
    return pm;
  });
}
