import {Flags} from '@oclif/core';

import type {CloneStatus} from '@asym/contract';

import {BaseCommand} from '../base-command.js';
import {fidelityCell} from '../output/fidelity.js';
import {statusRow, table} from '../output/format.js';
import {serviceContext} from '../services/context.js';
import {statuses} from '../services/clones.js';
import {listTemplates, type TemplateRow} from '../services/templates.js';
import {lastScores} from '../services/verify.js';

export default class Ls extends BaseCommand {
  static description = 'List clones (like `status`), or with --templates the template catalog: name, version, source, modes, real product, the fixture a clone gets by default, the fixtures it ships, and its last `verify` score.';
  static examples = ['<%= config.bin %> ls', '<%= config.bin %> ls --templates', '<%= config.bin %> ls --templates --json'];
  static flags = {templates: Flags.boolean({description: 'list templates instead of clones'})};

  async run(): Promise<CloneStatus[] | {templates: TemplateRow[]; problems: Array<{plugin: string; code: string; message: string}>}> {
    const {flags} = await this.parse(Ls);
    const ctx = await serviceContext(this.config, {catalog: flags.templates ? 'always' : 'when-clones'});
    if (flags.templates) {
      const r = listTemplates(ctx, lastScores(ctx));
      this.out(table(r.templates.map((t) => [t.name, t.version, t.source, t.modes.join(','), t.realProduct, t.defaultFixture ?? '-', t.fixtures.join(',') || '-', fidelityCell(t.fidelity)]), ['NAME', 'VERSION', 'SOURCE', 'MODES', 'PRODUCT', 'DEFAULT', 'FIXTURES', 'FIDELITY']));
      for (const p of r.problems) this.say(`  ! ${p.plugin}: ${p.message} (${p.code})`);
      return r;
    }
    const list = await statuses(ctx);
    if (list.length === 0) this.out('  No clones. Spin one:  asymmetric spin slack');
    else this.out(table(list.map(statusRow), ['ID', 'TEMPLATE', 'MODE', 'STATE', 'API', 'ENV']));
    return list;
  }
}
