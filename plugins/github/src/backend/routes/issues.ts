/** Issues: list with filters, create, get, update (state_reason), lock, labels and assignees on an issue. */
import type {Hono} from '@asym/template-kit';

import {GhError, invalid, missing, notFound} from '../errors.js';
import type {Gh, RepoRow} from '../gh.js';
import {body, type Ctx, type GhEnv, lastModified, mustViewer, origin, pageOf, paged} from '../http.js';
import {emitIssueById, presentIssues, recordEvent} from '../issueview.js';
import {label as presentLabel, repo as presentRepo, type Row, simpleUser} from '../present.js';

const presentRepoOf = (c: Ctx, r: Row) => presentRepo(origin(c), r, {id: r.owner_id, login: r.owner_login, type: r.owner_type});

export async function issueRow(gh: Gh, repoId: number, number: number): Promise<Row> {
  const r = await gh.db.query('SELECT * FROM issues WHERE repo_id = $1 AND number = $2', [repoId, number]);
  if (!r.rows[0]) throw notFound();
  return r.rows[0];
}

export async function presentOne(gh: Gh, c: Ctx, repo: RepoRow, id: number): Promise<Row> {
  const row = (await gh.db.query('SELECT * FROM issues WHERE id = $1', [id])).rows[0];
  return (await presentIssues(gh, origin(c), repo, [row]))[0]!;
}

/** Emit `issues` (or `pull_request` for a pull request's issue side) with the issue as it is now. */
export async function emitIssue(gh: Gh, c: Ctx, repo: RepoRow, issueId: number, action: string, extra: Row = {}): Promise<void> {
  await emitIssueById(gh, origin(c), repo, issueId, action, c.get('viewer')?.id, extra);
}

/** Labels by name, created in the repository when missing (as GitHub does). */
export async function labelIds(gh: Gh, repoId: number, names: unknown[]): Promise<Array<{id: number; name: string; color: string}>> {
  const out = [];
  for (const raw of names) {
    const name = typeof raw === 'object' && raw !== null ? String((raw as Row).name) : String(raw);
    if (!name.trim()) continue;
    let row = (await gh.db.query('SELECT id, name, color, description, is_default FROM labels WHERE repo_id = $1 AND lower(name) = lower($2)', [repoId, name])).rows[0];
    row ??= (await gh.db.query('INSERT INTO labels (repo_id, name) VALUES ($1, $2) RETURNING id, name, color, description, is_default', [repoId, name])).rows[0];
    out.push(row);
  }
  return out;
}

export async function userIds(gh: Gh, logins: unknown[]): Promise<Row[]> {
  const out = [];
  for (const l of logins) {
    const u = await gh.user(String(l));
    if (!u) throw invalid('Issue', 'assignees', 'invalid', `Could not resolve to a User with the login of '${l}'.`);
    out.push(u);
  }
  return out;
}

