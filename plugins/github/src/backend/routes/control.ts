/**
 * The seed's control plane under /api: sign up, log in and refresh (JWT access and refresh
 * tokens), and the signed-in user's personal access tokens (`ghp_…`, shown once). Plus the clone's
 * own `/_asym/github/rate-limit` to lower a limit (tests reach the exhausted state with it).
 */
import {createHmac, randomBytes, scryptSync, timingSafeEqual} from 'node:crypto';

import {CONTROL_TOKEN_HEADER, hashToken} from '@asym/template-kit';
import type {Context, Hono} from '@asym/template-kit';

import type {Gh} from '../gh.js';
import {type GhEnv, origin, tokenFrom} from '../http.js';
import {simpleUser, ts} from '../present.js';
import {mintToken} from '../provision.js';

const b64u = (v: string | Buffer) => Buffer.from(v).toString('base64url');

export function hashPassword(password: string, salt = randomBytes(8).toString('hex')): string {
  return `scrypt$${salt}$${scryptSync(password, salt, 32).toString('hex')}`;
}

function checkPassword(password: string, stored: string | null): boolean {
  const [kind, salt, hex] = (stored ?? '').split('$');
  if (kind !== 'scrypt' || !salt || !hex) return false;
  const want = Buffer.from(hex, 'hex');
  const got = scryptSync(password, salt, 32);
  return want.length === got.length && timingSafeEqual(want, got);
}

export function register(app: Hono<GhEnv>, gh: Gh): void {
  const secret = gh.ctx.env.jwtSecret;
  const sign = (payload: Record<string, unknown>, ttl: number) => {
    const head = b64u(JSON.stringify({alg: 'HS256', typ: 'JWT'}));
    const body = b64u(JSON.stringify({...payload, exp: Math.floor(Date.now() / 1000) + ttl, iat: Math.floor(Date.now() / 1000)}));
    return `${head}.${body}.${createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url')}`;
  };
  const verify = (token: string | undefined, typ: string): {sub: number} | undefined => {
    const [h, b, s] = (token ?? '').split('.');
    if (!h || !b || !s || createHmac('sha256', secret).update(`${h}.${b}`).digest('base64url') !== s) return undefined;
    const p = JSON.parse(Buffer.from(b, 'base64url').toString('utf8'));
    return p.typ === typ && p.exp > Date.now() / 1000 ? p : undefined;
  };
  const session = async (c: Context, userId: number) => {
    const u = (await gh.userById(userId))!;
    return c.json({accessToken: sign({sub: userId, typ: 'access'}, 3600), refreshToken: sign({sub: userId, typ: 'refresh'}, 30 * 86_400), user: simpleUser(origin(c), u)});
  };
  /** The signed-in user: a JWT access token or a personal access token. */
  const who = async (c: Context): Promise<number | undefined> => {
    const t = tokenFrom(c.req.header('authorization'));
    const jwt = verify(t, 'access');
    if (jwt) return Number(jwt.sub);
    return (await gh.viewerFor(t))?.id;
  };
  const fail = (c: Context, status: 400 | 401 | 404 | 409, message: string) => c.json({documentation_url: 'https://docs.github.com/rest', message, status: String(status)}, status);

  app.get('/api/health', (c) => c.json({ok: true, template: 'github'}));
  app.post('/api/auth/signup', async (c) => {
    const b = await c.req.json().catch(() => ({}));
    const login = String(b.login ?? b.username ?? String(b.email ?? '').split('@')[0] ?? '').trim();
    if (!login || !b.password || String(b.password).length < 8) return fail(c, 400, 'login (or email) and a password of 8+ characters are required');
    if (await gh.user(login)) return fail(c, 409, 'login already taken');
    const r = await gh.db.query('INSERT INTO users (login, name, email, password_hash) VALUES ($1, $2, $3, $4) RETURNING id', [login, b.name ?? null, b.email ?? null, hashPassword(String(b.password))]);
    return session(c, Number(r.rows[0].id));
  });
  app.post('/api/auth/login', async (c) => {
    const b = await c.req.json().catch(() => ({}));
    const key = String(b.login ?? b.username ?? b.email ?? '');
    const u = (await gh.db.query('SELECT * FROM users WHERE lower(login) = lower($1) OR lower(email) = lower($1)', [key])).rows[0];
    if (!u || !checkPassword(String(b.password ?? ''), u.password_hash)) return fail(c, 401, 'Incorrect username or password.');
    return session(c, Number(u.id));
  });
  app.post('/api/auth/refresh', async (c) => {
    const b = await c.req.json().catch(() => ({}));
    const p = verify(b.refreshToken, 'refresh');
    if (!p) return fail(c, 401, 'Bad credentials');
    return session(c, Number(p.sub));
  });
  app.get('/api/user/tokens', async (c) => {
    const uid = await who(c);
    if (!uid) return fail(c, 401, 'Requires authentication');
    const r = await gh.db.query('SELECT id, note, scopes, last_eight, created_at FROM tokens WHERE user_id = $1 ORDER BY id', [uid]);
    return c.json(r.rows.map((t) => ({created_at: ts(t.created_at), id: Number(t.id), note: t.note, scopes: t.scopes.split(', '), token_last_eight: t.last_eight})));
  });
  app.post('/api/user/tokens', async (c) => {
    const uid = await who(c);
    if (!uid) return fail(c, 401, 'Requires authentication');
    const b = await c.req.json().catch(() => ({}));
    const token = mintToken();
    const scopes = Array.isArray(b.scopes) && b.scopes.length > 0 ? b.scopes.join(', ') : 'repo, user, admin:org, admin:repo_hook, delete_repo';
    const r = await gh.db.query('INSERT INTO tokens (user_id, hash, scopes, note, last_eight) VALUES ($1, $2, $3, $4, $5) RETURNING id, created_at', [uid, hashToken(token), scopes, String(b.note ?? ''), token.slice(-8)]);
    return c.json({created_at: ts(r.rows[0].created_at), id: Number(r.rows[0].id), note: String(b.note ?? ''), scopes: scopes.split(', '), token}, 201);
  });
  app.delete('/api/user/tokens/:id', async (c) => {
    const uid = await who(c);
    if (!uid) return fail(c, 401, 'Requires authentication');
    const r = await gh.db.query('DELETE FROM tokens WHERE id = $1 AND user_id = $2', [Number(c.req.param('id')), uid]);
    return r.rowCount ? c.body(null, 204) : fail(c, 404, 'Not Found');
  });

  app.post('/_asym/github/rate-limit', async (c) => {
    const control = process.env.ASYM_CONTROL_TOKEN;
    if (control && c.req.header(CONTROL_TOKEN_HEADER) !== control) return c.json({error: 'control token required'}, 401);
    const b = await c.req.json().catch(() => ({}));
    gh.limits.set(String(b.resource ?? 'core'), b.limit === undefined || b.limit === null ? undefined : Number(b.limit));
    return c.body(null, 204);
  });
}
