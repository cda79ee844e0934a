// The journey an integration written with @notionhq/client v5 makes (only baseUrl changed), against
// an in-process clone on a throw-away database with the acme-wiki fixture.
import {Client, LogLevel} from '@notionhq/client';
import {expect} from 'chai';

import {ACME, notionError, type NotionClone, startNotion} from './helpers.js';

const text = (content: string) => [{text: {content}, type: 'text' as const}];
const titleOf = (p: any) => (Object.values(p.properties).find((x: any) => x.type === 'title') as any).title.map((t: any) => t.plain_text).join('');

describe('notion template: the @notionhq/client v5 journey', function () {
  this.timeout(60_000);
  let n: NotionClone;
  before(async () => {
    n = await startNotion();
  });
  after(async () => n?.dispose());

  it('users: me is the bot, list holds the bot and the people, retrieve one', async () => {
    const me = await n.notion.users.me({});
    expect(me).to.include({id: ACME.bot, object: 'user', type: 'bot'});
    expect((me as any).bot.workspace_name).to.equal('Acme Wiki');
    const all = await n.notion.users.list({page_size: 3});
    expect(all.results).to.have.length(3);
    expect(all.has_more).to.equal(true);
    const rest = await n.notion.users.list({start_cursor: all.next_cursor!});
    const people = [...all.results, ...rest.results].filter((u) => u.type === 'person');
    expect(people).to.have.length(6);
    const ada = await n.notion.users.retrieve({user_id: ACME.people[0]!});
    expect((ada as any).person.email).to.equal('ada@acme.test');
  });

  it('search: by title, filtered by object, sorted by last edited time; unshared pages stay hidden', async () => {
    const hits = await n.notion.search({query: 'handbook'});
    expect(hits.results.map((r) => r.id)).to.deep.equal([ACME.handbook]);
    const sources = await n.notion.search({filter: {property: 'object', value: 'data_source'}});
    expect(sources.results.map((r) => r.object)).to.deep.equal(['data_source', 'data_source']);
    const asc = await n.notion.search({filter: {property: 'object', value: 'page'}, sort: {direction: 'ascending', timestamp: 'last_edited_time'}});
    const times = asc.results.map((r: any) => r.last_edited_time);
    expect(times).to.deep.equal([...times].sort());
    expect(asc.results.map((r) => r.id)).to.not.include(ACME.private);
    expect((await n.notion.search({query: 'Private HR'})).results).to.have.length(0);
  });

  let dbId: string;
  let dsId: string;
  it('data sources: a database with every property type, then its schema updated', async () => {
    const db: any = await n.notion.databases.create({
      initial_data_source: {
        properties: {
          Name: {title: {}},
          Notes: {rich_text: {}},
          Price: {number: {format: 'euro'}},
          Kind: {select: {options: [{name: 'Hardware', color: 'blue'}, {name: 'Software'}]}},
          Labels: {multi_select: {options: [{name: 'urgent', color: 'red'}]}},
          Stage: {status: {}},
          When: {date: {}},
          Owner: {people: {}},
          Attachments: {files: {}},
          Approved: {checkbox: {}},
          Link: {url: {}},
          Contact: {email: {}},
          Phone: {phone_number: {}},
          Project: {relation: {data_source_id: ACME.projects, dual_property: {synced_property_name: 'Purchases'}}},
          Created: {created_time: {}},
          Creator: {created_by: {}},
          Edited: {last_edited_time: {}},
          Editor: {last_edited_by: {}},
          Ref: {unique_id: {prefix: 'BUY'}},
        },
      },
      parent: {page_id: ACME.root, type: 'page_id'},
      title: text('Purchases'),
    });
    dbId = db.id;
    expect(db.data_sources).to.have.length(1);
    dsId = db.data_sources[0].id;
    const updated: any = await n.notion.dataSources.update({
      data_source_id: dsId,
      properties: {
        Total: {formula: {expression: 'prop("Price") * 2'}},
        'Project budget': {rollup: {function: 'sum', relation_property_name: 'Project', rollup_property_name: 'Budget'}},
        Notes: {name: 'Comments'},
        Phone: null,
        Kind: {select: {options: [{name: 'Hardware'}, {name: 'Software'}, {name: 'Service', color: 'green'}]}},
      },
      title: text('Purchases 2026'),
    });
    const props = updated.properties;
    expect(props).to.have.property('Comments').with.property('type', 'rich_text');
    expect(props).to.not.have.property('Notes');
    expect(props).to.not.have.property('Phone');
    expect(props.Total.formula.expression).to.equal('prop("Price") * 2');
    expect(props['Project budget'].rollup).to.include({function: 'sum', relation_property_name: 'Project', rollup_property_name: 'Budget'});
    expect(props.Kind.select.options.map((o: any) => o.name)).to.deep.equal(['Hardware', 'Software', 'Service']);
    expect(props.Stage.status.groups.map((g: any) => g.name)).to.deep.equal(['To-do', 'In progress', 'Complete']);
    expect(props.Price.number.format).to.equal('euro');
    expect(props.Project.relation).to.include({data_source_id: ACME.projects, type: 'dual_property'});
    const projects: any = await n.notion.dataSources.retrieve({data_source_id: ACME.projects});
    expect(projects.properties.Purchases.relation).to.include({data_source_id: dsId, type: 'dual_property'});
    expect(updated.title[0].plain_text).to.equal('Purchases 2026');
  });

  let purchaseIds: string[] = [];
  it('pages: every property type written, re-fetched, and queried with compound filters and sorts', async () => {
    const upload: any = await n.notion.fileUploads.create({filename: 'quote.txt', content_type: 'text/plain'});
    await n.notion.fileUploads.send({file_upload_id: upload.id, file: {data: new Blob(['quote: 3 laptops']), filename: 'quote.txt'}});
    const rows: Array<[string, number, string, boolean, string]> = [
      ['Laptops', 4200, 'Hardware', true, '2026-02-01'],
      ['IDE licences', 900, 'Software', false, '2026-03-01'],
      ['Monitors', 1500, 'Hardware', false, '2026-01-15'],
      ['Support contract', 3000, 'Service', true, '2026-04-01'],
    ];
    for (const [i, [name, price, kind, approved, when]] of rows.entries()) {
      const p: any = await n.notion.pages.create({
        parent: {data_source_id: dsId, type: 'data_source_id'},
        properties: {
          Name: {title: text(name)},
          Comments: {rich_text: [{text: {content: 'for the ', link: null}}, {annotations: {bold: true}, text: {content: 'new hires'}}]},
          Price: {number: price},
          Kind: {select: {name: kind}},
          Labels: {multi_select: i % 2 === 0 ? [{name: 'urgent'}, {name: 'q1'}] : [{name: 'q2'}]},
          Stage: {status: {name: approved ? 'Done' : 'In progress'}},
          When: {date: {start: when}},
          Owner: {people: [{id: ACME.people[i]!}]},
          Attachments: {files: i === 0 ? [{file_upload: {id: upload.id}, name: 'quote.txt', type: 'file_upload'}] : [{external: {url: 'https://acme.test/q.pdf'}, name: 'q.pdf', type: 'external'}]},
          Approved: {checkbox: approved},
          Link: {url: 'https://acme.test/p'},
          Contact: {email: 'buyer@acme.test'},
          Project: {relation: [{id: '90000000-0000-4000-8000-000000000001'}]},
        },
      });
      purchaseIds.push(p.id);
    }
    const got: any = await n.notion.pages.retrieve({page_id: purchaseIds[0]!});
    const pr = got.properties;
    expect(pr.Name.title[0].plain_text).to.equal('Laptops');
    expect(pr.Comments.rich_text.map((t: any) => t.plain_text).join('')).to.equal('for the new hires');
    expect(pr.Comments.rich_text[1].annotations.bold).to.equal(true);
    expect(pr.Price.number).to.equal(4200);
    expect(pr.Kind.select.name).to.equal('Hardware');
    expect(pr.Labels.multi_select.map((o: any) => o.name)).to.deep.equal(['urgent', 'q1']);
    expect(pr.Stage.status.name).to.equal('Done');
    expect(pr.When.date).to.deep.equal({end: null, start: '2026-02-01', time_zone: null});
    expect(pr.Owner.people[0].id).to.equal(ACME.people[0]);
    expect(pr.Attachments.files[0]).to.include({name: 'quote.txt', type: 'file'});
    expect(await (await fetch(pr.Attachments.files[0].file.url)).text()).to.equal('quote: 3 laptops');
    expect(pr.Approved.checkbox).to.equal(true);
    expect(pr.Link.url).to.equal('https://acme.test/p');
    expect(pr.Contact.email).to.equal('buyer@acme.test');
    expect(pr.Project.relation).to.deep.equal([{id: '90000000-0000-4000-8000-000000000001'}]);
    expect(pr.Total.formula).to.deep.equal({number: 8400, type: 'number'});
    expect(pr['Project budget'].rollup).to.include({function: 'sum', number: 120000, type: 'number'});
    expect(pr.Created.created_time).to.match(/^\d{4}-\d\d-\d\dT/);
    expect(pr.Creator.created_by.id).to.equal(ACME.bot);
    expect(pr.Editor.last_edited_by.id).to.equal(ACME.bot);
    expect(pr.Ref.unique_id).to.deep.equal({number: 1, prefix: 'BUY'});
    // the new option written by name was added to the schema; the dual relation was mirrored
    const schema: any = await n.notion.dataSources.retrieve({data_source_id: dsId});
    expect(schema.properties.Labels.multi_select.options.map((o: any) => o.name)).to.include.members(['q1', 'q2']);
    const project: any = await n.notion.pages.retrieve({page_id: '90000000-0000-4000-8000-000000000001'});
    expect(project.properties.Purchases.relation.map((r: any) => r.id)).to.have.members(purchaseIds);
    const item: any = await n.notion.pages.properties.retrieve({page_id: purchaseIds[0]!, property_id: pr.Comments.id});
    expect(item.object).to.equal('list');
    expect(item.results.map((r: any) => r.rich_text.plain_text)).to.deep.equal(['for the ', 'new hires']);

    const q: any = await n.notion.dataSources.query({
      data_source_id: dsId,
      filter: {
        or: [
          {and: [{property: 'Kind', select: {equals: 'Hardware'}}, {property: 'Price', number: {greater_than: 2000}}]},
          {and: [{property: 'Approved', checkbox: {equals: false}}, {property: 'When', date: {on_or_after: '2026-02-15'}}]},
          {property: 'Labels', multi_select: {contains: 'nothing-like-this'}},
        ],
      },
      sorts: [{direction: 'ascending', property: 'Price'}],
    });
    expect(q.results.map(titleOf)).to.deep.equal(['IDE licences', 'Laptops']);
    const sorted: any = await n.notion.dataSources.query({data_source_id: dsId, sorts: [{property: 'Kind', direction: 'descending'}, {property: 'Price', direction: 'ascending'}]});
    expect(sorted.results.map(titleOf)).to.deep.equal(['IDE licences', 'Support contract', 'Monitors', 'Laptops']);
    const byFormula: any = await n.notion.dataSources.query({data_source_id: dsId, filter: {property: 'Total', formula: {number: {less_than_or_equal_to: 3000}}}});
    expect(byFormula.results.map(titleOf).sort()).to.deep.equal(['IDE licences', 'Monitors']);
    const recent: any = await n.notion.dataSources.query({data_source_id: dsId, filter: {timestamp: 'created_time', created_time: {past_week: {}}}, page_size: 3});
    expect(recent.results).to.have.length(3);
    expect(recent.has_more).to.equal(true);
    const page2: any = await n.notion.dataSources.query({data_source_id: dsId, filter: {timestamp: 'created_time', created_time: {past_week: {}}}, start_cursor: recent.next_cursor});
    expect(page2.results).to.have.length(1);
    // the fixture's tasks: status and people filters
    const tasks: any = await n.notion.dataSources.query({data_source_id: ACME.tasks, filter: {and: [{property: 'Status', status: {does_not_equal: 'Done'}}, {property: 'Assignee', people: {contains: ACME.people[4]!}}]}});
    expect(tasks.results.map(titleOf)).to.deep.equal(['Migrate the blog']);
  });

  it('blocks: appended (also after a sibling), listed in order with pagination, updated and deleted', async () => {
    const page: any = await n.notion.pages.create({parent: {page_id: ACME.root}, properties: {title: {title: text('Scratch')}}});
    const first: any = await n.notion.blocks.children.append({
      block_id: page.id,
      children: Array.from({length: 5}, (_, i) => ({paragraph: {rich_text: text(`line ${i + 1}`)}, type: 'paragraph' as const})),
    });
    expect(first.results).to.have.length(5);
    await n.notion.blocks.children.append({
      after: first.results[1].id,
      block_id: page.id,
      children: [
        {heading_2: {rich_text: [{annotations: {italic: true}, text: {content: 'inserted'}}]}},
        {bulleted_list_item: {children: [{to_do: {checked: true, rich_text: text('nested')}}], rich_text: [{mention: {user: {id: ACME.people[1]!}}}, {text: {content: ' owns this'}}]}},
      ],
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res: any = await n.notion.blocks.children.list({block_id: page.id, page_size: 2, start_cursor: cursor});
      expect(res.results.length).to.be.at.most(2);
      for (const b of res.results) seen.push(b[b.type].rich_text.map((t: any) => t.plain_text).join(''));
      cursor = res.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).to.deep.equal(['line 1', 'line 2', 'inserted', '@Grace Hopper owns this', 'line 3', 'line 4', 'line 5']);
    const list: any = await n.notion.blocks.children.list({block_id: page.id});
    const bullet = list.results[3];
    expect(bullet.has_children).to.equal(true);
    expect(bullet.bulleted_list_item.rich_text[0].type).to.equal('mention');
    const nested: any = await n.notion.blocks.children.list({block_id: bullet.id});
    expect(nested.results[0].to_do.checked).to.equal(true);
    const updated: any = await n.notion.blocks.update({block_id: first.results[0].id, paragraph: {color: 'blue', rich_text: text('line one')}});
    expect(updated.paragraph.rich_text[0].plain_text).to.equal('line one');
    expect(updated.paragraph.color).to.equal('blue');
    const removed: any = await n.notion.blocks.delete({block_id: first.results[4].id});
    expect(removed.in_trash).to.equal(true);
    const after: any = await n.notion.blocks.children.list({block_id: page.id});
    expect(after.results).to.have.length(6);
    const err = await notionError(n.notion.blocks.update({block_id: first.results[4].id, paragraph: {rich_text: text('x')}}));
    expect(err.code).to.equal('validation_error');
    // the fixture's nested blocks
    const handbook: any = await n.notion.blocks.children.list({block_id: ACME.handbook});
    const types = handbook.results.map((b: any) => b.type);
    expect(types).to.include.members(['heading_1', 'paragraph', 'bulleted_list_item', 'numbered_list_item', 'to_do', 'toggle', 'quote', 'callout', 'code', 'divider', 'equation', 'bookmark', 'image', 'table', 'column_list']);
    const para = handbook.results.find((b: any) => b.type === 'paragraph');
    expect(para.paragraph.rich_text.find((t: any) => t.href)?.href).to.equal('https://acme.test/style');
  });

  it('comments: a new discussion on a page, a reply in it, listed', async () => {
    const c: any = await n.notion.comments.create({parent: {page_id: ACME.onboarding}, rich_text: text('Who is my buddy?')});
    expect(c).to.include({object: 'comment'});
    const reply: any = await n.notion.comments.create({discussion_id: c.discussion_id, rich_text: text('Grace is.')});
    expect(reply.discussion_id).to.equal(c.discussion_id);
    const all: any = await n.notion.comments.list({block_id: ACME.onboarding});
    expect(all.results.map((x: any) => x.rich_text[0].plain_text)).to.deep.equal(['Buddies are assigned on Monday.', 'Who is my buddy?', 'Grace is.']);
    const one: any = await n.notion.comments.retrieve({comment_id: reply.id});
    expect(one.id).to.equal(reply.id);
  });

  it('trash: a trashed page leaves queries and search, still retrievable, and comes back', async () => {
    const id = purchaseIds[2]!;
    const trashed: any = await n.notion.pages.update({in_trash: true, page_id: id});
    expect(trashed.in_trash).to.equal(true);
    const q: any = await n.notion.dataSources.query({data_source_id: dsId});
    expect(q.results.map((p: any) => p.id)).to.not.include(id);
    expect((await n.notion.search({query: 'Monitors'})).results).to.have.length(0);
    expect(((await n.notion.pages.retrieve({page_id: id})) as any).in_trash).to.equal(true);
    const err = await notionError(n.notion.pages.update({page_id: id, properties: {Price: {number: 1}}}));
    expect(err.code).to.equal('validation_error');
    await n.notion.pages.update({in_trash: false, page_id: id});
    expect((await n.notion.search({query: 'Monitors'})).results).to.have.length(1);
  });

  it('file uploads: create, send, retrieve, attach as a file block; a page icon and cover', async () => {
    const up: any = await n.notion.fileUploads.create({content_type: 'image/png', filename: 'logo.png', mode: 'single_part'});
    expect(up.status).to.equal('pending');
    const sent: any = await n.notion.fileUploads.send({file: {data: new Blob([new Uint8Array([137, 80, 78, 71])], {type: 'image/png'}), filename: 'logo.png'}, file_upload_id: up.id});
    expect(sent).to.include({content_length: 4, status: 'uploaded'});
    expect(((await n.notion.fileUploads.retrieve({file_upload_id: up.id})) as any).status).to.equal('uploaded');
    const res: any = await n.notion.blocks.children.append({block_id: ACME.onboarding, children: [{image: {file_upload: {id: up.id}, type: 'file_upload'}, type: 'image'}]});
    expect(res.results[0].image.type).to.equal('file');
    const page: any = await n.notion.pages.update({cover: {external: {url: 'https://acme.test/cover.jpg'}, type: 'external'}, icon: {emoji: '🎉', type: 'emoji'}, page_id: ACME.onboarding});
    expect(page.icon).to.deep.equal({emoji: '🎉', type: 'emoji'});
    expect(page.cover.external.url).to.equal('https://acme.test/cover.jpg');
    const listed: any = await n.notion.fileUploads.list({status: 'uploaded'});
    expect(listed.results.map((f: any) => f.id)).to.include(up.id);
  });

  it('errors: unknown id, an invalid body naming its path, a bad token, a missing version header', async () => {
    const missing = await notionError(n.notion.pages.retrieve({page_id: '00000000-0000-0000-0000-000000000000'}));
    expect(missing).to.include({code: 'object_not_found', status: 404});
    expect((await notionError(n.notion.pages.retrieve({page_id: ACME.private}))).code).to.equal('object_not_found');
    const tooLong = await notionError(n.notion.blocks.children.append({block_id: ACME.onboarding, children: [{paragraph: {rich_text: text('x'.repeat(2001))}}]}));
    expect(tooLong.code).to.equal('validation_error');
    expect(tooLong.message).to.contain('body.children[0].paragraph.rich_text[0].text.content.length should be ≤ `2000`');
    const tooMany = await notionError(n.notion.blocks.children.append({block_id: ACME.onboarding, children: Array.from({length: 101}, () => ({paragraph: {rich_text: []}}))}));
    expect(tooMany.message).to.contain('body.children.length should be ≤ `100`');
    const bad = await notionError(n.notion.pages.create({parent: {data_source_id: dsId}, properties: {Price: {number: 'a lot' as unknown as number}}}));
    expect(bad.message).to.contain('body.properties.Price.number');
    const token = await notionError(n.sdk({auth: 'ntn_not-a-real-token'}).users.me({}));
    expect(token).to.include({code: 'unauthorized', status: 401});
    const raw = await n.raw('GET', '/v1/users/me', {version: null});
    expect(raw.status).to.equal(400);
    expect(raw.body).to.include({code: 'missing_version', object: 'error', status: 400});
    expect(raw.body.request_id).to.be.a('string');
    const deep = await n.raw('PATCH', `/v1/blocks/${ACME.onboarding}/children`, {body: {children: [{toggle: {children: [{toggle: {children: [{toggle: {children: [{paragraph: {rich_text: []}}], rich_text: []}}], rich_text: []}}], rich_text: []}}]}});
    expect(deep.body.code).to.equal('validation_error');
    expect((await n.raw('GET', '/v1/nothing-here')).body.code).to.equal('invalid_request_url');
    const huge = await n.raw('PATCH', `/v1/blocks/${ACME.onboarding}/children`, {body: {children: [], padding: 'x'.repeat(600_000)}});
    expect(huge.body.code).to.equal('validation_error');
    expect(huge.body.message).to.contain('too large');
    expect((await n.raw('GET', '/api/v1/users/me')).body.id).to.equal(ACME.bot);
  });

  it('capabilities: what the integration may not do answers 403 restricted_resource', async () => {
    await n.control('/notion/settings', {capabilities: {insert_content: false, read_comments: false, user_information: 'without_email'}});
    try {
      const denied = await notionError(n.notion.pages.create({parent: {page_id: ACME.root}, properties: {title: {title: text('nope')}}}));
      expect(denied).to.include({code: 'restricted_resource', status: 403});
      expect((await notionError(n.notion.comments.list({block_id: ACME.handbook}))).code).to.equal('restricted_resource');
      expect(((await n.notion.pages.retrieve({page_id: ACME.handbook})) as any).id).to.equal(ACME.handbook);
      const ada: any = await n.notion.users.retrieve({user_id: ACME.people[0]!});
      expect(ada.person).to.not.have.property('email');
    } finally {
      await n.control('/notion/settings', {capabilities: {insert_content: true, read_comments: true, user_information: 'with_email'}});
    }
  });

  it('rate limits: 429 rate_limited with Retry-After, and the SDK retries until it succeeds', async () => {
    // A bucket that refills far slower than any machine answers: the third quick call is refused.
    await n.control('/notion/settings', {burst: 2, perSecond: 0.1, rateLimits: true});
    try {
      const answers = [];
      for (let i = 0; i < 3; i++) answers.push(await n.raw('GET', '/v1/users/me'));
      const refused = answers.find((a) => a.status === 429)!;
      expect(refused, 'a 429 among three calls with a burst of 2').to.not.equal(undefined);
      expect(refused.body).to.include({code: 'rate_limited', object: 'error', status: 429});
      expect(Number(refused.headers.get('retry-after'))).to.be.greaterThan(0);
      // One call a second, no bursts: parallel calls are refused, retried after Retry-After, and succeed.
      await n.control('/notion/settings', {burst: 1, perSecond: 1, rateLimits: true});
      const statuses: number[] = [];
      const retrying = new Client({
        auth: n.tokens.apiKey,
        baseUrl: n.url,
        fetch: async (url: string, init?: RequestInit) => {
          const res = await fetch(url, init);
          statuses.push(res.status);
          return res;
        },
        logLevel: LogLevel.ERROR,
      });
      const results = await Promise.all([1, 2, 3].map(() => retrying.users.me({})));
      expect(results.every((u) => u.id === ACME.bot)).to.equal(true);
      expect(statuses).to.include(429);
    } finally {
      await n.control('/notion/settings', {rateLimits: false});
    }
  });
});
