import {Flags} from '@oclif/core';

import {BaseCommand} from '../../base-command.js';
import {stopInfra} from '../../services/infra.js';

export default class InfraStop extends BaseCommand {
  static description = `Stop the Postgres and Redis asymmetric started under $ASYM_HOME/infra (configured servers are never touched).

Their data is kept unless --purge; the next spin starts them again. Refused while process-provider clones are running, unless --force.`;
  static examples = ['<%= config.bin %> infra stop', '<%= config.bin %> infra stop --purge --force'];
  static flags = {
    force: Flags.boolean({description: 'stop even though clones still use them'}),
    purge: Flags.boolean({description: 'also delete their data directories'}),
  };

  async run(): Promise<{stopped: boolean; purged: boolean}> {
    const {flags} = await this.parse(InfraStop);
    const r = await stopInfra(flags);
    this.out(`  ✓ shared Postgres and Redis stopped${r.purged ? ' and their data removed' : ''}`);
    return r;
  }
}
