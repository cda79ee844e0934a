import {Args} from '@oclif/core';

/** The environment argument both verbs take (oclif reads `args` from each command class itself). */
export const envNameArg = {name: Args.string({description: 'environment name', required: true})};

import {BaseCommand} from './base-command.js';
import {renderError} from './output/errors.js';
import {serviceContext} from './services/context.js';
import {envStartStop} from './services/env-ops.js';
import {failureJson, failureLines, stateMark} from './services/env-report.js';

/** `asym env start` and `asym env stop`: one command body, two verbs (set by the subclass). */
export abstract class EnvStartStopCommand extends BaseCommand {
  protected abstract readonly action: 'start' | 'stop';

  async run() {
    const {args} = await this.parse(this.constructor as typeof EnvStartStopCommand);
    const done = this.action === 'start' ? 'started' : 'stopped';
    const r = await envStartStop(await serviceContext(this.config), String(args.name), this.action, {json: this.jsonEnabled()});
    const e = r.environment;
    this.out(`${stateMark(e.state)} environment ${e.name} [${e.state}]: ${r.done.length}/${r.done.length + r.failures.length} clone(s) ${done}`);
    for (const f of r.failures) for (const l of failureLines(f, this.debugEnabled)) this.say(l);
    if (r.failures.length > 0) process.exitCode = r.failures.some((f) => renderError(f.error, false).exitCode === 2) ? 2 : 1;
    return {environment: e, failures: r.failures.map(failureJson), [done]: r.done};
  }
}
