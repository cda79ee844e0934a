import {asymError} from '@asym/contract';
import type {Hook} from '@oclif/core';

import {renderError} from '../output/errors.js';

/** Edit distance counting a swap of two neighbours as one edit (stauts → status), for did-you-mean. */
export function distance(a: string, b: string): number {
  const d = Array.from({length: a.length + 1}, (_, i) => [i, ...Array.from({length: b.length}, () => 0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

/**
 * The command a mistyped id most likely meant. With a space as topic separator the words after the
 * command arrive joined to it (`spn slack` → `spn:slack`), so each leading run of words is tried as
 * the command and the rest kept as its arguments: `spn slack` → `spin slack`.
 */
export function nearestCommand(id: string, ids: string[]): string | undefined {
  const words = id.split(':');
  let best: {d: number; text: string} | undefined;
  for (let n = words.length; n >= 1; n--) {
    const head = words.slice(0, n).join(':');
    for (const c of ids) {
      const d = distance(head, c);
      if (d <= Math.max(n === words.length ? 2 : 1, Math.floor(head.length / 3)) && (!best || d < best.d)) best = {d, text: [c, ...words.slice(n)].join(' ').replaceAll(':', ' ')};
    }
  }
  return best?.text;
}

/**
 * plugin-not-found asks "did you mean …?" in an interactive terminal. Scripts and agents (no TTY, or
 * --json) get a named error instead: the suggestion on stderr (or as JSON on stdout), exit 1.
 */
const hook: Hook<'command_not_found'> = async function (opts) {
  const json = process.argv.includes('--json');
  if (process.stdin.isTTY && !json) return;
  const ids = opts.config.commands.filter((c) => !c.hidden).map((c) => c.id);
  const typed = opts.id.replaceAll(':', ' ');
  const suggestion = nearestCommand(opts.id, ids);
  const rendered = renderError(asymError('UNKNOWN_COMMAND', {command: typed, suggestion}), false);
  if (json) process.stdout.write(JSON.stringify(rendered.json, null, 2) + '\n');
  else process.stderr.write(rendered.text + '\n');
  // Exit here, before plugin-not-found's handler answers with exit 127.
  process.exit(1);
};
export default hook;
