import { fold, phraseView, type PhraseView } from './tokenize.js';
import { oneEditApart } from './typos.js';

const HAN_OR_DIGIT = /[\p{Script=Han}\d]/u;
const DIGIT = /\d/;

/** A phrase that marks something (an intent, or a topic's keyword), compiled for matching. */
interface Phrase<T> {
  owner: T;
  /** Language the phrase is written in, when it matters (a keyword); matched only in text of that language. */
  lang?: string;
  /** Stemmed Latin words, matched in order. */
  words?: string[];
  /** Chinese (or digits), matched as a substring of the folded text. */
  text?: string;
}

/** Phrases indexed by their first word or character, so matching a message costs per word of it, not per phrase. */
export interface PhraseIndex<T> {
  byWord: Map<string, Phrase<T>[]>;
  /** By the first UTF-16 unit (a number: the text's characters are looked up without making a string of each). */
  byChar: Map<number, Phrase<T>[]>;
}

/** Compile phrases; `owner` is what a match reports (an intent name, a topic id). */
export function createPhraseIndex<T>(entries: Iterable<{ owner: T; phrase: string; lang?: string }>): PhraseIndex<T> {
  const index: PhraseIndex<T> = { byWord: new Map(), byChar: new Map() };
  const add = <K>(map: Map<K, Phrase<T>[]>, key: K, phrase: Phrase<T>) => map.set(key, [...(map.get(key) ?? []), phrase]);
  for (const { owner, phrase, lang } of entries) {
    if (HAN_OR_DIGIT.test(phrase)) {
      const text = fold(phrase).replace(/[^\p{L}\p{N}]+/gu, '');
      if (text) add(index.byChar, text.charCodeAt(0), { owner, text });
      continue;
    }
    const words = phraseView(phrase).words.map((w) => w.term);
    if (words.length) add(index.byWord, words[0]!, { owner, words, ...(lang ? { lang } : {}) });
  }
  return index;
}

const sameWord = (want: string, word: string) => want === word || (want.length >= 6 && word.length >= 6 && oneEditApart(want, word));

/**
 * Where phrases occur in a text: spans [start, end) of its folded form, per owner. Latin phrases
 * match their words in order, one extra word allowed between two of them ("talk to a real
 * person"), one typo in words of six letters or more after the first. Chinese phrases match as
 * substrings; a one-character one only where it stands as a word of its own (退 in 能退吗, not in 退出).
 * With `lang`, Latin phrases of another language are skipped (Spanish "sale" is not English "sale").
 */
export function findPhrases<T>(index: PhraseIndex<T>, view: PhraseView, lang?: string): Map<T, [number, number][]> {
  const found = new Map<T, [number, number][]>();
  const { words, folded, singleChars } = view;
  for (let s = 0; s < words.length; s++) {
    const first = words[s]!;
    const candidates = index.byWord.get(first.term);
    if (!candidates) continue;
    for (const phrase of candidates) {
      if (lang && phrase.lang && phrase.lang !== lang) continue;
      const want = phrase.words!;
      let at = s;
      let ok = true;
      for (let k = 1; k < want.length && ok; k++) {
        if (at + 1 < words.length && sameWord(want[k]!, words[at + 1]!.term)) at += 1;
        else if (at + 2 < words.length && sameWord(want[k]!, words[at + 2]!.term)) at += 2;
        else ok = false;
      }
      if (ok) addSpan(found, phrase.owner, [first.start, words[at]!.end]);
    }
  }
  for (const [from, to] of view.hanSpans) {
    for (let i = from; i < to; i++) {
      const candidates = index.byChar.get(folded.charCodeAt(i));
      if (!candidates) continue;
      for (const phrase of candidates) {
        const text = phrase.text!;
        if (!folded.startsWith(text, i)) continue;
        if (text.length === 1 && !singleChars.has(i) && !DIGIT.test(text)) continue;
        addSpan(found, phrase.owner, [i, i + text.length]);
      }
    }
  }
  return found;
}

function addSpan<T>(found: Map<T, [number, number][]>, owner: T, span: [number, number]): void {
  const spans = found.get(owner);
  if (spans) spans.push(span);
  else found.set(owner, [span]);
}
