// Programmatic mocha so the run ends with a plain "N passed, N failed, N skipped" line.
import Mocha from 'mocha';

const mocha = new Mocha({reporter: 'spec', timeout: 60_000});
for (const f of process.argv.slice(2)) mocha.addFile(f);
await mocha.loadFilesAsync();
const runner = mocha.run((failures) => {
  const {passes = 0, pending = 0} = runner.stats ?? {};
  console.log(`\n${passes} passed, ${failures} failed, ${pending} skipped`);
  process.exit(failures > 0 ? 1 : 0);
});
