import { fold, stem } from './tokenize.js';
import { toSimplified } from './chinese-script.js';

/**
 * The pieces a message model reads: Chinese characters and their pairs, Latin words (stemmed),
 * their character 3- and 4-grams, and 4-grams of the words joined. Sub-word pieces make a model
 * forgive typos ("dilevery"), joined words ("contraentrega"), pinyin written with or without
 * spaces, and (through toSimplified) traditional characters.
 */
export interface TextModel {
  /** Labels ranked by score, best first (at most `k`), each with the language that holds most of it. */
  rank(text: string, k?: number): { label: string; lang: string; score: number; /** How much of the score that language holds, 0 to 1. */ langShare: number }[];
}

export interface Example {
  label: string;
  lang: string;
  text: string;
}

const HAN_RUN = /\p{Script=Han}+/gu;
const STOP_HAN = new Set([...'的了吗呢啊吧呀嘛哦么亲我你您们是在有这那个一请问下就都也还和与']);

/** The features of a text, with their counts. */
export function features(input: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (f: string, w = 1) => out.set(f, (out.get(f) ?? 0) + w);
  const text = toSimplified(fold(input));
  for (const run of text.match(HAN_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      if (!STOP_HAN.has(chars[i]!)) add(`h${chars[i]}`);
      if (i + 1 < chars.length) add(`H${chars[i]}${chars[i + 1]}`, 1.5);
    }
  }
  const latin = text
    .replace(HAN_RUN, ' ')
    .replace(/\d+/g, ' 0 ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/(\p{L})\1{2,}/gu, '$1')
    .trim();
  if (!latin) return out;
  const words = latin.split(' ');
  for (const w of words) add(`w${stem(w)}`, 1.5);
  const spaced = `_${words.join('_')}_`;
  for (let i = 0; i + 3 <= spaced.length; i++) add(spaced.slice(i, i + 3));
  for (let i = 0; i + 4 <= spaced.length; i++) add(spaced.slice(i, i + 4));
  // Without the spaces: "contra entrega" and "contraentrega" share these.
  const joined = words.join('');
  for (let i = 0; i + 4 <= joined.length; i++) add(`j${joined.slice(i, i + 4)}`, 0.5);
  return out;
}
