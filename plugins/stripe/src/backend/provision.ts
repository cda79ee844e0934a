/**
 * The clone's credentials: a test-mode account and its secret key `sk_test_…` (plus a publishable
 * key). `new` mints a key, `reprovision` mints a new one and revokes the previous, `restore` puts the
 * same keys back after a reset. Only sha256 hashes are stored.
 *
 * The well-known fixture key works only where the user asked for it (the opt-in fixture
 * `acct-known-key` seeds it): `new` then reports it as `extra.fixtureKey` (so `asym tokens` lists
 * it), `restore` keeps it only while the clone's tokens still list it, `reprovision` revokes it.
 */
import type {CloneTokens, ProvisionRequest} from '@asym/contract';
import {type BackendContext, decodeTokenState, encodeTokenState, hashToken, randomString} from '@asym/template-kit';

import {DEFAULT_API_VERSION} from './events.js';

/** The key published in the opt-in fixture (seeds/acct-known-key.sql). */
export const FIXTURE_KEY = 'sk_test_asymmetric000000000000stripe';

/** The fixture key when the seed put it there and the user's tokens still list it; else it is revoked. */
async function fixtureKey(ctx: BackendContext, request: ProvisionRequest): Promise<string | undefined> {
  const keep = request.kind === 'new' || (request.kind === 'restore' && request.previous.extra?.fixtureKey === FIXTURE_KEY);
  if (keep) {
    const r = await ctx.db.query('SELECT 1 FROM api_keys WHERE hash = $1', [hashToken(FIXTURE_KEY)]);
    if ((r.rowCount ?? 0) > 0) return FIXTURE_KEY;
  }
  await ctx.db.query('DELETE FROM api_keys WHERE hash = $1', [hashToken(FIXTURE_KEY)]);
  return undefined;
}

export async function provision(ctx: BackendContext, request: ProvisionRequest): Promise<CloneTokens> {
  const known = await fixtureKey(ctx, request);
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
    if (known || previous.extra?.fixtureKey === undefined) return previous;
    // The data now comes from a fixture without the key (seed --fixture acct): stop listing it.
    const {fixtureKey: _gone, ...extra} = previous.extra ?? {};
    return {...previous, extra};
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
  return {apiKey, extra: {...(known ? {fixtureKey: known} : {}), publishableKey, state: encodeTokenState({created: now})}, workspaceId: account};
}
