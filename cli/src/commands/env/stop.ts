import {Args} from '@oclif/core';

import {BaseCommand} from '../../base-command.js';
import {renderError} from '../../output/errors.js';
import {serviceContext} from '../../services/context.js';
import {envStartStop} from '../../services/env-ops.js';
import {failureJson, failureLines, stateMark} from '../../services/env-report.js';

export default class EnvStop extends BaseCommand {
  static args = {name: Args.string({description: 'environment name', required: true})};
  static description = `Stop every member of an environment, keeping their data and ports.\n\nEach member is stopped as \`asym stop <id>\` would; \`asym env start\` brings them back. One failing does not stop the others (stderr, exit 1).`;
  static examples = ['<%= config.bin %> env stop acme'];

  async run() {
    const {args} = await this.parse(EnvStop);
    const r = await envStartStop(await serviceContext(this.config), args.name, 'stop', {json: this.jsonEnabled()});
    const e = r.environment;
    this.out(`${stateMark(e.state)} environment ${e.name} [${e.state}]: ${r.done.length}/${r.done.length + r.failures.length} clone(s) stopped`);
    for (const f of r.failures) for (const l of failureLines(f, this.debugEnabled)) this.say(l);
    if (r.failures.length > 0) process.exitCode = r.failures.some((f) => renderError(f.error, false).exitCode === 2) ? 2 : 1;
    return {environment: e, failures: r.failures.map(failureJson), stopped: r.done};
  }
}
