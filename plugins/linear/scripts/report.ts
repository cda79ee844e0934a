// Prints how much of Linear's schema the clone implements: root queries and mutations answered
// (explicitly or by the generic list/get/CRUD over stored types) out of the schema's.
// Run from the package: pnpm report (the SDK document figures come from test/documents.integration.test.ts).
import {MUTATIONS, genericMutation} from '../src/backend/mutations.js';
import {QUERIES} from '../src/backend/queries.js';
import {genericQuery} from '../src/backend/resolvers.js';
import {linearSchema} from '../src/backend/schema.js';

const schema = linearSchema();
const queries = Object.values(schema.getQueryType()!.getFields());
const mutations = Object.values(schema.getMutationType()!.getFields());
const q = queries.filter((f) => QUERIES[f.name] || genericQuery(f)).map((f) => f.name);
const m = mutations.filter((f) => MUTATIONS[f.name] || genericMutation(f.name, f)).map((f) => f.name);
console.log(`queries implemented: ${q.length} / ${queries.length}`);
console.log(`mutations implemented: ${m.length} / ${mutations.length}`);
if (process.argv.includes('--verbose')) {
  console.log(`\nqueries: ${q.sort().join(', ')}`);
  console.log(`\nmutations: ${m.sort().join(', ')}`);
}
