import {Args, Flags} from '@oclif/core';

import {asymError} from '@asym/contract';

import {BaseCommand} from '../base-command.js';
import {renderError} from '../output/errors.js';
import {serviceContext} from '../services/context.js';
import {startAll, startClone} from '../services/clones.js';
import {failureJson, failureLines} from '../services/env-report.js';

export default class Start extends BaseCommand {
  static args = {id: Args.string({description: 'clone id (or --all)'})};
  static description = `Start a stopped clone on its saved ports. Silent on success.

\`--all\` starts every clone of this home (after a reboot), in parallel: one failing does not stop the others (it goes to stderr, exit 1). When another program holds a clone's saved port, \`--new-ports\` moves it to free ports of the range; its data and tokens are kept, its endpoints change (see \`asym status\`).`;
  static examples = ['<%= config.bin %> start slack-a1b2', '<%= config.bin %> start --all', '<%= config.bin %> start slack-a1b2 --new-ports'];
  static flags = {
    all: Flags.boolean({description: 'start every clone of this home'}),
    'new-ports': Flags.boolean({description: 'move services whose saved port is taken to free ports'}),
  };

  async run() {
    const {args, flags} = await this.parse(Start);
    const ctx = await serviceContext(this.config);
    if (flags.all) {
      const r = await startAll(ctx, {json: this.jsonEnabled(), newPorts: flags['new-ports']});
      for (const id of r.started) this.out(`  ✓ ${id} running`);
      for (const f of r.failures) for (const l of failureLines(f, this.debugEnabled)) this.say(l);
      if (r.failures.length > 0) process.exitCode = r.failures.some((f) => renderError(f.error, false).exitCode === 2) ? 2 : 1;
      return {failures: r.failures.map(failureJson), started: r.started as string[]};
    }
    if (!args.id) throw asymError('INVALID_INPUT', {detail: 'Name the clone to start (asym start <id>), or start them all: asym start --all'});
    await startClone(ctx, args.id, {newPorts: flags['new-ports']});
    return {id: args.id, state: 'running' as const};
  }
}
