/**
 * The clone's credentials: a classic personal access token (`ghp_…`) for every user of the seed.
 * `apiKey` is the first org admin's (the fixture's main user); the others are in `extra` as
 * `token:<login>`. Only sha256 hashes are stored; `restore` writes the same rows again after a reset.
 */
import type {CloneTokens, ProvisionRequest} from '@asym/contract';
import {type BackendContext, hashToken, randomString} from '@asym/template-kit';

export const mintToken = () => `ghp_${randomString(36)}`;

export async function provision(ctx: BackendContext, request: ProvisionRequest): Promise<CloneTokens> {
  const db = ctx.db;
  let users = (await db.query(`SELECT u.id, u.login, u.created_at FROM users u WHERE u.type = 'User'
    ORDER BY (SELECT min(CASE m.role WHEN 'admin' THEN 0 ELSE 1 END) FROM org_members m WHERE m.user_id = u.id) NULLS LAST, u.id`)).rows;
  if (users.length === 0) {
    await db.query("INSERT INTO users (login, name, email, created_at, updated_at) VALUES ('octocat', 'The Octocat', 'octocat@example.test', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')");
    users = (await db.query("SELECT id, login, created_at FROM users WHERE login = 'octocat'")).rows;
  }
  const previous = request.kind === 'new' ? undefined : request.previous;
  if (request.kind === 'reprovision' && previous) {
    const old = [previous.apiKey, ...Object.entries(previous.extra ?? {}).filter(([k]) => k.startsWith('token:')).map(([, v]) => v)].filter((x): x is string => Boolean(x));
    await db.query('DELETE FROM tokens WHERE hash = ANY($1)', [old.map(hashToken)]);
  }
  const keep = request.kind === 'restore' ? previous : undefined;
  const extra: Record<string, string> = {};
  let apiKey = '';
  for (const [i, u] of users.entries()) {
    const token = (i === 0 ? keep?.apiKey : keep?.extra?.[`token:${u.login}`]) ?? mintToken();
    await db.query(
      `INSERT INTO tokens (user_id, hash, note, last_eight, created_at) VALUES ($1, $2, 'asymmetric', $3, $4) ON CONFLICT (hash) DO NOTHING`,
      [u.id, hashToken(token), token.slice(-8), u.created_at],
    );
    if (i === 0) {
      apiKey = token;
      extra.login = u.login;
    }
    extra[`token:${u.login}`] = token;
  }
  return {apiKey, extra, userToken: apiKey};
}
