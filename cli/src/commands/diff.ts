import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {diffLines} from '../output/diff.js';
import {serviceContext} from '../services/context.js';
import {diffClone} from '../services/diff.js';

export default class Diff extends BaseCommand {
  static args = {id: Args.string({description: 'clone id', required: true})};
  static description = `Show what changed in a clone, in the product's own terms: per entity type (Slack messages, reactions, channels…; Stripe customers, payment intents, invoices…) the objects created, deleted, and updated with each changed field old → new, by their API ids.

Compares with a snapshot (--since; by default the newest one) or with the clone's seed (--seed). Entities and the volatile fields left out are declared by the template (manifest field \`diff\`). --json prints the whole difference (schema DiffResult in @asym/contract), for graders.`;
  static examples = ['<%= config.bin %> diff slack-a1b2', '<%= config.bin %> diff slack-a1b2 --since before-agent --json', '<%= config.bin %> diff stripe-c3d4 --seed'];
  static flags = {
    seed: Flags.boolean({description: 'compare with the clone\'s seed', exclusive: ['since']}),
    since: Flags.string({description: 'compare with this snapshot'}),
  };

  async run() {
    const {args, flags} = await this.parse(Diff);
    const r = await diffClone(await serviceContext(this.config), args.id, {seed: flags.seed, since: flags.since});
    for (const l of diffLines(r)) this.out(l);
    return r;
  }
}
