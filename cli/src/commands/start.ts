import {Args} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {serviceContext} from '../services/context.js';
import {startClone} from '../services/clones.js';

export default class Start extends BaseCommand {
  static args = {id: Args.string({description: 'clone id', required: true})};
  static description = 'Start a stopped clone on its saved ports. Silent on success.';
  static examples = ['<%= config.bin %> start slack-a1b2'];

  async run(): Promise<{id: string; state: 'running'}> {
    const {args} = await this.parse(Start);
    await startClone(await serviceContext(this.config), args.id);
    return {id: args.id, state: 'running'};
  }
}
