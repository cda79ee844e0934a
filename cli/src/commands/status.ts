import {Args} from '@oclif/core';

import type {CloneStatus} from '@asym/contract';

import {BaseCommand} from '../base-command.js';
import {statusRow, table} from '../output/format.js';
import {serviceContext} from '../services/context.js';
import {statuses} from '../services/clones.js';

export default class Status extends BaseCommand {
  static args = {id: Args.string({description: 'only this clone'})};
  static description = `List clones with their live state, API endpoint and environment.

A clone whose process died or whose health check fails shows as unhealthy. Tokens are never printed here (see \`asym tokens\`). \`asym ls --templates\` lists the template catalog.`;
  static examples = ['<%= config.bin %> status', '<%= config.bin %> status slack-a1b2 --json'];

  async run(): Promise<CloneStatus[]> {
    const {args} = await this.parse(Status);
    const list = await statuses(await serviceContext(this.config, {catalog: 'when-clones'}), args.id);
    if (list.length === 0) this.out('  No clones. Spin one:  asymmetric spin slack');
    else this.out(table(list.map(statusRow), ['ID', 'TEMPLATE', 'MODE', 'STATE', 'API', 'ENV']));
    for (const s of list) if (s.problem) this.out(`  ${s.id}: ${s.problem.reason}. ${s.problem.fix}`);
    return list;
  }
}
