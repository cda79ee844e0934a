import {Args, Flags} from '@oclif/core';

import {asymError} from '@asym/contract';

import {BaseCommand} from '../base-command.js';
import {renderError} from '../output/errors.js';
import {serviceContext} from '../services/context.js';
import {upgradeClones} from '../services/clones.js';
import {failureJson, failureLines} from '../services/env-report.js';

export default class Upgrade extends BaseCommand {
  static args = {id: Args.string({description: 'clone id (or --all)'})};
  static description = `Bring a clone's data up to its installed template: apply the migrations it lacks, keeping the data.

\`asym start\` does the same for a stopped clone. A running clone is migrated in place, then restarted on the template's new code. The migrations run in one transaction: when one fails (MIGRATION_FAILED) the clone is as it was. \`asym status\` shows a clone whose data is behind (or, after a downgrade, ahead of) its template.`;
  static examples = ['<%= config.bin %> upgrade slack-a1b2', '<%= config.bin %> upgrade --all'];
  static flags = {all: Flags.boolean({description: 'every clone of this home'})};

  async run() {
    const {args, flags} = await this.parse(Upgrade);
    if (!flags.all && !args.id) throw asymError('INVALID_INPUT', {detail: 'Name the clone to upgrade (asym upgrade <id>), or all of them: asym upgrade --all'});
    const r = await upgradeClones(await serviceContext(this.config), flags.all ? 'all' : [args.id!], {json: this.jsonEnabled()});
    // One clone: its error is the command's.
    if (!flags.all && r.failures[0]) throw r.failures[0].error;
    for (const u of r.upgraded) this.out(`  ✓ ${u.id}: ${u.applied.length === 0 ? 'up to date' : `applied ${u.applied.join(', ')}`}`);
    for (const f of r.failures) for (const l of failureLines(f, this.debugEnabled)) this.say(l);
    if (r.failures.length > 0) process.exitCode = r.failures.some((f) => renderError(f.error, false).exitCode === 2) ? 2 : 1;
    return {failures: r.failures.map(failureJson), upgraded: r.upgraded};
  }
}
