import {Command, Flags} from '@oclif/core';

import {renderError} from './output/errors.js';

/**
 * Every command: `--json` (oclif's JSON flag), `--debug`, and the one error renderer. Commands parse
 * their flags, call one service function and return a typed result (printed as JSON with --json).
 */
export abstract class BaseCommand extends Command {
  static baseFlags = {
    debug: Flags.boolean({description: 'Show stack traces for unexpected errors.', helpGroup: 'GLOBAL'}),
  };
  static enableJsonFlag = true;

  protected get debugEnabled(): boolean {
    return this.argv.includes('--debug') || Boolean(process.env.DEBUG && /asym|\*/.test(process.env.DEBUG));
  }

  async init(): Promise<void> {
    await super.init();
    // Test-only fault injection: the only way to reach the "unexpected error" path on purpose.
    if (process.env.ASYM_TEST_FAULT === 'unexpected') throw new TypeError('injected fault (ASYM_TEST_FAULT=unexpected)');
  }

  /** Print a line to stderr unless --json (human progress and messages never pollute JSON on stdout). */
  protected say(line: string): void {
    if (!this.jsonEnabled()) process.stderr.write(line + '\n');
  }

  /** Print a line to stdout unless --json. */
  protected out(line: string): void {
    if (!this.jsonEnabled()) process.stdout.write(line + '\n');
  }

  protected async catch(err: Error & {exitCode?: number}): Promise<void> {
    if (err && (err as {code?: string}).code === 'EEXIT') throw err;
    const ctor = this.constructor as typeof BaseCommand;
    const flags = Object.entries({...ctor.baseFlags, ...ctor.flags}).filter(([, f]) => !f.hidden).map(([name]) => name).concat(ctor.enableJsonFlag ? ['json'] : []);
    const rendered = renderError(err, this.debugEnabled, this.id, flags);
    process.exitCode = rendered.exitCode;
    if (this.jsonEnabled()) process.stdout.write(JSON.stringify(rendered.json, null, 2) + '\n');
    else process.stderr.write(rendered.text + '\n');
  }
}
