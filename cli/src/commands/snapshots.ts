import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {snapshotTable} from '../output/snapshots.js';
import {serviceContext} from '../services/context.js';
import {deleteSnapshotOf, listSnapshots} from '../services/snapshots.js';

export default class Snapshots extends BaseCommand {
  static args = {id: Args.string({description: 'clone id', required: true})};
  static description = `List a clone's snapshots (name, when taken, size), or delete one with --delete.`;
  static examples = ['<%= config.bin %> snapshots slack-a1b2', '<%= config.bin %> snapshots slack-a1b2 --delete before-agent'];
  static flags = {delete: Flags.string({description: 'delete the snapshot of this name'})};

  async run() {
    const {args, flags} = await this.parse(Snapshots);
    const ctx = await serviceContext(this.config);
    if (flags.delete) {
      const r = await deleteSnapshotOf(ctx, args.id, flags.delete);
      this.out(`  ✓ deleted snapshot ${r.deleted} of ${r.id}`);
      return r;
    }
    const r = await listSnapshots(ctx, args.id);
    this.out(r.snapshots.length === 0 ? `  No snapshots. Take one: asym snapshot ${r.id} <name>` : snapshotTable(r.snapshots));
    return r;
  }
}
