import {Args, Flags} from '@oclif/core';
import {createInterface} from 'node:readline/promises';

import {asymError} from '@asym/contract';

import {BaseCommand} from '../base-command.js';
import {serviceContext} from '../services/context.js';
import {assertCloneExists, destroyClone} from '../services/clones.js';

export default class Destroy extends BaseCommand {
  static args = {id: Args.string({description: 'clone id', required: true})};
  static description = 'Tear a clone down completely: services, database, Redis keys, logs, ports and registry entry. Irreversible.';
  static examples = ['<%= config.bin %> destroy slack-a1b2 --force'];
  static flags = {force: Flags.boolean({char: 'f', description: 'do not ask for confirmation'})};

  async run(): Promise<{id: string; destroyed: boolean}> {
    const {args, flags} = await this.parse(Destroy);
    const ctx = await serviceContext(this.config);
    await assertCloneExists(ctx, args.id);
    if (!flags.force) {
      if (!process.stdin.isTTY || this.jsonEnabled()) throw asymError('CONFIRMATION_REQUIRED', {action: `Destroying ${args.id}`});
      const rl = createInterface({input: process.stdin, output: process.stderr});
      const answer = await rl.question(`  Destroy ${args.id} and all its data? [y/N] `);
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) {
        this.say('  Nothing destroyed.');
        return {destroyed: false, id: args.id};
      }
    }
    await destroyClone(ctx, args.id);
    this.out(`  ✓ destroyed ${args.id}`);
    return {destroyed: true, id: args.id};
  }
}
