import { CONCEPTS, NEUTRAL } from './lexicon.js';
import { HAN_STOPCHARS, HAN_STOPWORDS, LATIN_STOPWORDS } from './stopwords.js';

const LETTER = /\p{L}/u;
// Chinese runs go through ICU's dictionary segmenter; Latin words split on anything not a letter
// or digit, which is what UAX #29 does for them and many times faster.
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const PIECES = /(\p{Script=Han}+)|([\p{L}\p{N}]+)/gu;
const ASCII_ONLY = /^[\x00-\x7f]*$/;
/** What folding takes out of ASCII text: its two diacritics (^ and `) and the apostrophe. */
const ASCII_DROPPED = /[\^`']/g;

/**
 * Lower-case, full-width to half-width, accents and inverted marks dropped, apostrophes joined:
 * "¿Cuánto TARDA el envío?" and "cuanto tarda el envio" read the same, as do "what's" and "whats".
 */
export function fold(text: string): string {
  // ASCII is left alone by every normalization form: only case, ^, ` and ' change.
  if (ASCII_ONLY.test(text)) return text.toLowerCase().replace(ASCII_DROPPED, '');
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .normalize('NFC')
    .replace(/['’`´]/g, '')
    .replace(/[¿¡]/g, ' ');
}

/**
 * A light suffix stripper for English and Spanish, applied alike to examples and questions, so
 * "shipped"/"shipping"/"ships" and "envíos"/"enviar"/"enviado" meet. It is deliberately crude:
 * it only has to make two forms of one word agree, and fuzzy matching covers what it misses.
 */
export function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    if (stems.size >= STEM_CACHE_SIZE) stems.clear();
    stemmed = stemWord(word);
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** Stems of words seen lately: buyers use the same few thousand words, and stemming one takes a dozen regexes. */
const stems = new Map<string, string>();
const STEM_CACHE_SIZE = 20_000;
const undouble = (s: string) => (/([^aeiouls])\1$/.test(s) ? s.slice(0, -1) : s);

function stemWord(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  // Spanish stem vowels: devuelvo/devolver, pierdo/perder, cuesta/costar.
  if (w.length >= 5) w = w.replace(/ue(?=[^aeiou])/g, 'o').replace(/ie(?=[^aeiou])/g, 'e');
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('iones')) w = w.slice(0, -2);
  else if (w.endsWith('ces') && w.length > 4) w = `${w.slice(0, -3)}z`;
  else if (w.endsWith('es') && w.length > 5 && !/[aeiou]/.test(w.at(-3)!)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4) w = undouble(w.slice(0, -2));
  else if (/(ado|ada|ido|ida)$/.test(w) && w.length > 5) w = w.slice(0, -3);
  else if (/(ando|endo)$/.test(w) && w.length > 6) w = w.slice(0, -4);
  if (w.endsWith('ery') && w.length > 5) w = w.slice(0, -1);
  if (/(ar|er|ir)$/.test(w) && w.length > 4) w = w.slice(0, -2);
  else if (/(an|en)$/.test(w) && w.length > 5) w = w.slice(0, -2);
  else if (/[aeo]$/.test(w) && w.length > 4) w = w.slice(0, -1);
  return w;
}

const latinKey = (phrase: string) => (fold(phrase).match(/[\p{L}\p{N}]+/gu) ?? []).map(stem).join(' ');

/** Concept terms by stemmed Latin word or phrase (per language: Spanish "sale" is not English "sale"), and by Chinese word. */
const LATIN_CONCEPTS = { en: new Map<string, string[]>(), es: new Map<string, string[]>() };
const HAN_CONCEPTS = new Map<string, string[]>();
const addTo = (map: Map<string, string[]>, key: string, concept: string) => map.set(key, [...new Set([...(map.get(key) ?? []), `~${concept}`])]);
for (const [concept, words] of Object.entries(CONCEPTS)) {
  for (const w of words.en) addTo(LATIN_CONCEPTS.en, latinKey(w), concept);
  for (const w of words.es) addTo(LATIN_CONCEPTS.es, latinKey(w), concept);
  for (const w of words.zh) addTo(HAN_CONCEPTS, w, concept);
}
const LATIN_NEUTRAL = { en: new Set(NEUTRAL.en.map(latinKey)), es: new Set(NEUTRAL.es.map(latinKey)) };
const HAN_NEUTRAL = new Set(NEUTRAL.zh);

/** The Latin thesaurus of one language (or of both), ready for lookups. */
interface LatinThesaurus {
  concepts: ReadonlyMap<string, readonly string[]>;
  neutral: ReadonlySet<string>;
  /** The first words of its phrases (one word, two words…): a longer phrase can only start with one of these. */
  phraseStarts: ReadonlySet<string>;
}
const phraseStartsOf = (keys: Iterable<string>) =>
  new Set([...keys].flatMap((key) => key.split(' ').slice(0, -1).map((_, n, words) => words.slice(0, n + 1).join(' '))));
const thesaurus = (concepts: Map<string, string[]>, neutral: Set<string>): LatinThesaurus => ({ concepts, neutral, phraseStarts: phraseStartsOf(concepts.keys()) });
const BOTH_CONCEPTS = new Map<string, string[]>();
// English concepts first, then Spanish ones, when the language is not known.
for (const key of new Set([...LATIN_CONCEPTS.en.keys(), ...LATIN_CONCEPTS.es.keys()])) BOTH_CONCEPTS.set(key, [...(LATIN_CONCEPTS.en.get(key) ?? []), ...(LATIN_CONCEPTS.es.get(key) ?? [])]);
const LATIN = {
  en: thesaurus(LATIN_CONCEPTS.en, LATIN_NEUTRAL.en),
  es: thesaurus(LATIN_CONCEPTS.es, LATIN_NEUTRAL.es),
  both: thesaurus(BOTH_CONCEPTS, new Set([...LATIN_NEUTRAL.en, ...LATIN_NEUTRAL.es])),
};
/** The Latin thesaurus for a language; both when the language is not known. */
const latinFor = (lang: string | undefined): LatinThesaurus => (lang === 'en' ? LATIN.en : lang === 'es' ? LATIN.es : LATIN.both);
const HAN_LONGEST = Math.max(...[...HAN_CONCEPTS.keys(), ...HAN_NEUTRAL].map((w) => [...w].length));
/** Every beginning of a Chinese thesaurus word (by UTF-16 unit, as they are built): a longer word can only start with one. */
const HAN_STARTS = new Set([...HAN_CONCEPTS.keys(), ...HAN_NEUTRAL].flatMap((w) => Array.from({ length: w.length }, (_, n) => w.slice(0, n + 1))));
/** The first UTF-16 units of those words, as numbers: most characters start none, and a number is found without hashing a string. */
const HAN_FIRST_UNITS = new Set([...HAN_STARTS].map((w) => w.charCodeAt(0)));
/** `HAN_STOPCHARS` by UTF-16 unit (a character is compared one unit at a time; all of them are one unit long). */
const HAN_STOPCHAR_UNITS = new Set([...HAN_STOPCHARS].filter((c) => c.length === 1).map((c) => c.charCodeAt(0)));

/** One thing the question says: a content word (Latin or Chinese); covered when any of its terms matched. */
export interface Unit {
  kind: 'word' | 'han';
  /** Index terms that, when matched, cover this unit; the first is the word itself, whose weight is the unit's. */
  terms: string[];
  /** How strongly each term's match covers the unit (1 for a word or a bigram of two content characters). */
  strengths: number[];
  /** A thing rather than a topic word (teapot, Monday): it weighs little in coverage. */
  neutral: boolean;
}

/** A synonym matches a little less surely than the word itself. */
export const CONCEPT_STRENGTH = 0.8;

/** Strength of a Chinese bigram with one filler character (是假 in 是假的吗), and of a character of a longer word matched alone. */
export const HAN_STRENGTH = { bigramWithFiller: 0.7, single: 0.5 } as const;

/** What matching sees of a text: index terms (deduplicated) and the content units they cover. */
export interface Analysis {
  terms: string[];
  units: Unit[];
}

/** A word of the folded text, with its place: a Latin word, or a segment of a Chinese run. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** A run of the text: one Latin word, or the segments of an unbroken stretch of Chinese characters. */
interface Run {
  han: boolean;
  tokens: Token[];
}

/** A message read once: folded, and split into runs. Matching a message segments it only once. */
export interface Prepared {
  folded: string;
  runs: Run[];
}

/**
 * A run of one CJK Unified Ideograph (U+4E00 to U+9FFF): the segmenter reads each of them alone as
 * one word (checked for all 20,992), so the run needs no segmenter ("在", "亲", "退").
 */
const isLoneIdeograph = (run: string) => run.length === 1 && run >= '\u4e00' && run <= '\u9fff';

/** Fold and split a text (Chinese with `Intl.Segmenter` word granularity). */
export function prepare(text: string): Prepared {
  const folded = fold(text);
  const runs: Run[] = [];
  for (const m of folded.matchAll(PIECES)) {
    const at = m.index;
    if (m[1]) {
      if (isLoneIdeograph(m[1])) {
        runs.push({ han: true, tokens: [{ text: m[1], start: at, end: at + 1 }] });
        continue;
      }
      const tokens: Token[] = [];
      const segments = segmenter.segment(m[1]);
      // Stepping with containing() yields the same segments as iterating, in about half the time.
      for (let i = 0; i < m[1].length; ) {
        const s = segments.containing(i)!;
        const end = s.index + s.segment.length;
        if (s.isWordLike) tokens.push({ text: s.segment, start: at + s.index, end: at + end });
        i = end;
      }
      runs.push({ han: true, tokens });
    } else runs.push({ han: false, tokens: [{ text: m[0], start: at, end: at + m[0].length }] });
  }
  return { folded, runs };
}

/**
 * Content terms and units of a text. Latin words: stopwords dropped, stemmed, and their thesaurus
 * concepts (of `lang`, en or es; both when not known). Chinese: the segmenter's words mark what
 * is filler (吗, 请问, 什么时候…) and are the units; the terms are every character bigram touching
 * a content character (robust to the segmenter's dictionary, which splits 正品 or 包邮
 * inconsistently), single characters, longer words and concepts. Characters at `skip` offsets
 * (a greeting taken out) are left out.
 */
export function analyze(input: string | Prepared, lang?: string, skip?: ReadonlySet<number>): Analysis {
  const { runs } = typeof input === 'string' ? prepare(input) : input;
  const latin = latinFor(lang);
  const terms = new Set<string>();
  const units: Unit[] = [];
  const words: { key: string; unit?: Unit }[] = [];
  for (const run of runs) {
    if (run.han) {
      hanRun(run.tokens, skip, terms, units);
      continue;
    }
    const token = run.tokens[0]!;
    const word = token.text;
    if (!LETTER.test(word) || skip?.has(token.start)) continue;
    const key = stem(word);
    if (word.length < 2 || LATIN_STOPWORDS.has(word)) {
      words.push({ key });
      continue;
    }
    terms.add(key);
    const unit: Unit = { kind: 'word', terms: [key], strengths: [1], neutral: latin.neutral.has(key) };
    units.push(unit);
    words.push({ key, unit });
  }
  // Synonyms of single words and of two- or three-word phrases ("send it back", "how long").
  for (let i = 0; i < words.length; i++) {
    let key = '';
    for (let n = 1; n <= 3 && i + n <= words.length; n++) {
      key = n === 1 ? words[i]!.key : `${key} ${words[i + n - 1]!.key}`;
      const concepts = latin.concepts.get(key);
      if (concepts) {
        const targets: Unit[] = [];
        for (let k = i; k < i + n; k++) if (words[k]!.unit) targets.push(words[k]!.unit!);
        if (targets.length > 0 || n > 1) {
          if (targets.length === 0) {
            // A phrase of filler words only ("too much"): the phrase itself is a unit.
            const unit: Unit = { kind: 'word', terms: [], strengths: [], neutral: false };
            units.push(unit);
            targets.push(unit);
          }
          for (const unit of targets) addConcepts(terms, unit, concepts);
        }
      }
      if (!latin.phraseStarts.has(key)) break;
    }
  }
  return { terms: [...terms], units };
}

/** Add thesaurus concepts to the terms, and to a unit (which is then about something, not a neutral thing). */
function addConcepts(terms: Set<string>, unit: Unit, concepts: readonly string[]): void {
  for (const c of concepts) {
    terms.add(c);
    if (unit.terms.includes(c)) continue;
    unit.terms.push(c);
    unit.strengths.push(CONCEPT_STRENGTH);
    unit.neutral = false;
  }
}

/** One character of a Chinese run: whether it carries content, whether the segmenter reads it as a word alone, and its segment. */
interface HanChar {
  c: string;
  content: boolean;
  word: boolean;
  seg: number;
}

/** Let a segment's unit be covered by a term (keeping the strongest strength when it already is). */
function cover(segUnits: readonly (Unit | undefined)[], k: number, term: string, strength: number): void {
  const unit = segUnits[k];
  if (!unit) return;
  const at = unit.terms.indexOf(term);
  if (at < 0) {
    unit.terms.push(term);
    unit.strengths.push(strength);
  } else unit.strengths[at] = Math.max(unit.strengths[at]!, strength);
}

const hasConcept = (unit: Unit) => {
  for (const t of unit.terms) if (t.startsWith('~')) return true;
  return false;
};

/**
 * Terms and units of one run of Chinese segments. A unit is a content word of the segmenter (as a
 * Latin word is one); its terms are the bigrams touching its characters, its characters alone,
 * longer words and thesaurus concepts. Bigrams across words repair the segmenter's mistakes
 * (是正|品 still yields 正品).
 */
function hanRun(run: Token[], skip: ReadonlySet<number> | undefined, terms: Set<string>, units: Unit[]): void {
  const chars: HanChar[] = [];
  const segUnits: (Unit | undefined)[] = [];
  for (let k = 0; k < run.length; k++) {
    const seg = run[k]!;
    const stop = HAN_STOPWORDS.has(seg.text);
    const word = seg.text.length === 1;
    let content = false;
    for (let i = 0; i < seg.text.length; i++) {
      const c = seg.text[i]!;
      const isContent = !stop && !HAN_STOPCHAR_UNITS.has(seg.text.charCodeAt(i)) && !skip?.has(seg.start + i);
      content ||= isContent;
      chars.push({ c, content: isContent, word, seg: k });
    }
    // The word itself comes first: its weight is the unit's.
    const unit: Unit | undefined = content ? { kind: 'han', terms: [seg.text], strengths: [word ? 1 : 0], neutral: false } : undefined;
    segUnits.push(unit);
    if (unit && seg.text.length >= 3) {
      terms.add(seg.text);
      unit.strengths[0] = 1;
    }
  }
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    if (!a.content && !b.content) continue;
    const bigram = a.c + b.c;
    terms.add(bigram);
    const strength = a.content && b.content ? 1 : HAN_STRENGTH.bigramWithFiller;
    if (a.content) cover(segUnits, a.seg, bigram, strength);
    if (b.content && b.seg !== a.seg) cover(segUnits, b.seg, bigram, strength);
  }
  for (const ch of chars) {
    if (!ch.content) continue;
    // The character alone is a term too: fully when the segmenter reads it as a word (退, 换, 贵),
    // weakly when it is part of a longer word (货 of 普洱还有货 is not 货 of 发货).
    terms.add(ch.c);
    cover(segUnits, ch.seg, ch.c, ch.word ? 1 : HAN_STRENGTH.single);
  }
  // Thesaurus words inside the run; a one-character one only where the segmenter reads it as a word.
  for (let i = 0; i < chars.length; i++) {
    if (!HAN_FIRST_UNITS.has(chars[i]!.c.charCodeAt(0))) continue;
    let w = '';
    for (let n = 1; n <= HAN_LONGEST && i + n <= chars.length; n++) {
      w += chars[i + n - 1]!.c;
      // No thesaurus word starts this way: no longer one will either.
      if (!HAN_STARTS.has(w)) break;
      if (n === 1 && !chars[i]!.word) continue;
      const concepts = HAN_CONCEPTS.get(w);
      const neutral = HAN_NEUTRAL.has(w);
      if (!concepts && !neutral) continue;
      for (let k = i; k < i + n; k++) {
        const ch = chars[k]!;
        if (!ch.content) continue;
        const unit = segUnits[ch.seg]!;
        if (concepts) addConcepts(terms, unit, concepts);
        else if (!hasConcept(unit)) unit.neutral = true;
      }
    }
  }
  for (const unit of segUnits) if (unit) units.push(unit);
}

