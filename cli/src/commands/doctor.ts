import {Flags} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {type Check, runDoctor} from '../services/doctor.js';

export default class Doctor extends BaseCommand {
  static description = `Check the registry, config, templates, shared Postgres/Redis and every clone; with --fix, repair what can be repaired.

--fix rebuilds a corrupt registry (the damaged file is saved beside it first), cleans clones left half-made by an interrupted spin and restarts unhealthy clones (a backend that died) in place. Exits 1 while a problem remains.`;
  static examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --fix'];
  static flags = {fix: Flags.boolean({description: 'repair what can be repaired'})};

  async run(): Promise<{ok: boolean; checks: Check[]}> {
    const {flags} = await this.parse(Doctor);
    const checks = await runDoctor(this.config, flags.fix);
    for (const c of checks) this.out(`  ${c.ok ? '✓' : '!'} ${c.name.padEnd(22)} ${c.detail}${c.fixed ? ' (fixed)' : ''}`);
    const ok = checks.every((c) => c.ok);
    if (!ok) {
      process.exitCode = 1;
      if (!flags.fix) this.out('\n  Repair what can be repaired: asym doctor --fix');
    }
    return {checks, ok};
  }
}
