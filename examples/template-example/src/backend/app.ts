import type {CloneTokens, ProvisionRequest} from '@asym/contract';
import {type BackendContext, type BackendDefinition, type Context, credentialFromHeader, hashToken, pageSize, randomString, readParams, underscoreId} from '@asym/template-kit';

/**
 * The Example clone. Serve the real product's paths where the real host serves them (here under
 * /v1), so its official SDK needs only a base-URL option. The kit serves /_asym/health,
 * /_asym/provision and /_asym/reset.
 */
const TOKEN_PREFIX = 'example_sk_';

/** The api_keys row a request's credential belongs to (looked up by its sha256 hash), if any. */
async function apiKey(c: Context, ctx: BackendContext): Promise<string | undefined> {
  const token = credentialFromHeader(c.req.header('authorization'));
  if (!token) return undefined;
  const r = await ctx.db.query<{id: string}>('SELECT id FROM api_keys WHERE token_hash = $1', [hashToken(token)]);
  return r.rows[0]?.id;
}

const notFound = (c: Context) => c.json({error: {message: 'No such note', type: 'not_found'}}, 404);

export const definition: BackendDefinition = {
  template: 'example',

  routes(app, ctx) {
    app.use('/v1/*', async (c, next) => {
      if (!(await apiKey(c, ctx))) return c.json({error: {message: 'Invalid or missing API key', type: 'invalid_token'}}, 401);
      await next();
    });
    app.get('/v1/me', async (c) => c.json({key: await apiKey(c, ctx), object: 'api_key'}));
    app.get('/v1/notes', async (c) => {
      const limit = pageSize(c.req.query('limit'), 20, 100);
      const r = await ctx.db.query('SELECT id, text, created_at FROM notes ORDER BY created_at, id LIMIT $1', [limit]);
      return c.json({data: r.rows, object: 'list'});
    });
    app.post('/v1/notes', async (c) => {
      const params = await readParams(c);
      if (typeof params.text !== 'string' || params.text === '') return c.json({error: {message: 'text is required', type: 'invalid_request'}}, 400);
      const r = await ctx.db.query('INSERT INTO notes (id, text) VALUES ($1, $2) RETURNING id, text, created_at', [underscoreId('note', 16), params.text]);
      return c.json(r.rows[0], 201);
    });
    app.get('/v1/notes/:id', async (c) => {
      const r = await ctx.db.query('SELECT id, text, created_at FROM notes WHERE id = $1', [c.req.param('id')]);
      return r.rows[0] ? c.json(r.rows[0]) : notFound(c);
    });
    app.delete('/v1/notes/:id', async (c) => {
      const r = await ctx.db.query('DELETE FROM notes WHERE id = $1', [c.req.param('id')]);
      return r.rowCount ? c.json({deleted: true, id: c.req.param('id')}) : notFound(c);
    });
  },

  /** Mint (new), rotate (reprovision) or put back after a reset (restore) the default API key. */
  async provision({db}, request: ProvisionRequest): Promise<CloneTokens> {
    if (request.kind === 'restore') {
      const {apiKey: key, appId} = request.previous;
      if (key) await db.query("INSERT INTO api_keys (id, token_hash, label) VALUES ($1, $2, 'default') ON CONFLICT DO NOTHING", [appId ?? underscoreId('key', 16), hashToken(key)]);
      return request.previous;
    }
    if (request.kind === 'reprovision') await db.query("DELETE FROM api_keys WHERE label = 'default'");
    const key = TOKEN_PREFIX + randomString(32);
    const id = underscoreId('key', 16);
    await db.query("INSERT INTO api_keys (id, token_hash, label) VALUES ($1, $2, 'default')", [id, hashToken(key)]);
    return {apiKey: key, appId: id};
  },
};
