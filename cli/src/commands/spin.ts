import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../base-command.js';
import {seconds, tokenLines} from '../output/format.js';
import {renderError} from '../output/errors.js';
import {serviceContext} from '../services/context.js';
import {spin, type SpinOutcome} from '../services/clones.js';

export default class Spin extends BaseCommand {
  static args = {templates: Args.string({description: 'template name(s), e.g. slack stripe', required: true})};
  static description = `Create one or more clones and wait until they answer.

Each clone gets its own database in the shared Postgres, its own Redis prefix and host ports from the configured range. Templates with a provision surface (Slack) mint a bot and a user token, shown once here and kept by \`asym tokens <id>\`. Several templates spin in parallel; one failing does not stop the others.

A clone accepts only its own keys. The one exception is opt-in: \`--seed stripe=acct-known-key\` also keeps Stripe's well-known fixture key sk_test_asymmetric000000000000stripe (for scripts that hard-code it); \`asym tokens <id>\` lists it while it works and \`asym tokens <id> --reprovision\` revokes it.`;
  static examples = ['<%= config.bin %> spin slack', '<%= config.bin %> spin slack --seed acme-corp', '<%= config.bin %> spin slack stripe --group acme --seed slack=acme-corp --seed stripe=acct', '<%= config.bin %> spin slack --json | jq -r .[0].tokens.botToken', '<%= config.bin %> spin stripe --seed stripe=acct-known-key'];
  static flags = {
    expose: Flags.boolean({description: 'bind 0.0.0.0 instead of 127.0.0.1'}),
    group: Flags.string({char: 'g', description: 'join (or create) this environment'}),
    mode: Flags.string({description: "run mode (default: the template's first mode)"}),
    name: Flags.string({description: 'clone id to use instead of <template>-<hex>'}),
    provider: Flags.string({description: 'engine: auto, process or docker (default from config)', options: ['auto', 'process', 'docker']}),
    seed: Flags.string({description: 'fixture to seed: a name for every clone (acme-corp), or template=fixture (repeatable)', multiple: true}),
  };
  static strict = false;

  async run(): Promise<SpinOutcome['clones']> {
    const {argv, flags} = await this.parse(Spin);
    const ctx = await serviceContext(this.config);
    const outcome = await spin(ctx, argv as string[], {...flags, json: this.jsonEnabled()});
    for (const c of outcome.clones) {
      this.out(`  ✓ ${c.id}  (${c.mode})  ${c.endpoints.api}  ready in ${seconds(c.elapsedMs)}`);
      this.out(`    db ${c.database} · env ${outcome.environment ?? '-'}`);
      for (const l of tokenLines(c.tokens)) this.out(l);
    }
    for (const f of outcome.failures) this.say(renderError(f.error, this.debugEnabled).text.replace('✗', `✗ ${f.template}:`));
    if (outcome.failures.length > 0) {
      process.exitCode = outcome.failures.some((f) => renderError(f.error, false).exitCode === 2) ? 2 : 1;
      if (this.jsonEnabled() && outcome.clones.length === 0) throw outcome.failures[0]!.error;
    }
    return outcome.clones;
  }
}
