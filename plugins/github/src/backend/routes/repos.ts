/** Repositories: create (user/org, auto_init), get, update, rename with redirect, delete, list, topics, collaborators. */
import type {Hono} from '@asym/template-kit';

import {GhError, invalid, missing, notFound} from '../errors.js';
import {type Gh, REPO_SELECT, type RepoRow} from '../gh.js';
import {body, type Ctx, type GhEnv, lastModified, mustViewer, origin, pageOf, paged, viewer} from '../http.js';
import {repo as present, simpleUser, type Row} from '../present.js';

export const DEFAULT_LABELS: Array<[string, string, string]> = [
  ['bug', 'd73a4a', "Something isn't working"],
  ['documentation', '0075ca', 'Improvements or additions to documentation'],
  ['duplicate', 'cfd3d7', 'This issue or pull request already exists'],
  ['enhancement', 'a2eeef', 'New feature or request'],
  ['good first issue', '7057ff', 'Good for newcomers'],
  ['help wanted', '008672', 'Extra attention is needed'],
  ['invalid', 'e4e669', "This doesn't seem right"],
  ['question', 'd876e3', 'Further information is requested'],
  ['wontfix', 'ffffff', 'This will not be worked on'],
];

export const presentRepo = (c: Ctx, r: RepoRow | Row) => present(origin(c), r, {id: r.owner_id, login: r.owner_login, site_admin: false, type: r.owner_type});

const NAME = /^[A-Za-z0-9_.-]{1,100}$/;
const BOOLS = ['private', 'has_issues', 'has_projects', 'has_wiki', 'archived', 'allow_merge_commit', 'allow_squash_merge', 'allow_rebase_merge', 'delete_branch_on_merge'];

