import {Args} from '@oclif/core';

import {asymError} from '@asym/contract';

import {BaseCommand} from '../../base-command.js';
import {ConfigStore, CONFIG_KEYS} from '../../config/store.js';
import {asymHome} from '../../home.js';
import {shownValue} from '../../output/format.js';

export default class ConfigGet extends BaseCommand {
  static args = {key: Args.string({description: `setting: ${Object.keys(CONFIG_KEYS).join(', ')}`, required: true})};
  static description = 'Print the value in effect for one setting (the file, an environment override, or the default).';
  static examples = ['<%= config.bin %> config get portRange'];

  async run(): Promise<{key: string; value: unknown}> {
    const {args} = await this.parse(ConfigGet);
    if (!(args.key in CONFIG_KEYS)) throw asymError('INVALID_INPUT', {detail: `Unknown setting "${args.key}". Settings: ${Object.keys(CONFIG_KEYS).join(', ')}`});
    const value = new ConfigStore(asymHome()).read()[args.key as keyof typeof CONFIG_KEYS];
    this.out(value === undefined ? '(not set)' : shownValue(args.key, value));
    return {key: args.key, value: value ?? null};
  }
}
