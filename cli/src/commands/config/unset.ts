import {Args} from '@oclif/core';

import type {Config} from '@asym/contract';

import {BaseCommand} from '../../base-command.js';
import {ConfigStore, CONFIG_KEYS} from '../../config/store.js';
import {asymHome} from '../../home.js';

export default class ConfigUnset extends BaseCommand {
  static args = {key: Args.string({description: `setting: ${Object.keys(CONFIG_KEYS).join(', ')}`, required: true})};
  static description = 'Remove a setting from $ASYM_HOME/config.json so its default applies again.';
  static examples = ['<%= config.bin %> config unset portRange'];

  async run(): Promise<Config> {
    const {args} = await this.parse(ConfigUnset);
    const next = new ConfigStore(asymHome()).unset(args.key);
    this.out(`  ✓ ${args.key} unset`);
    return next;
  }
}
