/**
 * The clone's credentials: a personal API key `lin_api_…` (returned as `apiKey`) and an OAuth access
 * token `lin_oauth_…` (in `extra.oauthToken`), both acting as the workspace's first admin. `new`
 * mints them, `reprovision` mints new ones and revokes the previous, `restore` puts the same ones
 * back after a reset. Only sha256 hashes are stored.
 */
import type {CloneTokens, ProvisionRequest} from '@asym/contract';
import {type BackendContext, decodeTokenState, encodeTokenState, hashToken, randomString} from '@asym/template-kit';

export async function provision(ctx: BackendContext, request: ProvisionRequest): Promise<CloneTokens> {
  const previous = request.kind === 'new' ? undefined : request.previous;
  const created = (request.kind === 'restore' ? decodeTokenState<{created: number}>(previous?.extra?.state).created : undefined) ?? Date.now();
  const users = await ctx.db.query(`SELECT id FROM records WHERE type = 'User' ORDER BY (data->>'owner')::boolean DESC NULLS LAST, data->>'createdAt', id LIMIT 1`);
  const userId = users.rows[0]?.id as string | undefined;
  if (!userId) throw new Error('the clone database holds no user to mint an API key for: seed a fixture with at least one user');
  const org = await ctx.db.query(`SELECT id FROM records WHERE type = 'Organization' LIMIT 1`);
  const store = (token: string, kind: string) =>
    ctx.db.query('INSERT INTO api_keys (hash, kind, user_id, created) VALUES ($1, $2, $3, $4) ON CONFLICT (hash) DO UPDATE SET user_id = EXCLUDED.user_id', [hashToken(token), kind, userId, created]);

  if (request.kind === 'restore' && previous?.apiKey) {
    await store(previous.apiKey, 'api_key');
    if (previous.extra?.oauthToken) await store(previous.extra.oauthToken, 'oauth');
    return previous;
  }
  if (request.kind === 'reprovision' && previous) {
    const old = [previous.apiKey, previous.extra?.oauthToken].filter((k): k is string => Boolean(k)).map(hashToken);
    if (old.length > 0) await ctx.db.query('DELETE FROM api_keys WHERE hash = ANY($1)', [old]);
  }
  const apiKey = `lin_api_${randomString(40)}`;
  const oauthToken = `lin_oauth_${randomString(64, '0123456789abcdef')}`;
  await store(apiKey, 'api_key');
  await store(oauthToken, 'oauth');
  return {apiKey, extra: {oauthToken, state: encodeTokenState({created})}, workspaceId: org.rows[0]?.id as string | undefined};
}
