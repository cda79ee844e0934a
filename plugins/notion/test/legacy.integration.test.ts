// The same data seen by an integration written for Notion-Version 2022-06-28: databases carry
// properties and are queried directly; pages' parents are databases. Writes made in either
// version are visible in the other.
import {expect} from 'chai';

import {ACME, type NotionClone, startNotion} from './helpers.js';

const text = (content: string) => [{text: {content}, type: 'text'}];
const titleOf = (p: any) => (Object.values(p.properties).find((x: any) => x.type === 'title') as any).title.map((t: any) => t.plain_text).join('');

describe('notion template: the 2022-06-28 journey on the same data', function () {
  this.timeout(60_000);
  let n: NotionClone;
  let old: ReturnType<NotionClone['sdk']>;
  before(async () => {
    n = await startNotion();
    old = n.sdk({notionVersion: '2022-06-28'});
  });
  after(async () => n?.dispose());

  it('a database carries its properties and no data sources', async () => {
    const db: any = await old.request({method: 'get', path: `databases/${ACME.tasksDb}`});
    expect(db.object).to.equal('database');
    expect(db).to.not.have.property('data_sources');
    expect(Object.keys(db.properties)).to.include.members(['Task', 'Status', 'Assignee', 'Due date', 'Tags', 'Done', 'Project']);
    expect(db.properties.Project.relation).to.include({database_id: ACME.projectsDb, type: 'dual_property'});
    expect(db.properties.Project.relation).to.not.have.property('data_source_id');
  });

  it('databases/{id}/query filters and sorts; results name the database as parent', async () => {
    const q: any = await old.request({
      body: {filter: {or: [{property: 'Tags', multi_select: {contains: 'ops'}}, {property: 'Due date', date: {is_empty: true}}]}, sorts: [{direction: 'ascending', property: 'Due date'}]},
      method: 'post',
      path: `databases/${ACME.tasksDb}/query`,
    });
    expect(q.type).to.equal('page_or_database');
    expect(q.results.map(titleOf)).to.deep.equal(['Nightly ingest job', 'Set up the CDN', 'Write the billing runbook', 'Tax rules per country']);
    expect(q.results[0].parent).to.deep.equal({database_id: ACME.tasksDb, type: 'database_id'});
  });

  it('pages created under a database in one version are queried in the other', async () => {
    const created: any = await old.request({
      body: {parent: {database_id: ACME.tasksDb}, properties: {Done: {checkbox: false}, Status: {status: {name: 'Not started'}}, Task: {title: text('Legacy task')}}},
      method: 'post',
      path: 'pages',
    });
    expect(created.parent).to.deep.equal({database_id: ACME.tasksDb, type: 'database_id'});
    const modern: any = await n.notion.dataSources.query({data_source_id: ACME.tasks, filter: {property: 'Task', title: {equals: 'Legacy task'}}});
    expect(modern.results.map((p: any) => p.id)).to.deep.equal([created.id]);
    expect(modern.results[0].parent).to.deep.equal({data_source_id: ACME.tasks, database_id: ACME.tasksDb, type: 'data_source_id'});
    const fresh: any = await n.notion.pages.create({parent: {data_source_id: ACME.tasks}, properties: {Task: {title: text('Modern task')}}});
    const q: any = await old.request({body: {filter: {property: 'Task', rich_text: {starts_with: 'Modern'}}}, method: 'post', path: `databases/${ACME.tasksDb}/query`});
    expect(q.results.map((p: any) => p.id)).to.deep.equal([fresh.id]);
  });

  it('a database is created with properties and updated through databases (its schema)', async () => {
    const db: any = await old.request({
      body: {parent: {page_id: ACME.root}, properties: {Name: {title: {}}, Score: {number: {format: 'percent'}}}, title: text('Legacy DB')},
      method: 'post',
      path: 'databases',
    });
    expect(Object.keys(db.properties)).to.have.members(['Name', 'Score']);
    const updated: any = await old.request({body: {properties: {Done: {checkbox: {}}, Score: {name: 'Rating'}}}, method: 'patch', path: `databases/${db.id}`});
    expect(Object.keys(updated.properties)).to.have.members(['Name', 'Rating', 'Done']);
    const modern: any = await n.notion.databases.retrieve({database_id: db.id});
    const ds: any = await n.notion.dataSources.retrieve({data_source_id: modern.data_sources[0].id});
    expect(Object.keys(ds.properties)).to.have.members(['Name', 'Rating', 'Done']);
  });

  it('search finds databases (not data sources), and the page journey works unchanged', async () => {
    const s: any = await old.search({filter: {property: 'object', value: 'database' as 'data_source'}, query: 'Projects'});
    expect(s.type).to.equal('page_or_database');
    expect(s.results.map((r: any) => [r.object, r.id])).to.deep.equal([['database', ACME.projectsDb]]);
    const page: any = await old.pages.create({parent: {page_id: ACME.root}, properties: {title: {title: text('Legacy notes')}}});
    await old.blocks.children.append({block_id: page.id, children: [{paragraph: {rich_text: text('written in 2022-06-28')}}]});
    const kids: any = await n.notion.blocks.children.list({block_id: page.id});
    expect(kids.results[0].paragraph.rich_text[0].plain_text).to.equal('written in 2022-06-28');
    const c: any = await old.comments.create({parent: {page_id: page.id}, rich_text: text('ok')});
    expect(c.object).to.equal('comment');
  });

  it('an unknown Notion-Version is refused as Notion does', async () => {
    const r = await n.raw('GET', '/v1/users/me', {version: '2099-01-01'});
    expect(r.status).to.equal(400);
    expect(r.body.code).to.equal('validation_error');
    expect(r.body.message).to.contain('Notion-Version');
  });
});
