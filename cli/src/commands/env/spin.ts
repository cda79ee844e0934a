import {Args, Flags} from '@oclif/core';

import {BaseCommand} from '../../base-command.js';
import {renderError} from '../../output/errors.js';
import {serviceContext} from '../../services/context.js';
import {envSpin} from '../../services/env-ops.js';
import {failureLines, failureJson, stateMark} from '../../services/env-report.js';

export default class EnvSpin extends BaseCommand {
  static args = {file: Args.string({description: 'the environment file, e.g. acme.env.yaml', required: true})};
  static description = `Spin every clone an environment.yaml declares, in parallel, and record them as one environment.

The file is checked strictly before anything starts: unknown keys (with a suggestion), an empty \`clones\` list, the not-yet-supported \`identity:\` and \`data:\` keys and malformed YAML are ENV_SPEC_INVALID, naming the file, line and key; a template that is not installed is TEMPLATE_NOT_FOUND.

Members spin in parallel. One failing does not stop the others: the environment is then \`partial\`, the failure is printed on stderr and the exit code is 1. If no member comes up, nothing is recorded.

An environment name is unique: spinning a file whose \`name\` already exists is refused with ENVIRONMENT_EXISTS and changes nothing. Destroy the old one first (asym env destroy <name> --force) or rename the environment in the file.

The file's absolute path is stored as the environment's \`spec\`. Format (each clone: \`template\`, and optionally \`mode\` (default: the template's first), \`seed\` (a fixture) and \`name\` (the clone id)); see docs/cli/env.md:

  name: acme
  clones: [{template: slack, seed: acme-corp}, {template: stripe, mode: api}]`;
  static examples = ['<%= config.bin %> env spin acme.env.yaml', '<%= config.bin %> env spin acme.env.yaml --json | jq -r .clones[0].tokens.botToken'];
  static flags = {
    provider: Flags.string({description: 'engine: auto, process or docker (default from config)', options: ['auto', 'process', 'docker']}),
    sequential: Flags.boolean({description: 'spin members one after another (for benchmarks)', hidden: true}),
  };

  async run() {
    const {args, flags} = await this.parse(EnvSpin);
    const ctx = await serviceContext(this.config);
    const r = await envSpin(ctx, args.file, {json: this.jsonEnabled(), provider: flags.provider, sequential: flags.sequential});
    const e = r.environment;
    this.out(`${stateMark(e.state)} environment ${e.name} [${e.state}]: ${r.clones.length}/${r.declared} clone(s) up`);
    for (const c of r.clones) this.out(`  ✓ ${c.id}  ${c.endpoints.api}`);
    for (const f of r.failures) for (const l of failureLines(f, this.debugEnabled)) this.say(l);
    if (r.failures.length > 0) process.exitCode = r.failures.some((f) => renderError(f.error, false).exitCode === 2) ? 2 : 1;
    return {clones: r.clones, declared: r.declared, elapsedMs: r.elapsedMs, environment: e, failures: r.failures.map(failureJson)};
  }
}
