import {expect} from 'chai';

import type {PropertyDef} from '../src/backend/properties.js';
import type {RecordRow} from '../src/backend/records.js';
import {checkFilters, matches, matchesQuery, parseSorts, sortRows} from '../src/backend/search.js';

const defs = new Map<string, PropertyDef>([
  ['email', {name: 'email', type: 'string', fieldType: 'text'}],
  ['amount', {name: 'amount', type: 'number', fieldType: 'number'}],
  ['closedate', {name: 'closedate', type: 'datetime', fieldType: 'date'}],
  ['tags', {name: 'tags', type: 'enumeration', fieldType: 'checkbox'}],
]);
const row = (id: string, properties: Record<string, string | null>): RecordRow => ({archived: false, archived_at: null, created_at: new Date(0), history: {}, id, properties, type: 'deals', updated_at: new Date(0)});
const a = row('1', {email: 'Ann.Lee@Acme.test', amount: '900', closedate: '2024-03-01T00:00:00.000Z', tags: 'red;blue'});
const b = row('2', {email: 'bo@globex.test', amount: '10000', closedate: null, tags: null});

describe('hubspot search: filters, query and sorts', () => {
  it('compares numbers as numbers, datetimes as instants (ms or ISO) and text case-insensitively', () => {
    expect(matches(a, {propertyName: 'amount', operator: 'LT', value: '1000'}, defs)).to.equal(true);
    expect(matches(b, {propertyName: 'amount', operator: 'LT', value: '1000'}, defs)).to.equal(false);
    expect(matches(a, {propertyName: 'closedate', operator: 'GTE', value: String(Date.parse('2024-02-01'))}, defs)).to.equal(true);
    expect(matches(a, {propertyName: 'closedate', operator: 'BETWEEN', value: '2024-01-01T00:00:00Z', highValue: '2024-12-31T00:00:00Z'}, defs)).to.equal(true);
    expect(matches(a, {propertyName: 'email', operator: 'EQ', value: 'ann.lee@acme.test'}, defs)).to.equal(true);
    expect(matches(b, {propertyName: 'closedate', operator: 'NOT_HAS_PROPERTY'}, defs)).to.equal(true);
    expect(matches(b, {propertyName: 'closedate', operator: 'GT', value: '0'}, defs)).to.equal(false);
  });

  it('matches tokens with wildcards, checkbox values with EQ and IN, and NOT_ variants', () => {
    expect(matches(a, {propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@acme.test'}, defs)).to.equal(true);
    expect(matches(b, {propertyName: 'email', operator: 'NOT_CONTAINS_TOKEN', value: '*@acme.test'}, defs)).to.equal(true);
    expect(matches(a, {propertyName: 'tags', operator: 'EQ', value: 'blue'}, defs)).to.equal(true);
    expect(matches(a, {propertyName: 'tags', operator: 'IN', values: ['green', 'red']}, defs)).to.equal(true);
    expect(matches(b, {propertyName: 'tags', operator: 'NOT_IN', values: ['red']}, defs)).to.equal(true);
  });

  it('answers query by word prefixes of searchable properties', () => {
    expect(matchesQuery(a, 'ann', ['email'])).to.equal(true);
    expect(matchesQuery(a, 'acme', ['email'])).to.equal(true);
    expect(matchesQuery(b, 'ann', ['email'])).to.equal(false);
  });

  it('refuses unknown properties and operators, too many groups, and more than one sort', () => {
    expect(() => checkFilters([{filters: [{propertyName: 'nope', operator: 'EQ', value: 'x'}]}], defs)).to.throw(/problem/);
    expect(() => checkFilters([{filters: [{propertyName: 'email', operator: 'LIKE', value: 'x'}]}], defs)).to.throw(/FilterOperatorEnum/);
    expect(() => checkFilters(Array.from({length: 6}, () => ({filters: []})), defs)).to.throw(/Too many filter groups/);
    expect(() => parseSorts(['amount', 'email'], defs)).to.throw(/one sort/);
  });

  it('sorts with missing values last and ties by id', () => {
    const sorted = sortRows([b, a], parseSorts([{propertyName: 'closedate', direction: 'DESCENDING'}], defs), defs);
    expect(sorted.map((r) => r.id)).to.deep.equal(['1', '2']);
    expect(sortRows([a, b], parseSorts(['-amount'], defs), defs).map((r) => r.id)).to.deep.equal(['2', '1']);
  });
});
