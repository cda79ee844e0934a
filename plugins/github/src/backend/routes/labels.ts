/** Repository labels and milestones. */
import type {Hono} from '@asym/template-kit';

import {GhError, invalid, missing, notFound} from '../errors.js';
import type {Gh, RepoRow} from '../gh.js';
import {body, type Ctx, type GhEnv, mustViewer, origin, pageOf, paged} from '../http.js';
import {presentMilestones} from '../issueview.js';
import {label} from '../present.js';

const COLOR = /^[0-9a-fA-F]{6}$/;

export function register(app: Hono<GhEnv>, gh: Gh): void {
  const repoOf = (c: Ctx, need: 'read' | 'write' = 'read') => gh.repo(c, c.req.param('owner')!, c.req.param('repo')!, need);
  const full = (r: RepoRow) => `${r.owner_login}/${r.name}`;
  const labelRow = async (r: RepoRow, name: string) => {
    const row = (await gh.db.query('SELECT * FROM labels WHERE repo_id = $1 AND lower(name) = lower($2)', [r.id, name])).rows[0];
    if (!row) throw notFound();
    return row;
  };

  app.get('/repos/:owner/:repo/labels', async (c) => {
    const r = await repoOf(c);
    const p = pageOf(c);
    const rows = (await gh.db.query('SELECT *, count(*) OVER () AS total FROM labels WHERE repo_id = $1 ORDER BY lower(name) LIMIT $2 OFFSET $3', [r.id, p.perPage, p.offset])).rows;
    return paged(c, p, Number(rows[0]?.total ?? 0), rows.map((l) => label(origin(c), full(r), l)));
  });
  app.post('/repos/:owner/:repo/labels', async (c) => {
    const r = await repoOf(c, 'write');
    const b = await body(c);
    if (!b.name) throw missing('Label', 'name');
    const color = String(b.color ?? 'ededed').replace(/^#/, '');
    if (!COLOR.test(color)) throw invalid('Label', 'color');
    const exists = await gh.db.query('SELECT 1 FROM labels WHERE repo_id = $1 AND lower(name) = lower($2)', [r.id, b.name]);
    if (exists.rowCount) throw new GhError(422, 'Validation Failed', {errors: [{code: 'already_exists', field: 'name', resource: 'Label'}]});
    const row = (await gh.db.query('INSERT INTO labels (repo_id, name, color, description) VALUES ($1, $2, $3, $4) RETURNING *', [r.id, String(b.name), color.toLowerCase(), b.description ?? null])).rows[0];
    return c.json(label(origin(c), full(r), row), 201);
  });
  app.get('/repos/:owner/:repo/labels/:name', async (c) => {
    const r = await repoOf(c);
    return c.json(label(origin(c), full(r), await labelRow(r, c.req.param('name'))));
  });
  app.patch('/repos/:owner/:repo/labels/:name', async (c) => {
    const r = await repoOf(c, 'write');
    const l = await labelRow(r, c.req.param('name'));
    const b = await body(c);
    const color = b.color === undefined ? l.color : String(b.color).replace(/^#/, '');
    if (!COLOR.test(color)) throw invalid('Label', 'color');
    const row = (await gh.db.query('UPDATE labels SET name = $2, color = $3, description = $4 WHERE id = $1 RETURNING *', [l.id, b.new_name ?? b.name ?? l.name, color.toLowerCase(), b.description === undefined ? l.description : b.description])).rows[0];
    return c.json(label(origin(c), full(r), row));
  });
  app.delete('/repos/:owner/:repo/labels/:name', async (c) => {
    const r = await repoOf(c, 'write');
    const l = await labelRow(r, c.req.param('name'));
    await gh.db.query('DELETE FROM labels WHERE id = $1', [l.id]);
    return c.body(null, 204);
  });

  const milestoneRow = async (r: RepoRow, n: number) => {
    const row = (await gh.db.query('SELECT * FROM milestones WHERE repo_id = $1 AND number = $2', [r.id, n])).rows[0];
    if (!row) throw notFound();
    return row;
  };
  app.get('/repos/:owner/:repo/milestones', async (c) => {
    const r = await repoOf(c);
    const p = pageOf(c);
    const state = c.req.query('state') ?? 'open';
    const sort = c.req.query('sort') === 'completeness' ? 'number' : 'due_on';
    const dir = c.req.query('direction') === 'desc' ? 'DESC' : 'ASC';
    const rows = (await gh.db.query(`SELECT *, count(*) OVER () AS total FROM milestones WHERE repo_id = $1 AND ($2 = 'all' OR state = $2) ORDER BY ${sort} ${dir} NULLS LAST, number LIMIT $3 OFFSET $4`, [r.id, state, p.perPage, p.offset])).rows;
    return paged(c, p, Number(rows[0]?.total ?? 0), await presentMilestones(gh, origin(c), full(r), rows));
  });
  app.post('/repos/:owner/:repo/milestones', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c, 'write');
    const b = await body(c);
    if (!b.title) throw missing('Milestone', 'title');
    const exists = await gh.db.query('SELECT 1 FROM milestones WHERE repo_id = $1 AND title = $2', [r.id, b.title]);
    if (exists.rowCount) throw new GhError(422, 'Validation Failed', {errors: [{code: 'already_exists', field: 'title', resource: 'Milestone'}]});
    const n = Number((await gh.db.query('SELECT coalesce(max(number), 0) + 1 AS n FROM milestones WHERE repo_id = $1', [r.id])).rows[0].n);
    const state = b.state === 'closed' ? 'closed' : 'open';
    const row = (await gh.db.query('INSERT INTO milestones (repo_id, number, title, description, state, due_on, creator_id, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *', [r.id, n, String(b.title), b.description ?? null, state, b.due_on ?? null, v.id, state === 'closed' ? new Date() : null])).rows[0];
    return c.json((await presentMilestones(gh, origin(c), full(r), [row]))[0], 201);
  });
  app.get('/repos/:owner/:repo/milestones/:number{[0-9]+}', async (c) => {
    const r = await repoOf(c);
    return c.json((await presentMilestones(gh, origin(c), full(r), [await milestoneRow(r, Number(c.req.param('number')))]))[0]);
  });
  app.patch('/repos/:owner/:repo/milestones/:number{[0-9]+}', async (c) => {
    const r = await repoOf(c, 'write');
    const m = await milestoneRow(r, Number(c.req.param('number')));
    const b = await body(c);
    const state = b.state ?? m.state;
    if (!['open', 'closed'].includes(state)) throw invalid('Milestone', 'state');
    const row = (await gh.db.query(
      'UPDATE milestones SET title = $2, description = $3, state = $4, due_on = $5, closed_at = CASE WHEN $4 = \'closed\' THEN coalesce(closed_at, now()) ELSE NULL END, updated_at = now() WHERE id = $1 RETURNING *',
      [m.id, b.title ?? m.title, b.description === undefined ? m.description : b.description, state, b.due_on === undefined ? m.due_on : b.due_on],
    )).rows[0];
    return c.json((await presentMilestones(gh, origin(c), full(r), [row]))[0]);
  });
  app.delete('/repos/:owner/:repo/milestones/:number{[0-9]+}', async (c) => {
    const r = await repoOf(c, 'write');
    const m = await milestoneRow(r, Number(c.req.param('number')));
    await gh.db.query('DELETE FROM milestones WHERE id = $1', [m.id]);
    return c.body(null, 204);
  });
}
