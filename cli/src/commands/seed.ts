import {Args, Flags} from '@oclif/core';

import type {SeedResult} from '@asym/contract';

import {BaseCommand} from '../base-command.js';
import {serviceContext} from '../services/context.js';
import {seedClone} from '../services/clones.js';

export default class Seed extends BaseCommand {
  static args = {id: Args.string({description: 'clone id', required: true})};
  static description = `Seed a clone with a fixture: its data becomes exactly that fixture (tokens kept).

The fixture is recorded as the clone's seed, so \`asym reset\` returns to it.`;
  static examples = ['<%= config.bin %> seed slack-a1b2 --fixture acme-corp'];
  static flags = {
    ai: Flags.boolean({description: 'generate data with an LLM (needs ANTHROPIC_API_KEY)'}),
    fixture: Flags.string({char: 'f', description: 'fixture name, e.g. acme-corp'}),
  };

  async run(): Promise<SeedResult> {
    const {args, flags} = await this.parse(Seed);
    const r = await seedClone(await serviceContext(this.config), args.id, {...(flags.fixture ? {fixture: flags.fixture} : {}), ...(flags.ai ? {ai: true} : {})});
    const parts = [r.fixture ? `fixture: ${r.fixture.rows} rows` : undefined, r.ai ? `ai: ${r.ai.written} (${r.ai.rejected} rejected)` : undefined].filter(Boolean);
    this.out(`  ✓ seeded ${r.id}  (${parts.join(' · ')})`);
    for (const w of r.warnings.slice(0, 5)) this.out(`  ! ${w}`);
    return r;
  }
}