export function register(app: Hono<GhEnv>, gh: Gh): void {
  const repoOf = (c: Ctx, need: 'read' | 'write' = 'read') => gh.repo(c, c.req.param('owner')!, c.req.param('repo')!, need);

  app.get('/repos/:owner/:repo/issues', async (c) => {
    const r = await repoOf(c);
    const q = c.req.query();
    const p = pageOf(c);
    const where = ['i.repo_id = $1'];
    const args: unknown[] = [r.id];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    const state = q.state ?? 'open';
    if (state !== 'all') where.push(`i.state = ${arg(state)}`);
    if (q.milestone === 'none') where.push('i.milestone_id IS NULL');
    else if (q.milestone === '*') where.push('i.milestone_id IS NOT NULL');
    else if (q.milestone) where.push(`i.milestone_id = (SELECT id FROM milestones WHERE repo_id = $1 AND number = ${arg(Number(q.milestone))})`);
    if (q.assignee === 'none') where.push('NOT EXISTS (SELECT 1 FROM issue_assignees a WHERE a.issue_id = i.id)');
    else if (q.assignee === '*') where.push('EXISTS (SELECT 1 FROM issue_assignees a WHERE a.issue_id = i.id)');
    else if (q.assignee) where.push(`EXISTS (SELECT 1 FROM issue_assignees a JOIN users u ON u.id = a.user_id WHERE a.issue_id = i.id AND lower(u.login) = lower(${arg(q.assignee)}))`);
    if (q.creator) where.push(`i.user_id = (SELECT id FROM users WHERE lower(login) = lower(${arg(q.creator)}))`);
    if (q.labels) for (const l of q.labels.split(',').map((s) => s.trim()).filter(Boolean)) where.push(`EXISTS (SELECT 1 FROM issue_labels il JOIN labels l ON l.id = il.label_id WHERE il.issue_id = i.id AND lower(l.name) = lower(${arg(l)}))`);
    if (q.since) where.push(`i.updated_at >= ${arg(q.since)}`);
    const sort = {comments: '(SELECT count(*) FROM comments k WHERE k.issue_id = i.id)', created: 'i.created_at', updated: 'i.updated_at'}[q.sort ?? 'created'] ?? 'i.created_at';
    const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
    const rows = (await gh.db.query(`SELECT i.*, count(*) OVER () AS total FROM issues i WHERE ${where.join(' AND ')} ORDER BY ${sort} ${dir}, i.number ${dir} LIMIT ${arg(p.perPage)} OFFSET ${arg(p.offset)}`, args)).rows;
    return paged(c, p, Number(rows[0]?.total ?? 0), await presentIssues(gh, origin(c), r, rows));
  });

  /** The viewer's issues across the repositories they can see (`filter`: assigned, created, all). */
  const mine = async (c: Ctx, orgLogin?: string) => {
    const v = mustViewer(c);
    const q = c.req.query();
    const p = pageOf(c);
    const filter = q.filter ?? 'assigned';
    const who = filter === 'created' ? 'i.user_id = $1' : filter === 'all' || filter === 'repos' ? 'true' : 'EXISTS (SELECT 1 FROM issue_assignees a WHERE a.issue_id = i.id AND a.user_id = $1)';
    const state = q.state ?? 'open';
    const rows = (await gh.db.query(
      `SELECT i.*, r.owner_id, u.login AS owner_login, r.name AS repo_name, count(*) OVER () AS total FROM issues i JOIN repos r ON r.id = i.repo_id JOIN users u ON u.id = r.owner_id
       WHERE ${who} AND ($2 = 'all' OR i.state = $2) AND ($3::text IS NULL OR lower(u.login) = lower($3))
         AND (NOT r.private OR r.owner_id = $1 OR EXISTS (SELECT 1 FROM org_members m WHERE m.org_id = r.owner_id AND m.user_id = $1) OR EXISTS (SELECT 1 FROM collaborators k WHERE k.repo_id = r.id AND k.user_id = $1))
       ORDER BY i.created_at ${q.direction === 'asc' ? 'ASC' : 'DESC'}, i.id LIMIT $4 OFFSET $5`,
      [v.id, state, orgLogin ?? null, p.perPage, p.offset],
    )).rows;
    const out = [];
    for (const row of rows) {
      const repo = {id: row.repo_id, name: row.repo_name, owner_id: row.owner_id, owner_login: row.owner_login};
      const [issue] = await presentIssues(gh, origin(c), repo, [row]);
      const full = await gh.repoById(row.repo_id);
      out.push({...issue, repository: full ? presentRepoOf(c, full) : undefined});
    }
    return paged(c, p, Number(rows[0]?.total ?? 0), out);
  };
  app.get('/issues', (c) => mine(c));
  app.get('/user/issues', (c) => mine(c));
  app.get('/orgs/:org/issues', (c) => mine(c, c.req.param('org')));

  app.post('/repos/:owner/:repo/issues', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c);
    if (!r.has_issues) throw new GhError(410, 'Issues are disabled for this repo');
    const b = await body(c);
    if (b.title === undefined || b.title === null || String(b.title).trim() === '') throw missing('Issue', 'title');
    const canTriage = r.permission === 'admin' || r.permission === 'write';
    let milestoneId: number | null = null;
    if (b.milestone !== undefined && b.milestone !== null && canTriage) {
      const m = await gh.db.query('SELECT id FROM milestones WHERE repo_id = $1 AND number = $2', [r.id, Number(b.milestone)]);
      if (!m.rows[0]) throw invalid('Issue', 'milestone', 'invalid');
      milestoneId = Number(m.rows[0].id);
    }
    const assignees = canTriage ? await userIds(gh, [...(b.assignees ?? []), ...(b.assignee ? [b.assignee] : [])]) : [];
    const number = await gh.nextNumber(r.id);
    const ins = await gh.db.query('INSERT INTO issues (repo_id, number, title, body, user_id, milestone_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id', [r.id, number, String(b.title), b.body ?? null, v.id, milestoneId]);
    const id = Number(ins.rows[0].id);
    if (canTriage) for (const l of await labelIds(gh, r.id, b.labels ?? [])) await gh.db.query('INSERT INTO issue_labels VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, l.id]);
    for (const u of assignees) await gh.db.query('INSERT INTO issue_assignees VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, u.id]);
    await gh.db.query('UPDATE repos SET updated_at = now() WHERE id = $1', [r.id]);
    await emitIssue(gh, c, r, id, 'opened');
    return c.json(await presentOne(gh, c, r, id), 201);
  });

  app.get('/repos/:owner/:repo/issues/:number{[0-9]+}', async (c) => {
    const r = await repoOf(c);
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    lastModified(c, i.updated_at);
    return c.json(await presentOne(gh, c, r, Number(i.id)));
  });

  app.patch('/repos/:owner/:repo/issues/:number{[0-9]+}', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c);
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    const canTriage = r.permission === 'admin' || r.permission === 'write';
    if (!canTriage && Number(i.user_id) !== v.id) throw new GhError(403, 'Must have push access to update this issue.');
    const b = await body(c);
    await updateIssue(gh, c, r, i, b, v.id);
    return c.json(await presentOne(gh, c, r, Number(i.id)));
  });

  app.put('/repos/:owner/:repo/issues/:number{[0-9]+}/lock', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c, 'write');
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    const b = await body(c);
    const reason = b.lock_reason ?? null;
    if (reason !== null && !['off-topic', 'too heated', 'resolved', 'spam'].includes(reason)) throw invalid('Issue', 'lock_reason');
    await gh.db.query('UPDATE issues SET locked = true, active_lock_reason = $2, updated_at = now() WHERE id = $1', [i.id, reason]);
    await recordEvent(gh, Number(i.id), v.id, 'locked', {lock_reason: reason});
    await emitIssue(gh, c, r, Number(i.id), 'locked');
    return c.body(null, 204);
  });
  app.delete('/repos/:owner/:repo/issues/:number{[0-9]+}/lock', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c, 'write');
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    await gh.db.query('UPDATE issues SET locked = false, active_lock_reason = NULL, updated_at = now() WHERE id = $1', [i.id]);
    await recordEvent(gh, Number(i.id), v.id, 'unlocked');
    await emitIssue(gh, c, r, Number(i.id), 'unlocked');
    return c.body(null, 204);
  });

  // labels on an issue
  const issueLabels = async (c: Ctx, issueId: number, full: string) =>
    (await gh.db.query('SELECT l.* FROM issue_labels il JOIN labels l ON l.id = il.label_id WHERE il.issue_id = $1 ORDER BY l.name', [issueId])).rows.map((l) => presentLabel(origin(c), full, l));
  app.get('/repos/:owner/:repo/issues/:number{[0-9]+}/labels', async (c) => {
    const r = await repoOf(c);
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    return c.json(await issueLabels(c, Number(i.id), `${r.owner_login}/${r.name}`));
  });
  const addLabels = async (c: Ctx, replace: boolean) => {
    const v = mustViewer(c);
    const r = await repoOf(c, 'write');
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    const b = await c.req.json().catch(() => ({}));
    const names = Array.isArray(b) ? b : (b.labels ?? []);
    const before = new Set((await gh.db.query('SELECT label_id FROM issue_labels WHERE issue_id = $1', [i.id])).rows.map((x) => Number(x.label_id)));
    const wanted = await labelIds(gh, r.id, names);
    if (replace) {
      for (const id of before) if (!wanted.some((w) => Number(w.id) === id)) {
        await gh.db.query('DELETE FROM issue_labels WHERE issue_id = $1 AND label_id = $2', [i.id, id]);
        const l = (await gh.db.query('SELECT name, color FROM labels WHERE id = $1', [id])).rows[0];
        await recordEvent(gh, Number(i.id), v.id, 'unlabeled', {label: l});
      }
    }
    for (const l of wanted) if (!before.has(Number(l.id))) {
      await gh.db.query('INSERT INTO issue_labels VALUES ($1, $2) ON CONFLICT DO NOTHING', [i.id, l.id]);
      await recordEvent(gh, Number(i.id), v.id, 'labeled', {label: {color: l.color, name: l.name}});
      await emitIssue(gh, c, r, Number(i.id), 'labeled', {label: presentLabel(origin(c), `${r.owner_login}/${r.name}`, l)});
    }
    await gh.db.query('UPDATE issues SET updated_at = now() WHERE id = $1', [i.id]);
    return c.json(await issueLabels(c, Number(i.id), `${r.owner_login}/${r.name}`));
  };
  app.post('/repos/:owner/:repo/issues/:number{[0-9]+}/labels', (c) => addLabels(c, false));
  app.put('/repos/:owner/:repo/issues/:number{[0-9]+}/labels', (c) => addLabels(c, true));
  app.delete('/repos/:owner/:repo/issues/:number{[0-9]+}/labels', async (c) => {
    const r = await repoOf(c, 'write');
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    await gh.db.query('DELETE FROM issue_labels WHERE issue_id = $1', [i.id]);
    return c.body(null, 204);
  });
  app.delete('/repos/:owner/:repo/issues/:number{[0-9]+}/labels/:name', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c, 'write');
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    const l = (await gh.db.query('SELECT l.* FROM labels l JOIN issue_labels il ON il.label_id = l.id WHERE il.issue_id = $1 AND lower(l.name) = lower($2)', [i.id, c.req.param('name')])).rows[0];
    if (!l) throw new GhError(404, 'Label does not exist');
    await gh.db.query('DELETE FROM issue_labels WHERE issue_id = $1 AND label_id = $2', [i.id, l.id]);
    await recordEvent(gh, Number(i.id), v.id, 'unlabeled', {label: {color: l.color, name: l.name}});
    await emitIssue(gh, c, r, Number(i.id), 'unlabeled', {label: presentLabel(origin(c), `${r.owner_login}/${r.name}`, l)});
    return c.json(await issueLabels(c, Number(i.id), `${r.owner_login}/${r.name}`));
  });

  // assignees
  app.post('/repos/:owner/:repo/issues/:number{[0-9]+}/assignees', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c, 'write');
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    const b = await body(c);
    for (const u of await userIds(gh, b.assignees ?? [])) {
      const ins = await gh.db.query('INSERT INTO issue_assignees VALUES ($1, $2) ON CONFLICT DO NOTHING', [i.id, u.id]);
      if (ins.rowCount) await recordEvent(gh, Number(i.id), v.id, 'assigned', {assignee_id: u.id, assigner_id: v.id});
    }
    return c.json(await presentOne(gh, c, r, Number(i.id)), 201);
  });
  app.delete('/repos/:owner/:repo/issues/:number{[0-9]+}/assignees', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c, 'write');
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    const b = await body(c);
    for (const u of await userIds(gh, b.assignees ?? [])) {
      const del = await gh.db.query('DELETE FROM issue_assignees WHERE issue_id = $1 AND user_id = $2', [i.id, u.id]);
      if (del.rowCount) await recordEvent(gh, Number(i.id), v.id, 'unassigned', {assignee_id: u.id, assigner_id: v.id});
    }
    return c.json(await presentOne(gh, c, r, Number(i.id)));
  });
  app.get('/repos/:owner/:repo/assignees', async (c) => {
    const r = await repoOf(c);
    const rows = (await gh.db.query(`SELECT u.* FROM users u WHERE u.id = $2 AND u.type = 'User' UNION SELECT u.* FROM users u JOIN org_members m ON m.user_id = u.id WHERE m.org_id = $2 UNION SELECT u.* FROM users u JOIN collaborators k ON k.user_id = u.id WHERE k.repo_id = $1 ORDER BY id`, [r.id, r.owner_id])).rows;
    return c.json(rows.map((u) => simpleUser(origin(c), u)));
  });
}

