import {Args} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {millis} from '../output/snapshots.js';
import {serviceContext} from '../services/context.js';
import {restoreClone} from '../services/snapshots.js';

export default class Restore extends BaseCommand {
  static args = {
    id: Args.string({description: 'clone id', required: true}),
    name: Args.string({description: 'snapshot name', required: true}),
  };
  static description = `Put a clone back to a snapshot taken with \`asym snapshot\`.

The same machinery as \`asym reset\`: a copy of the snapshot's database (prepared in the background after the previous restore) is swapped in, the clone's Redis keys and files are put back, and the same tokens keep working. The snapshot stays, so an evaluation can restore it again and again. A stopped clone is started again.`;
  static examples = ['<%= config.bin %> restore slack-a1b2 before-agent'];

  async run() {
    const {args} = await this.parse(Restore);
    const r = await restoreClone(await serviceContext(this.config), args.id, args.name);
    this.out(`  ✓ restored ${r.id} to ${r.snapshot} in ${millis(r.elapsedMs)}`);
    return r;
  }
}
