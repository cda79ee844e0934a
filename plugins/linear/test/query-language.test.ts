// Pure parts of the GraphQL layer: comparators, Relay paging and complexity scoring.
import {expect} from 'chai';
import {getOperationAST, parse} from 'graphql';

import {complexity} from '../src/backend/complexity.js';
import {page} from '../src/backend/connection.js';
import {compare} from '../src/backend/filter.js';

describe('linear template: comparators, paging, complexity', () => {
  it('compares like Linear’s comparators', () => {
    expect(compare('Fix login', {containsIgnoreCase: 'LOGIN'})).to.equal(true);
    expect(compare('Fix login', {contains: 'LOGIN'})).to.equal(false);
    expect(compare(3, {gt: 2, lte: 3})).to.equal(true);
    expect(compare(3, {in: [1, 2]})).to.equal(false);
    expect(compare(null, {null: true})).to.equal(true);
    expect(compare(null, {eq: 'x'})).to.equal(false);
    expect(compare(null, {neq: 'x'})).to.equal(true);
    expect(compare('2026-01-02T00:00:00.000Z', {gt: '2026-01-01'})).to.equal(true);
    expect(compare(new Date(Date.now() - 3_600_000).toISOString(), {gt: '-P1D'})).to.equal(true);
    expect(compare(new Date(Date.now() - 3 * 86_400_000).toISOString(), {gt: '-P1D'})).to.equal(false);
    expect(compare('abc', {or: [{eq: 'x'}, {startsWith: 'a'}]})).to.equal(true);
  });

  it('pages forwards and backwards with cursors', () => {
    const rows = Array.from({length: 23}, (_, i) => ({id: `r${String(i).padStart(2, '0')}`}));
    const first = page(rows, {first: 10});
    expect(first.nodes.map((r) => r.id)[0]).to.equal('r00');
    expect(first.pageInfo).to.include({endCursor: 'r09', hasNextPage: true, hasPreviousPage: false});
    const third = page(rows, {after: 'r19', first: 10});
    expect(third.nodes).to.have.length(3);
    expect(third.pageInfo.hasNextPage).to.equal(false);
    const back = page(rows, {before: 'r05', last: 2});
    expect(back.nodes.map((r) => r.id)).to.deep.equal(['r03', 'r04']);
    expect(back.edges[0]!.cursor).to.equal('r03');
    expect(() => page(rows, {first: 251})).to.throw('Argument Validation Error');
  });

  it('scores complexity: fields 0.1, objects 1, connections times their page size', () => {
    const doc = parse('query($n: Int) { viewer { id name } issues(first: $n) { nodes { id title team { id } } } }');
    const op = getOperationAST(doc)!;
    // viewer: 1 + 0.2; issues: 1 + 10 * (nodes: 1 + 0.2 + team 1.1) = 24
    expect(complexity(doc, op, {n: 10})).to.equal(Math.ceil(1.2 + 1 + 10 * 2.3));
    expect(complexity(doc, op, {})).to.equal(Math.ceil(1.2 + 1 + 50 * 2.3));
  });
});
