/**
 * MCP at `POST /mcp` with the tools (names and arguments) of Linear's official MCP server. Each tool
 * runs GraphQL against this clone's own `/graphql` with the caller's Authorization header, so auth,
 * rate limits, history and webhooks behave as for a direct API call. Teams, users, states, labels
 * and projects may be given by id or by name (users also by email or "me"), as Linear's server takes them.
 */
import {type BackendContext, type Hono, type McpCallContext, McpToolError, type McpTool, mountMcp} from '@asym/template-kit';

import {principal} from './graphql.js';

type Args = Record<string, any>;

async function gql(ctx: McpCallContext, query: string, variables: Args = {}): Promise<any> {
  const res = await ctx.call({headers: {'content-type': 'application/json'}, json: {query, variables}, method: 'POST', path: '/graphql'});
  const body = res.body as {data?: any; errors?: Array<{message: string; extensions?: {userPresentableMessage?: string}}>};
  if (body.errors?.length) throw new McpToolError(body.errors.map((e) => e.extensions?.userPresentableMessage ?? e.message).join('; '));
  return body.data;
}

const ISSUE = `id identifier title description priority priorityLabel estimate dueDate url createdAt updatedAt archivedAt startedAt completedAt canceledAt
  state { id name type } team { id key name } assignee { id name email } project { id name } cycle { id number } projectMilestone { id name }
  parent { id identifier } labels { nodes { id name } }`;
const flat = (i: any) => i && {...i, labels: i.labels?.nodes?.map((l: any) => l.name) ?? []};

const str = (description: string) => ({description, type: 'string'});
const num = (description: string) => ({description, type: 'number'});
const bool = (description: string) => ({description, type: 'boolean'});
const strs = (description: string) => ({description, items: {type: 'string'}, type: 'array'});
const schema = (properties: Record<string, unknown>, required: string[] = []) => ({additionalProperties: false, properties, required, type: 'object'});
const limitArg = num('How many to return (default 50, at most 250)');
const cursorArg = str('The cursor of the next page, from the previous result');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function teamId(ctx: McpCallContext, team: string): Promise<string> {
  const d = await gql(ctx, 'query { teams(first: 250) { nodes { id key name } } }');
  const t = d.teams.nodes.find((x: any) => x.id === team || x.key.toLowerCase() === team.toLowerCase() || x.name.toLowerCase() === team.toLowerCase());
  if (!t) throw new McpToolError(`No team "${team}". Teams: ${d.teams.nodes.map((x: any) => `${x.key} (${x.name})`).join(', ')}`);
  return t.id;
}

async function userId(ctx: McpCallContext, user: string): Promise<string | null> {
  if (user === 'me') return (await gql(ctx, 'query { viewer { id } }')).viewer.id;
  if (user === 'null' || user === '') return null;
  const d = await gql(ctx, 'query { users(first: 250) { nodes { id name email displayName } } }');
  const u = d.users.nodes.find((x: any) => [x.id, x.email, x.name, x.displayName].some((v) => String(v).toLowerCase() === user.toLowerCase()));
  if (!u) throw new McpToolError(`No user "${user}". Give an id, a name, an email or "me".`);
  return u.id;
}

async function stateId(ctx: McpCallContext, team: string, state: string): Promise<string> {
  const d = await gql(ctx, 'query($id: String!) { team(id: $id) { states { nodes { id name type } } } }', {id: team});
  const s = d.team.states.nodes.find((x: any) => x.id === state || x.name.toLowerCase() === state.toLowerCase()) ?? d.team.states.nodes.find((x: any) => x.type === state);
  if (!s) throw new McpToolError(`No status "${state}" in this team. Statuses: ${d.team.states.nodes.map((x: any) => x.name).join(', ')}`);
  return s.id;
}

