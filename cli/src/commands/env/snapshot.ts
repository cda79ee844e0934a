import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../../base-command.js';
import {renderError} from '../../output/errors.js';
import {millis} from '../../output/snapshots.js';
import {serviceContext} from '../../services/context.js';
import {failureJson, failureLines} from '../../services/env-report.js';
import {envSnapshot} from '../../services/snapshots.js';

export default class EnvSnapshot extends BaseCommand {
  static args = {
    env: Args.string({description: 'environment name', required: true}),
    name: Args.string({description: 'snapshot name', required: true}),
  };
  static description = `Snapshot every member of an environment under the same name, in parallel (see \`asym snapshot\`).

One member failing does not stop the others: the failure goes to stderr and the exit code is 1.`;
  static examples = ['<%= config.bin %> env snapshot acme before-agent'];
  static flags = {force: Flags.boolean({char: 'f', description: 'replace snapshots of the same name'})};

  async run() {
    const {args, flags} = await this.parse(EnvSnapshot);
    const r = await envSnapshot(await serviceContext(this.config), args.env, args.name, {force: flags.force, json: this.jsonEnabled()});
    for (const c of r.done) this.out(`  ✓ ${c.id}  snapshot ${c.snapshot.name} in ${millis(c.elapsedMs)}`);
    for (const f of r.failures) for (const l of failureLines(f, this.debugEnabled)) this.say(l);
    if (r.failures.length > 0) process.exitCode = r.failures.some((f) => renderError(f.error, false).exitCode === 2) ? 2 : 1;
    return {environment: r.environment, failures: r.failures.map(failureJson), snapshots: r.done};
  }
}
