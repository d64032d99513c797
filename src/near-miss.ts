/** Typo suggestions ("did you mean …?") for commands, workloads and other names from a short list. */

/**
 * Edits a typo may have: one for short words, two from five letters on. Further than that from
 * every name, the word is meant as something else (after a command: a function name; short
 * names such as "sc" or "api" are common).
 */
function maxDistance(word: string): number {
  return word.length >= 5 ? 2 : 1;
}

/**
 * Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring):
 * a swapped pair of letters ("scna") counts as one edit, as people mistype it.
 */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The name in `names` that `word` is a near miss of, if any (the closest; ties go to the first listed). */
export function nearMiss(word: string, names: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  if (names.includes(lower) && lower !== word) return lower;
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(lower, name);
    if (distance > 0 && distance <= maxDistance(lower) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}
