import {expect} from 'chai';

import {parseGraphql} from '../src/fidelity/graphql.js';
import {parseOpenApi} from '../src/fidelity/openapi.js';
import {routeServes} from '../src/fidelity/routes.js';
import {errorShapeProblems, sampleProblems} from '../src/fidelity/samples.js';

describe('fidelity scorer parts', () => {
  it('matches router paths to reference paths (params, regex params, suffixes, wildcards, literals)', () => {
    expect(routeServes('/v1/customers/:id', '/v1/customers/{customer}')).to.equal(true);
    expect(routeServes('/v1/customers/search', '/v1/customers/{customer}')).to.equal(false);
    expect(routeServes('/v1/customers/:id', '/v1/customers/search')).to.equal(true);
    expect(routeServes('/:owner/:repo.git/info/refs', '/repos/{owner}/{repo}/info/refs')).to.equal(false);
    expect(routeServes('/:owner/:repo.git/*', '/repos/{owner}/{repo}')).to.equal(false);
    expect(routeServes('/issues/:n{[0-9]+}', '/issues/12')).to.equal(true);
    expect(routeServes('/issues/:n{[0-9]+}', '/issues/{issue_number}')).to.equal(true);
    expect(routeServes('/issues/:n{[0-9]+}', '/issues/abc')).to.equal(false);
    expect(routeServes('/files/*', '/files/a/b')).to.equal(true);
    expect(routeServes('/notes/:id?', '/notes')).to.equal(true);
    expect(routeServes('/notes', '/notes/{id}')).to.equal(false);
  });

  it('reads OpenAPI 3 and the compact form, validates with ajv, and falls back to the usual error schema', () => {
    const widget = {properties: {id: {type: 'string'}, size: {nullable: true, type: 'integer'}}, required: ['id', 'size'], type: 'object'};
    const error = {properties: {message: {type: 'string'}}, required: ['message'], type: 'object'};
    const v3 = parseOpenApi(
      {
        components: {schemas: {error, widget}},
        info: {title: 'W', version: '1'},
        paths: {
          '/w': {get: {responses: {200: {content: {'application/json': {schema: {$ref: '#/components/schemas/widget'}}}}, 404: {content: {'application/json': {schema: {$ref: '#/components/schemas/error'}}}}}}},
          '/x': {post: {}},
        },
      },
      'f',
    );
    expect(v3.operations.map((o) => `${o.method} ${o.path}`)).to.deep.equal(['GET /w', 'POST /x']);
    const get = v3.operations[0]!;
    expect(v3.validate(get, 200, {id: 'a', size: null}).ok).to.equal(true);
    expect(v3.validate(get, 200, {id: 'a'}).errors.join()).to.include('size');
    expect(v3.validate(get, 401, {message: 'no'})).to.include({declared: true, ok: true});
    expect(v3.validate(get, 401, {nope: 1}).ok).to.equal(false);
    expect(v3.validate(get, 201, {}).declared).to.equal(false);
    const compact = parseOpenApi({info: {title: 'C', version: '2'}, paths: {'/w': {get: {200: {$ref: '#/components/schemas/widget'}, 204: null}}}, schemas: {widget}}, 'f');
    expect(compact.validate(compact.operations[0]!, 200, {id: 'a', size: 1}).ok).to.equal(true);
    expect(compact.validate(compact.operations[0]!, 204, null).ok).to.equal(true);
  });

  it('compares answers with samples by key set and type, and errors with the error envelope', () => {
    expect(sampleProblems({items: [{id: '', n: 0}], ok: false}, {items: [{id: 'x', n: 2}], ok: true})).to.deep.equal([]);
    expect(sampleProblems({items: [{id: ''}], ok: false}, {extra: 1, items: [{id: 3}], ok: true})).to.deep.equal(['$.extra is not in the sample', '$.items[].id is number, the sample has string']);
    expect(sampleProblems({meta: null}, {meta: {a: 1}})).to.deep.equal([]);
    expect(errorShapeProblems({error: '', ok: false}, {error: 'channel_not_found', ok: false})).to.deep.equal([]);
    expect(errorShapeProblems({error: '', ok: false}, {ok: false})).to.deep.equal(['no `error`']);
  });

  it('builds GraphQL probes for root fields without required arguments and type-checks the answers', () => {
    const ref = parseGraphql(`
      type Query { viewer: User! user(id: String!): User teams(first: Int): TeamConnection! }
      type Mutation { userUpdate(id: String!): User }
      type User { id: ID! name: String admin: Boolean! }
      type Team { id: ID! key: String! }
      type TeamConnection { nodes: [Team!]! }
    `);
    expect(ref.operations).to.deep.equal(['Query.viewer', 'Query.user', 'Query.teams', 'Mutation.userUpdate']);
    expect(ref.probes.map((p) => p.query)).to.deep.equal(['query { viewer { id name admin } }', 'query { teams { nodes { id key } } }']);
    expect(ref.missing?.operation).to.equal('Query.user');
    const viewer = ref.probes[0]!;
    expect(viewer.check({viewer: {admin: false, id: 'u', name: null}})).to.deep.equal([]);
    expect(viewer.check({viewer: {admin: 'no', id: 'u', name: 'x'}})).to.deep.equal(['viewer.admin = "no" is not a Boolean']);
    expect(ref.probes[1]!.check({teams: {nodes: [{id: 't', key: null}]}})).to.deep.equal(['teams.nodes[0].key is null, the schema says non-null']);
  });
});
