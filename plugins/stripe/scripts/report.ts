// Fidelity figures for the Stripe clone: replays every trigger chain of the oracles and validates
// every response the clone gave against the 2023-08-16 OpenAPI spec. Run from the repo root:
//   node --import tsx plugins/stripe/scripts/report.ts [--verbose]
import {startStripeClone} from '../test/helpers.js';
import {SpecValidator} from '../test/support/spec.js';
import {replayChain, triggerNames} from '../test/support/triggers.js';

const verbose = process.argv.includes('--verbose');
const spec = new SpecValidator();
const names = triggerNames();
let passed = 0;
let checked = 0;
let valid = 0;
let noSchema = 0;
const unknownKeys = new Set<string>();
const problems = new Map<string, number>();
const failures: string[] = [];
const c = await startStripeClone();
let redirectFree = 0;
for (const name of names) {
  {
    let r = await replayChain(c.clone.url, c.tokens.apiKey!, name);
    if (!r.ok && r.failure?.includes('return_url')) {
      // Refused because the account has redirect-based methods; replay as an account without.
      process.env.ASYM_STRIPE_REDIRECT_METHODS = 'off';
      r = await replayChain(c.clone.url, c.tokens.apiKey!, name);
      delete process.env.ASYM_STRIPE_REDIRECT_METHODS;
      if (r.ok) redirectFree++;
    }
    if (r.ok) passed++;
    else failures.push(`${name}: ${r.failure}`);
    for (const s of r.steps) {
      if (s.status >= 300) continue;
      const found = spec.responseSchema(s.method, s.path);
      if (!found) {
        noSchema++;
        continue;
      }
      checked++;
      const f = spec.validate(s.body, found.schema, `${s.method} ${found.template}`, unknownKeys);
      if (f.length === 0) valid++;
      for (const x of f) {
        const key = `${x.path.replaceAll(/\[\d+\]/g, '[]')}: ${x.problem}`;
        problems.set(key, (problems.get(key) ?? 0) + 1);
      }
    }
  }
}
await c.dispose();
console.log(`trigger chains: ${passed}/${names.length} succeed end to end (${redirectFree} of them replayed as an account without redirect-based payment methods)`);
if (verbose) for (const f of failures) console.log(`  ✗ ${f}`);
console.log(`spec validation: ${valid}/${checked} responses valid against spec3-2023-08-16 (${((100 * valid) / Math.max(1, checked)).toFixed(1)}%); ${noSchema} responses of operations the spec lacks`);
if (verbose || problems.size < 30) for (const [k, n] of [...problems].sort((a, b) => b[1] - a[1])) console.log(`  ${n}× ${k}`);
console.log(`keys newer than the 2023 spec: ${unknownKeys.size}${verbose ? ` (${[...unknownKeys].sort().join(', ')})` : ''}`);
process.exit(0);