/** What phrase matching sees of a text: its folded form, its Latin words in order (stemmed, stopwords kept), and where one-character Chinese words stand. */
export interface PhraseView {
  folded: string;
  words: { term: string; start: number; end: number }[];
  /** Offsets in `folded` of Chinese characters the segmenter reads as words on their own. */
  singleChars: Set<number>;
  /** Spans of Chinese runs and of words with digits: where Chinese (and number) phrases can be. */
  hanSpans: [number, number][];
}

/** The phrase view of a text (phrases match Chinese as substrings of the folded text). */
export function phraseView(input: string | Prepared): PhraseView {
  const { folded, runs } = typeof input === 'string' ? prepare(input) : input;
  const words: PhraseView['words'] = [];
  const singleChars = new Set<number>();
  const hanSpans: [number, number][] = [];
  for (const run of runs) {
    if (run.han && run.tokens.length) hanSpans.push([run.tokens[0]!.start, run.tokens.at(-1)!.end]);
    for (const t of run.tokens) {
      if (run.han) {
        if (t.text.length === 1) singleChars.add(t.start);
        continue;
      }
      if (/\d/.test(t.text)) hanSpans.push([t.start, t.end]);
      if (LETTER.test(t.text)) words.push({ term: stem(t.text), start: t.start, end: t.end });
    }
  }
  return { folded, words, singleChars, hanSpans };
}
