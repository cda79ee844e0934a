// Journeys with the official @hubspot/api-client (13.x, only basePath changed) against the clone.
import {Client} from '@hubspot/api-client';
import {FilterOperatorEnum} from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import {AssociationSpecAssociationCategoryEnum} from '@hubspot/api-client/lib/codegen/crm/associations/v4/index.js';
import {expect} from 'chai';

import {ACME_TOKEN, type HubSpotClone, startHubSpotClone} from './helpers.js';

/** The SDK's ApiException: HTTP status and the parsed HubSpot error body. */
async function failure(p: Promise<unknown>): Promise<{code: number; body: any}> {
  try {
    await p;
  } catch (error) {
    const e = error as {code: number; body: unknown};
    return {body: typeof e.body === 'string' ? JSON.parse(e.body) : e.body, code: e.code};
  }
  throw new Error('the call succeeded');
}

describe('hubspot clone: @hubspot/api-client journeys', function () {
  this.timeout(60_000);
  let h: HubSpotClone;
  let hs: Client;
  before(async () => {
    h = await startHubSpotClone();
    hs = h.hubspot;
  });
  after(async () => h?.dispose());

  it('creates, reads, updates and archives a contact; the archived contact is a 404', async () => {
    const created = await hs.crm.contacts.basicApi.create({properties: {email: 'Jo.Lane@Example.test', firstname: 'Jo', lastname: 'Lane'}, associations: []});
    expect(created.id).to.match(/^\d+$/);
    expect(created.createdAt).to.be.instanceOf(Date);
    expect(created.properties).to.include({email: 'Jo.Lane@Example.test', firstname: 'Jo', hs_email_domain: 'example.test', hs_object_id: created.id, lifecyclestage: 'lead'});
    const read = await hs.crm.contacts.basicApi.getById(created.id, ['email', 'lastname', 'nope'], ['firstname']);
    expect(read.properties).to.deep.include({email: 'Jo.Lane@Example.test', lastname: 'Lane', hs_object_id: created.id});
    expect(read.properties).to.not.have.property('nope');
    expect(read.propertiesWithHistory!.firstname![0]!.value).to.equal('Jo');
    const updated = await hs.crm.contacts.basicApi.update(created.id, {properties: {firstname: 'Joanna', phone: '+1 555 0199'}});
    expect(updated.properties).to.include({firstname: 'Joanna', phone: '+1 555 0199'});
    expect(updated.updatedAt!.getTime()).to.be.at.least(created.updatedAt!.getTime());
    const history = await hs.crm.contacts.basicApi.getById(created.id, undefined, ['firstname']);
    expect(history.propertiesWithHistory!.firstname!.map((x) => x.value)).to.deep.equal(['Joanna', 'Jo']);
    const byEmail = await hs.crm.contacts.basicApi.getById('jo.lane@example.test', ['firstname'], undefined, undefined, false, 'email');
    expect(byEmail.id).to.equal(created.id);
    await hs.crm.contacts.basicApi.archive(created.id);
    const gone = await failure(hs.crm.contacts.basicApi.getById(created.id));
    expect(gone.code).to.equal(404);
    expect(gone.body).to.include({status: 'error', category: 'OBJECT_NOT_FOUND'});
    const archived = await hs.crm.contacts.basicApi.getById(created.id, ['email'], undefined, undefined, true);
    expect(archived.archived).to.equal(true);
    expect(archived.archivedAt).to.be.instanceOf(Date);
  });

  it('refuses a second contact with the same email (409 CONFLICT naming the existing id)', async () => {
    const first = await hs.crm.contacts.basicApi.create({properties: {email: 'dup@example.test'}, associations: []});
    const second = await failure(hs.crm.contacts.basicApi.create({properties: {email: 'DUP@example.test'}, associations: []}));
    expect(second.code).to.equal(409);
    expect(second.body.category).to.equal('CONFLICT');
    expect(second.body.message).to.equal(`Contact already exists. Existing ID: ${first.id}`);
    expect(second.body.correlationId).to.match(/^[0-9a-f-]{36}$/);
  });

  it('searches with several operators, a query, sorts and paging', async () => {
    const eq = await hs.crm.contacts.searchApi.doSearch({filterGroups: [{filters: [{propertyName: 'lifecyclestage', operator: FilterOperatorEnum.Eq, value: 'customer'}]}], properties: ['lifecyclestage'], limit: 100});
    expect(eq.total).to.be.greaterThan(0);
    expect(eq.results.every((r) => r.properties.lifecyclestage === 'customer')).to.equal(true);

    const token = await hs.crm.contacts.searchApi.doSearch({filterGroups: [{filters: [{propertyName: 'email', operator: FilterOperatorEnum.ContainsToken, value: '*@globex.test'}]}], properties: ['email'], limit: 100});
    expect(token.total).to.equal(5);

    const or = await hs.crm.contacts.searchApi.doSearch({
      filterGroups: [{filters: [{propertyName: 'company', operator: FilterOperatorEnum.Eq, value: 'Globex'}]}, {filters: [{propertyName: 'company', operator: FilterOperatorEnum.Eq, value: 'Hooli'}]}],
      limit: 100,
      properties: ['company'],
    });
    expect(or.total).to.equal(10);

    const inNot = await hs.crm.contacts.searchApi.doSearch({
      filterGroups: [{filters: [{propertyName: 'company', operator: FilterOperatorEnum.In, values: ['Globex', 'Hooli', 'Initech']}, {propertyName: 'company', operator: FilterOperatorEnum.NotIn, values: ['Hooli']}]}],
      limit: 100,
    });
    expect(inNot.total).to.equal(10);

    const sorted = await hs.crm.deals.searchApi.doSearch({filterGroups: [{filters: [{propertyName: 'amount', operator: FilterOperatorEnum.Gte, value: '1'}]}], sorts: ['-amount'], properties: ['amount'], limit: 200});
    const amounts = sorted.results.map((r) => Number(r.properties.amount));
    expect(amounts).to.deep.equal([...amounts].sort((a, b) => b - a));

    const between = await hs.crm.deals.searchApi.doSearch({filterGroups: [{filters: [{propertyName: 'amount', operator: FilterOperatorEnum.Between, value: '10000', highValue: '50000'}]}], properties: ['amount'], limit: 200});
    expect(between.results.every((r) => Number(r.properties.amount) >= 10000 && Number(r.properties.amount) <= 50000)).to.equal(true);

    const has = await hs.crm.contacts.searchApi.doSearch({filterGroups: [{filters: [{propertyName: 'date_of_birth', operator: FilterOperatorEnum.NotHasProperty}]}], limit: 1});
    expect(has.total).to.be.at.least(50);

    const created = await hs.crm.contacts.searchApi.doSearch({filterGroups: [{filters: [{propertyName: 'createdate', operator: FilterOperatorEnum.Lt, value: String(Date.parse('2024-01-16T00:00:00Z'))}]}], limit: 1});
    expect(created.total).to.be.greaterThan(0);

    const globex = (await hs.crm.companies.searchApi.doSearch({filterGroups: [{filters: [{propertyName: 'name', operator: FilterOperatorEnum.Eq, value: 'Globex'}]}]})).results[0]!.id;
    const ofCompany = await hs.crm.contacts.searchApi.doSearch({filterGroups: [{filters: [{propertyName: 'associations.company', operator: FilterOperatorEnum.Eq, value: globex}]}], limit: 100});
    expect(ofCompany.total).to.equal(5);

    const query = await hs.crm.companies.searchApi.doSearch({query: 'wayne', limit: 10});
    expect(query.results.map((r) => r.properties.name)).to.deep.equal(['Wayne Enterprises']);

    // paging: 3 at a time through every Globex contact
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await hs.crm.contacts.searchApi.doSearch({filterGroups: [{filters: [{propertyName: 'company', operator: FilterOperatorEnum.Eq, value: 'Globex'}]}], sorts: ['createdate'], limit: 3, after});
      seen.push(...page.results.map((r) => r.id));
      after = page.paging?.next?.after;
    } while (after);
    expect(seen).to.have.length(5);
    expect(new Set(seen).size).to.equal(5);

    const tooMany = await failure(hs.crm.contacts.searchApi.doSearch({limit: 201}));
    expect(tooMany.code).to.equal(400);
    const capped = await failure(hs.crm.contacts.searchApi.doSearch({limit: 100, after: '9950'}));
    expect(capped.code).to.equal(400);
  });

  it('batch-creates 100 contacts and pages through them with the list endpoint', async () => {
    const inputs = Array.from({length: 100}, (_, i) => ({properties: {email: `batch${i}@bulk.test`, firstname: `Bulk${i}`}, associations: []}));
    const res = await hs.crm.contacts.batchApi.create({inputs});
    expect(res.status).to.equal('COMPLETE');
    expect(res.results).to.have.length(100);
    const ids = new Set(res.results.map((r) => r.id));
    const found: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await hs.crm.contacts.basicApi.getPage(100, after, ['email']);
      pages++;
      found.push(...page.results.filter((r) => ids.has(r.id)).map((r) => r.id));
      after = page.paging?.next?.after;
    } while (after);
    expect(found).to.have.length(100);
    expect(pages).to.be.at.least(2);
    const all = await hs.crm.contacts.getAll(undefined, undefined, ['email']);
    expect(all.filter((r) => ids.has(r.id))).to.have.length(100);

    const read = await hs.crm.contacts.batchApi.read({inputs: [{id: res.results[0]!.id}, {id: '999999'}], properties: ['email'], propertiesWithHistory: []});
    expect(read.results).to.have.length(1);
    expect((read as {numErrors?: number}).numErrors).to.equal(1);
    const upsert = await hs.crm.contacts.batchApi.upsert({inputs: [{idProperty: 'email', id: 'batch0@bulk.test', properties: {firstname: 'Upserted'}}, {idProperty: 'email', id: 'fresh@bulk.test', properties: {firstname: 'Fresh'}}]});
    expect(upsert.results.map((r) => [r.properties.firstname, r._new])).to.deep.equal([['Upserted', false], ['Fresh', true]]);
    await hs.crm.contacts.batchApi.archive({inputs: res.results.slice(0, 10).map((r) => ({id: r.id}))});
    expect((await failure(hs.crm.contacts.basicApi.getById(res.results[0]!.id))).code).to.equal(404);
  });

  it('creates companies and deals with v4 associations (labelled, default, batch) and reads them back through v3 and v4', async () => {
    const company = await hs.crm.companies.basicApi.create({properties: {name: 'Assoc Co', domain: 'assoc.test'}, associations: []});
    const contact = await hs.crm.contacts.basicApi.create({properties: {email: 'a@assoc.test'}, associations: [{to: {id: company.id}, types: [{associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 279}]}]});
    const deal = await hs.crm.deals.basicApi.create({properties: {dealname: 'Assoc deal', dealstage: 'qualifiedtobuy', amount: '1200'}, associations: []});
    const def = await hs.crm.associations.v4.basicApi.createDefault('deals', deal.id, 'companies', company.id);
    expect(def.results[0]!.associationSpec.associationTypeId).to.equal(341);
    const labelled = await hs.crm.associations.v4.basicApi.create('deals', deal.id, 'contacts', contact.id, [{associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 3}]);
    expect(labelled.toObjectId).to.equal(contact.id);
    const list = await hs.crm.associations.v4.basicApi.getPage('deals', deal.id, 'companies');
    expect(list.results[0]!.toObjectId).to.equal(company.id);
    expect(list.results[0]!.associationTypes.map((t) => t.typeId).sort((a, b) => a - b)).to.deep.equal([5, 341]);
    const back = await hs.crm.associations.v4.basicApi.getPage('companies', company.id, 'deals');
    expect(back.results.map((r) => r.toObjectId)).to.deep.equal([deal.id]);
    const withV3 = await hs.crm.deals.basicApi.getById(deal.id, ['dealname'], undefined, ['companies', 'contacts']);
    expect(withV3.associations!.companies!.results.map((r) => r.type).sort()).to.deep.equal(['deal_to_company', 'deal_to_company_unlabeled']);
    expect(withV3.associations!.contacts!.results[0]!.id).to.equal(contact.id);

    const label = await hs.crm.associations.v4.schema.definitionsApi.create('deals', 'contacts', {label: 'Decision maker', name: 'decision_maker'});
    const typeId = label.results.find((l) => l.label === 'Decision maker')!.typeId;
    const batch = await hs.crm.associations.v4.batchApi.create('deals', 'contacts', {inputs: [{_from: {id: deal.id}, to: {id: contact.id}, types: [{associationCategory: AssociationSpecAssociationCategoryEnum.UserDefined, associationTypeId: typeId}]}]});
    expect(batch.results[0]!.labels).to.include('Decision maker');
    const read = await hs.crm.associations.v4.batchApi.getPage('deals', 'contacts', {inputs: [{id: deal.id}]});
    expect(read.results[0]!.to[0]!.associationTypes.map((t) => t.label)).to.include('Decision maker');

    // 13.5 has no discovery for the limit configurations: the SDK's generic request
    const limit = await hs.apiRequest({method: 'POST', path: '/crm/v4/associations/definitions/configurations/contacts/deals/batch/create', body: {inputs: [{category: 'HUBSPOT_DEFINED', typeId: 4, maxToObjectIds: 1}]}});
    expect(limit.status).to.equal(201);
    const other = await hs.crm.deals.basicApi.create({properties: {dealname: 'Second'}, associations: []});
    const limited = await failure(hs.crm.associations.v4.basicApi.create('contacts', contact.id, 'deals', other.id, [{associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 4}]));
    expect(limited.code).to.equal(400);
    expect(limited.body.errors[0].code).to.equal('TOO_MANY_ASSOCIATIONS');
    await hs.apiRequest({method: 'POST', path: '/crm/v4/associations/definitions/configurations/contacts/deals/batch/purge', body: {inputs: [{category: 'HUBSPOT_DEFINED', typeId: 4}]}});
    await hs.crm.associations.v4.basicApi.create('contacts', contact.id, 'deals', other.id, [{associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 4}]);

    await hs.crm.associations.v4.basicApi.archive('deals', deal.id, 'companies', company.id);
    expect((await hs.crm.associations.v4.basicApi.getPage('deals', deal.id, 'companies')).results).to.have.length(0);
    const bad = await failure(hs.crm.associations.v4.basicApi.create('deals', deal.id, 'contacts', contact.id, [{associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 279}]));
    expect(bad.code).to.equal(400);
  });

  it('reads pipelines and stages, computes closed deals, refuses a stage that does not exist', async () => {
    const pipelines = await hs.crm.pipelines.pipelinesApi.getAll('deals');
    const sales = pipelines.results.find((p) => p.id === 'default')!;
    expect(sales.stages.map((s) => s.id)).to.include.members(['appointmentscheduled', 'closedwon', 'closedlost']);
    expect(sales.stages.find((s) => s.id === 'closedwon')!.metadata).to.deep.equal({isClosed: 'true', probability: '1.0'});
    const tickets = await hs.crm.pipelines.pipelinesApi.getById('tickets', '0');
    expect(tickets.stages[0]!.metadata.ticketState).to.equal('OPEN');

    const won = await hs.crm.deals.basicApi.create({properties: {dealname: 'Won', dealstage: 'closedwon', pipeline: 'default', amount: '100'}, associations: []});
    expect(won.properties).to.include({hs_is_closed: 'true', hs_is_closed_won: 'true', hs_deal_stage_probability: '1.0'});
    const refused = await failure(hs.crm.deals.basicApi.create({properties: {dealname: 'Nowhere', dealstage: 'nosuchstage'}, associations: []}));
    expect(refused.code).to.equal(400);
    expect(refused.body.category).to.equal('VALIDATION_ERROR');
    expect(refused.body.message).to.contain('nosuchstage was not one of the allowed options');

    const created = await hs.crm.pipelines.pipelinesApi.create('deals', {label: 'Partners', displayOrder: 1, stages: [{label: 'Intro', displayOrder: 0, metadata: {probability: '0.1'}}, {label: 'Signed', displayOrder: 1, metadata: {probability: '1.0', isClosed: 'true'}}]});
    const stage = await hs.crm.pipelines.pipelineStagesApi.create('deals', created.id, {label: 'Legal', displayOrder: 2, metadata: {probability: '0.7'}});
    const moved = await hs.crm.deals.basicApi.create({properties: {dealname: 'Partner deal', pipeline: created.id, dealstage: stage.id}, associations: []});
    expect(moved.properties).to.include({pipeline: created.id, dealstage: stage.id, hs_is_closed: 'false'});
    const wrongPipeline = await failure(hs.crm.deals.basicApi.update(moved.id, {properties: {dealstage: 'closedwon'}}));
    expect(wrongPipeline.code).to.equal(400);

    const ticket = await hs.crm.tickets.basicApi.create({properties: {subject: 'Printer on fire', hs_pipeline_stage: '1'}, associations: []});
    expect(ticket.properties).to.include({hs_pipeline: '0', hs_pipeline_stage: '1', hs_is_closed: 'false'});
    const closed = await hs.crm.tickets.basicApi.update(ticket.id, {properties: {hs_pipeline_stage: '4'}});
    expect(closed.properties.hs_is_closed).to.equal('true');
    expect(closed.properties.closed_date).to.match(/Z$/);
    const noStatus = await failure(hs.crm.tickets.basicApi.create({properties: {subject: 'No status'}, associations: []}));
    expect(noStatus.code).to.equal(400);
    expect(noStatus.body.errors[0]).to.deep.include({code: 'REQUIRED'});
  });

  it('creates a custom property, writes it, validates its options, and refuses unknown properties', async () => {
    const prop = await hs.crm.properties.coreApi.create('contacts', {name: 'favorite_color', label: 'Favorite color', type: 'enumeration' as never, fieldType: 'select' as never, groupName: 'contactinformation', options: [{label: 'Red', value: 'red', displayOrder: 0, hidden: false}, {label: 'Blue', value: 'blue', displayOrder: 1, hidden: false}]});
    expect(prop.name).to.equal('favorite_color');
    expect(prop.createdAt).to.be.instanceOf(Date);
    const c = await hs.crm.contacts.basicApi.create({properties: {email: 'color@example.test', favorite_color: 'blue'}, associations: []});
    expect(c.properties.favorite_color).to.equal('blue');
    const found = await hs.crm.contacts.searchApi.doSearch({filterGroups: [{filters: [{propertyName: 'favorite_color', operator: FilterOperatorEnum.Eq, value: 'blue'}]}], properties: ['favorite_color']});
    expect(found.results.map((r) => r.id)).to.deep.equal([c.id]);
    const badOption = await failure(hs.crm.contacts.basicApi.update(c.id, {properties: {favorite_color: 'green'}}));
    expect(badOption.code).to.equal(400);
    expect(badOption.body.message).to.contain('INVALID_OPTION');
    const unknown = await failure(hs.crm.contacts.basicApi.create({properties: {email: 'u@example.test', shoe_size: '42'}, associations: []}));
    expect(unknown.code).to.equal(400);
    expect(unknown.body.category).to.equal('VALIDATION_ERROR');
    expect(unknown.body.message).to.contain('Property \\"shoe_size\\" does not exist');
    expect(unknown.body.errors[0]).to.deep.include({code: 'PROPERTY_DOESNT_EXIST'});
    const dupe = await failure(hs.crm.properties.coreApi.create('contacts', {name: 'favorite_color', label: 'Again', type: 'string' as never, fieldType: 'text' as never, groupName: 'contactinformation'}));
    expect(dupe.code).to.equal(409);
    const groups = await hs.crm.properties.groupsApi.getAll('contacts');
    expect(groups.results.map((g) => g.name)).to.include('contactinformation');
    await hs.crm.properties.coreApi.archive('contacts', 'favorite_color');
    expect((await failure(hs.crm.properties.coreApi.getByName('contacts', 'favorite_color'))).code).to.equal(404);
  });

  it('lists owners and reads one; a record with an unknown owner is refused', async () => {
    const owners = await hs.crm.owners.ownersApi.getPage();
    expect(owners.results.length).to.be.at.least(3);
    const dana = owners.results.find((o) => o.email === 'dana@acme.test')!;
    expect(dana).to.include({firstName: 'Dana', type: 'PERSON'});
    const one = await hs.crm.owners.ownersApi.getById(Number(dana.id));
    expect(one.userId).to.equal(dana.userId);
    const byEmail = await hs.crm.owners.ownersApi.getPage('sam@acme.test');
    expect(byEmail.results.map((o) => o.lastName)).to.deep.equal(['Okafor']);
    const owned = await hs.crm.companies.basicApi.create({properties: {name: 'Owned', hubspot_owner_id: dana.id}, associations: []});
    expect(owned.properties.hubspot_owner_id).to.equal(dana.id);
    expect((await failure(hs.crm.companies.basicApi.create({properties: {name: 'Orphan', hubspot_owner_id: '1'}, associations: []}))).code).to.equal(400);
  });

  it('creates a custom object schema and records of it', async () => {
    const schema = await hs.crm.schemas.coreApi.create({
      name: 'car',
      labels: {singular: 'Car', plural: 'Cars'},
      primaryDisplayProperty: 'model',
      requiredProperties: ['model'],
      searchableProperties: ['model'],
      properties: [{name: 'model', label: 'Model', type: 'string' as never, fieldType: 'text'}, {name: 'year', label: 'Year', type: 'number' as never, fieldType: 'number'}],
      associatedObjects: ['CONTACT'],
    });
    expect(schema.objectTypeId).to.match(/^2-\d+$/);
    const car = await hs.crm.objects.basicApi.create(schema.objectTypeId, {properties: {model: 'Roadster', year: '2008'}, associations: []});
    expect(car.properties).to.include({model: 'Roadster', year: '2008'});
    const same = await hs.crm.objects.basicApi.getById(schema.fullyQualifiedName, car.id, ['model']);
    expect(same.properties.model).to.equal('Roadster');
    expect((await failure(hs.crm.objects.basicApi.create(schema.objectTypeId, {properties: {year: '1999'}, associations: []}))).code).to.equal(400);
    const all = await hs.crm.schemas.coreApi.getAll();
    expect(all.results.map((s) => s.name)).to.include('car');
  });

  it('merges two contacts (blanks filled, associations moved, the merged one archived) and GDPR-deletes one', async () => {
    const company = await hs.crm.companies.basicApi.create({properties: {name: 'Merge Co'}, associations: []});
    const a = await hs.crm.contacts.basicApi.create({properties: {email: 'keep@merge.test', firstname: 'Keep'}, associations: []});
    const b = await hs.crm.contacts.basicApi.create({properties: {email: 'old@merge.test', jobtitle: 'CTO'}, associations: [{to: {id: company.id}, types: [{associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 279}]}]});
    const merged = await hs.crm.contacts.basicApi.merge({primaryObjectId: a.id, objectIdToMerge: b.id});
    expect(merged.id).to.equal(a.id);
    expect(merged.properties).to.include({email: 'keep@merge.test', firstname: 'Keep', jobtitle: 'CTO', hs_additional_emails: 'old@merge.test'});
    expect((await hs.crm.associations.v4.basicApi.getPage('contacts', a.id, 'companies')).results.map((r) => r.toObjectId)).to.deep.equal([company.id]);
    expect((await failure(hs.crm.contacts.basicApi.getById(b.id))).code).to.equal(404);
    await hs.crm.contacts.basicApi.purge({objectId: a.id});
    expect((await failure(hs.crm.contacts.basicApi.getById(a.id, undefined, undefined, undefined, true))).code).to.equal(404);
  });

  it('answers a bad token with 401 INVALID_AUTHENTICATION, and the documented acme token works', async () => {
    const bad = await failure(h.sdk('pat-na1-11111111-2222-4333-8444-555555555555').crm.contacts.basicApi.getPage());
    expect(bad.code).to.equal(401);
    expect(bad.body).to.include({status: 'error', category: 'INVALID_AUTHENTICATION'});
    const acme = await h.sdk(ACME_TOKEN).crm.contacts.basicApi.getPage(1);
    expect(acme.results).to.have.length(1);
  });
});
