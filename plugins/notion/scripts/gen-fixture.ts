// Writes seeds/acme-wiki.sql, the `acme-wiki` fixture: the "Acme Wiki" workspace, its bot (the
// integration) and six people, a Projects and a Tasks database related both ways, pages with
// nested blocks of many types, comments, a page not shared with the integration, and the
// fixture's well-known token (only its hash). Fixed ids and times, so a reset is exact.
// Run: node --import tsx plugins/notion/scripts/gen-fixture.ts > plugins/notion/seeds/acme-wiki.sql
import {createHash} from 'node:crypto';

import {type RichText, textItem} from '../src/backend/richtext.js';

const WELL_KNOWN_TOKEN = 'ntn_0123456789abcdef0123456789abcdef0123456789abcdef';
const uuid = (group: string, n: number) => `${group}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const sql: string[] = [];
const lit = (v: unknown) => (v === null || v === undefined ? 'NULL' : `'${String(typeof v === 'object' ? JSON.stringify(v) : v).replace(/'/g, "''")}'`);
const rt = (...parts: Array<string | RichText>): RichText[] => parts.map((p) => (typeof p === 'string' ? textItem(p) : p));

const WS = uuid('a', 1);
const BOT = uuid('b', 1);
sql.push(`INSERT INTO workspace (id, name, created_time) VALUES (${lit(WS)}, 'Acme Wiki', ${lit(at(0))});`);
const people = [
  ['Ada Lovelace', 'ada@acme.test'],
  ['Grace Hopper', 'grace@acme.test'],
  ['Alan Turing', 'alan@acme.test'],
  ['Katherine Johnson', 'katherine@acme.test'],
  ['Linus Torvalds', 'linus@acme.test'],
  ['Margaret Hamilton', 'margaret@acme.test'],
] as const;
const P = people.map((_, i) => uuid('c', i + 1));
sql.push(`INSERT INTO users (id, type, name, avatar_url, email, position) VALUES (${lit(BOT)}, 'bot', 'Acme Wiki Integration', NULL, NULL, 0);`);
people.forEach(([name, email], i) => sql.push(`INSERT INTO users (id, type, name, avatar_url, email, position) VALUES (${lit(P[i])}, 'person', ${lit(name)}, NULL, ${lit(email)}, ${i + 1});`));
sql.push(`INSERT INTO api_tokens (hash, bot_id, created_time) VALUES (${lit(createHash('sha256').update(WELL_KNOWN_TOKEN).digest('hex'))}, ${lit(BOT)}, ${lit(at(0))});`);

let minute = 1;
let blockN = 0;
function block(kind: string, type: string, parentType: string, parentId: string | null, position: number, content: unknown, opts: {id?: string; shared?: boolean; by?: string} = {}): string {
  const id = opts.id ?? uuid('e', ++blockN);
  const t = at(minute++);
  const by = opts.by ?? P[0]!;
  sql.push(
    `INSERT INTO blocks (id, kind, type, parent_type, parent_id, position, content, shared, in_trash, created_time, last_edited_time, created_by, last_edited_by) VALUES (${lit(id)}, ${lit(kind)}, ${lit(type)}, ${lit(parentType)}, ${lit(parentId)}, ${position}, ${lit(content)}, ${opts.shared ? 'true' : 'false'}, false, ${lit(t)}, ${lit(t)}, ${lit(by)}, ${lit(by)});`,
  );
  return id;
}
const page = (parentType: string, parentId: string | null, position: number, title: string, extra: Record<string, unknown> = {}, opts: {id?: string; shared?: boolean} = {}) =>
  block('page', 'child_page', parentType, parentId, position, {cover: null, icon: null, properties: {title: rt(title)}, ...extra}, opts);
const text = (t: string) => ({color: 'default', rich_text: rt(t)});
/** Blocks under a parent, in order; an entry may carry children. */
function blocks(parent: string, parentType: 'page_id' | 'block_id', items: Array<[string, Record<string, unknown>, Array<[string, Record<string, unknown>, any[]?]>?]>): void {
  items.forEach(([type, content, children], i) => {
    const id = block('block', type, parentType, parent, i + 1, content);
    if (children?.length) blocks(id, 'block_id', children as any);
  });
}

