import {expect} from 'chai';

import {DiffResult, entitySql} from '@asym/contract';

import {fieldChanges, flatten} from '../src/data/diff.js';
import {diffLines} from '../src/output/diff.js';

describe('diff (units)', () => {
  it('flattens nested objects into dotted fields and keeps arrays whole', () => {
    expect(flatten({a: {b: 1, c: {d: 'x'}}, e: [1, 2], f: {}})).to.deep.equal({'a.b': 1, 'a.c.d': 'x', e: [1, 2], f: {}});
  });

  it('reports changed fields old → new and leaves out ignored ones (exact, dotted and prefix* rules)', () => {
    const before = {_clock: 1, metadata: {}, name: 'Dana', updated: 5, nested: {keep: 1, skip: 1}};
    const after = {_clock: 2, metadata: {tier: 'gold'}, name: 'Dana K', updated: 9, nested: {keep: 2, skip: 2}};
    expect(fieldChanges(before, after, ['updated', '_*', 'nested.skip'])).to.deep.equal([
      {field: 'metadata.tier', new: 'gold', old: null},
      {field: 'name', new: 'Dana K', old: 'Dana'},
      {field: 'nested.keep', new: 2, old: 1},
    ]);
  });

  it('builds one query per entity from the declaration', () => {
    expect(entitySql({key: ['channel_id', 'ts'], table: 'messages'})).to.equal(
      `SELECT concat_ws(':', t."channel_id"::text, t."ts"::text) AS k, (to_jsonb(t)) - $1::text[] AS d FROM "messages" t WHERE true AND true ORDER BY 1`,
    );
    expect(entitySql({deleted: "data ? '_deleted'", document: 'data', key: 'id', table: 'objects', where: "type = 'customer'"})).to.equal(
      `SELECT t."id"::text AS k, (t."data") - $1::text[] AS d FROM "objects" t WHERE (type = 'customer') AND NOT coalesce((data ? '_deleted'), false) ORDER BY 1`,
    );
  });

  it('prints a compact summary per entity that the DiffResult schema accepts', () => {
    const r: DiffResult = {
      entities: [{created: [{id: 'cus_1', object: {id: 'cus_1'}}], deleted: [], entity: 'customers', updated: [{changes: [{field: 'name', new: 'B', old: 'A'}], id: 'cus_0'}]}],
      id: 'stripe-ab12',
      since: {snapshot: 'before'},
      template: 'stripe',
      totals: {created: 1, deleted: 0, updated: 1},
    };
    expect(DiffResult.parse(r)).to.deep.equal(r);
    expect(diffLines(r)).to.deep.equal([
      '  stripe-ab12 since snapshot before: 1 created, 1 updated, 0 deleted',
      '  customers  +1 ~1 -0',
      '    + cus_1',
      '    ~ cus_0  name: "A" → "B"',
    ]);
  });
});
