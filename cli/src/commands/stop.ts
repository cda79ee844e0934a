import {Args} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {serviceContext} from '../services/context.js';
import {stopClone} from '../services/clones.js';

export default class Stop extends BaseCommand {
  static args = {id: Args.string({description: 'clone id', required: true})};
  static description = 'Stop a clone. Its data and ports are kept; `asym start` brings it back. Silent on success.';
  static examples = ['<%= config.bin %> stop slack-a1b2'];

  async run(): Promise<{id: string; state: 'stopped'}> {
    const {args} = await this.parse(Stop);
    await stopClone(await serviceContext(this.config), args.id);
    return {id: args.id, state: 'stopped'};
  }
}
