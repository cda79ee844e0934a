/** Issues as GitHub shows them: labels, assignees, milestone, comment counts, reactions, pull_request link. */
import type {Gh} from './gh.js';
import {label, milestone, nodeId, reactionsSummary, simpleUser, ts, type Row} from './present.js';

export async function reactionCounts(gh: Gh, type: string, ids: number[]): Promise<Map<number, Record<string, number>>> {
  const out = new Map<number, Record<string, number>>();
  if (ids.length === 0) return out;
  const r = await gh.db.query('SELECT subject_id, content, count(*)::int AS n FROM reactions WHERE subject_type = $1 AND subject_id = ANY($2) GROUP BY 1, 2', [type, ids]);
  for (const row of r.rows) {
    const m = out.get(Number(row.subject_id)) ?? {};
    m[row.content] = row.n;
    out.set(Number(row.subject_id), m);
  }
  return out;
}

export async function milestoneCounts(gh: Gh, ids: number[]): Promise<Map<number, {open: number; closed: number}>> {
  const out = new Map<number, {open: number; closed: number}>();
  if (ids.length === 0) return out;
  const r = await gh.db.query("SELECT milestone_id, count(*) FILTER (WHERE state = 'open')::int AS open, count(*) FILTER (WHERE state = 'closed')::int AS closed FROM issues WHERE milestone_id = ANY($1) GROUP BY 1", [ids]);
  for (const row of r.rows) out.set(Number(row.milestone_id), {closed: row.closed, open: row.open});
  return out;
}

export async function presentMilestones(gh: Gh, o: string, full: string, rows: Row[]): Promise<Row[]> {
  const counts = await milestoneCounts(gh, rows.map((m) => Number(m.id)));
  const creators = await usersById(gh, rows.map((m) => Number(m.creator_id)).filter(Boolean));
  return rows.map((m) => milestone(o, full, m, creators.get(Number(m.creator_id)), counts.get(Number(m.id)) ?? {closed: 0, open: 0}));
}

export async function usersById(gh: Gh, ids: number[]): Promise<Map<number, Row>> {
  const out = new Map<number, Row>();
  const uniq = [...new Set(ids.filter((x) => x !== null && x !== undefined && !Number.isNaN(x)))];
  if (uniq.length === 0) return out;
  for (const u of (await gh.db.query('SELECT * FROM users WHERE id = ANY($1)', [uniq])).rows) out.set(Number(u.id), u);
  return out;
}

export function association(userId: number, repo: {owner_id: number}, members: Set<number>): string {
  if (Number(repo.owner_id) === userId) return 'OWNER';
  if (members.has(userId)) return 'MEMBER';
  return 'NONE';
}

export async function orgMembers(gh: Gh, orgId: number): Promise<Set<number>> {
  const r = await gh.db.query('SELECT user_id FROM org_members WHERE org_id = $1 UNION SELECT user_id FROM collaborators k JOIN repos r ON r.id = k.repo_id WHERE r.owner_id = $1', [orgId]);
  return new Set(r.rows.map((x) => Number(x.user_id)));
}

