import {BaseCommand} from '../../base-command.js';
import {infraStatus} from '../../services/infra.js';

export default class InfraStatus extends BaseCommand {
  static description = 'Show the shared Postgres and Redis clones use: configured URLs or servers asymmetric owns under $ASYM_HOME/infra, and whether they answer.';
  static examples = ['<%= config.bin %> infra status', '<%= config.bin %> infra status --json'];

  async run(): Promise<Awaited<ReturnType<typeof infraStatus>>> {
    await this.parse(InfraStatus);
    const r = await infraStatus();
    for (const c of r.checks) this.out(`  ${c.ok ? '✓' : '!'} ${c.name.padEnd(10)} ${c.detail}`);
    return r;
  }
}
