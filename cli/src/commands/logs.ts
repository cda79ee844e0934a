import {Args, Flags} from '@oclif/core';

import type {LogLine} from '@asym/contract';

import {BaseCommand} from '../base-command.js';
import {serviceContext} from '../services/context.js';
import {cloneLogs} from '../services/clones.js';

export default class Logs extends BaseCommand {
  static args = {id: Args.string({description: 'clone id', required: true})};
  static description = "Show a clone's service logs (structured JSON lines from its backend).";
  static examples = ['<%= config.bin %> logs slack-a1b2 --tail 50', '<%= config.bin %> logs slack-a1b2 --follow'];
  static flags = {
    follow: Flags.boolean({char: 'f', description: 'keep printing new lines'}),
    service: Flags.string({description: 'only this service (e.g. backend)'}),
    tail: Flags.integer({char: 'n', description: 'only the last N lines', min: 0}),
  };

  async run(): Promise<LogLine[]> {
    const {args, flags} = await this.parse(Logs);
    const lines: LogLine[] = [];
    const stream = await cloneLogs(await serviceContext(this.config), args.id, {follow: flags.follow && !this.jsonEnabled(), service: flags.service, tail: flags.tail});
    for await (const l of stream) {
      if (this.jsonEnabled()) lines.push(l);
      else process.stdout.write(`${l.service} | ${l.line}\n`);
    }
    return lines;
  }
}