async function labelIds(ctx: McpCallContext, labels: string[]): Promise<string[]> {
  const d = await gql(ctx, 'query { issueLabels(first: 250) { nodes { id name } } }');
  return labels.map((l) => {
    const found = d.issueLabels.nodes.find((x: any) => x.id === l || x.name.toLowerCase() === l.toLowerCase());
    if (!found) throw new McpToolError(`No label "${l}".`);
    return found.id;
  });
}

async function projectId(ctx: McpCallContext, project: string): Promise<string> {
  if (UUID.test(project)) return project;
  const d = await gql(ctx, 'query($n: String!) { projects(filter: {name: {eqIgnoreCase: $n}}) { nodes { id } } }', {n: project});
  if (!d.projects.nodes[0]) throw new McpToolError(`No project "${project}".`);
  return d.projects.nodes[0].id;
}

/** The IssueCreateInput / IssueUpdateInput fields of the tool's arguments. */
async function issueInput(ctx: McpCallContext, a: Args, team: string | undefined): Promise<Args> {
  const input: Args = {};
  for (const k of ['title', 'description', 'priority', 'dueDate', 'estimate', 'parentId']) if (a[k] !== undefined) input[k] = a[k];
  if (a.assignee !== undefined) input.assigneeId = a.assignee === null ? null : await userId(ctx, String(a.assignee));
  if (a.labels !== undefined) input.labelIds = await labelIds(ctx, a.labels as string[]);
  if (a.project !== undefined) input.projectId = await projectId(ctx, String(a.project));
  if (a.cycle !== undefined) input.cycleId = a.cycle;
  if (a.milestone !== undefined) input.projectMilestoneId = a.milestone;
  if (a.state !== undefined) {
    if (!team) throw new McpToolError('Give the team to set a status.');
    input.stateId = await stateId(ctx, team, String(a.state));
  }
  return input;
}

const issueFields = {
  assignee: str('User id, name, email, or "me"'),
  cycle: str('Cycle id'),
  description: str('Markdown description'),
  dueDate: str('Due date, YYYY-MM-DD'),
  estimate: num('Estimate points'),
  labels: strs('Label names or ids'),
  milestone: str('Project milestone id'),
  parentId: str('Parent issue id (makes this a sub-issue)'),
  priority: num('0 none, 1 urgent, 2 high, 3 medium, 4 low'),
  project: str('Project name or id'),
  state: str('Status name, type or id'),
};

