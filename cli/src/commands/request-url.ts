import {Args, Flags} from '@oclif/core';

import {asymError} from '@asym/contract';

import {BaseCommand} from '../base-command.js';
import {serviceContext} from '../services/context.js';
import {setRequestUrl} from '../services/events.js';

export default class RequestUrl extends BaseCommand {
  static args = {
    id: Args.string({description: 'clone id', required: true}),
    url: Args.string({description: 'where the clone delivers events (your app), e.g. http://127.0.0.1:3000/slack/events'}),
  };
  static description = `Set where a clone delivers events to your app (Slack's Events API request URL).

Slack first sends a url_verification challenge, as the real one does: start your app before you run this, or pass --no-verify. The URL survives reset and --reprovision.`;
  static examples = ['<%= config.bin %> request-url slack-a1b2 http://127.0.0.1:3000/slack/events', '<%= config.bin %> request-url slack-a1b2 --clear'];
  static flags = {
    clear: Flags.boolean({description: 'stop delivering events'}),
    verify: Flags.boolean({allowNo: true, default: true, description: 'send the url_verification challenge first'}),
  };

  async run(): Promise<{id: string; requestUrl: string | null}> {
    const {args, flags} = await this.parse(RequestUrl);
    if (!flags.clear && !args.url) throw asymError('INVALID_INPUT', {detail: 'Give the URL, or --clear to stop delivering events.'});
    const r = await setRequestUrl(await serviceContext(this.config), args.id, flags.clear ? null : args.url!, flags.verify);
    this.out(r.requestUrl ? `  ✓ ${r.id} delivers events to ${r.requestUrl}` : `  ✓ ${r.id} delivers no events`);
    return r;
  }
}