export function register(app: Hono<GhEnv>, gh: Gh): void {
  const create = async (c: Ctx, ownerId: number, ownerLogin: string) => {
    const v = mustViewer(c);
    const b = await body(c);
    if (!b.name) throw missing('Repository', 'name');
    const name = String(b.name).trim().replace(/[^A-Za-z0-9_.-]+/g, '-');
    if (!NAME.test(name)) throw invalid('Repository', 'name');
    const exists = await gh.db.query('SELECT 1 FROM repos WHERE owner_id = $1 AND lower(name) = lower($2)', [ownerId, name]);
    if (exists.rowCount) throw new GhError(422, 'Repository creation failed.', {errors: [{code: 'custom', field: 'name', message: 'name already exists on this account', resource: 'Repository'}]});
    const r = await gh.db.query(
      `INSERT INTO repos (owner_id, name, description, homepage, private, has_issues, has_projects, has_wiki, default_branch)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'main') RETURNING id`,
      [ownerId, name, b.description ?? null, b.homepage ?? null, Boolean(b.private) || b.visibility === 'private', b.has_issues ?? true, b.has_projects ?? true, b.has_wiki ?? true],
    );
    const id = Number(r.rows[0].id);
    await gh.db.query(
      'INSERT INTO labels (repo_id, name, color, description, is_default) SELECT $1, n, c, d, true FROM unnest($2::text[], $3::text[], $4::text[]) AS t(n, c, d)',
      [id, DEFAULT_LABELS.map((l) => l[0]), DEFAULT_LABELS.map((l) => l[1]), DEFAULT_LABELS.map((l) => l[2])],
    );
    await gh.store.init(id, 'main');
    if (b.auto_init) {
      const g = gh.git({id});
      const tree = await g.buildTree(undefined, [{content: `# ${name}\n${b.description ? `${b.description}\n` : ''}`, path: 'README.md'}]);
      const sha = await g.commitTree(tree, [], 'Initial commit', await gh.identity(v.id));
      await g.updateRef('refs/heads/main', sha);
      await gh.db.query('UPDATE repos SET pushed_at = now() WHERE id = $1', [id]);
    }
    const row = (await gh.db.query(`${REPO_SELECT} WHERE r.id = $1`, [id])).rows[0];
    row.permission = 'admin';
    void ownerLogin;
    return c.json({...presentRepo(c, row), network_count: 0, subscribers_count: 0}, 201);
  };

  app.post('/user/repos', async (c) => {
    const v = mustViewer(c);
    return create(c, v.id, v.login);
  });

  app.post('/orgs/:org/repos', async (c) => {
    const v = mustViewer(c);
    const o = await gh.user(c.req.param('org'));
    if (!o || o.type !== 'Organization') throw notFound();
    const m = await gh.db.query('SELECT role FROM org_members WHERE org_id = $1 AND user_id = $2', [o.id, v.id]);
    if (!m.rowCount) throw notFound();
    return create(c, Number(o.id), o.login);
  });

  app.get('/repos/:owner/:repo', async (c) => {
    const r = await gh.repo(c, c.req.param('owner'), c.req.param('repo'));
    lastModified(c, r.updated_at);
    const owner = await gh.userById(r.owner_id);
    return c.json({...presentRepo(c, r), network_count: 0, subscribers_count: 0, ...(owner?.type === 'Organization' ? {organization: simpleUser(origin(c), owner)} : {})});
  });

  app.patch('/repos/:owner/:repo', async (c) => {
    const r = await gh.repo(c, c.req.param('owner'), c.req.param('repo'), 'admin');
    const b = await body(c);
    const sets: string[] = [];
    const vals: unknown[] = [r.id];
    const set = (col: string, v: unknown) => {
      vals.push(v);
      sets.push(`${col} = $${vals.length}`);
    };
    if (b.name !== undefined && b.name !== r.name) {
      if (!NAME.test(String(b.name))) throw invalid('Repository', 'name');
      const clash = await gh.db.query('SELECT 1 FROM repos WHERE owner_id = $1 AND lower(name) = lower($2) AND id <> $3', [r.owner_id, b.name, r.id]);
      if (clash.rowCount) throw new GhError(422, 'Validation Failed', {errors: [{code: 'custom', field: 'name', message: 'name already exists on this account', resource: 'Repository'}]});
      await gh.db.query('INSERT INTO repo_redirects (owner_login, name, repo_id) VALUES ($1, $2, $3) ON CONFLICT (owner_login, name) DO UPDATE SET repo_id = EXCLUDED.repo_id', [r.owner_login.toLowerCase(), r.name.toLowerCase(), r.id]);
      set('name', String(b.name));
    }
    for (const k of ['description', 'homepage']) if (k in b) set(k, b[k]);
    for (const k of BOOLS) if (k in b) set(k, Boolean(b[k]));
    if (b.visibility) set('private', b.visibility === 'private');
    if (b.default_branch && b.default_branch !== r.default_branch) {
      const g = gh.git(r);
      if (!(await g.resolve(`refs/heads/${b.default_branch}`))) throw invalid('Repository', 'default_branch', 'invalid', `The branch ${b.default_branch} was not found. Please push that ref first or create it via the Git Data API.`);
      await g.setHead(b.default_branch);
      set('default_branch', b.default_branch);
    }
    if (sets.length > 0) await gh.db.query(`UPDATE repos SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, vals);
    const row = (await gh.db.query(`${REPO_SELECT} WHERE r.id = $1`, [r.id])).rows[0];
    row.permission = r.permission;
    return c.json({...presentRepo(c, row), network_count: 0, subscribers_count: 0});
  });

  app.delete('/repos/:owner/:repo', async (c) => {
    const r = await gh.repo(c, c.req.param('owner'), c.req.param('repo'), 'admin');
    await gh.db.query('DELETE FROM repos WHERE id = $1', [r.id]);
    await gh.store.remove(r.id);
    return c.body(null, 204);
  });

  /** A renamed repository's redirect target: `/repositories/:id/...` is served as `/repos/:owner/:name/...`. */
  app.all('/repositories/:id/*', async (c) => forward(c));
  app.all('/repositories/:id', async (c) => forward(c));
  const forward = async (c: Ctx) => {
    const r = await gh.repoById(Number(c.req.param('id')));
    if (!r) throw notFound();
    const url = new URL(c.req.url);
    url.pathname = url.pathname.replace(/^\/repositories\/\d+/, `/repos/${r.owner_login}/${r.name}`);
    return app.fetch(new Request(url, c.req.raw));
  };

  const list = async (c: Ctx, where: string, args: unknown[]) => {
    const p = pageOf(c);
    const v = viewer(c);
    const sort = {created: 'r.created_at', full_name: 'lower(u.login), lower(r.name)', pushed: 'r.pushed_at', updated: 'r.updated_at'}[c.req.query('sort') ?? 'full_name'] ?? 'lower(u.login), lower(r.name)';
    const dir = (c.req.query('direction') ?? (c.req.query('sort') && c.req.query('sort') !== 'full_name' ? 'desc' : 'asc')) === 'desc' ? 'DESC' : 'ASC';
    const type = c.req.query('type') ?? c.req.query('visibility');
    const vis = type === 'public' ? 'AND NOT r.private' : type === 'private' ? 'AND r.private' : '';
    const visible = `AND (NOT r.private OR r.owner_id = $${args.length + 1} OR EXISTS (SELECT 1 FROM org_members m WHERE m.org_id = r.owner_id AND m.user_id = $${args.length + 1}) OR EXISTS (SELECT 1 FROM collaborators k WHERE k.repo_id = r.id AND k.user_id = $${args.length + 1}))`;
    const rows = (await gh.db.query(`${REPO_SELECT.replace('SELECT r.*', 'SELECT r.*, count(*) OVER () AS total')} WHERE ${where} ${vis} ${visible} ORDER BY ${sort.split(', ').map((s) => `${s} ${dir}`).join(', ')} LIMIT $${args.length + 2} OFFSET $${args.length + 3}`, [...args, v?.id ?? -1, p.perPage, p.offset])).rows;
    for (const row of rows) row.permission = await gh.permission(row, v?.id);
    return paged(c, p, Number(rows[0]?.total ?? 0), rows.map((row) => presentRepo(c, row)));
  };

  app.get('/user/repos', async (c) => {
    const v = mustViewer(c);
    return list(c, `(r.owner_id = $1 OR EXISTS (SELECT 1 FROM org_members m WHERE m.org_id = r.owner_id AND m.user_id = $1) OR EXISTS (SELECT 1 FROM collaborators k WHERE k.repo_id = r.id AND k.user_id = $1))`, [v.id]);
  });
  app.get('/users/:login/repos', async (c) => {
    const u = await gh.user(c.req.param('login'));
    if (!u) throw notFound();
    return list(c, 'r.owner_id = $1', [u.id]);
  });
  app.get('/orgs/:org/repos', async (c) => {
    const u = await gh.user(c.req.param('org'));
    if (!u || u.type !== 'Organization') throw notFound();
    return list(c, 'r.owner_id = $1', [u.id]);
  });

  app.get('/repos/:owner/:repo/topics', async (c) => {
    const r = await gh.repo(c, c.req.param('owner'), c.req.param('repo'));
    return c.json({names: r.topics});
  });
  app.put('/repos/:owner/:repo/topics', async (c) => {
    const r = await gh.repo(c, c.req.param('owner'), c.req.param('repo'), 'admin');
    const b = await body(c);
    if (!Array.isArray(b.names)) throw missing('Repository', 'names');
    const names = [...new Set((b.names as unknown[]).map((n) => String(n).toLowerCase()))];
    const bad = names.find((n) => !/^[a-z0-9][a-z0-9-]{0,49}$/.test(n));
    if (bad) throw new GhError(422, 'Invalid topics', {errors: [{code: 'invalid', field: 'names', message: `${bad} is not a valid topic`, resource: 'Repository'}]});
    await gh.db.query('UPDATE repos SET topics = $2, updated_at = now() WHERE id = $1', [r.id, names]);
    return c.json({names});
  });

  app.get('/repos/:owner/:repo/collaborators', async (c) => {
    const r = await gh.repo(c, c.req.param('owner'), c.req.param('repo'));
    const rows = (await gh.db.query(
      `SELECT u.*, 'admin' AS permission FROM users u WHERE u.id = $2 AND u.type = 'User'
       UNION ALL SELECT u.*, CASE WHEN m.role = 'admin' THEN 'admin' ELSE 'push' END FROM users u JOIN org_members m ON m.user_id = u.id WHERE m.org_id = $2
       UNION ALL SELECT u.*, k.permission FROM users u JOIN collaborators k ON k.user_id = u.id WHERE k.repo_id = $1 ORDER BY id`,
      [r.id, r.owner_id],
    )).rows;
    const seen = new Set<number>();
    const out = rows.filter((u) => !seen.has(Number(u.id)) && seen.add(Number(u.id))).map((u) => ({...simpleUser(origin(c), u), permissions: perms(u.permission), role_name: roleName(u.permission)}));
    const p = pageOf(c);
    return paged(c, p, out.length, out.slice(p.offset, p.offset + p.perPage));
  });
  app.get('/repos/:owner/:repo/collaborators/:user', async (c) => {
    const r = await gh.repo(c, c.req.param('owner'), c.req.param('repo'));
    const u = await gh.user(c.req.param('user'));
    if (!u) throw notFound();
    return (await gh.permission(r, Number(u.id))) === 'admin' || (await gh.permission({...r, private: true}, Number(u.id))) !== 'none' ? c.body(null, 204) : c.body(null, 404);
  });
  app.get('/repos/:owner/:repo/collaborators/:user/permission', async (c) => {
    const r = await gh.repo(c, c.req.param('owner'), c.req.param('repo'));
    const u = await gh.user(c.req.param('user'));
    if (!u) throw notFound();
    const p = await gh.permission(r, Number(u.id));
    const name = p === 'write' ? 'write' : p;
    return c.json({permission: name, role_name: name, user: {...simpleUser(origin(c), u), permissions: perms(p === 'write' ? 'push' : p), role_name: name}});
  });
  app.put('/repos/:owner/:repo/collaborators/:user', async (c) => {
    const r = await gh.repo(c, c.req.param('owner'), c.req.param('repo'), 'admin');
    const u = await gh.user(c.req.param('user'));
    if (!u) throw notFound();
    const b = await body(c);
    const permission = ['pull', 'triage', 'push', 'maintain', 'admin'].includes(b.permission) ? b.permission : 'push';
    const had = await gh.db.query('SELECT 1 FROM collaborators WHERE repo_id = $1 AND user_id = $2', [r.id, u.id]);
    await gh.db.query('INSERT INTO collaborators (repo_id, user_id, permission) VALUES ($1, $2, $3) ON CONFLICT (repo_id, user_id) DO UPDATE SET permission = EXCLUDED.permission', [r.id, u.id, permission]);
    if (had.rowCount) return c.body(null, 204);
    const inviter = await gh.userById(mustViewer(c).id);
    return c.json({created_at: new Date().toISOString(), expired: false, html_url: `${origin(c)}/${r.owner_login}/${r.name}/invitations`, id: Date.now() % 1e9, invitee: simpleUser(origin(c), u), inviter: simpleUser(origin(c), inviter), node_id: '', permissions: permission === 'push' ? 'write' : permission === 'pull' ? 'read' : permission, repository: presentRepo(c, r), url: `${origin(c)}/user/repository_invitations/1`}, 201);
  });
  app.delete('/repos/:owner/:repo/collaborators/:user', async (c) => {
    const r = await gh.repo(c, c.req.param('owner'), c.req.param('repo'), 'admin');
    const u = await gh.user(c.req.param('user'));
    if (!u) throw notFound();
    await gh.db.query('DELETE FROM collaborators WHERE repo_id = $1 AND user_id = $2', [r.id, u.id]);
    return c.body(null, 204);
  });
}

const perms = (p: string) => ({admin: p === 'admin', maintain: p === 'admin' || p === 'maintain', pull: true, push: ['admin', 'maintain', 'push'].includes(p), triage: p !== 'pull'});
const roleName = (p: string) => ({pull: 'read', push: 'write'})[p] ?? p;
