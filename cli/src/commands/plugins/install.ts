import {Command} from '@oclif/core';
import {commands} from '@oclif/plugin-plugins';

import {asymError, isAsymmetricError} from '@asym/contract';

import {renderError} from '../../output/errors.js';
import {installRegistry} from '../../templates/install-hint.js';

const Oclif = commands['plugins:install'] as unknown as typeof Command;

/**
 * oclif's `plugins install`, run as it is, with its failures as a named error: PLUGIN_INSTALL_FAILED
 * names the package, the registry it was asked of and the fix, and exits 1 (oclif's own exits 2).
 */
export default class Install extends Command {
  static aliases = ['plugins:add'];
  static args = Oclif.args;
  static description = `${Oclif.description ?? ''}

A failure (no such package in the registry, no network, npm failing) is PLUGIN_INSTALL_FAILED, naming the registry asked (ASYMMETRIC_NPM_REGISTRY, else npm's own configuration); exit 1.`;
  static enableJsonFlag = true;
  static examples = Oclif.examples;
  static flags = Oclif.flags;
  static strict = false;
  static summary = Oclif.summary;
  static usage = Oclif.usage;

  async run(): Promise<{installed: string[]}> {
    const argv = this.argv.filter((a) => a !== '--json');
    try {
      await (Oclif as unknown as {run(argv: string[], config: Command['config']): Promise<unknown>}).run(argv, this.config);
    } catch (error) {
      if ((error as {code?: string}).code === 'EEXIT' && !(error as {oclif?: {exit?: number}}).oclif?.exit) throw error;
      const err = error as Error;
      const plugin = argv.find((a) => !a.startsWith('-')) ?? '(none)';
      const detail = (err.message ?? String(err)).split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 2).join(' ').replace(/\.+$/, '');
      throw isAsymmetricError(err) ? err : asymError('PLUGIN_INSTALL_FAILED', {detail, plugin, registry: installRegistry(plugin, this.config.dataDir)});
    }
    return {installed: argv.filter((a) => !a.startsWith('-'))};
  }

  protected async catch(err: Error & {exitCode?: number}): Promise<void> {
    if ((err as {code?: string}).code === 'EEXIT') throw err;
    const rendered = renderError(err, false, this.id);
    process.exitCode = rendered.exitCode;
    if (this.jsonEnabled()) process.stdout.write(JSON.stringify(rendered.json, null, 2) + '\n');
    else process.stderr.write(rendered.text + '\n');
  }
}
