/**
 * The third-party Stripe oracles the tests use (OpenAPI spec, fixtures, trigger chains), trimmed and
 * kept in test/oracles/ (source, commit and licence in test/oracles/SOURCE.md; made from the originals
 * by scripts/trim-oracles.ts).
 */
import {fileURLToPath} from 'node:url';

export function oraclesDir(): string {
  return fileURLToPath(new URL('../oracles', import.meta.url));
}
