/**
 * Tokens (`POST /v1/tokens`): what Stripe.js and the mobile SDKs make from raw card, bank account,
 * PII, account and person details. A card token carries its card (charged or attached once); the
 * others carry what they describe.
 */
import {createHash} from 'node:crypto';

import type {Api, Req} from '../api.js';
import {invalid, missingParam} from '../errors.js';
import {int, obj, str} from '../forms.js';
import {blank, newId} from '../shapes.js';
import type {Obj} from '../store.js';
import {cardForNumber, cardForToken} from './cards.js';
import {cardOf} from './sources.js';

const KINDS = ['card', 'bank_account', 'pii', 'account', 'person', 'cvc_update'] as const;

/** A bank account (`ba_…`) from its details; Stripe's test routing and account numbers are any digits. */
export function bankAccountOf(p: Record<string, unknown>, param: string): Obj {
  const number = str(p.account_number);
  if (!number) throw missingParam(`${param}[account_number]`);
  const country = (str(p.country) ?? 'US').toUpperCase();
  return blank('bank_account', {
    account_holder_name: str(p.account_holder_name) ?? null,
    account_holder_type: str(p.account_holder_type) ?? null,
    account_type: str(p.account_type) ?? null,
    bank_name: country === 'US' ? 'STRIPE TEST BANK' : null,
    country,
    currency: (str(p.currency) ?? 'usd').toLowerCase(),
    fingerprint: createHash('sha256').update(`${country}:${str(p.routing_number) ?? ''}:${number}`).digest('base64url').slice(0, 16),
    id: newId('ba'),
    last4: number.slice(-4),
    metadata: {},
    routing_number: str(p.routing_number) ?? null,
    status: 'new',
  });
}

export async function createToken(api: Api, req: Req): Promise<Obj> {
  const p = req.params;
  const kinds = KINDS.filter((k) => p[k] !== undefined);
  if (kinds.length === 0) throw invalid('You must supply either a card, customer, PII data, bank account, or account legal entity to create a token.', undefined, 'parameter_missing');
  if (kinds.length > 1) throw invalid(`You cannot specify both ${kinds[0]} and ${kinds[1]} in the same request.`, kinds[1]);
  const type = kinds[0]!;
  // Bank account tokens are `btok_…`, the rest `tok_…`, as on Stripe.
  const token = blank('token', {client_ip: null, created: await api.now(req.account), id: newId(type === 'bank_account' ? 'btok' : 'tok'), type, used: false});
  delete token.card;
  if (type === 'card') {
    const raw = p.card;
    let card: Obj;
    if (typeof raw === 'string') {
      const test = cardForToken(raw);
      if (!test) throw invalid(`No such token: '${raw}'`, 'card', 'resource_missing');
      card = cardOf(test, null);
    } else {
      const c = obj(raw) ?? {};
      const number = str(c.number);
      if (!number) throw missingParam('card[number]');
      const expMonth = int(c.exp_month);
      const expYear = int(c.exp_year);
      if (expMonth === undefined) throw missingParam('card[exp_month]');
      if (expYear === undefined) throw missingParam('card[exp_year]');
      card = cardOf(cardForNumber(number), null, {month: expMonth, year: expYear < 100 ? 2000 + expYear : expYear});
      card.name = str(c.name) ?? null;
      for (const k of ['address_city', 'address_country', 'address_line1', 'address_line2', 'address_state', 'address_zip'] as const) card[k] = str(c[k]) ?? null;
    }
    const {_pm, ...view} = card;
    token.card = view;
    token._pm = _pm;
  } else if (type === 'bank_account') {
    const raw = obj(p.bank_account);
    if (!raw) throw missingParam('bank_account[account_number]');
    token.bank_account = bankAccountOf(raw, 'bank_account');
  } else if (type === 'pii' && !str(obj(p.pii)?.id_number)) throw missingParam('pii[id_number]');
  else if (type === 'cvc_update' && !str(obj(p.cvc_update)?.cvc)) throw missingParam('cvc_update[cvc]');
  else token._details = p[type];
  await api.store.insert(req.account, token);
  return token;
}