/** Issue rows (from the issues table) → GitHub issue objects. */
export async function presentIssues(gh: Gh, o: string, repo: {id: number; owner_id: number; owner_login: string; name: string}, rows: Row[]): Promise<Row[]> {
  if (rows.length === 0) return [];
  const full = `${repo.owner_login}/${repo.name}`;
  const ids = rows.map((r) => Number(r.id));
  const labels = await gh.db.query('SELECT il.issue_id, l.* FROM issue_labels il JOIN labels l ON l.id = il.label_id WHERE il.issue_id = ANY($1) ORDER BY l.name', [ids]);
  const assignees = await gh.db.query('SELECT ia.issue_id, u.* FROM issue_assignees ia JOIN users u ON u.id = ia.user_id WHERE ia.issue_id = ANY($1) ORDER BY u.login', [ids]);
  const comments = await gh.db.query('SELECT issue_id, count(*)::int AS n FROM comments WHERE issue_id = ANY($1) GROUP BY 1', [ids]);
  const pulls = await gh.db.query('SELECT issue_id, merged_at, draft FROM pulls WHERE issue_id = ANY($1)', [ids]);
  const msRows = (await gh.db.query('SELECT * FROM milestones WHERE id = ANY($1)', [rows.map((r) => r.milestone_id).filter(Boolean)])).rows;
  const milestones = new Map((await presentMilestones(gh, o, full, msRows)).map((m, i) => [Number(msRows[i]!.id), m]));
  const users = await usersById(gh, rows.flatMap((r) => [Number(r.user_id), Number(r.closed_by)]));
  const reactions = await reactionCounts(gh, 'issue', ids);
  const members = await orgMembers(gh, repo.owner_id);
  const by = <T extends Row>(list: T[]) => {
    const m = new Map<number, T[]>();
    for (const x of list) m.set(Number(x.issue_id), [...(m.get(Number(x.issue_id)) ?? []), x]);
    return m;
  };
  const labelsBy = by(labels.rows);
  const assigneesBy = by(assignees.rows);
  const commentsBy = new Map(comments.rows.map((x) => [Number(x.issue_id), x.n as number]));
  const pullsBy = new Map(pulls.rows.map((x) => [Number(x.issue_id), x]));
  return rows.map((i) => {
    const api = `${o}/repos/${full}/issues/${i.number}`;
    const as = (assigneesBy.get(Number(i.id)) ?? []).map((u) => simpleUser(o, u));
    const pr = pullsBy.get(Number(i.id));
    return {
      active_lock_reason: i.active_lock_reason ?? null,
      assignee: as[0] ?? null,
      assignees: as,
      author_association: association(Number(i.user_id), repo, members),
      body: i.body ?? null,
      closed_at: ts(i.closed_at),
      ...(i.state === 'closed' ? {closed_by: simpleUser(o, users.get(Number(i.closed_by)))} : {}),
      comments: commentsBy.get(Number(i.id)) ?? 0,
      comments_url: `${api}/comments`,
      created_at: ts(i.created_at),
      ...(pr ? {draft: pr.draft} : {}),
      events_url: `${api}/events`,
      html_url: `${o}/${full}/${i.is_pull ? 'pull' : 'issues'}/${i.number}`,
      id: Number(i.id),
      labels: (labelsBy.get(Number(i.id)) ?? []).map((l) => label(o, full, l)),
      labels_url: `${api}/labels{/name}`,
      locked: i.locked,
      milestone: i.milestone_id ? (milestones.get(Number(i.milestone_id)) ?? null) : null,
      node_id: nodeId(i.is_pull ? 'PullRequest' : 'Issue', i.id),
      number: i.number,
      performed_via_github_app: null,
      ...(pr
        ? {pull_request: {diff_url: `${o}/${full}/pull/${i.number}.diff`, html_url: `${o}/${full}/pull/${i.number}`, merged_at: ts(pr.merged_at), patch_url: `${o}/${full}/pull/${i.number}.patch`, url: `${o}/repos/${full}/pulls/${i.number}`}}
        : {}),
      reactions: reactionsSummary(o, api, reactions.get(Number(i.id)) ?? {}),
      repository_url: `${o}/repos/${full}`,
      state: i.state,
      state_reason: i.state_reason ?? null,
      timeline_url: `${api}/timeline`,
      title: i.title,
      updated_at: ts(i.updated_at),
      url: api,
      user: simpleUser(o, users.get(Number(i.user_id))),
    };
  });
}

/** Issue events as GitHub lists them. */
export async function presentEvents(gh: Gh, o: string, full: string, rows: Row[]): Promise<Row[]> {
  const users = await usersById(gh, rows.flatMap((e) => [Number(e.actor_id), Number(e.data?.assignee_id), Number(e.data?.assigner_id), Number(e.data?.reviewer_id)]));
  return rows.map((e) => {
    const d = (e.data ?? {}) as Row;
    return {
      actor: simpleUser(o, users.get(Number(e.actor_id))),
      commit_id: d.commit_id ?? null,
      commit_url: d.commit_id ? `${o}/repos/${full}/commits/${d.commit_id}` : null,
      created_at: ts(e.created_at),
      event: e.event,
      id: Number(e.id),
      node_id: nodeId('IssueEvent', e.id),
      performed_via_github_app: null,
      url: `${o}/repos/${full}/issues/events/${e.id}`,
      ...(d.label ? {label: d.label} : {}),
      ...(d.assignee_id ? {assignee: simpleUser(o, users.get(Number(d.assignee_id))), assigner: simpleUser(o, users.get(Number(d.assigner_id ?? e.actor_id)))} : {}),
      ...(d.reviewer_id ? {requested_reviewer: simpleUser(o, users.get(Number(d.reviewer_id))), review_requester: simpleUser(o, users.get(Number(e.actor_id)))} : {}),
      ...(d.milestone ? {milestone: {title: d.milestone}} : {}),
      ...(d.rename ? {rename: d.rename} : {}),
      ...(d.lock_reason !== undefined ? {lock_reason: d.lock_reason} : {}),
      ...(d.state_reason !== undefined ? {state_reason: d.state_reason} : {}),
      ...(e.issue ? {issue: e.issue} : {}),
    };
  });
}

export async function recordEvent(gh: Gh, issueId: number, actorId: number, event: string, data: Row = {}): Promise<void> {
  await gh.db.query('INSERT INTO issue_events (issue_id, actor_id, event, data) VALUES ($1, $2, $3, $4)', [issueId, actorId, event, data]);
}

/** Emit `issues` for an issue (not a pull request) as it is now. */
export async function emitIssueById(gh: Gh, o: string, repo: {id: number; owner_id: number; owner_login: string; name: string}, issueId: number, action: string, actorId: number | undefined, extra: Row = {}): Promise<void> {
  if (!(await gh.hooks.wants(repo.id, 'issues'))) return;
  const row = (await gh.db.query('SELECT * FROM issues WHERE id = $1', [issueId])).rows[0];
  if (!row || row.is_pull) return;
  const [issue] = await presentIssues(gh, o, repo, [row]);
  await gh.hooks.emit(o, repo.id, 'issues', {action, issue, ...extra}, actorId);
}
