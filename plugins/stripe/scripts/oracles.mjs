// Where the original third-party Stripe oracles are (the full OpenAPI spec, both fixtures files, the
// trigger chains; see test/oracles/SOURCE.md for where to get them): the folder named by the first
// argument. There is no default: the trimmed copies in test/oracles/ lack what generation needs.
import {existsSync} from 'node:fs';
import {resolve} from 'node:path';

export function oraclesDir(script) {
  const dir = process.argv[2];
  if (!dir || !existsSync(dir)) {
    console.error(`usage: node plugins/stripe/scripts/${script} <folder holding spec3-2023-08-16.yaml, fixtures3.json, fixtures3-2023-08-16.json and triggers/>`);
    process.exit(2);
  }
  return resolve(dir);
}
