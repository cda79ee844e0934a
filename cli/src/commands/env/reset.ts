import {Args} from '@oclif/core';

import {BaseCommand} from '../../base-command.js';
import {seconds} from '../../output/format.js';
import {renderError} from '../../output/errors.js';
import {serviceContext} from '../../services/context.js';
import {envReset} from '../../services/env-ops.js';
import {failureJson, failureLines, stateMark} from '../../services/env-report.js';

export default class EnvReset extends BaseCommand {
  static args = {name: Args.string({description: 'environment name', required: true})};
  static description = `Reset every member of an environment to its last seed, in parallel.

Each member is reset as \`asym reset <id>\` would. One failing does not stop the others: the failure goes to stderr and the exit code is 1. The environment is then \`partial\`; it is \`running\` when every member was reset.`;
  static examples = ['<%= config.bin %> env reset acme'];

  async run() {
    const {args} = await this.parse(EnvReset);
    const r = await envReset(await serviceContext(this.config), args.name, {json: this.jsonEnabled()});
    const e = r.environment;
    this.out(`${stateMark(e.state)} environment ${e.name} [${e.state}]: ${r.reset.length}/${r.reset.length + r.failures.length} clone(s) reset`);
    for (const c of r.reset) this.out(`  ✓ ${c.id}  reset in ${seconds(c.elapsedMs)}`);
    for (const f of r.failures) for (const l of failureLines(f, this.debugEnabled)) this.say(l);
    if (r.failures.length > 0) process.exitCode = r.failures.some((f) => renderError(f.error, false).exitCode === 2) ? 2 : 1;
    return {environment: e, failures: r.failures.map(failureJson), reset: r.reset};
  }
}
