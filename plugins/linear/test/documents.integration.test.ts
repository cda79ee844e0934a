// Every operation document @linear/sdk 88.3.0 generates (LinearDocument, 663 of them) must validate
// against the schema the clone introspects to; the query documents are also run against the acme
// fixture, with ids discovered from it, and the number that execute without errors is reported.
import {LinearDocument} from '@linear/sdk';
import {expect} from 'chai';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  typeFromAST,
  validate,
} from 'graphql';
import pg from 'pg';

import {type LinearClone, startLinearClone} from './helpers.js';

const documents = Object.entries(LinearDocument as unknown as Record<string, unknown>)
  .filter(([name]) => name.endsWith('Document'))
  .map(([name, doc]) => ({name, source: String(doc)}));

describe('linear template: the SDK operation documents', function () {
  this.timeout(180_000);
  let c: LinearClone;
  let schema: GraphQLSchema;
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    for (const k of ['ASYM_LINEAR_COMPLEXITY_LIMIT', 'ASYM_LINEAR_RATE_LIMIT']) saved[k] = process.env[k];
    process.env.ASYM_LINEAR_COMPLEXITY_LIMIT = '100000000';
    process.env.ASYM_LINEAR_RATE_LIMIT = '100000';
    c = await startLinearClone();
    const res = await c.gql(getIntrospectionQuery());
    schema = buildClientSchema(res.body.data);
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
    await c?.dispose();
  });

  it('has all 663 documents of @linear/sdk 88.3.0, each valid against the introspected schema', () => {
    expect(documents).to.have.length(663);
    const invalid = documents.filter((d) => validate(schema, parse(d.source)).length > 0).map((d) => d.name);
    console.log(`      documents valid: ${documents.length - invalid.length} / ${documents.length}`);
    expect(invalid).to.deep.equal([]);
  });

  it('runs the query documents against acme and reports how many execute without errors', async () => {
    const db = new pg.Client({connectionString: c.clone.databaseUrl});
    await db.connect();
    const ids = new Map<string, string>();
    try {
      const r = await db.query(`SELECT DISTINCT ON (type) type, id FROM records ORDER BY type, (data->>'createdAt')`);
      for (const row of r.rows) ids.set(row.type as string, row.id as string);
      // the issue with the most going on: sub-issues, comments, an attachment
      const meter = await db.query(`SELECT id FROM records WHERE type = 'Issue' AND data->>'title' = 'Usage meter service'`);
      ids.set('Issue', meter.rows[0].id as string);
    } finally {
      await db.end();
    }
    // root fields whose `id` names another type than the one they return
    const idOf: Record<string, string> = {attachmentIssue: 'Attachment'};
    const sample = (type: GraphQLInputType, name: string, rootType: string): unknown => {
      if (isNonNullType(type)) return sample(type.ofType, name, rootType);
      if (isListType(type)) return [sample(type.ofType, name, rootType)];
      if (isEnumType(type)) return type.getValues()[0]!.value;
      if (isInputObjectType(type)) return {};
      if (name === 'id') return ids.get(rootType) ?? '00000000-0000-4000-a000-000000000000';
      if (/Id$/.test(name)) return ids.get(name.charAt(0).toUpperCase() + name.slice(1, -2)) ?? 'x';
      switch (type.name) {
        case 'Int':
        case 'Float': return 1;
        case 'Boolean': return false;
        default: return name === 'term' || name === 'query' ? 'usage' : 'x';
      }
    };
    const queries = documents.filter((d) => /^\s*query\b/.test(d.source));
    const failing: string[] = [];
    for (const d of queries) {
      const doc = parse(d.source);
      const op = doc.definitions.find((x): x is OperationDefinitionNode => x.kind === Kind.OPERATION_DEFINITION)!;
      const rootField = op.selectionSet.selections[0]!;
      const fieldName = rootField.kind === Kind.FIELD ? rootField.name.value : '';
      const field = schema.getQueryType()!.getFields()[fieldName];
      const named = field ? getNamedType(field.type) : undefined;
      const rootType = idOf[fieldName] ?? (named && isObjectType(named) ? named.name : '');
      const variables: Record<string, unknown> = {};
      for (const v of op.variableDefinitions ?? []) {
        if (v.type.kind !== Kind.NON_NULL_TYPE && v.variable.name.value !== 'id') continue;
        const t = typeFromAST(schema, v.type) as GraphQLInputType;
        variables[v.variable.name.value] = sample(t, v.variable.name.value, rootType);
      }
      const res = await c.gql(d.source, variables);
      if (res.body.errors?.length) failing.push(`${d.name}: ${res.body.errors[0].message}`);
    }
    const ok = queries.length - failing.length;
    console.log(`      query documents executing without errors against acme: ${ok} / ${queries.length}`);
    if (process.env.ASYM_LINEAR_COVERAGE_DETAIL) console.log(failing.join('\n'));
    // a floor under the figure measured when this test was written, so a regression fails the test
    expect(ok).to.be.at.least(Number(process.env.ASYM_LINEAR_MIN_EXECUTING ?? 270));
  });
});