// ── Pages ──────────────────────────────────────────────────────────────
const ROOT = page('workspace', null, 0, 'Acme Wiki', {icon: {emoji: '📚', type: 'emoji'}}, {id: uuid('d', 1), shared: true});
const HANDBOOK = page('page_id', ROOT, 1, 'Engineering Handbook', {icon: {emoji: '🛠️', type: 'emoji'}}, {id: uuid('d', 2)});
const ONBOARDING = page('page_id', ROOT, 2, 'Onboarding', {}, {id: uuid('d', 3)});
const mention = (userIdx: number): RichText => ({
  annotations: {bold: false, code: false, color: 'default', italic: false, strikethrough: false, underline: false},
  href: null,
  mention: {type: 'user', user: {id: P[userIdx]!, object: 'user'}},
  plain_text: `@${people[userIdx]![0]}`,
  type: 'mention',
});
blocks(HANDBOOK, 'page_id', [
  ['heading_1', {...text('How we build software'), is_toggleable: false}],
  ['paragraph', {color: 'default', icon: null, rich_text: rt('This handbook is owned by ', mention(1), '. Read it ', textItem('before your first deploy', {annotations: {bold: true}}), ', and see the ', textItem('style guide', {link: 'https://acme.test/style'}), ' too.')}],
  ['heading_2', {...text('Principles'), is_toggleable: false}],
  ['bulleted_list_item', text('Small changes, reviewed by someone else'), [
    ['bulleted_list_item', text('At most 400 lines per pull request')],
    ['bulleted_list_item', text('Tests in the same change')],
  ]],
  ['bulleted_list_item', text('Everything in version control')],
  ['numbered_list_item', text('Write the design note')],
  ['numbered_list_item', text('Get a review')],
  ['numbered_list_item', text('Ship behind a flag')],
  ['to_do', {...text('Set up your laptop'), checked: true}],
  ['to_do', {...text('Deploy to staging'), checked: false}],
  ['toggle', text('Why we use Postgres'), [['paragraph', {color: 'default', icon: null, rich_text: rt('It is boring, and boring is good.')}]]],
  ['quote', text('Make it work, make it right, make it fast.')],
  ['callout', {color: 'yellow_background', icon: {emoji: '⚠️', type: 'emoji'}, rich_text: rt('Never deploy on Fridays.')}],
  ['code', {caption: [], language: 'typescript', rich_text: rt('const answer: number = 42;')}],
  ['divider', {}],
  ['equation', {expression: 'e^{i\\pi} + 1 = 0'}],
  ['bookmark', {caption: [], url: 'https://acme.test/runbooks'}],
  ['image', {caption: rt('Architecture'), external: {url: 'https://acme.test/architecture.png'}, type: 'external'}],
  ['table', {has_column_header: true, has_row_header: false, table_width: 2}, [
    ['table_row', {cells: [rt('Service'), rt('Owner')]}],
    ['table_row', {cells: [rt('api'), rt('Grace Hopper')]}],
    ['table_row', {cells: [rt('web'), rt('Ada Lovelace')]}],
  ]],
  ['column_list', {}, [
    ['column', {}, [['paragraph', {color: 'default', icon: null, rich_text: rt('Left column')}]]],
    ['column', {}, [['paragraph', {color: 'default', icon: null, rich_text: rt('Right column')}]]],
  ] as any],
  ['heading_3', {...text('Further reading'), is_toggleable: true}, [['paragraph', {color: 'default', icon: null, rich_text: rt('The mythical man-month.')}]]],
]);
blocks(ONBOARDING, 'page_id', [
  ['paragraph', {color: 'default', icon: null, rich_text: rt('Welcome to Acme! Your first week:')}],
  ['to_do', {...text('Meet your buddy'), checked: false}],
  ['to_do', {...text('Read the Engineering Handbook'), checked: false}],
]);

