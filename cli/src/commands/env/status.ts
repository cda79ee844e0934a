import {Args} from '@oclif/core';

import type {Environment} from '@asym/contract';

import {BaseCommand} from '../../base-command.js';
import {serviceContext} from '../../services/context.js';
import {envStatus} from '../../services/env-ops.js';

export default class EnvStatus extends BaseCommand {
  static aliases = ['env:ls'];
  static args = {name: Args.string({description: 'only this environment'})};
  static description = `List environments with their live rolled-up state and members.

One tab-separated line per environment: name, state, members. The state is running (every member up), partial (some up, or a declared member failed), stopped or failed. \`env ls\` is the same command.`;
  static examples = ['<%= config.bin %> env status', '<%= config.bin %> env ls --json | jq ".[].members"', '<%= config.bin %> env status acme'];

  async run(): Promise<Environment[]> {
    const {args} = await this.parse(EnvStatus);
    const list = await envStatus(await serviceContext(this.config), args.name);
    if (list.length === 0) this.out('No environments. Create one:  asymmetric env spin <environment.yaml>');
    for (const e of list) this.out(`${e.name}\t${e.state}\t${e.members.length} member(s)${e.members.length ? ': ' + e.members.join(', ') : ''}`);
    return list;
  }
}
