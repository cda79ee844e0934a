// The journeys of the issue with @linear/sdk 88.3.0, pointed at an in-process clone by `apiUrl` only.
import {AuthenticationLinearError, InvalidInputLinearError, type LinearClient, LinearErrorType} from '@linear/sdk';
import {expect} from 'chai';

import {type LinearClone, startLinearClone} from './helpers.js';

describe('linear template: @linear/sdk against the clone', function () {
  let c: LinearClone;
  let linear: LinearClient;
  let eng: {id: string; key: string};
  let des: {id: string; key: string};
  const engState = async (name: string) => (await (await linear.team(eng.id)).states({filter: {name: {eq: name}}})).nodes[0]!;

  before(async () => {
    c = await startLinearClone();
    linear = c.linear;
    const teams = await linear.teams();
    eng = teams.nodes.find((t) => t.key === 'ENG')!;
    des = teams.nodes.find((t) => t.key === 'DES')!;
  });
  after(async () => c?.dispose());

  it('answers viewer, the organization, teams and their workflow states', async () => {
    const viewer = await linear.viewer;
    expect(viewer.email).to.equal('dana@acme.test');
    expect(viewer.admin).to.equal(true);
    expect((await linear.organization).urlKey).to.equal('acme');
    const teams = await linear.teams();
    expect(teams.nodes.map((t) => t.key).sort()).to.deep.equal(['DES', 'ENG']);
    const states = await (await linear.team(eng.id)).states();
    expect(new Set(states.nodes.map((s) => s.type))).to.deep.equal(new Set(['backlog', 'unstarted', 'started', 'completed', 'canceled']));
    expect((await viewer.teams()).nodes).to.have.length(2);
  });

  it('numbers new issues per team (ENG-29, ENG-30, DES-13)', async () => {
    const a = await (await linear.createIssue({teamId: eng.id, title: 'First new ENG issue'})).issue;
    const b = await (await linear.createIssue({priority: 2, teamId: eng.id, title: 'Second new ENG issue'})).issue;
    const d = await (await linear.createIssue({teamId: des.id, title: 'New DES issue'})).issue;
    expect([a!.identifier, b!.identifier, d!.identifier]).to.deep.equal(['ENG-29', 'ENG-30', 'DES-13']);
    expect(b!.priorityLabel).to.equal('High');
    expect((await a!.state)!.type).to.equal('backlog');
    expect((await linear.issue('ENG-30')).id).to.equal(b!.id);
  });

  it('sets startedAt, completedAt and canceledAt as an issue moves through states', async () => {
    const issue = (await (await linear.createIssue({teamId: eng.id, title: 'Walk the workflow'})).issue)!;
    expect(issue.startedAt).to.equal(undefined);
    await linear.updateIssue(issue.id, {stateId: (await engState('In Progress')).id});
    const started = await linear.issue(issue.id);
    expect(started.startedAt).to.be.instanceOf(Date);
    expect(started.completedAt).to.equal(undefined);
    await linear.updateIssue(issue.id, {stateId: (await engState('Done')).id});
    const done = await linear.issue(issue.id);
    expect(done.completedAt).to.be.instanceOf(Date);
    expect(done.startedAt!.getTime()).to.equal(started.startedAt!.getTime());
    await linear.updateIssue(issue.id, {stateId: (await engState('Canceled')).id});
    const canceled = await linear.issue(issue.id);
    expect(canceled.canceledAt).to.be.instanceOf(Date);
    expect(canceled.completedAt).to.equal(undefined);
    const history = await canceled.history();
    expect(history.nodes.map((h) => h.toStateId)).to.include((await engState('Done')).id);
  });

  it('filters issues by title, state type, team key and label', async () => {
    const byTitle = await linear.issues({filter: {title: {containsIgnoreCase: 'usage'}}});
    expect(byTitle.nodes.length).to.be.greaterThan(2);
    for (const i of byTitle.nodes) expect(i.title.toLowerCase()).to.include('usage');
    const started = await linear.issues({filter: {state: {type: {eq: 'started'}}}, first: 100});
    for (const i of started.nodes) expect((await i.state)!.type).to.equal('started');
    expect(started.nodes.length).to.be.greaterThan(3);
    const design = await linear.issues({filter: {team: {key: {eq: 'DES'}}}, first: 100});
    expect(design.nodes.every((i) => i.identifier.startsWith('DES-'))).to.equal(true);
    const bugs = await linear.issues({filter: {labels: {some: {name: {eq: 'Bug'}}}}, first: 100});
    expect(bugs.nodes.length).to.be.greaterThan(3);
    for (const i of bugs.nodes) expect((await i.labels()).nodes.map((l) => l.name)).to.include('Bug');
    const combined = await linear.issues({filter: {and: [{team: {key: {eq: 'ENG'}}}, {or: [{priority: {eq: 1}}, {assignee: {email: {eq: 'leo@acme.test'}}}]}]}, first: 100});
    for (const i of combined.nodes) expect(i.priority === 1 || (await i.assignee)?.email === 'leo@acme.test').to.equal(true);
    const unassigned = await linear.issues({filter: {assignee: {null: true}, team: {key: {eq: 'DES'}}}});
    expect(unassigned.nodes.every((i) => i.assigneeId === undefined)).to.equal(true);
  });

  it('comments on an issue, labels it, and puts it in a project, a cycle and under a parent', async () => {
    const issue = (await (await linear.createIssue({teamId: eng.id, title: 'Membership checks'})).issue)!;
    const comment = await (await linear.createComment({body: 'Looks good to me', issueId: issue.id})).comment;
    expect(comment!.body).to.equal('Looks good to me');
    const reply = await (await linear.createComment({body: 'Thanks', parentId: comment!.id})).comment;
    expect((await reply!.parent)!.id).to.equal(comment!.id);
    expect((await issue.comments()).nodes.map((x) => x.body)).to.include.members(['Looks good to me', 'Thanks']);

    const label = await (await linear.createIssueLabel({color: '#ff0000', name: 'Customer', teamId: eng.id})).issueLabel;
    await linear.issueAddLabel(issue.id, label!.id);
    expect((await (await linear.issue(issue.id)).labels()).nodes.map((l) => l.name)).to.deep.equal(['Customer']);

    const project = (await linear.projects({filter: {name: {eq: 'Billing revamp'}}})).nodes[0]!;
    const cycle = (await (await linear.team(eng.id)).activeCycle)!;
    await linear.updateIssue(issue.id, {cycleId: cycle.id, projectId: project.id});
    expect((await project.issues({first: 100})).nodes.map((i) => i.id)).to.include(issue.id);
    expect((await cycle.issues({first: 100})).nodes.map((i) => i.id)).to.include(issue.id);
    expect((await linear.issues({filter: {cycle: {number: {eq: cycle.number}}, project: {name: {eq: 'Billing revamp'}}}})).nodes.map((i) => i.id)).to.include(issue.id);
    expect((await project.projectMilestones()).nodes.map((m) => m.name).sort()).to.deep.equal(['Beta', 'GA']);

    const child = (await (await linear.createIssue({parentId: issue.id, teamId: eng.id, title: 'A sub-issue'})).issue)!;
    expect((await child.parent)!.id).to.equal(issue.id);
    expect((await issue.children()).nodes.map((i) => i.id)).to.deep.equal([child.id]);
  });

  it('walks 23+ issues 10 at a time with fetchNext without losing or repeating one', async () => {
    const first = await linear.issues({first: 10});
    const all = await linear.issues({first: 250});
    expect(all.nodes.length).to.be.greaterThan(23);
    let conn = first;
    const seen: string[] = [...conn.nodes.map((i) => i.id)];
    while (conn.pageInfo.hasNextPage) {
      conn = await conn.fetchNext();
      // fetchNext appends to the same connection's nodes
      seen.splice(0, seen.length, ...conn.nodes.map((i) => i.id));
    }
    expect(seen.length).to.equal(all.nodes.length);
    expect(new Set(seen).size).to.equal(seen.length);
    expect([...seen].sort()).to.deep.equal(all.nodes.map((i) => i.id).sort());
  });

  it('archives, unarchives and deletes an issue', async () => {
    const issue = (await (await linear.createIssue({teamId: des.id, title: 'Short-lived'})).issue)!;
    await linear.archiveIssue(issue.id);
    expect((await linear.issue(issue.id)).archivedAt).to.be.instanceOf(Date);
    const ids = async (includeArchived: boolean) => (await linear.issues({first: 250, includeArchived})).nodes.map((i) => i.id);
    expect(await ids(false)).not.to.include(issue.id);
    expect(await ids(true)).to.include(issue.id);
    await linear.unarchiveIssue(issue.id);
    expect(await ids(false)).to.include(issue.id);
    const trashed = await linear.deleteIssue(issue.id);
    expect(trashed.success).to.equal(true);
    expect((await linear.issue(issue.id)).trashed).to.equal(true);
    await linear.deleteIssue(issue.id, {permanentlyDelete: true});
    const err = await linear.issue(issue.id).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(InvalidInputLinearError);
  });

  it('answers Linear errors: unknown id, bad key, malformed query, input validation, unimplemented', async () => {
    const unknown = (await linear.issue('00000000-0000-4000-a000-000000000000').catch((e: unknown) => e)) as InvalidInputLinearError;
    expect(unknown).to.be.instanceOf(InvalidInputLinearError);
    expect(unknown.errors?.[0]?.message).to.equal('Could not find referenced Issue.');
    const badKey = await c.sdk('lin_api_notarealkey').viewer.catch((e: unknown) => e);
    expect(badKey).to.be.instanceOf(AuthenticationLinearError);
    const malformed = await c.gql('query { viewer { id ');
    expect(malformed.status).to.equal(400);
    expect(malformed.body.errors[0].extensions).to.include({code: 'GRAPHQL_PARSE_FAILED', type: 'graphql error'});
    const unknownField = await c.gql('query { viewer { nope } }');
    expect(unknownField.body.errors[0].extensions.code).to.equal('GRAPHQL_VALIDATION_FAILED');
    const empty = (await linear.createIssue({teamId: eng.id, title: '   '}).catch((e: unknown) => e)) as InvalidInputLinearError;
    expect(empty.type).to.equal(LinearErrorType.InvalidInput);
    const badTeam = (await linear.createIssue({teamId: 'no-such-team', title: 'x'}).catch((e: unknown) => e)) as InvalidInputLinearError;
    expect(badTeam.errors?.[0]?.message).to.equal('Could not find referenced Team.');
    const missing = await c.gql('query { customers { nodes { id } } }');
    expect(missing.body.errors[0].message).to.match(/Query\.customers is not implemented/);
    expect(missing.body.errors[0].extensions.type).to.equal('feature not accessible');
  });

  it('accepts the OAuth token as Bearer, sends rate-limit headers, and answers RATELIMITED past the limit', async () => {
    const bearer = `Bearer ${c.tokens.extra!.oauthToken}`;
    const ok = await c.gql('query { viewer { email } }', {}, bearer);
    expect(ok.body.data.viewer.email).to.equal('dana@acme.test');
    expect(Number(ok.headers.get('x-ratelimit-requests-limit'))).to.be.greaterThan(0);
    expect(ok.headers.get('x-ratelimit-requests-remaining')).to.match(/^\d+$/);
    expect(ok.headers.get('x-ratelimit-complexity-remaining')).to.match(/^\d+$/);
    expect(ok.headers.get('x-complexity')).to.match(/^\d+$/);
    const previous = process.env.ASYM_LINEAR_RATE_LIMIT;
    process.env.ASYM_LINEAR_RATE_LIMIT = '2';
    try {
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await c.gql('query { viewer { id } }', {}, bearer));
      const limited = results.at(-1)!;
      expect(limited.body.errors[0].extensions).to.include({code: 'RATELIMITED', type: 'ratelimited'});
    } finally {
      if (previous === undefined) delete process.env.ASYM_LINEAR_RATE_LIMIT;
      else process.env.ASYM_LINEAR_RATE_LIMIT = previous;
    }
  });

  it('searches issues by text', async () => {
    const found = await linear.searchIssues('Redis');
    expect(found.nodes.map((i) => i.title)).to.include('Migrate session store to Redis');
    expect(found.totalCount).to.equal(found.nodes.length);
  });
});
