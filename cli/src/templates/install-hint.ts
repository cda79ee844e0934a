import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';

/**
 * The registry `asymmetric plugins install <pkg>` would install from, as plugin-plugins runs npm:
 * ASYMMETRIC_NPM_REGISTRY, else what npm itself resolves in the plugin data directory (a scoped
 * `@scope:registry`, then `registry`). Only asked on error paths: it runs npm (a few hundred ms).
 */
export function installRegistry(pkg: string, dataDir: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (env.ASYMMETRIC_NPM_REGISTRY) return env.ASYMMETRIC_NPM_REGISTRY;
  const scope = pkg.startsWith('@') ? pkg.split('/')[0] : undefined;
  const cwd = dataDir && existsSync(dataDir) ? dataDir : undefined;
  const get = (key: string): string | undefined => {
    try {
      const v = execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['config', 'get', key], {cwd, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000}).trim();
      return v && v !== 'undefined' && v !== 'null' ? v : undefined;
    } catch {
      return undefined;
    }
  };
  return (scope && get(`${scope}:registry`)) || get('registry') || "npm's default registry";
}
