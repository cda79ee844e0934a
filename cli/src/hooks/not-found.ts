import type {Hook} from '@oclif/core';

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
 * plugin-not-found only offers its suggestion in an interactive terminal; scripts and agents get the
 * did-you-mean line from here, on stderr, before it exits 127.
 */
const hook: Hook<'command_not_found'> = async function (opts) {
  if (process.stdin.isTTY) return;
  const ids = opts.config.commands.filter((c) => !c.hidden).map((c) => c.id);
  const best = ids.map((id) => ({d: distance(opts.id, id), id})).sort((a, b) => a.d - b.d)[0];
  if (best && best.d <= Math.max(2, Math.floor(opts.id.length / 3))) {
    process.stderr.write(`  Did you mean "${best.id.replaceAll(':', ' ')}"? Run: ${opts.config.bin} ${best.id.replaceAll(':', ' ')}\n`);
  }
};
export default hook;
