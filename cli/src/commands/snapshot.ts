import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {bytes, millis} from '../output/snapshots.js';
import {serviceContext} from '../services/context.js';
import {snapshotClone} from '../services/snapshots.js';

export default class Snapshot extends BaseCommand {
  static args = {
    id: Args.string({description: 'clone id', required: true}),
    name: Args.string({description: 'snapshot name (lower-case letters, digits, . _ -)', required: true}),
  };
  static description = `Save a clone's complete state under a name: its database, its Redis keys and the files its backend keeps.

\`asym restore <id> <name>\` goes back to it as fast as a reset. Snapshots survive stop/start, are listed by \`asym snapshots <id>\` and \`status --json\`, and go with \`asym destroy\`. The clone's database is copied in tens of milliseconds, during which new connections wait and open ones are ended (its backend reconnects).`;
  static examples = ['<%= config.bin %> snapshot slack-a1b2 before-agent', '<%= config.bin %> snapshot slack-a1b2 before-agent --force'];
  static flags = {force: Flags.boolean({char: 'f', description: 'replace a snapshot of the same name'})};

  async run() {
    const {args, flags} = await this.parse(Snapshot);
    const r = await snapshotClone(await serviceContext(this.config), args.id, args.name, {force: flags.force});
    this.out(`  ✓ snapshot ${r.snapshot.name} of ${r.id} (${bytes(r.snapshot.sizeBytes)}, ${r.snapshot.redisKeys} Redis key(s)) in ${millis(r.elapsedMs)}`);
    return r;
  }
}
