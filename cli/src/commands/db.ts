import {Args, Flags} from '@oclif/core';
import {spawnSync} from 'node:child_process';

import {asymError} from '@asym/contract';

import {BaseCommand} from '../base-command.js';
import {serviceContext} from '../services/context.js';
import {cloneDatabaseUrl} from '../services/clones.js';

export default class Db extends BaseCommand {
  static args = {id: Args.string({description: 'clone id', required: true})};
  static description = "Print the connection URL of a clone's database, or open psql on it.";
  static examples = ['<%= config.bin %> db slack-a1b2', 'psql "$(<%= config.bin %> db slack-a1b2)"', '<%= config.bin %> db slack-a1b2 --psql'];
  static flags = {psql: Flags.boolean({description: 'open psql (when installed) instead of printing the URL'})};

  async run(): Promise<{id: string; url: string}> {
    const {args, flags} = await this.parse(Db);
    const url = await cloneDatabaseUrl(await serviceContext(this.config), args.id);
    if (flags.psql && !this.jsonEnabled()) {
      const r = spawnSync('psql', [url], {stdio: 'inherit'});
      if (r.error) throw asymError('INFRA_UNAVAILABLE', {fix: 'Install the PostgreSQL client (apt-get install postgresql-client), or use the URL: asym db ' + args.id, what: 'psql'});
      process.exitCode = r.status ?? 0;
    } else this.out(url);
    return {id: args.id, url};
  }
}
