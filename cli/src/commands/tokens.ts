import {Args, Flags} from '@oclif/core';

import type {CloneTokens} from '@asym/contract';

import {BaseCommand} from '../base-command.js';
import {tokenLines} from '../output/format.js';
import {serviceContext} from '../services/context.js';
import {cloneTokens} from '../services/clones.js';

export default class Tokens extends BaseCommand {
  static args = {id: Args.string({description: 'clone id', required: true})};
  static description = "Print a clone's credentials, or rotate them with --reprovision (the old ones stop working).";
  static examples = ['<%= config.bin %> tokens slack-a1b2', '<%= config.bin %> tokens slack-a1b2 --json | jq -r .botToken', '<%= config.bin %> tokens slack-a1b2 --reprovision'];
  static flags = {reprovision: Flags.boolean({description: 'mint a new pair and revoke the old one'})};

  async run(): Promise<CloneTokens & {id: string}> {
    const {args, flags} = await this.parse(Tokens);
    const r = await cloneTokens(await serviceContext(this.config, {catalog: 'when-clones'}), args.id, flags.reprovision);
    this.out(`  ${r.id} tokens${r.rotated ? ' (rotated)' : ''}:`);
    for (const l of tokenLines(r.tokens)) this.out(l);
    if (r.tokens.appId) this.out(`    app ${r.tokens.appId} · workspace ${r.tokens.workspaceId ?? '-'}`);
    else if (r.tokens.workspaceId) this.out(`    account ${r.tokens.workspaceId}`);
    if (Object.keys(r.tokens).length === 0) this.out('    (this template mints no tokens; use the fixture\'s seeded credentials)');
    return {id: r.id, ...r.tokens};
  }
}
