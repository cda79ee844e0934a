// Generates docs/cli/reference.md from the commands themselves (descriptions, flags, examples).
// `node cli/scripts/cli-reference.mjs` writes it; `--check` exits 1 when the file is stale.
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

import {Config} from '@oclif/core';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = fileURLToPath(new URL('../../docs/cli/reference.md', import.meta.url));

export async function render() {
  const config = await Config.load({root});
  const commands = config.commands.filter((c) => !c.hidden && c.pluginType === 'core' && c.pluginName === '@asym/cli').sort((a, b) => a.id.localeCompare(b.id));
  const lines = ['# CLI reference', '', 'Generated from the commands by `node cli/scripts/cli-reference.mjs`; a test fails when it is stale.', '', 'Every command takes `--json` (machine-readable result on stdout; errors as `{"error": {"code", "message"}}`) and `--debug`. Exit codes: 0 success, 1 a named error, 2 anything unexpected.', ''];
  for (const c of commands) {
    const id = c.id.replaceAll(':', ' ');
    const args = Object.values(c.args ?? {}).map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`)).join(' ');
    lines.push(`## \`asymmetric ${id}${args ? ' ' + args : ''}\``, '', (c.description ?? '').trim(), '');
    const flags = Object.entries(c.flags ?? {}).filter(([n, f]) => !f.hidden && n !== 'json' && n !== 'debug');
    if (flags.length > 0) {
      lines.push('| flag | description |', '|---|---|');
      for (const [n, f] of flags) lines.push(`| \`--${n}${f.type === 'option' ? ' <value>' : ''}\`${f.char ? ` / \`-${f.char}\`` : ''} | ${(f.description ?? '').replaceAll('|', '\\|')}${f.options ? ` (${f.options.join(', ')})` : ''} |`);
      lines.push('');
    }
    const examples = (c.examples ?? []).map((e) => (typeof e === 'string' ? e : e.command).replaceAll('<%= config.bin %>', 'asymmetric'));
    if (examples.length > 0) lines.push('```sh', ...examples, '```', '');
  }
  return lines.join('\n');
}

const text = await render();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('docs/cli/reference.md is stale: run node cli/scripts/cli-reference.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
  console.log('wrote docs/cli/reference.md');
}
