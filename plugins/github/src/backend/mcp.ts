/** MCP tools named and shaped like GitHub's official MCP server, each running the clone's own REST routes. */
import {type McpCallContext, McpToolError, type McpTool} from '@asym/template-kit';

const S = {type: 'string'} as const;
const N = {type: 'number'} as const;
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({properties, required, type: 'object'});
const repoArgs = {owner: {...S, description: 'Repository owner'}, repo: {...S, description: 'Repository name'}};
const R = ['owner', 'repo'];
const base = (a: Record<string, any>) => `/repos/${encodeURIComponent(a.owner)}/${encodeURIComponent(a.repo)}`;
const paging = (a: Record<string, any>) => ({page: a.page, per_page: a.perPage});
const read = {readOnlyHint: true};

async function ok(ctx: McpCallContext, route: Parameters<McpCallContext['call']>[0]): Promise<any> {
  const r = await ctx.call(route);
  if (r.status >= 400) throw new McpToolError(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
  return r.body;
}

export const tools: McpTool[] = [
  {annotations: read, description: 'Get details of the authenticated GitHub user', inputSchema: obj({}), name: 'get_me', route: () => ({method: 'GET', path: '/user'})},
  {annotations: read, description: 'Search for GitHub repositories', inputSchema: obj({page: N, perPage: N, query: {...S, description: 'Search query'}}, ['query']), name: 'search_repositories', route: (a) => ({method: 'GET', path: '/search/repositories', query: {q: a.query, ...paging(a)}})},
  {annotations: read, description: 'Search for issues and pull requests', inputSchema: obj({order: S, page: N, perPage: N, query: S, sort: S}, ['query']), name: 'search_issues', route: (a) => ({method: 'GET', path: '/search/issues', query: {order: a.order, q: a.query, sort: a.sort, ...paging(a)}})},
  {annotations: read, description: 'Search for GitHub users', inputSchema: obj({page: N, perPage: N, query: S}, ['query']), name: 'search_users', route: (a) => ({method: 'GET', path: '/search/users', query: {q: a.query, ...paging(a)}})},
  {
    annotations: read,
    description: 'Get the contents of a file or directory from a GitHub repository',
    inputSchema: obj({...repoArgs, path: S, ref: S, sha: S}, R),
    name: 'get_file_contents',
    async run(a, ctx) {
      const body = await ok(ctx, {method: 'GET', path: `${base(a)}/contents/${String(a.path ?? '').replace(/^\/+/, '')}`, query: {ref: a.sha ?? a.ref}});
      if (Array.isArray(body)) return body.map((e: any) => ({name: e.name, path: e.path, sha: e.sha, size: e.size, type: e.type}));
      return {...body, content: Buffer.from(body.content ?? '', 'base64').toString('utf8'), encoding: 'utf-8'};
    },
  },
  {
    description: 'Create or update a single file in a GitHub repository (sha is required to update)',
    inputSchema: obj({...repoArgs, branch: S, content: S, message: S, path: S, sha: S}, [...R, 'path', 'content', 'message', 'branch']),
    name: 'create_or_update_file',
    route: (a) => ({json: {branch: a.branch, content: Buffer.from(String(a.content)).toString('base64'), message: a.message, sha: a.sha}, method: 'PUT', path: `${base(a)}/contents/${String(a.path).replace(/^\/+/, '')}`}),
  },
  {
    annotations: {destructiveHint: true},
    description: 'Delete a file from a GitHub repository',
    inputSchema: obj({...repoArgs, branch: S, message: S, path: S}, [...R, 'path', 'message', 'branch']),
    name: 'delete_file',
    async run(a, ctx) {
      const file = await ok(ctx, {method: 'GET', path: `${base(a)}/contents/${String(a.path).replace(/^\/+/, '')}`, query: {ref: a.branch}});
      return ok(ctx, {json: {branch: a.branch, message: a.message, sha: file.sha}, method: 'DELETE', path: `${base(a)}/contents/${String(a.path).replace(/^\/+/, '')}`});
    },
  },
  {
    description: 'Push several files to a branch in one commit',
    inputSchema: obj({...repoArgs, branch: S, files: {items: obj({content: S, path: S}, ['path', 'content']), type: 'array'}, message: S}, [...R, 'branch', 'files', 'message']),
    name: 'push_files',
    async run(a, ctx) {
      const ref = await ok(ctx, {method: 'GET', path: `${base(a)}/git/ref/heads/${a.branch}`});
      const head = await ok(ctx, {method: 'GET', path: `${base(a)}/git/commits/${ref.object.sha}`});
      const tree = await ok(ctx, {json: {base_tree: head.tree.sha, tree: (a.files as any[]).map((f) => ({content: f.content, mode: '100644', path: f.path, type: 'blob'}))}, method: 'POST', path: `${base(a)}/git/trees`});
      const commit = await ok(ctx, {json: {message: a.message, parents: [ref.object.sha], tree: tree.sha}, method: 'POST', path: `${base(a)}/git/commits`});
      return ok(ctx, {json: {sha: commit.sha}, method: 'PATCH', path: `${base(a)}/git/refs/heads/${a.branch}`});
    },
  },
  {
    description: 'Create a new GitHub repository in your account',
    inputSchema: obj({autoInit: {type: 'boolean'}, description: S, name: S, private: {type: 'boolean'}}, ['name']),
    name: 'create_repository',
    route: (a) => ({json: {auto_init: a.autoInit, description: a.description, name: a.name, private: a.private}, method: 'POST', path: '/user/repos'}),
  },
  {
    description: 'Create a new branch in a GitHub repository',
    inputSchema: obj({...repoArgs, branch: S, from_branch: S}, [...R, 'branch']),
    name: 'create_branch',
    async run(a, ctx) {
      const from = a.from_branch ?? (await ok(ctx, {method: 'GET', path: base(a)})).default_branch;
      const ref = await ok(ctx, {method: 'GET', path: `${base(a)}/git/ref/heads/${from}`});
      return ok(ctx, {json: {ref: `refs/heads/${a.branch}`, sha: ref.object.sha}, method: 'POST', path: `${base(a)}/git/refs`});
    },
  },
  {annotations: read, description: 'List branches in a GitHub repository', inputSchema: obj({...repoArgs, page: N, perPage: N}, R), name: 'list_branches', route: (a) => ({method: 'GET', path: `${base(a)}/branches`, query: paging(a)})},
  {annotations: read, description: 'List tags in a GitHub repository', inputSchema: obj({...repoArgs, page: N, perPage: N}, R), name: 'list_tags', route: (a) => ({method: 'GET', path: `${base(a)}/git/matching-refs/tags`})},
  {annotations: read, description: 'Get a list of commits of a branch in a GitHub repository', inputSchema: obj({...repoArgs, author: S, page: N, perPage: N, sha: S}, R), name: 'list_commits', route: (a) => ({method: 'GET', path: `${base(a)}/commits`, query: {author: a.author, sha: a.sha, ...paging(a)}})},
  {annotations: read, description: 'Get details for a commit from a GitHub repository', inputSchema: obj({...repoArgs, sha: S}, [...R, 'sha']), name: 'get_commit', route: (a) => ({method: 'GET', path: `${base(a)}/commits/${a.sha}`})},
  {
    annotations: read,
    description: 'List issues in a GitHub repository',
    inputSchema: obj({...repoArgs, direction: S, labels: {items: S, type: 'array'}, orderBy: S, page: N, perPage: N, since: S, state: S}, R),
    name: 'list_issues',
    route: (a) => ({method: 'GET', path: `${base(a)}/issues`, query: {direction: a.direction?.toLowerCase(), labels: Array.isArray(a.labels) ? a.labels.join(',') : a.labels, since: a.since, sort: a.orderBy?.toLowerCase().replace('_at', ''), state: a.state?.toLowerCase() ?? 'open', ...paging(a)}}),
  },
  {annotations: read, description: 'Get details of a specific issue in a GitHub repository', inputSchema: obj({...repoArgs, issue_number: N}, [...R, 'issue_number']), name: 'get_issue', route: (a) => ({method: 'GET', path: `${base(a)}/issues/${a.issue_number}`})},
  {annotations: read, description: 'Get comments for a specific issue in a GitHub repository', inputSchema: obj({...repoArgs, issue_number: N, page: N, perPage: N}, [...R, 'issue_number']), name: 'get_issue_comments', route: (a) => ({method: 'GET', path: `${base(a)}/issues/${a.issue_number}/comments`, query: paging(a)})},
  {
    description: 'Create a new issue in a GitHub repository',
    inputSchema: obj({...repoArgs, assignees: {items: S, type: 'array'}, body: S, labels: {items: S, type: 'array'}, milestone: N, title: S}, [...R, 'title']),
    name: 'create_issue',
    route: (a) => ({json: {assignees: a.assignees, body: a.body, labels: a.labels, milestone: a.milestone, title: a.title}, method: 'POST', path: `${base(a)}/issues`}),
  },
  {description: 'Add a comment to a specific issue in a GitHub repository', inputSchema: obj({...repoArgs, body: S, issue_number: N}, [...R, 'issue_number', 'body']), name: 'add_issue_comment', route: (a) => ({json: {body: a.body}, method: 'POST', path: `${base(a)}/issues/${a.issue_number}/comments`})},
  {
    description: 'Update an existing issue in a GitHub repository',
    inputSchema: obj({...repoArgs, assignees: {items: S, type: 'array'}, body: S, issue_number: N, labels: {items: S, type: 'array'}, milestone: N, state: S, state_reason: S, title: S}, [...R, 'issue_number']),
    name: 'update_issue',
    route: (a) => ({json: {assignees: a.assignees, body: a.body, labels: a.labels, milestone: a.milestone, state: a.state, state_reason: a.state_reason, title: a.title}, method: 'PATCH', path: `${base(a)}/issues/${a.issue_number}`}),
  },
  {
    annotations: read,
    description: 'List pull requests in a GitHub repository',
    inputSchema: obj({...repoArgs, base: S, direction: S, head: S, page: N, perPage: N, sort: S, state: S}, R),
    name: 'list_pull_requests',
    route: (a) => ({method: 'GET', path: `${base(a)}/pulls`, query: {base: a.base, direction: a.direction, head: a.head, sort: a.sort, state: a.state, ...paging(a)}}),
  },
  {annotations: read, description: 'Get details of a specific pull request', inputSchema: obj({...repoArgs, pullNumber: N}, [...R, 'pullNumber']), name: 'get_pull_request', route: (a) => ({method: 'GET', path: `${base(a)}/pulls/${a.pullNumber}`})},
  {annotations: read, description: 'Get the files changed in a specific pull request', inputSchema: obj({...repoArgs, pullNumber: N}, [...R, 'pullNumber']), name: 'get_pull_request_files', route: (a) => ({method: 'GET', path: `${base(a)}/pulls/${a.pullNumber}/files`})},
  {annotations: read, description: 'Get the diff of a pull request', inputSchema: obj({...repoArgs, pullNumber: N}, [...R, 'pullNumber']), name: 'get_pull_request_diff', route: (a) => ({headers: {accept: 'application/vnd.github.v3.diff'}, method: 'GET', path: `${base(a)}/pulls/${a.pullNumber}`})},
  {annotations: read, description: 'Get the reviews on a pull request', inputSchema: obj({...repoArgs, pullNumber: N}, [...R, 'pullNumber']), name: 'get_pull_request_reviews', route: (a) => ({method: 'GET', path: `${base(a)}/pulls/${a.pullNumber}/reviews`})},
  {annotations: read, description: 'Get the review comments on a pull request', inputSchema: obj({...repoArgs, pullNumber: N}, [...R, 'pullNumber']), name: 'get_pull_request_comments', route: (a) => ({method: 'GET', path: `${base(a)}/pulls/${a.pullNumber}/comments`})},
  {
    description: 'Create a new pull request in a GitHub repository',
    inputSchema: obj({...repoArgs, base: S, body: S, draft: {type: 'boolean'}, head: S, title: S}, [...R, 'title', 'head', 'base']),
    name: 'create_pull_request',
    route: (a) => ({json: {base: a.base, body: a.body, draft: a.draft, head: a.head, title: a.title}, method: 'POST', path: `${base(a)}/pulls`}),
  },
  {
    description: 'Update an existing pull request in a GitHub repository',
    inputSchema: obj({...repoArgs, base: S, body: S, pullNumber: N, state: S, title: S}, [...R, 'pullNumber']),
    name: 'update_pull_request',
    route: (a) => ({json: {base: a.base, body: a.body, state: a.state, title: a.title}, method: 'PATCH', path: `${base(a)}/pulls/${a.pullNumber}`}),
  },
  {
    description: 'Merge a pull request in a GitHub repository',
    inputSchema: obj({...repoArgs, commit_message: S, commit_title: S, merge_method: {enum: ['merge', 'squash', 'rebase'], type: 'string'}, pullNumber: N}, [...R, 'pullNumber']),
    name: 'merge_pull_request',
    route: (a) => ({json: {commit_message: a.commit_message, commit_title: a.commit_title, merge_method: a.merge_method}, method: 'PUT', path: `${base(a)}/pulls/${a.pullNumber}/merge`}),
  },
  {
    description: 'Create and submit a review on a pull request',
    inputSchema: obj({...repoArgs, body: S, commitID: S, event: {enum: ['APPROVE', 'REQUEST_CHANGES', 'COMMENT'], type: 'string'}, pullNumber: N}, [...R, 'pullNumber', 'event']),
    name: 'create_and_submit_pull_request_review',
    route: (a) => ({json: {body: a.body, commit_id: a.commitID, event: a.event}, method: 'POST', path: `${base(a)}/pulls/${a.pullNumber}/reviews`}),
  },
];
