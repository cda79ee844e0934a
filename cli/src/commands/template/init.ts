import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../../base-command.js';
import {templateInit, type TemplateInitResult} from '../../services/template-init.js';

export default class TemplateInit extends BaseCommand {
  static args = {name: Args.string({description: 'template name (lower-case letters, digits, hyphens): what `spin <name>` will take', required: true})};
  static description =
    'Scaffold a template plugin: manifest, a migration, a fixture, a backend on @asym/template-kit, the provision hook and a conformance test. It builds and spins as generated.';
  static examples = ['<%= config.bin %> template init notes', '<%= config.bin %> template init notes --dir ./asym-template-notes --json'];
  static flags = {dir: Flags.string({description: 'directory to create it in (must be empty or new; default ./asym-template-<name>)'})};

  async run(): Promise<TemplateInitResult> {
    const {args, flags} = await this.parse(TemplateInit);
    const r = templateInit({dir: flags.dir, kitRange: `^${this.config.version}`, name: args.name});
    this.out(`  ✓ template ${r.name} scaffolded in ${r.dir} (package ${r.package})`);
    this.out('');
    this.out('  Next:');
    for (const step of r.next) this.out(`    ${step}`);
    return r;
  }
}
