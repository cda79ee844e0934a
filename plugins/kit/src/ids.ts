import {randomString} from './tokens.js';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** An id like Slack's: a type letter followed by upper-case letters and digits (`C07Q2L3ABCD`). */
export function prefixedUpperId(prefix: string, length = 10): string {
  return prefix + randomString(length, UPPER_ALNUM);
}

/** An id like Stripe's: `cus_` followed by mixed-case letters and digits. */
export function underscoreId(prefix: string, length = 24): string {
  return `${prefix}_${randomString(length)}`;
}
