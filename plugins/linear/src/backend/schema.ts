/** Linear's own SDL (schema/schema.graphql of this package), built once per process. */
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

import {buildSchema, type GraphQLSchema} from 'graphql';

let built: GraphQLSchema | undefined;

/** The SDL sits in `schema/` of the package: next to `dist/` when bundled, two levels up from the sources. */
export function schemaPath(): string {
  for (const rel of ['../schema/schema.graphql', '../../schema/schema.graphql']) {
    const p = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(p)) return p;
  }
  throw new Error('schema/schema.graphql is missing from the template package: reinstall @asym/template-linear');
}

export function linearSchema(): GraphQLSchema {
  built ??= buildSchema(readFileSync(schemaPath(), 'utf8'), {assumeValidSDL: true});
  return built;
}
