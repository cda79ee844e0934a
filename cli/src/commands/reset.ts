import {Args} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {seconds} from '../output/format.js';
import {serviceContext} from '../services/context.js';
import {resetClone} from '../services/clones.js';

export default class Reset extends BaseCommand {
  static args = {id: Args.string({description: 'clone id', required: true})};
  static description = `Put a clone back to exactly its last seed.

Every row written since is gone, the fixture is back, the clone's Redis keys are cleared, and the same tokens keep working. The database is copied from a template database built once per (template, migrations, fixture), so migrations do not run again. A stopped clone is started again.`;
  static examples = ['<%= config.bin %> reset slack-a1b2'];

  async run(): Promise<{id: string; elapsedMs: number}> {
    const {args} = await this.parse(Reset);
    const r = await resetClone(await serviceContext(this.config), args.id);
    this.out(`  ✓ reset ${r.id} (back to its seed in ${seconds(r.elapsedMs)})`);
    return r;
  }
}
