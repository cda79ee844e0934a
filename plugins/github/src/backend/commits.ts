/** Commit shapes: git data commits, REST commits (with the GitHub users matched by email), file entries. */
import type {Gh} from './gh.js';
import type {CommitInfo, FileChange} from './gitrepo.js';
import {nodeId, simpleUser, type Row} from './present.js';

export const VERIFICATION = {payload: null, reason: 'unsigned', signature: null, verified: false, verified_at: null};

export function gitCommit(o: string, full: string, c: CommitInfo): Row {
  const api = `${o}/repos/${full}`;
  return {
    author: c.author,
    committer: c.committer,
    html_url: `${o}/${full}/commit/${c.sha}`,
    message: c.message,
    node_id: nodeId('Commit', c.sha),
    parents: c.parents.map((p) => ({html_url: `${o}/${full}/commit/${p}`, sha: p, url: `${api}/git/commits/${p}`})),
    sha: c.sha,
    tree: {sha: c.tree, url: `${api}/git/trees/${c.tree}`},
    url: `${api}/git/commits/${c.sha}`,
    verification: VERIFICATION,
  };
}

/** GitHub users by commit email (lower-cased). */
export async function usersByEmail(gh: Gh, commits: CommitInfo[]): Promise<Map<string, Row>> {
  const emails = [...new Set(commits.flatMap((c) => [c.author.email.toLowerCase(), c.committer.email.toLowerCase()]))];
  const out = new Map<string, Row>();
  if (emails.length === 0) return out;
  const r = await gh.db.query("SELECT * FROM users WHERE lower(email) = ANY($1) OR lower(login) || '@users.noreply.github.local' = ANY($1)", [emails]);
  for (const u of r.rows) {
    if (u.email) out.set(u.email.toLowerCase(), u);
    out.set(`${u.login.toLowerCase()}@users.noreply.github.local`, u);
  }
  return out;
}

export function restCommit(o: string, full: string, c: CommitInfo, users: Map<string, Row>, extra?: {files: FileChange[]}): Row {
  const api = `${o}/repos/${full}`;
  const author = users.get(c.author.email.toLowerCase());
  const committer = users.get(c.committer.email.toLowerCase());
  const out: Row = {
    author: simpleUser(o, author),
    comments_url: `${api}/commits/${c.sha}/comments`,
    commit: {
      author: c.author,
      comment_count: 0,
      committer: c.committer,
      message: c.message,
      tree: {sha: c.tree, url: `${api}/git/trees/${c.tree}`},
      url: `${api}/git/commits/${c.sha}`,
      verification: VERIFICATION,
    },
    committer: simpleUser(o, committer),
    html_url: `${o}/${full}/commit/${c.sha}`,
    node_id: nodeId('Commit', c.sha),
    parents: c.parents.map((p) => ({html_url: `${o}/${full}/commit/${p}`, sha: p, url: `${api}/commits/${p}`})),
    sha: c.sha,
    url: `${api}/commits/${c.sha}`,
  };
  if (extra) {
    const additions = extra.files.reduce((n, f) => n + f.additions, 0);
    const deletions = extra.files.reduce((n, f) => n + f.deletions, 0);
    out.stats = {additions, deletions, total: additions + deletions};
    out.files = extra.files.map((f) => fileEntry(o, full, c.sha, f));
  }
  return out;
}

export function fileEntry(o: string, full: string, ref: string, f: FileChange): Row {
  const path = f.filename.split('/').map(encodeURIComponent).join('/');
  return {
    additions: f.additions,
    blob_url: `${o}/${full}/blob/${ref}/${path}`,
    changes: f.changes,
    contents_url: `${o}/repos/${full}/contents/${path}?ref=${ref}`,
    deletions: f.deletions,
    filename: f.filename,
    ...(f.patch === undefined ? {} : {patch: f.patch}),
    ...(f.previous_filename ? {previous_filename: f.previous_filename} : {}),
    raw_url: `${o}/${full}/raw/${ref}/${path}`,
    sha: f.sha ?? '0000000000000000000000000000000000000000',
    status: f.status,
  };
}

/** Which media type the client asked for: GitHub's `application/vnd.github[.v3].raw|diff|patch|…`. */
export function mediaFormat(accept: string | undefined): 'json' | 'raw' | 'diff' | 'patch' | 'html' | 'sha' {
  const m = /application\/vnd\.github(?:\.v3)?\.(raw|diff|patch|html|sha)/.exec(accept ?? '');
  return (m?.[1] as 'raw') ?? 'json';
}
