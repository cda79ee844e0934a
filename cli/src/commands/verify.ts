import {Args, Flags} from '@oclif/core';

import {FIDELITY_PARTS, type FidelityScore} from '@asym/contract';

import {BaseCommand} from '../base-command.js';
import {fidelityLines} from '../output/fidelity.js';
import {serviceContext} from '../services/context.js';
import {verifyTemplate} from '../services/verify.js';

export default class Verify extends BaseCommand {
  static args = {template: Args.string({description: 'template name (asym ls --templates)', required: true})};
  static description = `Score a template's fidelity: how much of the real API its clone answers (surface), whether answers match the reference schemas (shape), whether recorded real exchanges replay the same (behaviour) and whether errors come in the product's error shape (errors).

Spins an ephemeral clone (or scores --clone), probes it against the references the template ships (its manifest's \`fidelity\`), destroys what it made and keeps the score as the template version's last known one (asym ls --templates shows it). With --docs, scores against a newer OpenAPI document or GraphQL SDL; when that cannot be fetched, warns DOCS_FETCH_FAILED and shows the last known score.`;
  static examples = [
    '<%= config.bin %> verify slack',
    '<%= config.bin %> verify stripe --json | jq .parts',
    '<%= config.bin %> verify github --clone github-a1b2',
    '<%= config.bin %> verify linear --docs ./schema.graphql',
  ];
  static flags = {
    clone: Flags.string({description: 'score this running clone instead of spinning an ephemeral one'}),
    docs: Flags.string({description: 'a newer reference to score against: URL or file of an OpenAPI document (JSON) or GraphQL SDL'}),
    rows: Flags.boolean({description: 'print every per-operation row that failed (--json always has all rows)'}),
  };

  async run(): Promise<FidelityScore> {
    const {args, flags} = await this.parse(Verify);
    const ctx = await serviceContext(this.config);
    const score = await verifyTemplate(ctx, args.template, {clone: flags.clone, docs: flags.docs, json: this.jsonEnabled(), step: (l) => this.say(`  … ${l}`)});
    for (const w of score.warnings ?? []) this.say(`  ! ${w.message} (${w.code})`);
    for (const l of fidelityLines(score, FIDELITY_PARTS, flags.rows)) this.out(l);
    return score;
  }
}
