/**
 * The clone's credentials: a test-mode account and its secret key `sk_test_…` (plus a publishable
 * key). `new` mints a key, `reprovision` mints a new one and revokes the previous, `restore` puts the
 * same keys back after a reset. Only sha256 hashes are stored. Every kind revokes the well-known key
 * the `acct` fixture seeds, so a clone's keys are its own: nobody who read the fixture can use it.
 */
import type {CloneTokens, ProvisionRequest} from '@asym/contract';
import {type BackendContext, decodeTokenState, encodeTokenState, hashToken, randomString} from '@asym/template-kit';

import {DEFAULT_API_VERSION} from './events.js';

/** Keys published in fixtures (seeds/acct.sql): never left working on a provisioned clone. */
const FIXTURE_KEYS = ['sk_test_asymmetric000000000000stripe'].map(hashToken);

export async function provision(ctx: BackendContext, request: ProvisionRequest): Promise<CloneTokens> {
  await ctx.db.query('DELETE FROM api_keys WHERE hash = ANY($1)', [FIXTURE_KEYS]);
  const previous = request.kind === 'new' ? undefined : request.previous;
  const restoredAt = request.kind === 'restore' ? decodeTokenState<{created: number}>(previous?.extra?.state).created : undefined;
  const now = restoredAt ?? Math.floor(Date.now() / 1000);
  let account = previous?.workspaceId;
  if (!account) {
    const r = await ctx.db.query('SELECT id FROM accounts ORDER BY created, id LIMIT 1');
    account = (r.rows[0]?.id as string | undefined) ?? `acct_1${randomString(15)}`;
  }
  await ctx.db.query(
    `INSERT INTO accounts (id, created, data) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`,
    // The API version the account is pinned to (answers and events without a Stripe-Version header).
    [account, now, {api_version: process.env.ASYM_STRIPE_API_VERSION ?? DEFAULT_API_VERSION, country: 'US', default_currency: 'usd'}],
  );
  const store = async (key: string, kind: string) =>
    ctx.db.query('INSERT INTO api_keys (hash, account, kind, created) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO UPDATE SET account = EXCLUDED.account', [hashToken(key), account, kind, now]);

  if (request.kind === 'restore' && previous?.apiKey) {
    await store(previous.apiKey, 'secret');
    if (previous.extra?.publishableKey) await store(previous.extra.publishableKey, 'publishable');
    return previous;
  }
  if (request.kind === 'reprovision' && previous) {
    const old = [previous.apiKey, previous.extra?.publishableKey].filter((k): k is string => Boolean(k)).map(hashToken);
    if (old.length > 0) await ctx.db.query('DELETE FROM api_keys WHERE hash = ANY($1)', [old]);
  }
  const tail = account.replace(/^acct_/, '');
  const apiKey = `sk_test_51${tail}${randomString(64)}`;
  const publishableKey = `pk_test_51${tail}${randomString(64)}`;
  await store(apiKey, 'secret');
  await store(publishableKey, 'publishable');
  return {apiKey, extra: {publishableKey, state: encodeTokenState({created: now})}, workspaceId: account};
}
