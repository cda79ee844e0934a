import {Args, Flags} from '@oclif/core';
import {createInterface} from 'node:readline/promises';

import {asymError} from '@asym/contract';

import {BaseCommand} from '../../base-command.js';
import {renderError} from '../../output/errors.js';
import {serviceContext} from '../../services/context.js';
import {envDestroy, envStatus} from '../../services/env-ops.js';
import {failureJson, failureLines} from '../../services/env-report.js';

export default class EnvDestroy extends BaseCommand {
  static args = {name: Args.string({description: 'environment name', required: true})};
  static description = `Destroy every member of an environment (in parallel) and the environment with it. Irreversible.

Each member is torn down as \`asym destroy <id>\` would: services, database, Redis keys, ports and registry entry. If a member cannot be destroyed, the others still are, the failure goes to stderr, the exit code is 1 and the environment stays with the members that remain.`;
  static examples = ['<%= config.bin %> env destroy acme --force'];
  static flags = {force: Flags.boolean({char: 'f', description: 'do not ask for confirmation'})};

  async run() {
    const {args, flags} = await this.parse(EnvDestroy);
    const ctx = await serviceContext(this.config);
    if (!flags.force) {
      const [env] = await envStatus(ctx, args.name);
      if (!process.stdin.isTTY || this.jsonEnabled()) throw asymError('CONFIRMATION_REQUIRED', {action: `Destroying environment ${args.name}`});
      const rl = createInterface({input: process.stdin, output: process.stderr});
      const answer = await rl.question(`  Destroy environment ${args.name} and its ${env!.members.length} clone(s) with all their data? [y/N] `);
      rl.close();
      if (!/^y(es)?$/i.test(answer.trim())) {
        this.say('  Nothing destroyed.');
        return {destroyed: [], failures: [], name: args.name, removed: false};
      }
    }
    const r = await envDestroy(ctx, args.name, {json: this.jsonEnabled()});
    for (const id of r.destroyed) this.out(`  ✓ destroyed ${id}`);
    for (const f of r.failures) for (const l of failureLines(f, this.debugEnabled)) this.say(l);
    if (r.removed) this.out(`✓ destroyed environment ${r.name} (${r.destroyed.length} clone(s))`);
    else this.say(`! environment ${r.name} kept: ${r.failures.length} member(s) could not be destroyed`);
    if (r.failures.length > 0) process.exitCode = r.failures.some((f) => renderError(f.error, false).exitCode === 2) ? 2 : 1;
    return {...r, failures: r.failures.map(failureJson)};
  }
}
