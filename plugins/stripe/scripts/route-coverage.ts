// Route coverage of the official `stripe` SDK's catalogue: how many of its routes the clone answers
// (anything but "Unrecognized request URL" or a 5xx). Run from the repo root:
//   node --import tsx plugins/stripe/scripts/route-coverage.ts [--verbose]
import {startStripeClone} from '../test/helpers.js';
import {routeCoverage} from '../test/support/routes.js';

const c = await startStripeClone();
try {
  const all = await routeCoverage(c.clone.url, c.tokens.apiKey!);
  const pct = ((100 * all.answering) / all.total).toFixed(1);
  console.log(`stripe ${all.sdk} (API ${all.apiVersion}): ${all.answering}/${all.total} routes answering (${pct}%)`);
  if (process.argv.includes('--verbose')) for (const r of [...all.unrecognized, ...all.failing]) console.log(`  ✗ ${r}`);
} finally {
  await c.dispose();
}
