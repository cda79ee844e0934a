import {Args} from '@oclif/core';

import type {Config} from '@asym/contract';

import {BaseCommand} from '../../base-command.js';
import {ConfigStore, CONFIG_KEYS} from '../../config/store.js';
import {asymHome} from '../../home.js';

export default class ConfigSet extends BaseCommand {
  static args = {
    key: Args.string({description: `setting: ${Object.keys(CONFIG_KEYS).join(', ')}`, required: true}),
    value: Args.string({description: 'new value, e.g. 4000-4999 for portRange', required: true}),
  };
  static description = 'Change a setting in $ASYM_HOME/config.json (validated before it is written).';
  static examples = ['<%= config.bin %> config set portRange 4000-4999', '<%= config.bin %> config set provider process', '<%= config.bin %> config set postgresUrl postgres://postgres@127.0.0.1:5432/postgres'];

  async run(): Promise<Config> {
    const {args} = await this.parse(ConfigSet);
    const next = new ConfigStore(asymHome()).set(args.key, args.value);
    this.out(`  ✓ ${args.key} = ${JSON.stringify(next[args.key as keyof Config])}`);
    return next;
  }
}
