/** Pull requests as GitHub shows them (issue fields plus head/base, mergeability, counts). */
import {repo as presentRepo, simpleUser, type Row} from './present.js';
import type {Gh, RepoRow} from './gh.js';
import {presentIssues} from './issueview.js';

export async function pullRow(gh: Gh, repoId: number, number: number): Promise<Row | undefined> {
  return (await gh.db.query('SELECT i.*, p.id AS pull_id, p.head_ref, p.head_sha, p.base_ref, p.draft, p.merged, p.merged_at, p.merged_by, p.merge_commit_sha FROM issues i JOIN pulls p ON p.issue_id = i.id WHERE i.repo_id = $1 AND i.number = $2', [repoId, number])).rows[0];
}

/** Whether the head merges cleanly into the base (null once merged or closed, as GitHub leaves it). */
export async function mergeability(gh: Gh, repo: {id: number}, p: Row): Promise<{mergeable: boolean | null; state: string; baseSha?: string}> {
  const g = gh.git(repo);
  const baseSha = await g.resolve(`refs/heads/${p.base_ref}`);
  if (p.merged || p.state === 'closed') return {baseSha, mergeable: null, state: 'unknown'};
  if (!baseSha) return {mergeable: false, state: 'dirty'};
  const m = await g.mergeTree(baseSha, p.head_sha);
  return {baseSha, mergeable: !m.conflicts, state: m.conflicts ? 'dirty' : p.draft ? 'draft' : 'clean'};
}

export async function presentPull(gh: Gh, o: string, repo: RepoRow | (Omit<RepoRow, 'permission'> & {permission?: string}), p: Row, opts: {full?: boolean} = {}): Promise<Row> {
  const full = `${repo.owner_login}/${repo.name}`;
  const [issue] = await presentIssues(gh, o, repo, [p]);
  const api = `${o}/repos/${full}/pulls/${p.number}`;
  const owner = {id: repo.owner_id, login: repo.owner_login, type: repo.owner_type};
  const repoJson = presentRepo(o, repo as Row, owner);
  const g = gh.git(repo);
  const baseSha = (await g.resolve(`refs/heads/${p.base_ref}`)) ?? p.head_sha;
  const reviewers = (await gh.db.query('SELECT u.* FROM review_requests rr JOIN users u ON u.id = rr.user_id WHERE rr.issue_id = $1 ORDER BY u.login', [p.id])).rows;
  const mergedBy = p.merged_by ? await gh.userById(Number(p.merged_by)) : undefined;
  const side = (ref: string, sha: string) => ({label: `${repo.owner_login}:${ref}`, ref, repo: repoJson, sha, user: simpleUser(o, owner)});
  const out: Row = {
    _links: {
      comments: {href: `${o}/repos/${full}/issues/${p.number}/comments`},
      commits: {href: `${api}/commits`},
      html: {href: `${o}/${full}/pull/${p.number}`},
      issue: {href: `${o}/repos/${full}/issues/${p.number}`},
      review_comment: {href: `${o}/repos/${full}/pulls/comments{/number}`},
      review_comments: {href: `${api}/comments`},
      self: {href: api},
      statuses: {href: `${o}/repos/${full}/statuses/${p.head_sha}`},
    },
    active_lock_reason: issue!.active_lock_reason,
    assignee: issue!.assignee,
    assignees: issue!.assignees,
    author_association: issue!.author_association,
    auto_merge: null,
    base: side(p.base_ref, p.merged ? ((await g.commit(p.merge_commit_sha))?.parents[0] ?? baseSha) : baseSha),
    body: issue!.body,
    closed_at: issue!.closed_at,
    comments_url: `${o}/repos/${full}/issues/${p.number}/comments`,
    commits_url: `${api}/commits`,
    created_at: issue!.created_at,
    diff_url: `${o}/${full}/pull/${p.number}.diff`,
    draft: p.draft,
    head: side(p.head_ref, p.head_sha),
    html_url: `${o}/${full}/pull/${p.number}`,
    id: Number(p.pull_id),
    issue_url: `${o}/repos/${full}/issues/${p.number}`,
    labels: issue!.labels,
    locked: p.locked,
    merge_commit_sha: p.merge_commit_sha ?? null,
    merged_at: issue!.pull_request?.merged_at ?? null,
    milestone: issue!.milestone,
    node_id: issue!.node_id,
    number: p.number,
    patch_url: `${o}/${full}/pull/${p.number}.patch`,
    requested_reviewers: reviewers.map((u) => simpleUser(o, u)),
    requested_teams: [],
    review_comment_url: `${o}/repos/${full}/pulls/comments{/number}`,
    review_comments_url: `${api}/comments`,
    state: p.state,
    statuses_url: `${o}/repos/${full}/statuses/${p.head_sha}`,
    title: p.title,
    updated_at: issue!.updated_at,
    url: api,
    user: issue!.user,
  };
  if (!opts.full) return out;
  const m = await mergeability(gh, repo, p);
  const mb = p.merged ? ((await g.commit(p.merge_commit_sha))?.parents[0] ?? baseSha) : ((await g.mergeBase(baseSha, p.head_sha)) ?? baseSha);
  const files = await g.diff(mb, p.head_sha);
  const counts = (await gh.db.query('SELECT (SELECT count(*) FROM comments WHERE issue_id = $1)::int AS comments, (SELECT count(*) FROM review_comments WHERE issue_id = $1)::int AS review_comments', [p.id])).rows[0];
  return {
    ...out,
    additions: files.reduce((n, f) => n + f.additions, 0),
    changed_files: files.length,
    comments: counts.comments,
    commits: await g.count(`${mb}..${p.head_sha}`),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    maintainer_can_modify: false,
    mergeable: m.mergeable,
    mergeable_state: m.state,
    merged: Boolean(p.merged),
    merged_by: simpleUser(o, mergedBy),
    rebaseable: m.mergeable,
    review_comments: counts.review_comments,
  };
}