// ── Databases ──────────────────────────────────────────────────────────
const PROJECTS_DB = uuid('f', 1);
const PROJECTS = uuid('f', 2);
const TASKS_DB = uuid('f', 3);
const TASKS = uuid('f', 4);
const opt = (id: string, name: string, color: string) => ({color, description: null, id, name});
const projectsSchema = [
  {description: null, id: 'title', name: 'Name', title: {}, type: 'title'},
  {description: null, id: 'pSta', name: 'Stage', select: {options: [opt('plan', 'Planning', 'gray'), opt('actv', 'Active', 'blue'), opt('done', 'Done', 'green')]}, type: 'select'},
  {description: null, id: 'pLea', name: 'Lead', people: {}, type: 'people'},
  {description: null, id: 'pBud', name: 'Budget', number: {format: 'dollar'}, type: 'number'},
  {description: null, id: 'pTas', name: 'Tasks', relation: {data_source_id: TASKS, database_id: TASKS_DB, dual_property: {synced_property_id: 'tPrj', synced_property_name: 'Project'}, type: 'dual_property'}, type: 'relation'},
];
const statusOpts = [opt('nots', 'Not started', 'default'), opt('inpr', 'In progress', 'blue'), opt('done', 'Done', 'green')];
const tasksSchema = [
  {description: null, id: 'title', name: 'Task', title: {}, type: 'title'},
  {description: null, id: 'tSta', name: 'Status', status: {groups: [{color: 'gray', id: 'gtod', name: 'To-do', option_ids: ['nots']}, {color: 'blue', id: 'ginp', name: 'In progress', option_ids: ['inpr']}, {color: 'green', id: 'gcom', name: 'Complete', option_ids: ['done']}], options: statusOpts}, type: 'status'},
  {description: null, id: 'tAss', name: 'Assignee', people: {}, type: 'people'},
  {description: null, id: 'tDue', name: 'Due date', date: {}, type: 'date'},
  {description: null, id: 'tTag', multi_select: {options: [opt('back', 'backend', 'purple'), opt('fron', 'frontend', 'pink'), opt('ops0', 'ops', 'orange'), opt('docs', 'docs', 'brown')]}, name: 'Tags', type: 'multi_select'},
  {checkbox: {}, description: null, id: 'tDon', name: 'Done', type: 'checkbox'},
  {description: null, id: 'tPrj', name: 'Project', relation: {data_source_id: PROJECTS, database_id: PROJECTS_DB, dual_property: {synced_property_id: 'pTas', synced_property_name: 'Tasks'}, type: 'dual_property'}, type: 'relation'},
  {description: null, id: 'tEst', name: 'Estimate', number: {format: 'number'}, type: 'number'},
  {description: null, formula: {expression: 'prop("Estimate") * 8'}, id: 'tHrs', name: 'Hours', type: 'formula'},
  {description: null, id: 'tBud', name: 'Project budget', rollup: {function: 'sum', relation_property_id: 'tPrj', relation_property_name: 'Project', rollup_property_id: 'pBud', rollup_property_name: 'Budget'}, type: 'rollup'},
  {description: null, id: 'tUid', name: 'ID', type: 'unique_id', unique_id: {prefix: 'TASK'}},
  {created_time: {}, description: null, id: 'tCrt', name: 'Created', type: 'created_time'},
  {created_by: {}, description: null, id: 'tCrb', name: 'Created by', type: 'created_by'},
  {description: null, id: 'tEdt', last_edited_time: {}, name: 'Last edited', type: 'last_edited_time'},
];
block('database', 'child_database', 'page_id', ROOT, 3, {cover: null, description: rt('Everything we are building'), icon: {emoji: '🚀', type: 'emoji'}, is_inline: false, title: rt('Projects')}, {id: PROJECTS_DB});
block('database', 'child_database', 'page_id', ROOT, 4, {cover: null, description: rt('Who does what, by when'), icon: {emoji: '✅', type: 'emoji'}, is_inline: false, title: rt('Tasks')}, {id: TASKS_DB});
const ds = (id: string, db: string, title: string, schema: unknown, counters: unknown) =>
  sql.push(`INSERT INTO data_sources (id, database_id, title, description, icon, properties, counters, created_time, last_edited_time, created_by, last_edited_by) VALUES (${lit(id)}, ${lit(db)}, ${lit(rt(title))}, '[]', NULL, ${lit(schema)}, ${lit(counters)}, ${lit(at(minute))}, ${lit(at(minute++))}, ${lit(P[0])}, ${lit(P[0])});`);
