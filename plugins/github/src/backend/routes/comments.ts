/** Issue comments, reactions, issue events and the timeline. */
import type {Hono} from '@asym/template-kit';

import {GhError, invalid, missing, notFound} from '../errors.js';
import type {Gh, RepoRow} from '../gh.js';
import {body, type Ctx, type GhEnv, mustViewer, origin, pageOf, paged} from '../http.js';
import {association, orgMembers, presentEvents, reactionCounts, usersById} from '../issueview.js';
import {comment, nodeId, simpleUser, ts, type Row} from '../present.js';
import {issueRow, presentOne} from './issues.js';

const CONTENTS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'];

export function register(app: Hono<GhEnv>, gh: Gh): void {
  const repoOf = (c: Ctx, need: 'read' | 'write' = 'read') => gh.repo(c, c.req.param('owner')!, c.req.param('repo')!, need);

  const presentComments = async (c: Ctx, r: RepoRow, rows: Row[]) => {
    const users = await usersById(gh, rows.map((x) => Number(x.user_id)));
    const reactions = await reactionCounts(gh, 'comment', rows.map((x) => Number(x.id)));
    const members = await orgMembers(gh, r.owner_id);
    return rows.map((x) => comment(origin(c), `${r.owner_login}/${r.name}`, {...x, author_association: association(Number(x.user_id), r, members)}, users.get(Number(x.user_id)), x.number, reactions.get(Number(x.id))));
  };
  const commentRow = async (r: RepoRow, id: number) => {
    const row = (await gh.db.query('SELECT k.*, i.number, i.is_pull FROM comments k JOIN issues i ON i.id = k.issue_id WHERE k.id = $1 AND i.repo_id = $2', [id, r.id])).rows[0];
    if (!row) throw notFound();
    return row;
  };
  const emitComment = async (c: Ctx, r: RepoRow, row: Row, action: string, extra: Row = {}) => {
    if (!(await gh.hooks.wants(r.id, 'issue_comment'))) return;
    const [presented] = await presentComments(c, r, [row]);
    await gh.hooks.emit(origin(c), r.id, 'issue_comment', {action, comment: presented, issue: await presentOne(gh, c, r, Number(row.issue_id)), ...extra}, c.get('viewer')?.id);
  };

  app.get('/repos/:owner/:repo/issues/:number{[0-9]+}/comments', async (c) => {
    const r = await repoOf(c);
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    const p = pageOf(c);
    const since = c.req.query('since');
    const rows = (await gh.db.query('SELECT k.*, $2::int AS number, count(*) OVER () AS total FROM comments k WHERE k.issue_id = $1 AND ($3::timestamptz IS NULL OR k.updated_at >= $3) ORDER BY k.id LIMIT $4 OFFSET $5', [i.id, i.number, since ?? null, p.perPage, p.offset])).rows;
    return paged(c, p, Number(rows[0]?.total ?? 0), await presentComments(c, r, rows));
  });
  app.get('/repos/:owner/:repo/issues/comments', async (c) => {
    const r = await repoOf(c);
    const p = pageOf(c);
    const rows = (await gh.db.query('SELECT k.*, i.number, count(*) OVER () AS total FROM comments k JOIN issues i ON i.id = k.issue_id WHERE i.repo_id = $1 ORDER BY k.id LIMIT $2 OFFSET $3', [r.id, p.perPage, p.offset])).rows;
    return paged(c, p, Number(rows[0]?.total ?? 0), await presentComments(c, r, rows));
  });
  app.post('/repos/:owner/:repo/issues/:number{[0-9]+}/comments', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c);
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    if (i.locked && r.permission !== 'admin' && r.permission !== 'write') throw new GhError(403, 'Unable to create comment because issue is locked.');
    const b = await body(c);
    if (b.body === undefined || b.body === null || String(b.body) === '') throw missing('IssueComment', 'body');
    const row = (await gh.db.query('INSERT INTO comments (issue_id, user_id, body) VALUES ($1, $2, $3) RETURNING *', [i.id, v.id, String(b.body)])).rows[0];
    row.number = i.number;
    await gh.db.query('UPDATE issues SET updated_at = now() WHERE id = $1', [i.id]);
    await emitComment(c, r, row, 'created');
    return c.json((await presentComments(c, r, [row]))[0], 201);
  });
  app.get('/repos/:owner/:repo/issues/comments/:id{[0-9]+}', async (c) => {
    const r = await repoOf(c);
    return c.json((await presentComments(c, r, [await commentRow(r, Number(c.req.param('id')))]))[0]);
  });
  app.patch('/repos/:owner/:repo/issues/comments/:id{[0-9]+}', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c);
    const row = await commentRow(r, Number(c.req.param('id')));
    if (Number(row.user_id) !== v.id && r.permission !== 'admin' && r.permission !== 'write') throw new GhError(403, 'Must have push access to update this comment.');
    const b = await body(c);
    if (b.body === undefined || b.body === null) throw missing('IssueComment', 'body');
    await gh.db.query('UPDATE comments SET body = $2, updated_at = now() WHERE id = $1', [row.id, String(b.body)]);
    const updated = await commentRow(r, Number(row.id));
    await emitComment(c, r, updated, 'edited', {changes: {body: {from: row.body}}});
    return c.json((await presentComments(c, r, [updated]))[0]);
  });
  app.delete('/repos/:owner/:repo/issues/comments/:id{[0-9]+}', async (c) => {
    const v = mustViewer(c);
    const r = await repoOf(c);
    const row = await commentRow(r, Number(c.req.param('id')));
    if (Number(row.user_id) !== v.id && r.permission !== 'admin' && r.permission !== 'write') throw new GhError(403, 'Must have push access to delete this comment.');
    await emitComment(c, r, row, 'deleted');
    await gh.db.query('DELETE FROM comments WHERE id = $1', [row.id]);
    return c.body(null, 204);
  });

  // reactions
  const reactionJson = (c: Ctx, x: Row, users: Map<number, Row>) => ({content: x.content, created_at: ts(x.created_at), id: Number(x.id), node_id: nodeId('Reaction', x.id), user: simpleUser(origin(c), users.get(Number(x.user_id)))});
  const listReactions = async (c: Ctx, type: string, id: number) => {
    const p = pageOf(c);
    const content = c.req.query('content');
    const rows = (await gh.db.query('SELECT *, count(*) OVER () AS total FROM reactions WHERE subject_type = $1 AND subject_id = $2 AND ($3::text IS NULL OR content = $3) ORDER BY id LIMIT $4 OFFSET $5', [type, id, content ?? null, p.perPage, p.offset])).rows;
    const users = await usersById(gh, rows.map((x) => Number(x.user_id)));
    return paged(c, p, Number(rows[0]?.total ?? 0), rows.map((x) => reactionJson(c, x, users)));
  };
  const addReaction = async (c: Ctx, type: string, id: number) => {
    const v = mustViewer(c);
    const b = await body(c);
    if (!CONTENTS.includes(b.content)) throw invalid('Reaction', 'content');
    const existing = (await gh.db.query('SELECT * FROM reactions WHERE subject_type = $1 AND subject_id = $2 AND user_id = $3 AND content = $4', [type, id, v.id, b.content])).rows[0];
    const row = existing ?? (await gh.db.query('INSERT INTO reactions (subject_type, subject_id, user_id, content) VALUES ($1, $2, $3, $4) RETURNING *', [type, id, v.id, b.content])).rows[0];
    return c.json(reactionJson(c, row, await usersById(gh, [v.id])), existing ? 200 : 201);
  };
  const delReaction = async (c: Ctx, type: string, id: number) => {
    mustViewer(c);
    await gh.db.query('DELETE FROM reactions WHERE subject_type = $1 AND subject_id = $2 AND id = $3', [type, id, Number(c.req.param('rid'))]);
    return c.body(null, 204);
  };
  const issueId = async (c: Ctx) => Number((await issueRow(gh, (await repoOf(c)).id, Number(c.req.param('number')))).id);
  const commentId = async (c: Ctx) => Number((await commentRow(await repoOf(c), Number(c.req.param('id')))).id);
  app.get('/repos/:owner/:repo/issues/:number{[0-9]+}/reactions', async (c) => listReactions(c, 'issue', await issueId(c)));
  app.post('/repos/:owner/:repo/issues/:number{[0-9]+}/reactions', async (c) => addReaction(c, 'issue', await issueId(c)));
  app.delete('/repos/:owner/:repo/issues/:number{[0-9]+}/reactions/:rid', async (c) => delReaction(c, 'issue', await issueId(c)));
  app.get('/repos/:owner/:repo/issues/comments/:id{[0-9]+}/reactions', async (c) => listReactions(c, 'comment', await commentId(c)));
  app.post('/repos/:owner/:repo/issues/comments/:id{[0-9]+}/reactions', async (c) => addReaction(c, 'comment', await commentId(c)));
  app.delete('/repos/:owner/:repo/issues/comments/:id{[0-9]+}/reactions/:rid', async (c) => delReaction(c, 'comment', await commentId(c)));

  // events and timeline
  app.get('/repos/:owner/:repo/issues/:number{[0-9]+}/events', async (c) => {
    const r = await repoOf(c);
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    const p = pageOf(c);
    const rows = (await gh.db.query('SELECT *, count(*) OVER () AS total FROM issue_events WHERE issue_id = $1 ORDER BY id LIMIT $2 OFFSET $3', [i.id, p.perPage, p.offset])).rows;
    return paged(c, p, Number(rows[0]?.total ?? 0), await presentEvents(gh, origin(c), `${r.owner_login}/${r.name}`, rows));
  });
  app.get('/repos/:owner/:repo/issues/events', async (c) => {
    const r = await repoOf(c);
    const p = pageOf(c);
    const rows = (await gh.db.query('SELECT e.*, count(*) OVER () AS total FROM issue_events e JOIN issues i ON i.id = e.issue_id WHERE i.repo_id = $1 ORDER BY e.id DESC LIMIT $2 OFFSET $3', [r.id, p.perPage, p.offset])).rows;
    return paged(c, p, Number(rows[0]?.total ?? 0), await presentEvents(gh, origin(c), `${r.owner_login}/${r.name}`, rows));
  });
  app.get('/repos/:owner/:repo/issues/:number{[0-9]+}/timeline', async (c) => {
    const r = await repoOf(c);
    const i = await issueRow(gh, r.id, Number(c.req.param('number')));
    const events = await presentEvents(gh, origin(c), `${r.owner_login}/${r.name}`, (await gh.db.query('SELECT * FROM issue_events WHERE issue_id = $1 ORDER BY id', [i.id])).rows);
    const comments = (await presentComments(c, r, (await gh.db.query('SELECT k.*, $2::int AS number FROM comments k WHERE k.issue_id = $1 ORDER BY id', [i.id, i.number])).rows)).map((x) => ({...x, actor: x.user, event: 'commented'}));
    const all: Row[] = [...events, ...comments];
    all.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)) || a.id - b.id);
    const p = pageOf(c);
    return paged(c, p, all.length, all.slice(p.offset, p.offset + p.perPage));
  });
}
