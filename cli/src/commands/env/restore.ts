import {Args} from '@oclif/core';

import {BaseCommand} from '../../base-command.js';
import {renderError} from '../../output/errors.js';
import {millis} from '../../output/snapshots.js';
import {serviceContext} from '../../services/context.js';
import {failureJson, failureLines} from '../../services/env-report.js';
import {envRestore} from '../../services/snapshots.js';

export default class EnvRestore extends BaseCommand {
  static args = {
    env: Args.string({description: 'environment name', required: true}),
    name: Args.string({description: 'snapshot name', required: true}),
  };
  static description = `Restore every member of an environment to its snapshot of that name, in parallel (see \`asym restore\`).

One member failing does not stop the others: the failure goes to stderr and the exit code is 1.`;
  static examples = ['<%= config.bin %> env restore acme before-agent'];

  async run() {
    const {args} = await this.parse(EnvRestore);
    const r = await envRestore(await serviceContext(this.config), args.env, args.name, {json: this.jsonEnabled()});
    for (const c of r.done) this.out(`  ✓ ${c.id}  restored to ${c.snapshot} in ${millis(c.elapsedMs)}`);
    for (const f of r.failures) for (const l of failureLines(f, this.debugEnabled)) this.say(l);
    if (r.failures.length > 0) process.exitCode = r.failures.some((f) => renderError(f.error, false).exitCode === 2) ? 2 : 1;
    return {environment: r.environment, failures: r.failures.map(failureJson), restored: r.done};
  }
}
