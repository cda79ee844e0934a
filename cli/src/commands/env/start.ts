import {Args} from '@oclif/core';

import {BaseCommand} from '../../base-command.js';
import {renderError} from '../../output/errors.js';
import {serviceContext} from '../../services/context.js';
import {envStartStop} from '../../services/env-ops.js';
import {failureJson, failureLines, stateMark} from '../../services/env-report.js';

export default class EnvStart extends BaseCommand {
  static args = {name: Args.string({description: 'environment name', required: true})};
  static description = `Start every member of an environment (after a reboot), in parallel.\n\nEach member is started as \`asym start <id>\` would. One failing does not stop the others: the failure goes to stderr and the exit code is 1, and the environment is \`partial\`.`;
  static examples = ['<%= config.bin %> env start acme'];

  async run() {
    const {args} = await this.parse(EnvStart);
    const r = await envStartStop(await serviceContext(this.config), args.name, 'start', {json: this.jsonEnabled()});
    const e = r.environment;
    this.out(`${stateMark(e.state)} environment ${e.name} [${e.state}]: ${r.done.length}/${r.done.length + r.failures.length} clone(s) started`);
    for (const f of r.failures) for (const l of failureLines(f, this.debugEnabled)) this.say(l);
    if (r.failures.length > 0) process.exitCode = r.failures.some((f) => renderError(f.error, false).exitCode === 2) ? 2 : 1;
    return {environment: e, failures: r.failures.map(failureJson), started: r.done};
  }
}