const projectRows: Array<[string, string, number, number]> = [
  ['Website relaunch', 'actv', 0, 120000],
  ['Billing v2', 'plan', 1, 80000],
  ['Data platform', 'done', 2, 250000],
];
const tasks: Array<[string, string, number[], string | null, string[], boolean, number, number]> = [
  ['Design the new landing page', 'inpr', [0], '2026-02-01', ['fron'], false, 0, 3],
  ['Migrate the blog', 'nots', [4], '2026-02-10', ['fron', 'docs'], false, 0, 5],
  ['Set up the CDN', 'done', [4], '2026-01-20', ['ops0'], true, 0, 2],
  ['Invoice PDF renderer', 'inpr', [2], '2026-03-01', ['back'], false, 1, 8],
  ['Tax rules per country', 'nots', [3], null, ['back'], false, 1, 13],
  ['Write the billing runbook', 'nots', [], '2026-03-15', ['docs', 'ops0'], false, 1, 1],
  ['Warehouse schema', 'done', [1, 5], '2026-01-12', ['back'], true, 2, 5],
  ['Nightly ingest job', 'done', [5], '2026-01-15', ['back', 'ops0'], true, 2, 3],
];
const projectIds = projectRows.map((_, i) => uuid('9', i + 1));
const taskIds = tasks.map((_, i) => uuid('8', i + 1));
ds(PROJECTS, PROJECTS_DB, 'Projects', projectsSchema, {});
ds(TASKS, TASKS_DB, 'Tasks', tasksSchema, {tUid: tasks.length});
sql.push(`INSERT INTO views (id, database_id, data_source_id, name, type, config, created_time, last_edited_time, created_by) VALUES (${lit(uuid('7', 1))}, ${lit(PROJECTS_DB)}, ${lit(PROJECTS)}, 'Default view', 'table', '{}', ${lit(at(minute))}, ${lit(at(minute))}, ${lit(P[0])});`);
sql.push(`INSERT INTO views (id, database_id, data_source_id, name, type, config, created_time, last_edited_time, created_by) VALUES (${lit(uuid('7', 2))}, ${lit(TASKS_DB)}, ${lit(TASKS)}, 'Default view', 'table', '{}', ${lit(at(minute))}, ${lit(at(minute))}, ${lit(P[0])});`);
projectRows.forEach(([name, stage, lead, budget], i) => {
  const mine = tasks.map((t, j) => (t[6] === i ? taskIds[j] : null)).filter(Boolean);
  block('page', 'child_page', 'data_source_id', PROJECTS, 0, {cover: null, icon: null, properties: {pBud: budget, pLea: [P[lead]], pSta: stage, pTas: mine, title: rt(name)}}, {id: projectIds[i]});
});
tasks.forEach(([name, status, who, due, tags, done, project, estimate], i) => {
  const props = {tAss: who.map((w) => P[w]), tDon: done, tDue: due ? {end: null, start: due, time_zone: null} : null, tEst: estimate, tPrj: [projectIds[project]], tSta: status, tTag: tags, tUid: i + 1, title: rt(name)};
  block('page', 'child_page', 'data_source_id', TASKS, 0, {cover: null, icon: null, properties: props}, {by: P[i % P.length], id: taskIds[i]});
});

// ── Not shared with the integration ────────────────────────────────────
const PRIVATE = page('workspace', null, 0, 'Private HR Notes', {}, {id: uuid('d', 9), shared: false});
blocks(PRIVATE, 'page_id', [['paragraph', {color: 'default', icon: null, rich_text: rt('Salaries are confidential.')}]]);

// ── Comments ───────────────────────────────────────────────────────────
const comment = (n: number, discussion: string, parentType: string, parentId: string, by: string, body: string) => {
  const t = at(minute++);
  sql.push(`INSERT INTO comments (id, discussion_id, parent_type, parent_id, rich_text, created_time, last_edited_time, created_by) VALUES (${lit(uuid('6', n))}, ${lit(discussion)}, ${lit(parentType)}, ${lit(parentId)}, ${lit(rt(body))}, ${lit(t)}, ${lit(t)}, ${lit(by)});`);
};
comment(1, uuid('5', 1), 'page_id', HANDBOOK, P[2]!, 'Should we add a section on incident reviews?');
comment(2, uuid('5', 1), 'page_id', HANDBOOK, P[1]!, 'Yes — I will draft it this week.');
comment(3, uuid('5', 2), 'page_id', ONBOARDING, P[3]!, 'Buddies are assigned on Monday.');
comment(4, uuid('5', 3), 'page_id', taskIds[0]!, P[0]!, 'First mockups are in Figma.');

process.stdout.write(`-- The acme-wiki fixture (generated by plugins/notion/scripts/gen-fixture.ts; do not edit by hand).\n${sql.join('\n')}\n`);
