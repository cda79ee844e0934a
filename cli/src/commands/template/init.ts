import {Args, Flags} from '@oclif/core';
import {join} from 'node:path';

import {BaseCommand} from '../../base-command.js';
import {templateInit, type TemplateInitResult} from '../../services/template-init.js';
import {FIRST_PARTY, loadCatalog} from '../../templates/catalog.js';
import {workspaceRoot} from '../../templates/workspace.js';

export default class TemplateInit extends BaseCommand {
  static args = {name: Args.string({description: 'template name (lower-case letters, digits, hyphens): what `spin <name>` will take', required: true})};
  static description =
    'Scaffold a template plugin: manifest, a migration, a fixture, a backend on @asym/template-kit, the provision hook and a conformance test. It builds and spins as generated.\n\nRun from a checkout, the scaffold depends on that checkout\'s @asym/contract and @asym/template-kit (file: paths), so npm install works before anything is published; installed, on ^<this version> from the registry. Its npm test runs the CLI that made it (ASYM_CLI overrides). A name that an existing template has (slack, stripe …) is warned about.';
  static examples = ['<%= config.bin %> template init notes', '<%= config.bin %> template init notes --dir ./asym-template-notes --json'];
  static flags = {dir: Flags.string({description: 'directory to create it in (must be empty or new; default ./asym-template-<name>)'})};

  async run(): Promise<TemplateInitResult> {
    const {args, flags} = await this.parse(TemplateInit);
    const catalog = await loadCatalog(this.config).catch(() => undefined);
    const existing = [...Object.keys(FIRST_PARTY), ...(catalog?.templates.map((t) => t.name) ?? [])];
    const r = templateInit({cli: join(this.config.root, 'bin', 'run.js'), dir: flags.dir, existing, kitRange: `^${this.config.version}`, name: args.name, workspace: workspaceRoot()});
    for (const w of r.warnings) this.say(`  ! ${w}`);
    this.out(`  ✓ template ${r.name} scaffolded in ${r.dir} (package ${r.package})`);
    this.out('');
    this.out('  Next:');
    for (const step of r.next) this.out(`    ${step}`);
    return r;
  }
}
