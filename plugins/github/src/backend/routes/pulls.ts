/** Pull requests: create from a branch, list, get (mergeable, diff/patch), update, files, commits, merge, reviews, review comments, requested reviewers. */
import type {Hono} from '@asym/template-kit';

import {fileEntry, mediaFormat, restCommit, usersByEmail} from '../commits.js';
import {GhError, invalid, missing, notFound} from '../errors.js';
import type {Gh, RepoRow} from '../gh.js';
import {body, type Ctx, type GhEnv, lastModified, mustViewer, origin, pageOf, paged} from '../http.js';
import {association, orgMembers, recordEvent, usersById} from '../issueview.js';
import {mergePull} from '../merge.js';
import {nodeId, simpleUser, ts, type Row} from '../present.js';
import {presentPull, pullRow} from '../pullview.js';
import {updateIssue, userIds} from './issues.js';

export function register(app: Hono<GhEnv>, gh: Gh): void {
  const repoOf = (c: Ctx, need: 'read' | 'write' = 'read') => gh.repo(c, c.req.param('owner')!, c.req.param('repo')!, need);
  const pullOf = async (c: Ctx, r: RepoRow) => {
    const p = await pullRow(gh, r.id, Number(c.req.param('number')));
    if (!p) throw notFound();
    return p;
  };
  const emitPull = async (c: Ctx, r: RepoRow, number: number, action: string, extra: Row = {}) => {
    if (!(await gh.hooks.wants(r.id, 'pull_request'))) return;
    const p = (await pullRow(gh, r.id, number))!;
    await gh.hooks.emit(origin(c), r.id, 'pull_request', {action, number, pull_request: await presentPull(gh, origin(c), r, p, {full: true}), ...extra}, c.get('viewer')?.id);
  };

  app.get('/repos/:owner/:repo/pulls', async (c) => {
    const r = await repoOf(c);
    const q = c.req.query();
    const p = pageOf(c);
    const state = q.state ?? 'open';
    const head = q.head?.includes(':') ? q.head.split(':')[1] : q.head;
    const sort = {created: 'i.created_at', long_running: 'i.created_at', popularity: 'i.created_at', updated: 'i.updated_at'}[q.sort ?? 'created'] ?? 'i.created_at';
    const dir = q.direction === 'asc' ? 'ASC' : 'DESC';
    const rows = (await gh.db.query(
      `SELECT i.*, p.id AS pull_id, p.head_ref, p.head_sha, p.base_ref, p.draft, p.merged, p.merged_at, p.merged_by, p.merge_commit_sha, count(*) OVER () AS total
       FROM issues i JOIN pulls p ON p.issue_id = i.id WHERE i.repo_id = $1 AND ($2 = 'all' OR i.state = $2) AND ($3::text IS NULL OR p.head_ref = $3) AND ($4::text IS NULL OR p.base_ref = $4)
       ORDER BY ${sort} ${dir}, i.number ${dir} LIMIT $5 OFFSET $6`,
      [r.id, state, head ?? null, q.base ?? null, p.perPage, p.offset],
    )).rows;
    const out = [];
    for (const row of rows) out.push(await presentPull(gh, origin(c), r, row));
    return paged(c, p, Number(rows[0]?.total ?? 0), out);
  });

  app.post('/repos/:owner/:repo/pulls', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c);
    const b = await body(c);
    const g = gh.git(r);
    let title = b.title;
    let issueId: number | undefined;
    if (b.issue) {
      const i = (await gh.db.query('SELECT * FROM issues WHERE repo_id = $1 AND number = $2 AND NOT is_pull', [r.id, Number(b.issue)])).rows[0];
      if (!i) throw invalid('PullRequest', 'issue');
      title = i.title;
      issueId = Number(i.id);
    }
    if (!title) throw missing('PullRequest', 'title');
    if (!b.head) throw missing('PullRequest', 'head');
    if (!b.base) throw missing('PullRequest', 'base');
    const head = String(b.head).includes(':') ? String(b.head).split(':')[1]! : String(b.head);
    const base = String(b.base);
    const headSha = await g.resolve(`refs/heads/${head}`);
    const baseSha = await g.resolve(`refs/heads/${base}`);
    if (!headSha) throw invalid('PullRequest', 'head');
    if (!baseSha) throw invalid('PullRequest', 'base');
    const dup = await gh.db.query("SELECT 1 FROM pulls p JOIN issues i ON i.id = p.issue_id WHERE i.repo_id = $1 AND p.head_ref = $2 AND p.base_ref = $3 AND i.state = 'open'", [r.id, head, base]);
    if (dup.rowCount) throw new GhError(422, 'Validation Failed', {errors: [{code: 'custom', message: `A pull request already exists for ${r.owner_login}:${head}.`, resource: 'PullRequest'}]});
    if ((await g.count(`${baseSha}..${headSha}`)) === 0) throw new GhError(422, 'Validation Failed', {errors: [{code: 'custom', message: `No commits between ${base} and ${head}`, resource: 'PullRequest'}]});
    let number: number;
    if (issueId) {
      number = Number(b.issue);
      await gh.db.query('UPDATE issues SET is_pull = true, updated_at = now() WHERE id = $1', [issueId]);
    } else {
      number = await gh.nextNumber(r.id);
      issueId = Number((await gh.db.query('INSERT INTO issues (repo_id, number, title, body, user_id, is_pull) VALUES ($1, $2, $3, $4, $5, true) RETURNING id', [r.id, number, String(title), b.body ?? null, v.id])).rows[0].id);
    }
    await gh.db.query('INSERT INTO pulls (issue_id, head_ref, head_sha, base_ref, draft) VALUES ($1, $2, $3, $4, $5)', [issueId, head, headSha, base, Boolean(b.draft)]);
    await emitPull(c, r, number, 'opened');
    return c.json(await presentPull(gh, origin(c), r, (await pullRow(gh, r.id, number))!, {full: true}), 201);
  });

  app.get('/repos/:owner/:repo/pulls/:number{[0-9]+}', async (c) => {
    const r = await repoOf(c);
    const p = await pullOf(c, r);
    const format = mediaFormat(c.req.header('accept'));
    if (format === 'diff' || format === 'patch') {
      const g = gh.git(r);
      const base = p.merged ? (await g.commit(p.merge_commit_sha))!.parents[0]! : (await g.resolve(`refs/heads/${p.base_ref}`))!;
      const mb = (await g.mergeBase(base, p.head_sha)) ?? base;
      const text = format === 'diff' ? await g.rawDiff(mb, p.head_sha) : await g.formatPatch(mb, p.head_sha);
      return c.text(text, 200, {'content-type': `application/vnd.github.${format}; charset=utf-8`});
    }
    lastModified(c, p.updated_at);
    return c.json(await presentPull(gh, origin(c), r, p, {full: true}));
  });

  app.patch('/repos/:owner/:repo/pulls/:number{[0-9]+}', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c);
    const p = await pullOf(c, r);
    if (r.permission !== 'admin' && r.permission !== 'write' && Number(p.user_id) !== v.id) throw new GhError(403, 'Must have push access to update this pull request.');
    const b = await body(c);
    if (b.state === 'open' && p.merged) throw new GhError(422, 'Validation Failed', {errors: [{code: 'custom', field: 'state', message: 'state cannot be changed. The pull request is already merged.', resource: 'PullRequest'}]});
    if (b.base && b.base !== p.base_ref) {
      if (!(await gh.git(r).resolve(`refs/heads/${b.base}`))) throw invalid('PullRequest', 'base');
      await gh.db.query('UPDATE pulls SET base_ref = $2 WHERE issue_id = $1', [p.id, b.base]);
    }
    const actions = await updateIssue(gh, c, r, p, {body: b.body, state: b.state, title: b.title}, v.id);
    for (const a of actions) if (['edited', 'closed', 'reopened'].includes(a)) await emitPull(c, r, p.number, a);
    return c.json(await presentPull(gh, origin(c), r, (await pullRow(gh, r.id, p.number))!, {full: true}));
  });

  app.get('/repos/:owner/:repo/pulls/:number{[0-9]+}/files', async (c) => {
    const r = await repoOf(c);
    const p = await pullOf(c, r);
    const g = gh.git(r);
    const base = p.merged ? (await g.commit(p.merge_commit_sha))!.parents[0]! : (await g.resolve(`refs/heads/${p.base_ref}`)) ?? p.head_sha;
    const mb = (await g.mergeBase(base, p.head_sha)) ?? base;
    const files = await g.diff(mb, p.head_sha);
    const pg = pageOf(c, 100);
    return paged(c, pg, files.length, files.slice(pg.offset, pg.offset + pg.perPage).map((f) => fileEntry(origin(c), `${r.owner_login}/${r.name}`, p.head_sha, f)));
  });
  app.get('/repos/:owner/:repo/pulls/:number{[0-9]+}/commits', async (c) => {
    const r = await repoOf(c);
    const p = await pullOf(c, r);
    const g = gh.git(r);
    const base = p.merged ? (await g.commit(p.merge_commit_sha))!.parents[0]! : (await g.resolve(`refs/heads/${p.base_ref}`)) ?? p.head_sha;
    const commits = (await g.log(p.head_sha, {exclude: base})).reverse();
    const pg = pageOf(c, 100);
    const page = commits.slice(pg.offset, pg.offset + pg.perPage);
    const users = await usersByEmail(gh, page);
    return paged(c, pg, commits.length, page.map((x) => restCommit(origin(c), `${r.owner_login}/${r.name}`, x, users)));
  });

  app.get('/repos/:owner/:repo/pulls/:number{[0-9]+}/merge', async (c) => {
    const r = await repoOf(c);
    const p = await pullOf(c, r);
    return p.merged ? c.body(null, 204) : c.body(null, 404);
  });
  app.put('/repos/:owner/:repo/pulls/:number{[0-9]+}/merge', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c, 'write');
    const p = await pullOf(c, r);
    const b = await body(c);
    const {sha} = await mergePull(gh, origin(c), r, p, b, v.id);
    await emitPull(c, r, p.number, 'closed');
    return c.json({merged: true, message: 'Pull Request successfully merged', sha});
  });

  // requested reviewers
  const requested = async (c: Ctx, id: number) => ({
    teams: [],
    users: (await gh.db.query('SELECT u.* FROM review_requests rr JOIN users u ON u.id = rr.user_id WHERE rr.issue_id = $1 ORDER BY u.login', [id])).rows.map((u) => simpleUser(origin(c), u)),
  });
  app.get('/repos/:owner/:repo/pulls/:number{[0-9]+}/requested_reviewers', async (c) => {
    const r = await repoOf(c);
    return c.json(await requested(c, Number((await pullOf(c, r)).id)));
  });
  app.post('/repos/:owner/:repo/pulls/:number{[0-9]+}/requested_reviewers', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c, 'write');
    const p = await pullOf(c, r);
    const b = await body(c);
    for (const u of await userIds(gh, b.reviewers ?? [])) {
      if (Number(u.id) === Number(p.user_id)) throw new GhError(422, 'Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ' + `${r.owner_login}/${r.name} repository.`);
      const ins = await gh.db.query('INSERT INTO review_requests VALUES ($1, $2) ON CONFLICT DO NOTHING', [p.id, u.id]);
      if (ins.rowCount) {
        await recordEvent(gh, Number(p.id), v.id, 'review_requested', {reviewer_id: u.id});
        await emitPull(c, r, p.number, 'review_requested', {requested_reviewer: simpleUser(origin(c), u)});
      }
    }
    return c.json(await presentPull(gh, origin(c), r, (await pullRow(gh, r.id, p.number))!), 201);
  });
  app.delete('/repos/:owner/:repo/pulls/:number{[0-9]+}/requested_reviewers', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c, 'write');
    const p = await pullOf(c, r);
    const b = await body(c);
    for (const u of await userIds(gh, b.reviewers ?? [])) {
      const del = await gh.db.query('DELETE FROM review_requests WHERE issue_id = $1 AND user_id = $2', [p.id, u.id]);
      if (del.rowCount) await recordEvent(gh, Number(p.id), v.id, 'review_request_removed', {reviewer_id: u.id});
    }
    return c.json(await presentPull(gh, origin(c), r, (await pullRow(gh, r.id, p.number))!));
  });

  // reviews
  const reviewJson = async (c: Ctx, r: RepoRow, p: Row, rows: Row[]) => {
    const users = await usersById(gh, rows.map((x) => Number(x.user_id)));
    const members = await orgMembers(gh, r.owner_id);
    const full = `${r.owner_login}/${r.name}`;
    return rows.map((x) => ({
      _links: {html: {href: `${origin(c)}/${full}/pull/${p.number}#pullrequestreview-${x.id}`}, pull_request: {href: `${origin(c)}/repos/${full}/pulls/${p.number}`}},
      author_association: association(Number(x.user_id), r, members),
      body: x.body,
      commit_id: x.commit_id,
      html_url: `${origin(c)}/${full}/pull/${p.number}#pullrequestreview-${x.id}`,
      id: Number(x.id),
      node_id: nodeId('PullRequestReview', x.id),
      pull_request_url: `${origin(c)}/repos/${full}/pulls/${p.number}`,
      state: x.state,
      ...(x.submitted_at ? {submitted_at: ts(x.submitted_at)} : {}),
      user: simpleUser(origin(c), users.get(Number(x.user_id))),
    }));
  };
  const reviewOf = async (c: Ctx, p: Row) => {
    const row = (await gh.db.query('SELECT * FROM reviews WHERE issue_id = $1 AND id = $2', [p.id, Number(c.req.param('rid'))])).rows[0];
    if (!row) throw notFound();
    return row;
  };
  const STATES: Record<string, string> = {APPROVE: 'APPROVED', COMMENT: 'COMMENTED', REQUEST_CHANGES: 'CHANGES_REQUESTED'};
  const emitReview = async (c: Ctx, r: RepoRow, p: Row, row: Row) => {
    const [review] = await reviewJson(c, r, p, [row]);
    await gh.hooks.emit(origin(c), r.id, 'pull_request_review', {action: 'submitted', pull_request: await presentPull(gh, origin(c), r, p), review}, c.get('viewer')?.id);
  };
  app.get('/repos/:owner/:repo/pulls/:number{[0-9]+}/reviews', async (c) => {
    const r = await repoOf(c);
    const p = await pullOf(c, r);
    const pg = pageOf(c);
    const rows = (await gh.db.query("SELECT *, count(*) OVER () AS total FROM reviews WHERE issue_id = $1 AND (state <> 'PENDING' OR user_id = $2) ORDER BY id LIMIT $3 OFFSET $4", [p.id, c.get('viewer')?.id ?? -1, pg.perPage, pg.offset])).rows;
    return paged(c, pg, Number(rows[0]?.total ?? 0), await reviewJson(c, r, p, rows));
  });
  app.post('/repos/:owner/:repo/pulls/:number{[0-9]+}/reviews', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c);
    const p = await pullOf(c, r);
    const b = await body(c);
    const state = b.event ? STATES[b.event] : 'PENDING';
    if (!state) throw invalid('PullRequestReview', 'event');
    if ((state === 'APPROVED' || state === 'CHANGES_REQUESTED') && Number(p.user_id) === v.id) {
      throw new GhError(422, 'Unprocessable Entity', {errors: [{code: 'custom', message: `Review Can not ${state === 'APPROVED' ? 'approve' : 'request changes on'} your own pull request`, resource: 'PullRequestReview'}]});
    }
    if ((state === 'CHANGES_REQUESTED' || state === 'COMMENTED') && !b.body && !(b.comments ?? []).length) throw new GhError(422, 'Unprocessable Entity', {errors: [{code: 'custom', message: 'Review body is required for this event', resource: 'PullRequestReview'}]});
    const row = (await gh.db.query('INSERT INTO reviews (issue_id, user_id, state, body, commit_id, submitted_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *', [p.id, v.id, state, b.body ?? '', b.commit_id ?? p.head_sha, state === 'PENDING' ? null : new Date()])).rows[0];
    for (const k of (b.comments ?? []) as Row[]) {
      await gh.db.query('INSERT INTO review_comments (issue_id, review_id, user_id, body, path, line, side, commit_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [p.id, row.id, v.id, String(k.body ?? ''), String(k.path), k.line ?? k.position ?? null, k.side ?? 'RIGHT', b.commit_id ?? p.head_sha]);
    }
    await gh.db.query('DELETE FROM review_requests WHERE issue_id = $1 AND user_id = $2', [p.id, v.id]);
    if (state !== 'PENDING') {
      await recordEvent(gh, Number(p.id), v.id, 'reviewed', {state: state.toLowerCase()});
      await emitReview(c, r, p, row);
    }
    return c.json((await reviewJson(c, r, p, [row]))[0]);
  });
  app.get('/repos/:owner/:repo/pulls/:number{[0-9]+}/reviews/:rid{[0-9]+}', async (c) => {
    const r = await repoOf(c);
    const p = await pullOf(c, r);
    return c.json((await reviewJson(c, r, p, [await reviewOf(c, p)]))[0]);
  });
  app.post('/repos/:owner/:repo/pulls/:number{[0-9]+}/reviews/:rid{[0-9]+}/events', async (c) => {
    mustViewer(c);
    const r = await repoOf(c);
    const p = await pullOf(c, r);
    const row = await reviewOf(c, p);
    const b = await body(c);
    const state = STATES[b.event];
    if (!state) throw invalid('PullRequestReview', 'event');
    if (row.state !== 'PENDING') throw new GhError(422, 'Unprocessable Entity', {errors: [{code: 'custom', message: 'Can not submit a review that is not pending', resource: 'PullRequestReview'}]});
    const updated = (await gh.db.query('UPDATE reviews SET state = $2, body = coalesce($3, body), submitted_at = now() WHERE id = $1 RETURNING *', [row.id, state, b.body ?? null])).rows[0];
    await emitReview(c, r, p, updated);
    return c.json((await reviewJson(c, r, p, [updated]))[0]);
  });
  app.put('/repos/:owner/:repo/pulls/:number{[0-9]+}/reviews/:rid{[0-9]+}/dismissals', async (c) => {
    const r = await repoOf(c, 'write');
    const p = await pullOf(c, r);
    const row = await reviewOf(c, p);
    const updated = (await gh.db.query("UPDATE reviews SET state = 'DISMISSED' WHERE id = $1 RETURNING *", [row.id])).rows[0];
    return c.json((await reviewJson(c, r, p, [updated]))[0]);
  });
  app.delete('/repos/:owner/:repo/pulls/:number{[0-9]+}/reviews/:rid{[0-9]+}', async (c) => {
    const r = await repoOf(c);
    const p = await pullOf(c, r);
    const row = await reviewOf(c, p);
    if (row.state !== 'PENDING') throw new GhError(422, 'Unprocessable Entity', {errors: [{code: 'custom', message: 'Can not delete a non-pending pull request review', resource: 'PullRequestReview'}]});
    await gh.db.query('DELETE FROM reviews WHERE id = $1', [row.id]);
    return c.json((await reviewJson(c, r, p, [row]))[0]);
  });

  // review comments
  const reviewComments = async (c: Ctx, r: RepoRow, rows: Row[]) => {
    const users = await usersById(gh, rows.map((x) => Number(x.user_id)));
    const members = await orgMembers(gh, r.owner_id);
    const full = `${r.owner_login}/${r.name}`;
    return rows.map((x) => ({
      _links: {html: {href: `${origin(c)}/${full}/pull/${x.number}#discussion_r${x.id}`}, pull_request: {href: `${origin(c)}/repos/${full}/pulls/${x.number}`}, self: {href: `${origin(c)}/repos/${full}/pulls/comments/${x.id}`}},
      author_association: association(Number(x.user_id), r, members),
      body: x.body,
      commit_id: x.commit_id,
      created_at: ts(x.created_at),
      diff_hunk: '',
      html_url: `${origin(c)}/${full}/pull/${x.number}#discussion_r${x.id}`,
      id: Number(x.id),
      ...(x.in_reply_to ? {in_reply_to_id: Number(x.in_reply_to)} : {}),
      line: x.line,
      node_id: nodeId('PullRequestReviewComment', x.id),
      original_commit_id: x.commit_id,
      original_line: x.line,
      path: x.path,
      position: x.line,
      pull_request_review_id: x.review_id ? Number(x.review_id) : null,
      pull_request_url: `${origin(c)}/repos/${full}/pulls/${x.number}`,
      side: x.side,
      updated_at: ts(x.updated_at),
      url: `${origin(c)}/repos/${full}/pulls/comments/${x.id}`,
      user: simpleUser(origin(c), users.get(Number(x.user_id))),
    }));
  };
  app.get('/repos/:owner/:repo/pulls/:number{[0-9]+}/comments', async (c) => {
    const r = await repoOf(c);
    const p = await pullOf(c, r);
    const pg = pageOf(c);
    const rows = (await gh.db.query('SELECT k.*, $2::int AS number, count(*) OVER () AS total FROM review_comments k WHERE k.issue_id = $1 ORDER BY k.id LIMIT $3 OFFSET $4', [p.id, p.number, pg.perPage, pg.offset])).rows;
    return paged(c, pg, Number(rows[0]?.total ?? 0), await reviewComments(c, r, rows));
  });
  app.post('/repos/:owner/:repo/pulls/:number{[0-9]+}/comments', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c);
    const p = await pullOf(c, r);
    const b = await body(c);
    if (!b.body) throw missing('PullRequestReviewComment', 'body');
    let path = b.path;
    let line = b.line ?? b.position ?? null;
    if (b.in_reply_to) {
      const parent = (await gh.db.query('SELECT * FROM review_comments WHERE id = $1 AND issue_id = $2', [b.in_reply_to, p.id])).rows[0];
      if (!parent) throw notFound();
      path = parent.path;
      line = parent.line;
    } else if (!path) throw missing('PullRequestReviewComment', 'path');
    const review = (await gh.db.query("INSERT INTO reviews (issue_id, user_id, state, body, commit_id, submitted_at) VALUES ($1, $2, 'COMMENTED', '', $3, now()) RETURNING id", [p.id, v.id, b.commit_id ?? p.head_sha])).rows[0];
    const row = (await gh.db.query('INSERT INTO review_comments (issue_id, review_id, user_id, body, path, line, side, commit_id, in_reply_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *', [p.id, review.id, v.id, String(b.body), String(path), line, b.side ?? 'RIGHT', b.commit_id ?? p.head_sha, b.in_reply_to ?? null])).rows[0];
    row.number = p.number;
    return c.json((await reviewComments(c, r, [row]))[0], 201);
  });
  app.get('/repos/:owner/:repo/pulls/comments', async (c) => {
    const r = await repoOf(c);
    const pg = pageOf(c);
    const rows = (await gh.db.query('SELECT k.*, i.number, count(*) OVER () AS total FROM review_comments k JOIN issues i ON i.id = k.issue_id WHERE i.repo_id = $1 ORDER BY k.id LIMIT $2 OFFSET $3', [r.id, pg.perPage, pg.offset])).rows;
    return paged(c, pg, Number(rows[0]?.total ?? 0), await reviewComments(c, r, rows));
  });
  const rcOf = async (c: Ctx, r: RepoRow) => {
    const row = (await gh.db.query('SELECT k.*, i.number FROM review_comments k JOIN issues i ON i.id = k.issue_id WHERE k.id = $1 AND i.repo_id = $2', [Number(c.req.param('id')), r.id])).rows[0];
    if (!row) throw notFound();
    return row;
  };
  app.get('/repos/:owner/:repo/pulls/comments/:id{[0-9]+}', async (c) => {
    const r = await repoOf(c);
    return c.json((await reviewComments(c, r, [await rcOf(c, r)]))[0]);
  });
  app.patch('/repos/:owner/:repo/pulls/comments/:id{[0-9]+}', async (c) => {
    mustViewer(c);
    const r = await repoOf(c);
    const row = await rcOf(c, r);
    const b = await body(c);
    if (!b.body) throw missing('PullRequestReviewComment', 'body');
    await gh.db.query('UPDATE review_comments SET body = $2, updated_at = now() WHERE id = $1', [row.id, String(b.body)]);
    return c.json((await reviewComments(c, r, [await rcOf(c, r)]))[0]);
  });
  app.delete('/repos/:owner/:repo/pulls/comments/:id{[0-9]+}', async (c) => {
    mustViewer(c);
    const r = await repoOf(c);
    const row = await rcOf(c, r);
    await gh.db.query('DELETE FROM review_comments WHERE id = $1', [row.id]);
    return c.body(null, 204);
  });
}