export const TOOLS: McpTool[] = [
  {
    annotations: {readOnlyHint: true, title: 'List issues'},
    description: 'List issues in the workspace, newest first, filtered by text, team, assignee, status, label, project, priority or parent.',
    inputSchema: schema({
      assignee: str('User id, name, email, or "me"'), cursor: cursorArg, includeArchived: bool('Include archived issues'), label: str('Label name or id'),
      limit: limitArg, orderBy: {enum: ['createdAt', 'updatedAt'], type: 'string'}, parentId: str('Only sub-issues of this issue'), priority: num('Priority 0-4'),
      project: str('Project name or id'), query: str('Text in the title or description'), state: str('Status name or type'), team: str('Team key, name or id'),
    }),
    name: 'list_issues',
    async run(a, ctx) {
      const filter: Args = {};
      if (a.query) filter.or = [{title: {containsIgnoreCase: a.query}}, {description: {containsIgnoreCase: a.query}}];
      if (a.team) filter.team = {id: {eq: await teamId(ctx, a.team)}};
      if (a.assignee) filter.assignee = {id: {eq: await userId(ctx, a.assignee)}};
      if (a.state) filter.state = {or: [{name: {eqIgnoreCase: a.state}}, {type: {eq: a.state}}, {id: {eq: a.state}}]};
      if (a.label) filter.labels = {some: {or: [{name: {eqIgnoreCase: a.label}}, {id: {eq: a.label}}]}};
      if (a.project) filter.project = {id: {eq: await projectId(ctx, a.project)}};
      if (a.priority !== undefined) filter.priority = {eq: a.priority};
      if (a.parentId) filter.parent = {id: {eq: a.parentId}};
      const d = await gql(ctx, `query($f: IssueFilter, $n: Int, $c: String, $a: Boolean, $o: PaginationOrderBy) { issues(filter: $f, first: $n, after: $c, includeArchived: $a, orderBy: $o) { nodes { ${ISSUE} } pageInfo { hasNextPage endCursor } } }`, {
        a: a.includeArchived ?? false, c: a.cursor, f: filter, n: a.limit ?? 50, o: a.orderBy,
      });
      return {issues: d.issues.nodes.map(flat), pageInfo: d.issues.pageInfo};
    },
  },
  {
    annotations: {readOnlyHint: true, title: 'Get issue'},
    description: 'Get an issue by id or identifier (ENG-123), with its sub-issues, relations and attachments.',
    inputSchema: schema({id: str('Issue id or identifier')}, ['id']),
    name: 'get_issue',
    async run(a, ctx) {
      const d = await gql(ctx, `query($id: String!) { issue(id: $id) { ${ISSUE} children { nodes { id identifier title } } relations { nodes { type relatedIssue { id identifier } } } attachments { nodes { id title url } } } }`, {id: a.id});
      return {...flat(d.issue), attachments: d.issue.attachments.nodes, children: d.issue.children.nodes, relations: d.issue.relations.nodes};
    },
  },
  {
    annotations: {title: 'Create issue'},
    description: 'Create an issue in a team.',
    inputSchema: schema({...issueFields, team: str('Team key, name or id'), title: str('Issue title')}, ['title', 'team']),
    name: 'create_issue',
    async run(a, ctx) {
      const team = await teamId(ctx, a.team);
      const input = {...(await issueInput(ctx, a, team)), teamId: team};
      const d = await gql(ctx, `mutation($input: IssueCreateInput!) { issueCreate(input: $input) { issue { ${ISSUE} } } }`, {input});
      return flat(d.issueCreate.issue);
    },
  },
  {
    annotations: {idempotentHint: true, title: 'Update issue'},
    description: 'Update an issue: title, description, status, assignee, priority, labels, project, cycle, parent, due date, estimate.',
    inputSchema: schema({...issueFields, id: str('Issue id or identifier'), team: str('Move to this team (key, name or id)'), title: str('New title')}, ['id']),
    name: 'update_issue',
    async run(a, ctx) {
      const current = (await gql(ctx, 'query($id: String!) { issue(id: $id) { id team { id } } }', {id: a.id})).issue;
      const team = a.team ? await teamId(ctx, a.team) : current.team.id;
      const input = await issueInput(ctx, a, team);
      if (a.team) input.teamId = team;
      const d = await gql(ctx, `mutation($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { issue { ${ISSUE} } } }`, {id: current.id, input});
      return flat(d.issueUpdate.issue);
    },
  },
  {
    annotations: {readOnlyHint: true, title: 'List comments'},
    description: 'List the comments of an issue, oldest first.',
    inputSchema: schema({issueId: str('Issue id or identifier')}, ['issueId']),
    name: 'list_comments',
    async run(a, ctx) {
      const d = await gql(ctx, 'query($id: String!) { issue(id: $id) { comments(first: 250) { nodes { id body createdAt editedAt parent { id } user { id name } } } } }', {id: a.issueId});
      return {comments: [...d.issue.comments.nodes].reverse()};
    },
  },
  {
    annotations: {title: 'Create comment'},
    description: 'Comment on an issue (or reply to a comment with parentId).',
    inputSchema: schema({body: str('Markdown body'), issueId: str('Issue id or identifier'), parentId: str('Comment to reply to')}, ['issueId', 'body']),
    name: 'create_comment',
    async run(a, ctx) {
      const issue = (await gql(ctx, 'query($id: String!) { issue(id: $id) { id } }', {id: a.issueId})).issue;
      const d = await gql(ctx, 'mutation($input: CommentCreateInput!) { commentCreate(input: $input) { comment { id body createdAt url user { id name } } } }', {
        input: {body: a.body, issueId: issue.id, parentId: a.parentId},
      });
      return d.commentCreate.comment;
    },
  },
  {
    annotations: {readOnlyHint: true, title: 'List teams'},
    description: 'List the teams of the workspace.',
    inputSchema: schema({includeArchived: bool('Include archived teams'), limit: limitArg, query: str('Text in the team name or key')}),
    name: 'list_teams',
    async run(a, ctx) {
      const d = await gql(ctx, 'query($n: Int, $a: Boolean) { teams(first: $n, includeArchived: $a) { nodes { id key name description createdAt } } }', {a: a.includeArchived ?? false, n: a.limit ?? 50});
      const q = String(a.query ?? '').toLowerCase();
      return {teams: d.teams.nodes.filter((t: any) => !q || t.name.toLowerCase().includes(q) || t.key.toLowerCase().includes(q))};
    },
  },
  {
    annotations: {readOnlyHint: true, title: 'Get team'},
    description: 'Get a team by id, key or name.',
    inputSchema: schema({query: str('Team id, key or name')}, ['query']),
    name: 'get_team',
    async run(a, ctx) {
      const id = await teamId(ctx, a.query);
      return (await gql(ctx, 'query($id: String!) { team(id: $id) { id key name description createdAt issueCount members { nodes { id name email } } } }', {id})).team;
    },
  },
  {
    annotations: {readOnlyHint: true, title: 'List projects'},
    description: 'List projects, optionally of one team or by name.',
    inputSchema: schema({includeArchived: bool('Include archived projects'), limit: limitArg, query: str('Text in the project name'), team: str('Team key, name or id')}),
    name: 'list_projects',
    async run(a, ctx) {
      const filter: Args = {};
      if (a.query) filter.name = {containsIgnoreCase: a.query};
      if (a.team) filter.accessibleTeams = {some: {id: {eq: await teamId(ctx, a.team)}}};
      const d = await gql(ctx, 'query($f: ProjectFilter, $n: Int, $a: Boolean) { projects(filter: $f, first: $n, includeArchived: $a) { nodes { id name description state progress startDate targetDate url lead { id name } status { name type } } } }', {
        a: a.includeArchived ?? false, f: filter, n: a.limit ?? 50,
      });
      return {projects: d.projects.nodes};
    },
  },
  {
    annotations: {readOnlyHint: true, title: 'Get project'},
    description: 'Get a project by id or name, with its milestones.',
    inputSchema: schema({query: str('Project id or name')}, ['query']),
    name: 'get_project',
    async run(a, ctx) {
      const id = await projectId(ctx, a.query);
      const d = await gql(ctx, 'query($id: String!) { project(id: $id) { id name description state progress startDate targetDate url lead { id name } projectMilestones { nodes { id name targetDate } } teams { nodes { id key } } } }', {id});
      return {...d.project, projectMilestones: d.project.projectMilestones.nodes, teams: d.project.teams.nodes};
    },
  },
  {
    annotations: {readOnlyHint: true, title: 'List issue statuses'},
    description: 'List the workflow statuses of a team.',
    inputSchema: schema({team: str('Team key, name or id')}, ['team']),
    name: 'list_issue_statuses',
    async run(a, ctx) {
      const d = await gql(ctx, 'query($id: String!) { team(id: $id) { states { nodes { id name type color position } } } }', {id: await teamId(ctx, a.team)});
      return {statuses: [...d.team.states.nodes].sort((x: any, y: any) => x.position - y.position)};
    },
  },
  {
    annotations: {readOnlyHint: true, title: 'List issue labels'},
    description: 'List issue labels: the workspace labels, plus a team’s own when team is given.',
    inputSchema: schema({limit: limitArg, name: str('Text in the label name'), team: str('Team key, name or id')}),
    name: 'list_issue_labels',
    async run(a, ctx) {
      const d = await gql(ctx, 'query($n: Int) { issueLabels(first: $n) { nodes { id name color description team { id key } } } }', {n: a.limit ?? 250});
      const team = a.team ? await teamId(ctx, a.team) : undefined;
      const q = String(a.name ?? '').toLowerCase();
      return {labels: d.issueLabels.nodes.filter((l: any) => (!l.team || !team || l.team.id === team) && (!q || l.name.toLowerCase().includes(q)))};
    },
  },
  {
    annotations: {title: 'Create issue label'},
    description: 'Create an issue label (in a team when teamId is given, else for the workspace).',
    inputSchema: schema({color: str('Hex color'), description: str('Description'), name: str('Label name'), teamId: str('Team id')}, ['name']),
    name: 'create_issue_label',
    async run(a, ctx) {
      const d = await gql(ctx, 'mutation($input: IssueLabelCreateInput!) { issueLabelCreate(input: $input) { issueLabel { id name color description } } }', {input: {color: a.color, description: a.description, name: a.name, teamId: a.teamId}});
      return d.issueLabelCreate.issueLabel;
    },
  },
  {
    annotations: {readOnlyHint: true, title: 'List users'},
    description: 'List the users of the workspace.',
    inputSchema: schema({limit: limitArg, query: str('Text in the name or email'), team: str('Only members of this team')}),
    name: 'list_users',
    async run(a, ctx) {
      const d = a.team
        ? (await gql(ctx, 'query($id: String!) { team(id: $id) { members(first: 250) { nodes { id name displayName email admin active } } } }', {id: await teamId(ctx, a.team)})).team.members
        : (await gql(ctx, 'query($n: Int) { users(first: $n) { nodes { id name displayName email admin active } } }', {n: a.limit ?? 250})).users;
      const q = String(a.query ?? '').toLowerCase();
      return {users: d.nodes.filter((u: any) => !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q))};
    },
  },
  {
    annotations: {readOnlyHint: true, title: 'Get user'},
    description: 'Get a user by id, name, email, or "me".',
    inputSchema: schema({query: str('User id, name, email or "me"')}, ['query']),
    name: 'get_user',
    async run(a, ctx) {
      const id = await userId(ctx, a.query);
      return (await gql(ctx, 'query($id: String!) { user(id: $id) { id name displayName email admin active createdAt } }', {id})).user;
    },
  },
  {
    annotations: {readOnlyHint: true, title: 'List cycles'},
    description: 'List the cycles of a team; type current, previous or next picks one.',
    inputSchema: schema({teamId: str('Team id, key or name'), type: {enum: ['current', 'previous', 'next'], type: 'string'}}, ['teamId']),
    name: 'list_cycles',
    async run(a, ctx) {
      const d = await gql(ctx, 'query($id: String!) { team(id: $id) { cycles(first: 250) { nodes { id number name startsAt endsAt progress isActive isNext isPrevious } } } }', {id: await teamId(ctx, a.teamId)});
      const cycles = [...d.team.cycles.nodes].sort((x: any, y: any) => x.number - y.number);
      const pick = {current: 'isActive', next: 'isNext', previous: 'isPrevious'}[a.type as string];
      return {cycles: pick ? cycles.filter((c: any) => c[pick]) : cycles};
    },
  },
];

export function mountLinearMcp(app: Hono, ctx: BackendContext): void {
  mountMcp(app, '/mcp', {
    authenticate: async (authorization) => Boolean(await principal(ctx, authorization)),
    instructions: 'Tools of Linear’s MCP server, answered by a local asymmetric clone of Linear. Teams, users, statuses, labels and projects can be named instead of given by id.',
    name: 'linear',
    tools: TOOLS,
    version: '0.1.0',
  });
}
