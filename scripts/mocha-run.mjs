// Programmatic mocha so the run ends with a plain "N passed, N failed, N skipped" line.
import {randomUUID} from 'node:crypto';

import Mocha from 'mocha';

// Every server a test starts inherits this tag, so the root hook can tell this run's leftovers.
process.env.ASYM_TEST_RUN ||= randomUUID();
const {leftoverHooks} = await import('../cli/test/helpers/leftovers.ts');

const mocha = new Mocha({reporter: 'spec', rootHooks: leftoverHooks(process.env.ASYM_TEST_RUN), timeout: 60_000});
for (const f of process.argv.slice(2)) mocha.addFile(f);
await mocha.loadFilesAsync();
const runner = mocha.run((failures) => {
  const {passes = 0, pending = 0} = runner.stats ?? {};
  console.log(`\n${passes} passed, ${failures} failed, ${pending} skipped`);
  process.exit(failures > 0 ? 1 : 0);
});
