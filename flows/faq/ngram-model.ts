import { fold, stem } from './tokenize.js';
import { toSimplified } from './chinese-script.js';

/**
 * A character n-gram classifier: each class (a topic, an intent or off-topic, per language) is the
 * TF-IDF centroid of its examples; a message is scored by cosine against every centroid through an
 * inverted index. Sub-word pieces make it forgive typos ("dilevery"), joined words ("contraentrega"),
 * pinyin written with or without spaces, and (through toSimplified) traditional characters.
 */
export interface NgramModel {
  /** Classes ranked by cosine, best first (at most `k`). */
  rank(text: string, k?: number): { label: string; lang: string; score: number }[];
}

export interface Example {
  label: string;
  lang: string;
  text: string;
}

const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const STOP_HAN = new Set([...'的了吗呢啊吧呀嘛哦么亲我你您们是在有这那个一请问下就都也还和与']);
/** A piece in more examples than this (and than this share of them) ranks nothing: left out of the index. */
const COMMON_SHARE = 0.005;
const COMMON_MIN = 60;

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

export function createNgramModel(examples: readonly Example[]): NgramModel {
  const classes: { label: string; lang: string }[] = [];
  const classOf = new Map<string, number>();
  /** Each example's class, and its features (sublinear counts). */
  const docClass: number[] = [];
  const docs: Map<string, number>[] = [];
  const seen = new Set<string>();
  for (const ex of examples) {
    const key = `${ex.label}\t${ex.lang}`;
    if (seen.has(`${key}\t${ex.text}`)) continue;
    seen.add(`${key}\t${ex.text}`);
    let c = classOf.get(key);
    if (c === undefined) {
      c = classes.length;
      classOf.set(key, c);
      classes.push({ label: ex.label, lang: ex.lang });
    }
    const f = features(ex.text);
    if (f.size === 0) continue;
    for (const [k, v] of f) f.set(k, 1 + Math.log(v));
    docClass.push(c);
    docs.push(f);
  }
  const df = new Map<string, number>();
  for (const doc of docs) for (const k of doc.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  const n = docs.length;
  const idfOf = new Map<string, number>();
  for (const [k, d] of df) idfOf.set(k, Math.log(1 + n / d));
  const unseenIdf = Math.log(1 + n);
  const idf = (k: string) => idfOf.get(k) ?? unseenIdf;
  const common = Math.max(COMMON_MIN, n * COMMON_SHARE);
  const lists = new Map<string, { doc: number[]; w: number[] }>();
  docs.forEach((doc, d) => {
    let norm = 0;
    for (const [k, v] of doc) norm += (v * idf(k)) ** 2;
    norm = Math.sqrt(norm) || 1;
    for (const [k, v] of doc) {
      // A piece most examples share ranks nothing: left out of the index (it still counts in the norm).
      if (df.get(k)! > common) continue;
      let p = lists.get(k);
      if (!p) lists.set(k, (p = { doc: [], w: [] }));
      p.doc.push(d);
      p.w.push((v * idf(k)) / norm);
    }
  });
  const postings = new Map<string, { doc: Int32Array; w: Float32Array }>();
  for (const [k, p] of lists) postings.set(k, { doc: Int32Array.from(p.doc), w: Float32Array.from(p.w) });
  const scores = new Float64Array(n);
  const touched: number[] = [];
  const best = new Float64Array(classes.length);
  return {
    rank(text, k = 5) {
      const f = features(text);
      let qnorm = 0;
      const q: [string, number][] = [];
      for (const [key, v] of f) {
        const w = (1 + Math.log(v)) * idf(key);
        qnorm += w * w;
        if (postings.has(key)) q.push([key, w]);
      }
      qnorm = Math.sqrt(qnorm) || 1;
      touched.length = 0;
      for (const [key, w] of q) {
        const p = postings.get(key)!;
        const qw = w / qnorm;
        for (let i = 0; i < p.doc.length; i++) {
          const d = p.doc[i]!;
          if (scores[d] === 0) touched.push(d);
          scores[d] = scores[d]! + qw * p.w[i]!;
        }
      }
      // A class scores as its nearest example; the k best classes are kept as they come (no full sort).
      const hit: number[] = [];
      for (const d of touched) {
        const c = docClass[d]!;
        if (best[c] === 0) hit.push(c);
        if (scores[d]! > best[c]!) best[c] = scores[d]!;
        scores[d] = 0;
      }
      const top: number[] = [];
      for (const c of hit) {
        const score = best[c]!;
        if (top.length === k && score <= best[top[k - 1]!]!) continue;
        let at = top.length < k ? top.length : k - 1;
        if (top.length < k) top.push(c);
        for (; at > 0 && best[top[at - 1]!]! < score; at--) top[at] = top[at - 1]!;
        top[at] = c;
      }
      const ranked = top.map((c) => ({ label: classes[c]!.label, lang: classes[c]!.lang, score: best[c]! }));
      for (const c of hit) best[c] = 0;
      return ranked;
    },
  };
}

export const hasHan = (text: string) => HAN.test(text);
