/** Merging a pull request with merge, squash or rebase, then what GitHub does after: refs, state, closing keywords, webhooks. */
import {GhError} from './errors.js';
import type {Gh, RepoRow} from './gh.js';
import type {Identity} from './git.js';
import {emitIssueById, recordEvent} from './issueview.js';
import type {Row} from './present.js';
import {afterRefUpdates} from './pushes.js';

const KEYWORDS = /\b(?:close|closes|closed|fix|fixes|fixed|resolve|resolves|resolved)\s*:?\s+(?:([\w.-]+\/[\w.-]+))?#(\d+)/gi;

/** The issue numbers a text closes with GitHub's keywords (`Fixes #3`), in this repository. */
export function closingRefs(text: string, full: string): number[] {
  const out = new Set<number>();
  for (const m of text.matchAll(KEYWORDS)) if (!m[1] || m[1].toLowerCase() === full.toLowerCase()) out.add(Number(m[2]));
  return [...out];
}

export async function mergePull(gh: Gh, o: string, r: RepoRow, p: Row, b: Row, actorId: number): Promise<{sha: string}> {
  const g = gh.git(r);
  const method = b.merge_method ?? 'merge';
  if (!['merge', 'squash', 'rebase'].includes(method)) throw new GhError(422, 'Validation Failed', {errors: [{code: 'invalid', field: 'merge_method', resource: 'PullRequest'}]});
  if (p.merged || p.state !== 'open') throw new GhError(405, 'Pull Request is not mergeable');
  if (p.draft) throw new GhError(405, 'Pull Request is still a draft');
  if (b.sha && b.sha !== p.head_sha) throw new GhError(409, 'Head branch was modified. Review and try the merge again.');
  const allowed = {merge: r.allow_merge_commit, rebase: r.allow_rebase_merge, squash: r.allow_squash_merge}[method as 'merge'];
  if (!allowed) throw new GhError(405, `${method === 'merge' ? 'Merge commits are' : method === 'squash' ? 'Squash merges are' : 'Rebase merges are'} not allowed on this repository.`);
  const baseRef = `refs/heads/${p.base_ref}`;
  const base = await g.resolve(baseRef);
  if (!base) throw new GhError(405, 'Pull Request is not mergeable');
  const me: Identity = await gh.identity(actorId);
  const full = `${r.owner_login}/${r.name}`;
  let sha: string;
  const commits = (await g.log(p.head_sha, {exclude: base})).reverse();
  if (method === 'rebase') {
    let tip = base;
    for (const commit of commits) {
      const tree = await g.cherryPickTree(tip, commit.sha, commit.parents[0] ?? '4b825dc642cb6eb9a060e54bf8d69288fbee4904');
      if (!tree) throw new GhError(405, 'This branch can\'t be rebased');
      const author = {at: Math.floor(Date.parse(commit.author.date) / 1000), email: commit.author.email, name: commit.author.name};
      tip = await g.commitTree(tree, [tip], commit.message, author, me);
    }
    sha = tip;
  } else {
    const m = await g.mergeTree(base, p.head_sha);
    if (m.conflicts || !m.tree) throw new GhError(405, 'Pull Request is not mergeable');
    if (method === 'squash') {
      const title = b.commit_title ?? `${p.title} (#${p.number})`;
      const message = b.commit_message ?? commits.map((c) => `* ${c.message}`).join('\n\n');
      const first = commits[0];
      const author = first ? {at: me.at, email: first.author.email, name: first.author.name} : me;
      sha = await g.commitTree(m.tree, [base], message ? `${title}\n\n${message}` : title, author, me);
    } else {
      const title = b.commit_title ?? `Merge pull request #${p.number} from ${r.owner_login}/${p.head_ref}`;
      const message = b.commit_message ?? p.title;
      sha = await g.commitTree(m.tree, [base, p.head_sha], message ? `${title}\n\n${message}` : title, me);
    }
  }
  if (!(await g.updateRef(baseRef, sha, base))) throw new GhError(409, 'Base branch was modified. Review and try the merge again.');
  await gh.db.query('UPDATE pulls SET merged = true, merged_at = now(), merged_by = $2, merge_commit_sha = $3 WHERE issue_id = $1', [p.id, actorId, sha]);
  await gh.db.query("UPDATE issues SET state = 'closed', closed_at = now(), closed_by = $2, updated_at = now() WHERE id = $1", [p.id, actorId]);
  await recordEvent(gh, Number(p.id), actorId, 'merged', {commit_id: sha});
  await recordEvent(gh, Number(p.id), actorId, 'closed', {commit_id: sha});
  await afterRefUpdates(gh, o, r, [{after: sha, before: base, ref: baseRef}], actorId);
  if (p.base_ref === r.default_branch) {
    const text = [p.title, p.body ?? '', ...commits.map((c) => c.message)].join('\n');
    for (const n of closingRefs(text, full)) {
      const i = (await gh.db.query("SELECT * FROM issues WHERE repo_id = $1 AND number = $2 AND state = 'open' AND NOT is_pull", [r.id, n])).rows[0];
      if (!i) continue;
      await gh.db.query("UPDATE issues SET state = 'closed', state_reason = 'completed', closed_at = now(), closed_by = $2, updated_at = now() WHERE id = $1", [i.id, actorId]);
      await recordEvent(gh, Number(i.id), actorId, 'closed', {commit_id: sha, state_reason: 'completed'});
      await emitIssueById(gh, o, r, Number(i.id), 'closed', actorId);
    }
  }
  if (r.delete_branch_on_merge && p.head_ref !== r.default_branch) await g.deleteRef(`refs/heads/${p.head_ref}`);
  return {sha};
}
