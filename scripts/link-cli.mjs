// Puts `asymmetric` and `asym` on PATH, linked to this checkout's CLI (like `npm link`, without
// npm re-installing the workspace): a symlink to cli/bin/run.js in npm's global bin folder, the one
// that holds the `pnpm` the README's first command installed. Run after `pnpm build`:
//   pnpm link-cli            # link
//   pnpm link-cli --remove   # unlink (only links that point into this checkout)
// The folder is `npm prefix -g`/bin (npm_config_prefix moves it, as it moves `npm install -g`).
import {execFileSync} from 'node:child_process';
import {chmodSync, existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {delimiter, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

const target = fileURLToPath(new URL('../cli/bin/run.js', import.meta.url));
const remove = process.argv.includes('--remove');
const windows = process.platform === 'win32';

const prefix = process.env.npm_config_prefix || execFileSync(windows ? 'npm.cmd' : 'npm', ['prefix', '-g'], {encoding: 'utf8', shell: windows}).trim();
const bin = windows ? prefix : join(prefix, 'bin');
if (!existsSync(join(fileURLToPath(new URL('../cli/dist', import.meta.url)), 'index.js')) && !remove) {
  console.error('The CLI is not built yet. Run: pnpm build, then pnpm link-cli');
  process.exit(1);
}

const ours = (file) => {
  try {
    return lstatSync(file).isSymbolicLink() ? resolve(bin, readlinkSync(file)) === target : false;
  } catch {
    return false;
  }
};
for (const name of ['asymmetric', 'asym']) {
  const file = join(bin, windows ? `${name}.cmd` : name);
  if (remove) {
    if (ours(file) || (windows && existsSync(file))) rmSync(file, {force: true});
    continue;
  }
  try {
    mkdirSync(bin, {recursive: true});
    rmSync(file, {force: true});
    if (windows) writeFileSync(file, `@node "${target}" %*\r\n`);
    else symlinkSync(target, file);
  } catch (error) {
    console.error(`Could not write ${file} (${error.code ?? error.message}). Set npm_config_prefix to a folder you can write whose bin is on PATH, or run: pnpm asym …`);
    process.exit(1);
  }
}
if (!windows) chmodSync(target, 0o755);
if (remove) {
  console.log(`Removed asym and asymmetric from ${bin}`);
} else {
  const onPath = (process.env.PATH ?? '').split(delimiter).some((p) => p && resolve(p) === resolve(bin));
  console.log(`asym and asymmetric → ${target} (in ${bin})`);
  if (!onPath) console.log(`${bin} is not on PATH: add it (export PATH="${bin}${delimiter}$PATH") or run the CLI as: pnpm asym …`);
}
