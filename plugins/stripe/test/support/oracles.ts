/** The third-party Stripe oracles (spec, fixtures, trigger chains): ASYM_STRIPE_ORACLES, else `../shared/oracles/stripe` beside the repository. */
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

export function oraclesDir(): string {
  const dir = process.env.ASYM_STRIPE_ORACLES ?? fileURLToPath(new URL('../../../../../shared/oracles/stripe', import.meta.url));
  if (!existsSync(dir)) throw new Error(`Stripe oracles not found at ${dir}: set ASYM_STRIPE_ORACLES to the folder holding spec3-2023-08-16.yaml and triggers/`);
  return dir;
}
