/** Users and organizations: the authenticated user, users, orgs and their members, rate_limit. */
import type {Hono} from '@asym/template-kit';

import {notFound} from '../errors.js';
import type {Gh} from '../gh.js';
import {type GhEnv, lastModified, mustViewer, origin, pageOf, paged, viewer} from '../http.js';
import {fullUser, org, simpleUser} from '../present.js';

export function register(app: Hono<GhEnv>, gh: Gh): void {
  const counts = async (userId: number) => {
    const r = await gh.db.query('SELECT count(*) FILTER (WHERE NOT private) AS pub, count(*) FILTER (WHERE private) AS priv FROM repos WHERE owner_id = $1', [userId]);
    return {owned_private_repos: Number(r.rows[0].priv), public_repos: Number(r.rows[0].pub)};
  };

  app.get('/user', async (c) => {
    const v = mustViewer(c);
    const u = (await gh.userById(v.id))!;
    lastModified(c, u.updated_at);
    return c.json(fullUser(origin(c), u, await counts(v.id), true));
  });

  app.patch('/user', async (c) => {
    const v = mustViewer(c);
    const b = await c.req.json().catch(() => ({}));
    const fields = ['name', 'email', 'blog', 'company', 'location', 'bio'].filter((k) => k in b);
    if (fields.length > 0) {
      await gh.db.query(`UPDATE users SET ${fields.map((f, i) => `${f} = $${i + 2}`).join(', ')}, updated_at = now() WHERE id = $1`, [v.id, ...fields.map((f) => b[f])]);
    }
    return c.json(fullUser(origin(c), (await gh.userById(v.id))!, await counts(v.id), true));
  });

  app.get('/users', async (c) => {
    const since = Number(c.req.query('since') ?? 0);
    const p = pageOf(c);
    const r = await gh.db.query('SELECT * FROM users WHERE id > $1 ORDER BY id LIMIT $2', [since, p.perPage]);
    const last = r.rows.at(-1);
    if (last && r.rows.length === p.perPage) c.header('link', `<${origin(c)}/users?per_page=${p.perPage}&since=${last.id}>; rel="next"`);
    return c.json(r.rows.map((u) => simpleUser(origin(c), u)));
  });

  app.get('/users/:login', async (c) => {
    const u = await gh.user(c.req.param('login'));
    if (!u) throw notFound();
    lastModified(c, u.updated_at);
    if (u.type === 'Organization') return c.json({...fullUser(origin(c), u, await counts(u.id)), type: 'Organization'});
    return c.json(fullUser(origin(c), u, await counts(u.id)));
  });

  app.get('/user/orgs', async (c) => {
    const v = mustViewer(c);
    const r = await gh.db.query('SELECT o.* FROM users o JOIN org_members m ON m.org_id = o.id WHERE m.user_id = $1 ORDER BY o.id', [v.id]);
    return c.json(r.rows.map((o) => org(origin(c), o)));
  });

  app.get('/users/:login/orgs', async (c) => {
    const u = await gh.user(c.req.param('login'));
    if (!u) throw notFound();
    const r = await gh.db.query('SELECT o.* FROM users o JOIN org_members m ON m.org_id = o.id WHERE m.user_id = $1 ORDER BY o.id', [u.id]);
    return c.json(r.rows.map((o) => org(origin(c), o)));
  });

  app.get('/orgs/:org', async (c) => {
    const o = await gh.user(c.req.param('org'));
    if (!o || o.type !== 'Organization') throw notFound();
    lastModified(c, o.updated_at);
    return c.json(org(origin(c), {...o, public_repos: (await counts(o.id)).public_repos}, true));
  });

  app.get('/orgs/:org/members', async (c) => {
    const o = await gh.user(c.req.param('org'));
    if (!o || o.type !== 'Organization') throw notFound();
    const p = pageOf(c);
    const role = c.req.query('role');
    const r = await gh.db.query(
      `SELECT u.*, count(*) OVER () AS total FROM users u JOIN org_members m ON m.user_id = u.id WHERE m.org_id = $1 AND ($2::text IS NULL OR $2 = 'all' OR m.role = $2) ORDER BY u.id LIMIT $3 OFFSET $4`,
      [o.id, role ?? null, p.perPage, p.offset],
    );
    return paged(c, p, Number(r.rows[0]?.total ?? 0), r.rows.map((u) => simpleUser(origin(c), u)));
  });

  const membership = async (orgLogin: string, login: string) => {
    const r = await gh.db.query('SELECT m.role FROM org_members m JOIN users o ON o.id = m.org_id JOIN users u ON u.id = m.user_id WHERE lower(o.login) = lower($1) AND lower(u.login) = lower($2)', [orgLogin, login]);
    return r.rows[0]?.role as string | undefined;
  };

  app.get('/orgs/:org/members/:user', async (c) => ((await membership(c.req.param('org'), c.req.param('user'))) ? c.body(null, 204) : c.json({documentation_url: 'https://docs.github.com/rest/orgs/members', message: 'User does not exist or is not a member of the organization', status: '404'}, 404)));

  app.get('/orgs/:org/memberships/:user', async (c) => {
    const role = await membership(c.req.param('org'), c.req.param('user'));
    if (!role) throw notFound();
    const o = (await gh.user(c.req.param('org')))!;
    const u = (await gh.user(c.req.param('user')))!;
    return c.json({organization: org(origin(c), o), organization_url: `${origin(c)}/orgs/${o.login}`, role, state: 'active', url: `${origin(c)}/orgs/${o.login}/memberships/${u.login}`, user: simpleUser(origin(c), u)});
  });

  app.put('/orgs/:org/memberships/:user', async (c) => {
    const v = mustViewer(c);
    const o = await gh.user(c.req.param('org'));
    const u = await gh.user(c.req.param('user'));
    if (!o || !u || o.type !== 'Organization') throw notFound();
    if ((await membership(o.login, v.login)) !== 'admin') throw notFound();
    const role = (await c.req.json().catch(() => ({}))).role === 'admin' ? 'admin' : 'member';
    await gh.db.query('INSERT INTO org_members (org_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT (org_id, user_id) DO UPDATE SET role = EXCLUDED.role', [o.id, u.id, role]);
    return c.json({organization: org(origin(c), o), role, state: 'active', url: `${origin(c)}/orgs/${o.login}/memberships/${u.login}`, user: simpleUser(origin(c), u)});
  });

  app.delete('/orgs/:org/members/:user', async (c) => {
    const v = mustViewer(c);
    const o = await gh.user(c.req.param('org'));
    const u = await gh.user(c.req.param('user'));
    if (!o || !u) throw notFound();
    if ((await membership(o.login, v.login)) !== 'admin') throw notFound();
    await gh.db.query('DELETE FROM org_members WHERE org_id = $1 AND user_id = $2', [o.id, u.id]);
    return c.body(null, 204);
  });

  app.get('/rate_limit', (c) => {
    const v = viewer(c);
    const ip = c.req.header('x-forwarded-for') ?? 'anonymous';
    const core = gh.limits.peek('core', v?.id, ip);
    const search = gh.limits.peek('search', v?.id, ip);
    const shape = (s: typeof core) => ({limit: s.limit, remaining: Math.max(0, s.remaining), reset: s.reset, used: s.used});
    c.header('x-ratelimit-limit', String(core.limit));
    c.header('x-ratelimit-remaining', String(core.remaining));
    c.header('x-ratelimit-reset', String(core.reset));
    c.header('x-ratelimit-used', String(core.used));
    c.header('x-ratelimit-resource', 'core');
    return c.json({rate: shape(core), resources: {core: shape(core), graphql: shape(core), search: shape(search)}});
  });
}
