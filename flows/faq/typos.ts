/**
 * Typo correction against the index's own vocabulary, by shared deletions (the SymSpell idea):
 * "refnud" and "refund" both become "refnd" with one letter deleted. A lookup costs a few map
 * reads per letter of the word, where a fuzzy walk of the whole vocabulary costs far more.
 */
export interface TypoIndex {
  byDeletion: Map<string, string[]>;
  vocabulary: ReadonlySet<string>;
}

const deletions = (word: string) => Array.from(word, (_, i) => word.slice(0, i) + word.slice(i + 1));

/** One edit (insertion, deletion, substitution or swap of neighbours) apart. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Index the words typos are corrected to (only words of `minLength` letters or more: short words have too many neighbours). */
export function createTypoIndex(words: Iterable<string>, minLength: number): TypoIndex {
  const byDeletion = new Map<string, string[]>();
  const vocabulary = new Set<string>();
  for (const word of words) {
    if (word.length < minLength || vocabulary.has(word)) continue;
    vocabulary.add(word);
    for (const d of new Set(deletions(word))) byDeletion.set(d, [...(byDeletion.get(d) ?? []), word]);
  }
  return { byDeletion, vocabulary };
}

/** Words of the index one edit away from `word` (none when it is itself a known word). */
export function corrections(index: TypoIndex, word: string): string[] {
  if (index.vocabulary.has(word)) return [];
  const found = new Set<string>(index.byDeletion.get(word) ?? []);
  for (const d of deletions(word)) {
    if (index.vocabulary.has(d)) found.add(d);
    for (const w of index.byDeletion.get(d) ?? []) found.add(w);
  }
  return [...found].filter((w) => oneEditApart(word, w));
}
