/**
 * What follows a ref moving, whoever moved it (the contents API, the git data API, a merge or a
 * `git push`): the repository's pushed_at, open pull requests' head, and the `push` webhook.
 */
import type {Gh} from './gh.js';
import type {GitRepo} from './gitrepo.js';
import type {Row} from './present.js';
import {presentPull, pullRow} from './pullview.js';

const ZERO = '0000000000000000000000000000000000000000';

export interface RefUpdate {
  ref: string;
  before: string;
  after: string;
  forced?: boolean;
}

export async function afterRefUpdates(gh: Gh, o: string, repo: {id: number; owner_login: string; name: string}, updates: RefUpdate[], pusherId: number | undefined): Promise<void> {
  if (updates.length === 0) return;
  await gh.db.query('UPDATE repos SET pushed_at = now() WHERE id = $1', [repo.id]);
  const g = gh.git(repo);
  for (const u of updates) {
    if (u.ref.startsWith('refs/heads/') && u.after !== ZERO) {
      const moved = await gh.db.query(
        `UPDATE pulls p SET head_sha = $3 FROM issues i WHERE i.id = p.issue_id AND i.repo_id = $1 AND p.head_ref = $2 AND i.state = 'open' AND p.head_sha <> $3 RETURNING i.number`,
        [repo.id, u.ref.slice('refs/heads/'.length), u.after],
      );
      if (await gh.hooks.wants(repo.id, 'push')) await gh.hooks.emit(o, repo.id, 'push', await pushPayload(gh, g, o, repo, u, pusherId), pusherId);
      if (moved.rows.length === 0 || !(await gh.hooks.wants(repo.id, 'pull_request'))) continue;
      const full = await gh.repoById(repo.id);
      for (const {number} of moved.rows) {
        const p = await pullRow(gh, repo.id, Number(number));
        if (p && full) await gh.hooks.emit(o, repo.id, 'pull_request', {action: 'synchronize', after: u.after, before: u.before, number: Number(number), pull_request: await presentPull(gh, o, full, p, {full: true})}, pusherId);
      }
      continue;
    }
    if (await gh.hooks.wants(repo.id, 'push')) await gh.hooks.emit(o, repo.id, 'push', await pushPayload(gh, g, o, repo, u, pusherId), pusherId);
  }
}

async function pushPayload(gh: Gh, g: GitRepo, o: string, repo: {owner_login: string; name: string}, u: RefUpdate, pusherId: number | undefined): Promise<Row> {
  const full = `${repo.owner_login}/${repo.name}`;
  const created = u.before === ZERO;
  const deleted = u.after === ZERO;
  const commits = deleted ? [] : (await g.log(u.after, {exclude: created ? undefined : u.before, max: 20})).reverse();
  const users = new Map<string, string>();
  for (const row of (await gh.db.query('SELECT login, email FROM users WHERE email IS NOT NULL')).rows) users.set(String(row.email).toLowerCase(), row.login);
  const entries: Row[] = [];
  for (const c of created && commits.length > 1 ? commits.slice(-1) : commits) {
    const parent = c.parents[0];
    const files = parent ? await g.diff(parent, c.sha) : [];
    entries.push({
      added: files.filter((f) => f.status === 'added').map((f) => f.filename),
      author: {email: c.author.email, name: c.author.name, ...(users.get(c.author.email.toLowerCase()) ? {username: users.get(c.author.email.toLowerCase())} : {})},
      committer: {email: c.committer.email, name: c.committer.name, ...(users.get(c.committer.email.toLowerCase()) ? {username: users.get(c.committer.email.toLowerCase())} : {})},
      distinct: true,
      id: c.sha,
      message: c.message,
      modified: files.filter((f) => f.status === 'modified' || f.status === 'renamed').map((f) => f.filename),
      removed: files.filter((f) => f.status === 'removed').map((f) => f.filename),
      timestamp: c.author.date,
      tree_id: c.tree,
      url: `${o}/${full}/commit/${c.sha}`,
    });
  }
  const pusher = pusherId ? await gh.userById(pusherId) : undefined;
  return {
    after: u.after,
    base_ref: null,
    before: u.before,
    commits: entries,
    compare: created ? `${o}/${full}/commit/${u.after.slice(0, 12)}` : `${o}/${full}/compare/${u.before.slice(0, 12)}...${u.after.slice(0, 12)}`,
    created,
    deleted,
    forced: Boolean(u.forced),
    head_commit: entries.at(-1) ?? null,
    pusher: {email: pusher?.email ?? null, name: pusher?.login ?? 'ghost'},
    ref: u.ref,
  };
}

export {ZERO};
