/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({length: a.length + 1}, (_, i) => Array.from({length: b.length + 1}, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known key a typo most likely meant: same word in another case, a synonym, or the closest key
 * within a small edit distance. Undefined when nothing is close.
 */
export function didYouMean(word: string, known: readonly string[], synonyms: Record<string, string> = {}): string | undefined {
  const lower = word.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase) return sameCase;
  if (synonyms[lower] && known.includes(synonyms[lower]!)) return synonyms[lower];
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: {key: string; dist: number} | undefined;
  for (const k of known) {
    const dist = editDistance(lower, k.toLowerCase());
    if (dist <= limit && (!best || dist < best.dist)) best = {dist, key: k};
  }
  return best?.key;
}

/**
 * `Unknown key(s): 'clone' (did you mean 'clones'?)`; when no key is close to any known one, the
 * allowed keys are listed instead: `Unknown key(s): 'foo' (allowed: name, clones)`.
 */
export function unknownKeysMessage(unknown: string[], known: readonly string[], synonyms: Record<string, string> = {}): string {
  const parts = unknown.map((k) => {
    const hint = didYouMean(k, known, synonyms);
    return hint ? `'${k}' (did you mean '${hint}'?)` : `'${k}'`;
  });
  const anyHint = parts.some((p) => p.includes('did you mean'));
  return `Unknown key(s): ${parts.join(', ')}${anyHint ? '' : ` (allowed: ${known.join(', ')})`}`;
}