/** Apply an issue PATCH (shared by issues and pull requests): fields, state with state_reason, labels, assignees, milestone. */
export async function updateIssue(gh: Gh, c: Ctx, r: RepoRow, i: Row, b: Row, actorId: number): Promise<string[]> {
  const actions: string[] = [];
  const id = Number(i.id);
  if (b.title !== undefined && b.title !== i.title) {
    if (b.title === null || String(b.title).trim() === '') throw missing('Issue', 'title');
    await gh.db.query('UPDATE issues SET title = $2 WHERE id = $1', [id, String(b.title)]);
    await recordEvent(gh, id, actorId, 'renamed', {rename: {from: i.title, to: String(b.title)}});
    actions.push('edited');
  }
  if (b.body !== undefined && b.body !== i.body) {
    await gh.db.query('UPDATE issues SET body = $2 WHERE id = $1', [id, b.body]);
    if (!actions.includes('edited')) actions.push('edited');
  }
  if (b.state !== undefined && b.state !== i.state) {
    if (!['open', 'closed'].includes(b.state)) throw invalid('Issue', 'state');
    if (b.state === 'closed') {
      const reason = b.state_reason ?? 'completed';
      if (!['completed', 'not_planned', 'duplicate'].includes(reason)) throw invalid('Issue', 'state_reason');
      await gh.db.query("UPDATE issues SET state = 'closed', state_reason = $2, closed_at = now(), closed_by = $3 WHERE id = $1", [id, reason, actorId]);
      await recordEvent(gh, id, actorId, 'closed', {state_reason: reason});
      actions.push('closed');
    } else {
      await gh.db.query("UPDATE issues SET state = 'open', state_reason = 'reopened', closed_at = NULL, closed_by = NULL WHERE id = $1", [id]);
      await recordEvent(gh, id, actorId, 'reopened', {state_reason: 'reopened'});
      actions.push('reopened');
    }
  } else if (b.state_reason !== undefined && i.state === 'closed') {
    await gh.db.query('UPDATE issues SET state_reason = $2 WHERE id = $1', [id, b.state_reason]);
  }
  const triage = r.permission === 'admin' || r.permission === 'write';
  if (triage && b.milestone !== undefined) {
    let mid: number | null = null;
    if (b.milestone !== null) {
      const m = await gh.db.query('SELECT id, title FROM milestones WHERE repo_id = $1 AND number = $2', [r.id, Number(b.milestone)]);
      if (!m.rows[0]) throw invalid('Issue', 'milestone');
      mid = Number(m.rows[0].id);
      if (mid !== Number(i.milestone_id)) {
        await recordEvent(gh, id, actorId, 'milestoned', {milestone: m.rows[0].title});
        actions.push('milestoned');
      }
    } else if (i.milestone_id) {
      const t = (await gh.db.query('SELECT title FROM milestones WHERE id = $1', [i.milestone_id])).rows[0]?.title;
      await recordEvent(gh, id, actorId, 'demilestoned', {milestone: t});
      actions.push('demilestoned');
    }
    await gh.db.query('UPDATE issues SET milestone_id = $2 WHERE id = $1', [id, mid]);
  }
  if (triage && Array.isArray(b.labels)) {
    const wanted = await labelIds(gh, r.id, b.labels);
    const before = new Set((await gh.db.query('SELECT label_id FROM issue_labels WHERE issue_id = $1', [id])).rows.map((x) => Number(x.label_id)));
    await gh.db.query('DELETE FROM issue_labels WHERE issue_id = $1', [id]);
    for (const l of wanted) {
      await gh.db.query('INSERT INTO issue_labels VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, l.id]);
      if (!before.has(Number(l.id))) await recordEvent(gh, id, actorId, 'labeled', {label: {color: l.color, name: l.name}});
    }
  }
  if (triage && (Array.isArray(b.assignees) || b.assignee !== undefined)) {
    const users = await userIds(gh, Array.isArray(b.assignees) ? b.assignees : b.assignee ? [b.assignee] : []);
    const before = new Set((await gh.db.query('SELECT user_id FROM issue_assignees WHERE issue_id = $1', [id])).rows.map((x) => Number(x.user_id)));
    await gh.db.query('DELETE FROM issue_assignees WHERE issue_id = $1', [id]);
    for (const u of users) {
      await gh.db.query('INSERT INTO issue_assignees VALUES ($1, $2) ON CONFLICT DO NOTHING', [id, u.id]);
      if (!before.has(Number(u.id))) await recordEvent(gh, id, actorId, 'assigned', {assignee_id: u.id, assigner_id: actorId});
    }
  }
  await gh.db.query('UPDATE issues SET updated_at = now() WHERE id = $1', [id]);
  for (const a of actions) await emitIssue(gh, c, r, id, a);
  return actions;
}
