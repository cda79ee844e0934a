// Writes seeds/acme.sql, the `acme` fixture: a workspace with two teams (ENG, DES), seven users,
// default workflow states, labels, two projects with milestones and an update, three ENG cycles
// (past, current, next), 40 issues with comments, sub-issues, relations and attachments.
// Ids and timestamps are fixed, so every seed of the fixture is identical. Run: node scripts/gen-fixture.mjs
import {createHash} from 'node:crypto';
import {writeFileSync} from 'node:fs';

const uuid = (name) => {
  const h = createHash('sha1').update(`acme:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const BASE = Date.parse('2026-09-01T09:00:00.000Z');
const at = (hours) => new Date(BASE + hours * 3_600_000).toISOString();
const rows = [];
const add = (type, name, data, hours) => {
  const row = {__typename: type, archivedAt: null, createdAt: at(hours), id: uuid(name), updatedAt: at(hours), ...data};
  rows.push(row);
  return row;
};

const org = add('Organization', 'org', {allowedAuthServices: [], gitBranchFormat: null, logoUrl: null, name: 'Acme', periodUploadVolume: 0, roadmapEnabled: true, urlKey: 'acme', workingDays: [1, 2, 3, 4, 5]}, 0);

const people = [
  ['dana', 'Dana Whitfield', {admin: true, owner: true}],
  ['sam', 'Sam Okafor', {admin: true}],
  ['priya', 'Priya Raman', {}],
  ['leo', 'Leo Martins', {}],
  ['mia', 'Mia Chen', {}],
  ['noah', 'Noah Becker', {}],
  ['ava', 'Ava Rossi', {}],
];
const colors = ['#5e6ad2', '#26b5ce', '#f2994a', '#4cb782', '#eb5757', '#bb87fc', '#f7c8c1'];
const user = {};
people.forEach(([handle, name, flags], i) => {
  user[handle] = add('User', `user:${handle}`, {
    active: true, admin: false, app: false, avatarBackgroundColor: colors[i], avatarUrl: null, description: null, displayName: handle,
    email: `${handle}@acme.test`, guest: false, isAssignable: true, isMentionable: true, name, owner: false, statusEmoji: null, statusLabel: null,
    timezone: 'Europe/Berlin', ...flags,
  }, 1 + i);
});

const team = {};
const teamDefs = [
  ['ENG', 'Engineering', ['dana', 'sam', 'priya', 'leo', 'mia'], true],
  ['DES', 'Design', ['dana', 'noah', 'ava', 'mia'], false],
];
const STATES = [
  ['Backlog', 'backlog', '#bec2c8'], ['Todo', 'unstarted', '#e2e2e2'], ['In Progress', 'started', '#f2c94c'], ['In Review', 'started', '#0f783c'],
  ['Done', 'completed', '#5e6ad2'], ['Canceled', 'canceled', '#95a2b3'], ['Duplicate', 'canceled', '#95a2b3'],
];
const state = {};
teamDefs.forEach(([key, name, members, cycles], t) => {
  team[key] = add('Team', `team:${key}`, {
    color: t === 0 ? '#5e6ad2' : '#f2994a', cycleDuration: 2, cycleStartDay: 1, cyclesEnabled: cycles, description: `${name} at Acme`, icon: null,
    issueCount: 0, key, name, private: false, timezone: 'Europe/Berlin', triageEnabled: false,
  }, 10 + t);
  members.forEach((m, i) => add('TeamMembership', `member:${key}:${m}`, {owner: m === 'dana', sortOrder: i, teamId: team[key].id, userId: user[m].id}, 10 + t));
  STATES.forEach(([sname, type, color], i) => {
    state[`${key}:${sname}`] = add('WorkflowState', `state:${key}:${sname}`, {color, description: null, name: sname, position: i, teamId: team[key].id, type}, 10 + t);
  });
});

const label = {};
[
  ['Bug', '#eb5757', null], ['Feature', '#bb87fc', null], ['Improvement', '#4ea7fc', null],
  ['Backend', '#26b5ce', 'ENG'], ['Frontend', '#f2994a', 'ENG'], ['Tech debt', '#95a2b3', 'ENG'], ['UX', '#4cb782', 'DES'], ['Visual', '#f7c8c1', 'DES'],
].forEach(([name, color, key], i) => {
  label[name] = add('IssueLabel', `label:${name}`, {color, creatorId: user.dana.id, description: null, isGroup: false, name, parentId: null, teamId: key ? team[key].id : null}, 12 + i);
});

const pstatus = {};
[['Backlog', 'backlog', '#bec2c8'], ['Planned', 'planned', '#e2e2e2'], ['In Progress', 'started', '#f2c94c'], ['Paused', 'paused', '#95a2b3'], ['Completed', 'completed', '#5e6ad2'], ['Canceled', 'canceled', '#95a2b3']].forEach(([name, type, color], i) => {
  pstatus[type] = add('ProjectStatus', `pstatus:${type}`, {color, description: null, indefinite: type === 'backlog' || type === 'paused', name, position: i, type}, 20);
});

const project = {
  billing: add('Project', 'project:billing', {
    color: '#26b5ce', creatorId: user.sam.id, description: 'Move invoicing to usage-based billing', health: 'onTrack', healthUpdatedAt: at(900), icon: null, labelIds: [],
    leadId: user.sam.id, memberIds: [user.sam.id, user.priya.id, user.leo.id], name: 'Billing revamp', priority: 2, slugId: '3f1a9c2b7d4e', sortOrder: 1,
    startDate: '2026-10-01', startedAt: at(720), statusId: pstatus.started.id, targetDate: '2027-01-31', teamIds: [team.ENG.id],
  }, 30),
  design: add('Project', 'project:design', {
    color: '#f2994a', creatorId: user.noah.id, description: 'Tokens, components and documentation for the next design system', health: null, icon: null, labelIds: [],
    leadId: user.noah.id, memberIds: [user.noah.id, user.ava.id, user.mia.id], name: 'Design system v2', priority: 3, slugId: '8c2e5a1f9b3d', sortOrder: 2,
    startDate: '2026-12-01', statusId: pstatus.planned.id, targetDate: '2027-03-31', teamIds: [team.DES.id, team.ENG.id],
  }, 31),
};
const milestone = {
  beta: add('ProjectMilestone', 'milestone:beta', {description: 'Usage metering for internal accounts', name: 'Beta', projectId: project.billing.id, sortOrder: 1, targetDate: '2026-12-15'}, 32),
  ga: add('ProjectMilestone', 'milestone:ga', {description: 'All accounts on usage-based invoices', name: 'GA', projectId: project.billing.id, sortOrder: 2, targetDate: '2027-01-31'}, 32),
  tokens: add('ProjectMilestone', 'milestone:tokens', {description: null, name: 'Tokens', projectId: project.design.id, sortOrder: 1, targetDate: '2027-01-15'}, 33),
  components: add('ProjectMilestone', 'milestone:components', {description: null, name: 'Components', projectId: project.design.id, sortOrder: 2, targetDate: '2027-03-15'}, 33),
};
add('ProjectUpdate', 'update:billing:1', {body: 'Metering pipeline is live for internal accounts; invoices next.', health: 'onTrack', isDiffHidden: false, projectId: project.billing.id, slugId: '5b7c9d1e', userId: user.sam.id}, 900);

const cycle = {};
[['past', 1, '2026-11-16', '2026-11-30'], ['current', 2, '2026-11-30', '2026-12-14'], ['next', 3, '2026-12-14', '2026-12-28']].forEach(([k, number, start, end]) => {
  cycle[k] = add('Cycle', `cycle:ENG:${number}`, {
    completedAt: k === 'past' ? `${end}T00:00:00.000Z` : null, description: null, endsAt: `${end}T00:00:00.000Z`, name: null, number, startsAt: `${start}T00:00:00.000Z`, teamId: team.ENG.id,
  }, 40);
});

// [team, title, state, priority, assignee, labels, estimate, extra]
const ISSUES = [
  ['ENG', 'Login fails with SSO when the email has uppercase letters', 'Done', 1, 'priya', ['Bug', 'Backend'], 2, {cycle: 'past'}],
  ['ENG', 'Usage meter service', 'In Progress', 2, 'sam', ['Feature', 'Backend'], 5, {project: 'billing', milestone: 'beta', cycle: 'current', key: 'meter'}],
  ['ENG', 'Emit usage events from the API gateway', 'Done', 2, 'leo', ['Backend'], 3, {project: 'billing', milestone: 'beta', cycle: 'past', parent: 'meter'}],
  ['ENG', 'Aggregate usage per account per hour', 'In Review', 2, 'sam', ['Backend'], 3, {project: 'billing', milestone: 'beta', cycle: 'current', parent: 'meter'}],
  ['ENG', 'Backfill usage for October', 'Todo', 3, 'leo', ['Backend'], 2, {project: 'billing', milestone: 'beta', cycle: 'current', parent: 'meter'}],
  ['ENG', 'Invoice line items from usage', 'Todo', 2, 'priya', ['Feature', 'Backend'], 5, {project: 'billing', milestone: 'ga', cycle: 'next', key: 'invoice'}],
  ['ENG', 'Usage chart on the billing page', 'Backlog', 3, 'mia', ['Feature', 'Frontend'], 3, {project: 'billing', milestone: 'ga'}],
  ['ENG', 'Proration when a plan changes mid-cycle', 'Backlog', 2, null, ['Feature', 'Backend'], 5, {project: 'billing', milestone: 'ga', key: 'proration'}],
  ['ENG', 'Tax rates per region', 'Backlog', 3, null, ['Feature'], 3, {project: 'billing'}],
  ['ENG', 'Dashboard loads slowly for large workspaces', 'In Progress', 1, 'leo', ['Bug', 'Frontend'], 3, {cycle: 'current', key: 'slow'}],
  ['ENG', 'Paginate the activity feed', 'Todo', 2, 'mia', ['Improvement', 'Frontend'], 2, {cycle: 'current'}],
  ['ENG', 'Remove the legacy export endpoint', 'Backlog', 4, null, ['Tech debt'], 1, {}],
  ['ENG', 'Upgrade the ORM to the next major version', 'Backlog', 4, 'sam', ['Tech debt', 'Backend'], 5, {}],
  ['ENG', 'Password reset email is sent twice', 'Done', 1, 'priya', ['Bug', 'Backend'], 1, {cycle: 'past', key: 'reset'}],
  ['ENG', 'Reset email arrives twice for some users', 'Duplicate', 0, null, ['Bug'], null, {dup: 'reset'}],
  ['ENG', 'Dark mode flickers on page load', 'Todo', 3, 'mia', ['Bug', 'Frontend'], 1, {cycle: 'current'}],
  ['ENG', 'Rate limit the public API per token', 'In Review', 2, 'leo', ['Improvement', 'Backend'], 3, {cycle: 'current'}],
  ['ENG', 'Audit log for admin actions', 'Backlog', 3, null, ['Feature'], 5, {}],
  ['ENG', 'CSV import drops rows with quoted commas', 'Todo', 2, 'priya', ['Bug', 'Backend'], 2, {cycle: 'current', dueDate: '2026-12-10'}],
  ['ENG', 'Keyboard shortcut to archive an item', 'Canceled', 4, null, ['Improvement', 'Frontend'], 1, {}],
  ['ENG', 'Search returns archived items', 'Done', 2, 'leo', ['Bug'], 2, {cycle: 'past'}],
  ['ENG', 'Webhook retries with exponential backoff', 'Backlog', 3, 'sam', ['Improvement', 'Backend'], 3, {}],
  ['ENG', 'Migrate session store to Redis', 'In Progress', 2, 'dana', ['Tech debt', 'Backend'], 3, {cycle: 'current', key: 'redis'}],
  ['ENG', 'Session timeouts after the Redis migration', 'Backlog', 2, null, ['Bug'], 2, {related: 'redis'}],
  ['ENG', 'Component tokens in the web app', 'Backlog', 3, 'mia', ['Frontend'], 3, {project: 'design', milestone: 'tokens', key: 'webtokens'}],
  ['ENG', 'Flaky end-to-end test for checkout', 'Todo', 3, 'leo', ['Tech debt'], 1, {cycle: 'current', dueDate: '2026-12-05'}],
  ['ENG', 'Document the billing API', 'Backlog', 4, null, ['Improvement'], 2, {project: 'billing', blocks: 'proration'}],
  ['ENG', 'Slow query on the invoices list', 'Todo', 1, 'priya', ['Bug', 'Backend'], 2, {project: 'billing', milestone: 'ga', blocks: 'invoice'}],
  ['DES', 'Color tokens for light and dark themes', 'In Progress', 2, 'noah', ['Visual'], 3, {project: 'design', milestone: 'tokens', key: 'colors', blocks: 'webtokens'}],
  ['DES', 'Typography scale', 'Todo', 2, 'ava', ['Visual'], 2, {project: 'design', milestone: 'tokens'}],
  ['DES', 'Spacing and radius tokens', 'Backlog', 3, 'noah', ['Visual'], 1, {project: 'design', milestone: 'tokens', parent: 'colors'}],
  ['DES', 'Button component states', 'Backlog', 3, 'ava', ['UX', 'Visual'], 2, {project: 'design', milestone: 'components', key: 'button'}],
  ['DES', 'Form field component', 'Backlog', 3, null, ['UX'], 3, {project: 'design', milestone: 'components'}],
  ['DES', 'Billing page redesign', 'In Review', 2, 'ava', ['UX'], 3, {related: 'invoice'}],
  ['DES', 'Empty states for lists', 'Done', 3, 'noah', ['UX'], 1, {}],
  ['DES', 'Onboarding checklist flow', 'Todo', 2, 'mia', ['UX', 'Feature'], 3, {dueDate: '2026-12-18'}],
  ['DES', 'Icon set refresh', 'Backlog', 4, null, ['Visual'], 2, {}],
  ['DES', 'Accessibility review of the dashboard', 'Todo', 1, 'ava', ['UX', 'Improvement'], 2, {related: 'slow'}],
  ['DES', 'Illustrations for error pages', 'Canceled', 4, null, ['Visual'], 1, {}],
  ['DES', 'Usability test: new navigation', 'Done', 2, 'noah', ['UX'], 2, {}],
];
const issueByKey = {};
const counters = {ENG: 0, DES: 0};
const issues = ISSUES.map(([key, title, sname, priority, assignee, labels, estimate, extra], i) => {
  const number = ++counters[key];
  const s = state[`${key}:${sname}`];
  const h = 48 + i * 40;
  const started = ['started', 'completed'].includes(s.data?.type ?? s.type) ? at(h + 20) : null;
  const row = add('Issue', `issue:${key}-${number}`, {
    addedToCycleAt: extra.cycle ? at(h + 1) : null, addedToProjectAt: extra.project ? at(h) : null, addedToTeamAt: at(h), assigneeId: assignee ? user[assignee].id : null,
    boardOrder: 0, canceledAt: s.type === 'canceled' ? at(h + 30) : null, completedAt: s.type === 'completed' ? at(h + 30) : null, creatorId: user[i % 3 === 0 ? 'dana' : i % 3 === 1 ? 'sam' : 'noah'].id,
    cycleId: extra.cycle ? cycle[extra.cycle].id : null, description: `${title}.\n\nReported in the weekly triage; see the linked thread for context.`, dueDate: extra.dueDate ?? null,
    estimate, identifier: `${key}-${number}`, labelIds: labels.map((l) => label[l].id), number, parentId: null, previousIdentifiers: [], priority, prioritySortOrder: priority,
    projectId: extra.project ? project[extra.project].id : null, projectMilestoneId: extra.milestone ? milestone[extra.milestone].id : null, sortOrder: -number * 10,
    startedAt: started, stateId: s.id, subIssueSortOrder: null, subscriberIds: [...new Set([user.dana.id, ...(assignee ? [user[assignee].id] : [])])], teamId: team[key].id, title,
  }, h);
  row.updatedAt = at(h + 30);
  if (extra.key) issueByKey[extra.key] = row;
  return [row, extra];
});
for (const [row, extra] of issues) {
  if (extra.parent) {
    row.parentId = issueByKey[extra.parent].id;
    row.subIssueSortOrder = row.number;
  }
}
team.ENG.issueCount = counters.ENG;
team.DES.issueCount = counters.DES;
let rel = 0;
for (const [row, extra] of issues) {
  for (const [kind, type] of [['blocks', 'blocks'], ['related', 'related'], ['dup', 'duplicate']]) {
    if (!extra[kind]) continue;
    add('IssueRelation', `relation:${++rel}`, {issueId: row.id, relatedIssueId: issueByKey[extra[kind]].id, type}, Date.parse(row.createdAt) / 3_600_000 - BASE / 3_600_000 + 2);
  }
}

const COMMENTS = [
  'I can reproduce this on staging.', 'Root cause is in the session middleware.', 'PR is up, needs one more review.', 'Shipped in today\'s release.',
  'Can we get numbers for the large workspaces first?', 'Moving this to the next cycle.', 'Design is ready in the file linked above.', 'Blocked on the API change.',
];
let c = 0;
issues.forEach(([row], i) => {
  if (i % 4 === 3) return;
  const n = i % 3 === 0 ? 2 : 1;
  const hours = Date.parse(row.createdAt) / 3_600_000 - BASE / 3_600_000;
  let first;
  for (let k = 0; k < n; k++) {
    const author = people[(i + k) % people.length][0];
    const comment = add('Comment', `comment:${++c}`, {
      body: COMMENTS[(i + k) % COMMENTS.length], bodyData: null, editedAt: null, issueId: row.id, parentId: k === 1 && i % 6 === 0 ? first.id : null, projectUpdateId: null, quotedText: null,
      resolvedAt: null, userId: user[author].id,
    }, hours + 3 + k);
    first ??= comment;
  }
});
add('Attachment', 'attachment:1', {creatorId: user.sam.id, groupBySource: false, issueId: issueByKey.meter.id, metadata: {}, sourceType: 'github', subtitle: 'Open', title: 'acme/api#412 Usage meter service', url: 'https://github.com/acme/api/pull/412'}, 500);
add('Attachment', 'attachment:2', {creatorId: user.leo.id, groupBySource: false, issueId: issueByKey.slow.id, metadata: {}, sourceType: 'github', subtitle: 'Merged', title: 'acme/web#88 Virtualise the dashboard list', url: 'https://github.com/acme/web/pull/88'}, 600);

// Planning around the projects: an initiative, a roadmap, a document, labels, a view, a template, a favorite.
const revenue = add('ProjectLabel', 'plabel:revenue', {color: '#4cb782', creatorId: user.dana.id, description: null, isGroup: false, name: 'Revenue', parentId: null}, 25);
project.billing.labelIds = [revenue.id];
const initiative = add('Initiative', 'initiative:monetization', {
  color: '#26b5ce', creatorId: user.dana.id, description: 'Grow revenue per account in FY27', health: 'onTrack', icon: null, labelIds: [], name: 'FY27 Monetization', ownerId: user.dana.id,
  priority: 1, slugId: '6d2f8a4c1e7b', sortOrder: 1, status: 'Active', targetDate: '2027-06-30', visibility: 'public',
}, 35);
add('InitiativeToProject', 'initiative:monetization:billing', {initiativeId: initiative.id, projectId: project.billing.id, sortOrder: 'a0'}, 35);
add('InitiativeUpdate', 'initiative-update:1', {body: 'Billing revamp on track for the December beta.', health: 'onTrack', initiativeId: initiative.id, isDiffHidden: false, slugId: '9a1b2c3d', userId: user.dana.id}, 905);
add('Roadmap', 'roadmap:2027', {color: '#5e6ad2', creatorId: user.dana.id, description: 'What ships in 2027', name: '2027', ownerId: user.dana.id, slugId: '1c3e5a7b9d2f', sortOrder: 1}, 36);
add('Document', 'document:billing-spec', {
  color: null, content: '# Usage-based billing\n\nMeter, aggregate, invoice.', creatorId: user.sam.id, icon: null, projectId: project.billing.id, slugId: '4e6a8c0b2d1f', sortOrder: 1, title: 'Billing revamp spec',
}, 37);
add('ProjectRelation', 'project-relation:1', {anchorType: 'project', projectId: project.design.id, relatedAnchorType: 'project', relatedProjectId: project.billing.id, type: 'dependency', userId: user.noah.id}, 38);
add('CustomView', 'view:open-bugs', {
  color: '#eb5757', creatorId: user.dana.id, description: 'Bugs not done yet', filterData: {labels: {some: {name: {eq: 'Bug'}}}, state: {type: {nin: ['completed', 'canceled']}}}, icon: null,
  modelName: 'Issue', name: 'Open bugs', ownerId: user.dana.id, shared: true, slugId: '7b9d1f3a5c2e', teamId: null,
}, 39);
add('Template', 'template:bug', {
  color: null, creatorId: user.dana.id, description: 'Steps to reproduce, expected, actual', icon: null, name: 'Bug report', sortOrder: 1, teamId: team.ENG.id,
  templateData: {description: '## Steps to reproduce\n\n## Expected\n\n## Actual', labelIds: [label.Bug.id], title: 'Bug: '}, type: 'issue',
}, 39);
add('Favorite', 'favorite:dana:billing', {folderName: null, ownerId: user.dana.id, parentId: null, projectId: project.billing.id, sortOrder: 1, type: 'project', userId: user.dana.id}, 40);
add('InitiativeLabel', 'ilabel:strategic', {color: '#bb87fc', creatorId: user.dana.id, description: null, isGroup: false, name: 'Strategic', parentId: null}, 35);

// Customers asking for billing work, a release pipeline with one release, the 2027 roadmap's project, a link.
const active = add('CustomerStatus', 'cstatus:active', {color: '#4cb782', description: null, displayName: 'Active', name: 'Active', position: 0, type: 'active'}, 41);
const enterprise = add('CustomerTier', 'ctier:enterprise', {color: '#5e6ad2', description: null, displayName: 'Enterprise', name: 'Enterprise', position: 0}, 41);
const globex = add('Customer', 'customer:globex', {domains: ['globex.test'], externalIds: [], logoUrl: null, name: 'Globex', ownerId: user.sam.id, revenue: 120000, size: 800, slugId: '2b4d6f8a0c1e', statusId: active.id, tierId: enterprise.id}, 42);
add('CustomerNeed', 'need:globex:invoice', {body: 'Needs usage line items on invoices before renewal.', creatorId: user.sam.id, customerId: globex.id, issueId: issueByKey.invoice.id, priority: 1, projectId: null}, 42);
const pipeline = add('ReleasePipeline', 'pipeline:web', {includePathPatterns: [], isProduction: true, name: 'Web', slugId: '0a2c4e6b8d1f', teamIds: [team.ENG.id], type: 'scheduled'}, 43);
const stages = {};
[['Planned', 'planned', '#bec2c8'], ['In progress', 'started', '#f2c94c'], ['Released', 'completed', '#5e6ad2']].forEach(([name, type, color], i) => {
  stages[type] = add('ReleaseStage', `stage:web:${type}`, {color, frozen: false, name, pipelineId: pipeline.id, position: i, type}, 43);
});
const release = add('Release', 'release:web:2026.12', {creatorId: user.dana.id, description: 'December release', name: '2026.12', pipelineId: pipeline.id, slugId: '3c5e7a9b1d2f', stageId: stages.started.id, startDate: '2026-12-01', targetDate: '2026-12-15', version: '2026.12'}, 44);
add('IssueToRelease', 'release:web:2026.12:slow', {issueId: issueByKey.slow.id, releaseId: release.id}, 44);
add('RoadmapToProject', 'roadmap:2027:billing', {projectId: project.billing.id, roadmapId: rows.find((r) => r.__typename === 'Roadmap').id, sortOrder: 'a0'}, 44);
add('EntityExternalLink', 'link:billing:figma', {creatorId: user.sam.id, label: 'Pricing model sheet', projectId: project.billing.id, sortOrder: 1, url: 'https://docs.acme.test/pricing-model'}, 45);
add('ReleaseNote', 'release-note:web:2026.12', {pipelineId: pipeline.id, releaseIds: [release.id], slugId: '5e7a9c1b3d2f', title: 'What’s new in 2026.12'}, 46);
const onCall = add('TimeSchedule', 'schedule:eng-oncall', {entries: [{endsAt: '2026-12-07T09:00:00.000Z', startsAt: '2026-11-30T09:00:00.000Z', userEmail: 'leo@acme.test', userId: user.leo.id}], externalId: null, externalUrl: null, name: 'ENG on-call'}, 46);
add('TriageResponsibility', 'triage:eng', {action: 'assign', teamId: team.ENG.id, timeScheduleId: onCall.id}, 46);
add('ExternalUser', 'external-user:globex', {avatarUrl: null, displayName: 'pat', email: 'pat@globex.test', lastSeen: null, name: 'Pat from Globex'}, 46);
const pricing = add('Initiative', 'initiative:pricing', {color: '#f2994a', creatorId: user.sam.id, description: 'New price points for FY27', health: null, icon: null, labelIds: [], name: 'FY27 Pricing', ownerId: user.sam.id, priority: 2, slugId: '8e0a2c4b6d1f', sortOrder: 2, status: 'Planned', targetDate: '2027-03-31', visibility: 'public'}, 47);
add('InitiativeRelation', 'initiative-relation:1', {initiativeId: pricing.id, relatedInitiativeId: initiative.id, sortOrder: 1, userId: user.sam.id}, 47);

void org;
const q = (s) => `'${s.replaceAll("'", "''")}'`;
const sql = [
  '-- The `acme` fixture of the Linear clone. Generated by scripts/gen-fixture.mjs: edit the script, not this file.',
  'BEGIN;',
  ...rows.map((r) => `INSERT INTO records (id, type, data) VALUES (${q(r.id)}, ${q(r.__typename)}, ${q(JSON.stringify(r))});`),
  'COMMIT;',
  '',
].join('\n');
writeFileSync(new URL('../seeds/acme.sql', import.meta.url), sql);
console.log(`seeds/acme.sql: ${rows.length} rows (${ISSUES.length} issues, ${c} comments)`);
