/** GitHub's JSON shapes, with every URL field pointing at the clone (`o` is its origin). */
import type {RepoRow} from './gh.js';

export type Row = Record<string, any>;

/** GitHub's legacy global node id: base64 of `0<len>:<Type><id>`. */
export const nodeId = (type: string, id: number | string) => Buffer.from(`0${type.length}:${type}${id}`).toString('base64');

export const ts = (d: Date | string | null | undefined): string | null => (d ? new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z') : null);

export function simpleUser(o: string, u: Row | undefined | null): Row | null {
  if (!u) return null;
  const api = `${o}/users/${u.login}`;
  return {
    avatar_url: `${o}/avatars/u/${u.id}?v=4`,
    events_url: `${api}/events{/privacy}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    gravatar_id: '',
    html_url: `${o}/${u.login}`,
    id: Number(u.id),
    login: u.login,
    node_id: nodeId(u.type === 'Organization' ? 'Organization' : 'User', u.id),
    organizations_url: `${api}/orgs`,
    received_events_url: `${api}/received_events`,
    repos_url: `${api}/repos`,
    site_admin: Boolean(u.site_admin),
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    type: u.type ?? 'User',
    url: api,
    user_view_type: 'public',
  };
}

export function fullUser(o: string, u: Row, counts: {public_repos: number; owned_private_repos?: number}, priv = false): Row {
  return {
    ...simpleUser(o, u),
    bio: u.bio ?? null,
    blog: u.blog ?? '',
    company: u.company ?? null,
    created_at: ts(u.created_at),
    email: u.email ?? null,
    followers: 0,
    following: 0,
    hireable: null,
    location: u.location ?? null,
    name: u.name ?? null,
    public_gists: 0,
    public_repos: counts.public_repos,
    twitter_username: null,
    updated_at: ts(u.updated_at),
    ...(priv
      ? {collaborators: 0, disk_usage: 0, owned_private_repos: counts.owned_private_repos ?? 0, plan: {collaborators: 0, name: 'pro', private_repos: 9999, space: 976_562_499}, private_gists: 0, total_private_repos: counts.owned_private_repos ?? 0, two_factor_authentication: false}
      : {}),
  };
}

export function org(o: string, u: Row, full = false): Row {
  const api = `${o}/orgs/${u.login}`;
  const base = {
    avatar_url: `${o}/avatars/u/${u.id}?v=4`,
    description: u.bio ?? null,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    id: Number(u.id),
    issues_url: `${api}/issues`,
    login: u.login,
    members_url: `${api}/members{/member}`,
    node_id: nodeId('Organization', u.id),
    public_members_url: `${api}/public_members{/member}`,
    repos_url: `${api}/repos`,
    url: api,
  };
  if (!full) return base;
  return {...base, archived_at: null, ...(u.blog ? {blog: u.blog} : {}), ...(u.company ? {company: u.company} : {}), created_at: ts(u.created_at), email: u.email ?? null, followers: 0, following: 0, has_organization_projects: true, has_repository_projects: true, html_url: `${o}/${u.login}`, is_verified: false, location: u.location ?? null, name: u.name ?? null, public_gists: 0, public_repos: u.public_repos ?? 0, type: 'Organization', updated_at: ts(u.updated_at)};
}

export function repo(o: string, r: RepoRow | Row, owner: Row): Row {
  const full = `${r.owner_login ?? owner.login}/${r.name}`;
  const api = `${o}/repos/${full}`;
  const perm = r.permission as string | undefined;
  return {
    allow_forking: true,
    archive_url: `${api}/{archive_format}{/ref}`,
    archived: Boolean(r.archived),
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    clone_url: `${o}/${full}.git`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    created_at: ts(r.created_at),
    default_branch: r.default_branch,
    deployments_url: `${api}/deployments`,
    description: r.description ?? null,
    disabled: false,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    fork: false,
    forks: 0,
    forks_count: 0,
    forks_url: `${api}/forks`,
    full_name: full,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `${o.replace(/^http/, 'git')}/${full}.git`,
    has_discussions: false,
    has_downloads: true,
    has_issues: r.has_issues,
    has_pages: false,
    has_projects: r.has_projects,
    has_wiki: r.has_wiki,
    homepage: r.homepage ?? null,
    hooks_url: `${api}/hooks`,
    html_url: `${o}/${full}`,
    id: Number(r.id),
    is_template: false,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    language: null,
    languages_url: `${api}/languages`,
    license: null,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    mirror_url: null,
    name: r.name,
    node_id: nodeId('Repository', r.id),
    notifications_url: `${api}/notifications{?since,all,participating}`,
    open_issues: Number(r.open_issues ?? 0),
    open_issues_count: Number(r.open_issues ?? 0),
    owner: simpleUser(o, owner),
    ...(perm ? {permissions: {admin: perm === 'admin', maintain: perm === 'admin', pull: perm !== 'none', push: perm === 'admin' || perm === 'write', triage: perm !== 'read' && perm !== 'none'}} : {}),
    private: Boolean(r.private),
    pulls_url: `${api}/pulls{/number}`,
    pushed_at: ts(r.pushed_at ?? r.created_at),
    releases_url: `${api}/releases{/id}`,
    size: 0,
    ssh_url: `git@${new URL(o).host}:${full}.git`,
    stargazers_count: 0,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    svn_url: `${o}/${full}`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    topics: r.topics ?? [],
    trees_url: `${api}/git/trees{/sha}`,
    updated_at: ts(r.updated_at),
    url: api,
    visibility: r.private ? 'private' : 'public',
    watchers: 0,
    watchers_count: 0,
    web_commit_signoff_required: false,
    allow_merge_commit: r.allow_merge_commit,
    allow_squash_merge: r.allow_squash_merge,
    allow_rebase_merge: r.allow_rebase_merge,
    delete_branch_on_merge: r.delete_branch_on_merge,
  };
}

export function label(o: string, full: string, l: Row): Row {
  return {color: l.color, default: Boolean(l.is_default), description: l.description ?? null, id: Number(l.id), name: l.name, node_id: nodeId('Label', l.id), url: `${o}/repos/${full}/labels/${encodeURIComponent(l.name)}`};
}

export function milestone(o: string, full: string, m: Row, creator: Row | undefined, counts: {open: number; closed: number}): Row {
  const api = `${o}/repos/${full}/milestones/${m.number}`;
  return {
    closed_at: ts(m.closed_at),
    closed_issues: counts.closed,
    created_at: ts(m.created_at),
    creator: simpleUser(o, creator),
    description: m.description ?? null,
    due_on: ts(m.due_on),
    html_url: `${o}/${full}/milestone/${m.number}`,
    id: Number(m.id),
    labels_url: `${api}/labels`,
    node_id: nodeId('Milestone', m.id),
    number: m.number,
    open_issues: counts.open,
    state: m.state,
    title: m.title,
    updated_at: ts(m.updated_at),
    url: api,
  };
}

export function reactionsSummary(o: string, url: string, counts: Record<string, number>): Row {
  const keys = ['+1', '-1', 'laugh', 'hooray', 'confused', 'heart', 'rocket', 'eyes'];
  const out: Row = {url: `${url}/reactions`};
  let total = 0;
  for (const k of keys) {
    out[k] = counts[k] ?? 0;
    total += out[k];
  }
  out.total_count = total;
  return out;
}

export function comment(o: string, full: string, c: Row, user: Row | undefined, issueNumber: number, reactions: Record<string, number> = {}): Row {
  const url = `${o}/repos/${full}/issues/comments/${c.id}`;
  return {
    author_association: c.author_association ?? 'NONE',
    body: c.body,
    created_at: ts(c.created_at),
    html_url: `${o}/${full}/issues/${issueNumber}#issuecomment-${c.id}`,
    id: Number(c.id),
    issue_url: `${o}/repos/${full}/issues/${issueNumber}`,
    node_id: nodeId('IssueComment', c.id),
    performed_via_github_app: null,
    reactions: reactionsSummary(o, url, reactions),
    updated_at: ts(c.updated_at),
    url,
    user: simpleUser(o, user),
  };
}

export function hook(o: string, full: string, h: Row): Row {
  const api = `${o}/repos/${full}/hooks/${h.id}`;
  const {secret, ...config} = h.config as Row;
  return {
    active: h.active,
    config: {content_type: 'form', insecure_ssl: '0', ...config, ...(secret ? {secret: '********'} : {})},
    created_at: ts(h.created_at),
    deliveries_url: `${api}/deliveries`,
    events: h.events,
    id: Number(h.id),
    last_response: h.last_response ?? {code: null, message: null, status: 'unused'},
    name: 'web',
    ping_url: `${api}/pings`,
    test_url: `${api}/test`,
    type: 'Repository',
    updated_at: ts(h.updated_at),
    url: api,
  };
}
