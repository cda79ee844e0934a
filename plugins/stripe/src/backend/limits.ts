/**
 * Stripe's documented limits, enforced on every request the way Stripe answers them (400
 * `invalid_request_error` naming the parameter): metadata (50 keys, keys ≤ 40 and values ≤ 500
 * characters, strings only), description lengths, amounts ≤ 99,999,999 and three-letter currencies.
 */
import {invalid} from './errors.js';
import type {Form} from './forms.js';

const METADATA_KEYS = 50;
const METADATA_KEY_CHARS = 40;
const METADATA_VALUE_CHARS = 500;
const MAX_AMOUNT = 99_999_999;
/** `description` maxLength by route (from the 2023-08-16 spec); every other string is at most 5,000. */
const DESCRIPTION_CHARS: Record<string, number> = {
  'POST /v1/payment_intents': 1000,
  'POST /v1/payment_intents/{intent}': 1000,
  'POST /v1/payment_intents/{intent}/increment_authorization': 1000,
  'POST /v1/setup_intents': 1000,
  'POST /v1/setup_intents/{intent}': 1000,
  'POST /v1/subscriptions': 500,
};
const STRING_CHARS = 5000;

function checkMetadata(value: unknown, param: string): void {
  if (value === '' || value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`Invalid object: metadata must be a hash of keys and values.`, param);
  const entries = Object.entries(value);
  if (entries.length > METADATA_KEYS) throw invalid(`Invalid metadata: metadata can have up to ${METADATA_KEYS} keys, but you passed in ${entries.length} keys.`, param);
  for (const [k, v] of entries) {
    const p = `${param}[${k}]`;
    if (k.length > METADATA_KEY_CHARS) throw invalid(`Metadata keys can have up to ${METADATA_KEY_CHARS} characters, but you passed in a key with ${k.length} characters.`, p);
    if (typeof v !== 'string') throw invalid(`Invalid string: ${JSON.stringify(v)}; metadata values must be strings.`, p);
    if (v.length > METADATA_VALUE_CHARS) throw invalid(`Metadata values can have up to ${METADATA_VALUE_CHARS} characters, but you passed in a value with ${v.length} characters.`, p);
  }
}

/** Walk the typed parameters: metadata anywhere, over-long strings, top-level amount and currency. */
export function checkLimits(route: string, params: Form): void {
  const walk = (value: unknown, param: string, key: string) => {
    if (key === 'metadata') return checkMetadata(value, param);
    if (typeof value === 'string') {
      const max = key === 'description' && param === 'description' ? (DESCRIPTION_CHARS[route] ?? STRING_CHARS) : STRING_CHARS;
      if (value.length > max) throw invalid(`Invalid string: ${value.slice(0, 20)}...; must be at most ${max} characters`, param);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    for (const [k, v] of Object.entries(value)) walk(v, `${param}[${k}]`, Array.isArray(value) ? key : k);
  };
  for (const [k, v] of Object.entries(params)) walk(v, k, k);
  if (!route.startsWith('POST ')) return;
  if (typeof params.amount === 'number' && params.amount > MAX_AMOUNT) {
    throw invalid('Amount must be no more than $999,999.99', 'amount', 'amount_too_large');
  }
  if (typeof params.currency === 'string' && params.currency !== '' && !/^[a-zA-Z]{3}$/.test(params.currency)) {
    throw invalid(`Invalid currency: ${params.currency.toLowerCase()}. Stripe currencies are three-letter ISO codes, in lowercase.`, 'currency');
  }
}
