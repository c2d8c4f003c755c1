import type { ShopConfig } from '../../src/config/schema.js';
import { countDigits, extractContact, type ContactDetails, withoutMessenger } from '../contact/extract.js';
import { detectLanguage } from '../language/detect.js';
import { BUILT_IN_PHRASES, PHRASE_INTENTS, SOFT_COMPLAINTS, type PhraseIntent } from './intents.js';
import { createPhraseIndex, findPhrases, type PhraseIndex } from './phrases.js';
import { createTopicSearch, type RankedTopic, type TopicSearch } from './search.js';
import { analyze, fold, phraseView, prepare, type Analysis } from './tokenize.js';
import { corrections, createTypoIndex, type TypoIndex } from './typos.js';
import { createSoftmaxModel } from './softmax-model.js';
import { trainingExamples } from './training.js';
import { EMAIL_LIKE, PHONE_LIKE, shopNamePattern } from './model-text.js';
import { ASKS, otherBusinessPattern, QUESTION_BREAK, QUESTION_SPLIT } from './message-shapes.js';
import { secondOpinion, WORRY_OR_COMPLAINT } from './second-opinion.js';

/** What one buyer message is about, and the contact details it carries. */
export interface Classification {
  text: string;
  /** Language of the text when it tells, else the hint, else the shop's default. */
  lang: string;
  /** A topic id, or greeting, human, complaint, contact, thanks or none. */
  intent: string;
  /**
   * For a topic (and for `none`, of the best candidate): how much of the question the topic
   * explains, 0 to 1, rarer words weighing more. 1 for phrase intents and contact details.
   */
  score: number;
  contact: ContactDetails | null;
  /** Other topics asked in the same message ("cod? and when do you ship"), to answer in the same reply. */
  also?: string[];
}

/** Classify one buyer message; `langHint` is the channel's language (e.g. Telegram's `language_code`). */
export type Classify = (text: string, langHint?: string) => Classification;

/**
 * How a topic is accepted, calibrated (coordinate descent) on faq-eval, faq-holdout, faq-fresh and blind
 * sets 1-10, never on blind set 11 (README). BM25 ranks the topics (search.ts, scoring as MiniSearch does); the first
 * of the top three that explains enough of the question wins. "Enough" is relative (`coverage`: the weighted share of the
 * question's words the topic matches, lower when one of the topic's keyword phrases is there)
 * and absolute (`minMass`: one common word is not a topic). Below that the bot says it does not
 * know: a wrong answer costs more than a handoff.
 */
export const TUNING = {
  coverage: 0.57,
  coverageWithKeyword: 0.413,
  /** Same, when the keyword is a single word ("ship"): weaker evidence than "cash on delivery". */
  coverageWithWord: 0.245,
  minMass: 0.362,
  /** Weight of a word no example uses: "laptops" in "do you sell laptops" is what the question is about. */
  unknownWeight: 1.034,
  /** Weight of a word naming a thing (teapot, Monday, Madrid): context, not topic. */
  neutralWeight: 0.112,
  /** A corrected typo or a prefix match counts a little less than the word as written. */
  inexact: 0.832,
  keywordBoost: 2,
  /** The message model's probability a label needs to answer what the word matcher could not. */
  modelAccept: 0.257,
  /** How far it must be ahead of the off-topic class. */
  modelMargin: 0.1,
  /** An off-topic probability this high, ahead of the topic found, vetoes a word match scored below `vetoBelow`. */
  offVeto: 0.392,
  vetoBelow: 0.636,
  /** An off-topic probability this far ahead of the topic's vetoes even a full word match ("what time is it"). */
  offLead: 0.457,
  /** Greeting and thanks trade places only when the model is this sure. */
  socialSwitch: 0.48,
  /** A word match scored below this needs the model's probability for the topic to reach `agreeFloor`. */
  agreeBelow: 0.99,
  agreeFloor: 0.342,
  /** The model overrides the word match with another label this probable, and this far ahead. */
  overrideAt: 0.35,
  overrideLead: 0.318,
  /** The language of the model's nearest example wins over the word count when this near and this far ahead. */
  langSwitch: 0.35,
  langLead: 0.3,
};
/** Knobs of the classifier, for calibration. */
export type Tuning = typeof TUNING;

const CANDIDATES = 3;
/** The score a part of a message needs to count as another question ("cod? and when do you ship"). */
const PART_SCORE = 0.7;
/** Words shorter than this are not corrected: "sale" is one letter from too many words. */
const TYPO_MIN_LENGTH = 5;
/** A term in more topics than this (and this share of them) is common: ranking leaves it out when rarer terms are there. */
const COMMON_MIN = 20;
const COMMON_SHARE = 0.02;
const HAN_OR_DIGIT = /[\p{Script=Han}\d]/u;
const isConcept = (term: string) => term.startsWith('~');
/** Every offset inside the spans (none: nothing to skip). */
const offsets = (spans: [number, number][]) => {
  if (spans.length === 0) return undefined;
  const set = new Set<number>();
  for (const [start, end] of spans) for (let i = start; i < end; i++) set.add(i);
  return set;
};
/** Sort rarest first, stably (terms of one frequency keep their order): an insertion sort, as there are a dozen at most. */
const sortByDf = (terms: { term: string; df: number }[]) => {
  for (let i = 1; i < terms.length; i++) {
    const term = terms[i]!;
    let at = i;
    for (; at > 0 && terms[at - 1]!.df > term.df; at--) terms[at] = terms[at - 1]!;
    terms[at] = term;
  }
};
const DIGIT = /\d/;
/** Typo corrections remembered per classifier; emptied when this many words are remembered. */
const CORRECTIONS_CACHE_SIZE = 5000;

type Owner = PhraseIntent | 'softComplaint';
type TopicDoc = Record<string, string>;

interface ShopIndex {
  search: TopicSearch;
  /** Fields: `q:<lang>` example questions, `k:<lang>` keywords (words of that language), `c` concepts of all examples. */
  fields: { all: string[]; byLang: Map<string, string[]> };
  /** Document frequency of each index term over topics, for the weight of a question's word. */
  df: Map<string, number>;
  topics: number;
  /** Keyword phrases; the owner is `<id>` for a phrase of two words or more (or three Chinese characters), `?<id>` for a single word. */
  keywords: PhraseIndex<string>;
  intents: PhraseIndex<Owner>;
  typos: TypoIndex;
  /** Each topic's index terms, to check the common words the search is not asked about. */
  termsOf: Map<string, Set<string>>;
}

function buildIndex(shop: ShopConfig, keywordBoost: number): ShopIndex {
  const langs = [...new Set(shop.faq.flatMap((topic) => [...Object.keys(topic.questions), ...Object.keys(topic.keywords)]))];
  // Words are searched in the buyer's language only (Spanish "sale" is not English "sale");
  // thesaurus concepts, in their own field, come from the examples of every language.
  const byLang = new Map(langs.map((lang) => [lang, [`q:${lang}`, `k:${lang}`, 'c']]));
  const all = [...langs.flatMap((lang) => [`q:${lang}`, `k:${lang}`]), 'c'];
  const tokenize = (text: string, field?: string): string[] => {
    if (field === 'c') return text.split('\n').flatMap((line) => analyze(line.slice(3), line.slice(0, 2)).terms.filter(isConcept));
    return analyze(text, field?.slice(2)).terms.filter((t) => !isConcept(t));
  };
  const search = createTopicSearch(all, Object.fromEntries(langs.map((lang) => [`k:${lang}`, keywordBoost])));
  const docs = shop.faq.map((topic) => {
    const doc: TopicDoc = { id: topic.id };
    // One line per example: a Chinese bigram never spans two examples.
    for (const [lang, list] of Object.entries(topic.questions)) doc[`q:${lang}`] = list.join('\n');
    for (const [lang, list] of Object.entries(topic.keywords)) doc[`k:${lang}`] = list.join('\n');
    doc.c = [...Object.entries(topic.questions), ...Object.entries(topic.keywords)].flatMap(([lang, list]) => list.map((line) => `${lang}\t${line}`)).join('\n');
    return doc;
  });
  const df = new Map<string, number>();
  const termsOf = new Map<string, Set<string>>();
  for (const doc of docs) {
    const tokensByField = all.map((field) => (doc[field] === undefined ? undefined : tokenize(doc[field], field)));
    search.add(doc.id!, tokensByField);
    const terms = new Set(tokensByField.flatMap((tokens) => tokens ?? []));
    termsOf.set(doc.id!, terms);
    for (const term of terms) df.set(term, (df.get(term) ?? 0) + 1);
  }
  search.finish();
  const keywords = createPhraseIndex(
    shop.faq.flatMap((topic) =>
      Object.entries(topic.keywords).flatMap(([lang, list]) =>
        list.map((phrase) => {
          const view = phraseView(phrase);
          const specific = view.words.length >= 2 || view.folded.replace(/[^\p{Script=Han}]/gu, '').length >= 3;
          return { owner: specific ? topic.id : `?${topic.id}`, phrase, lang };
        }),
      ),
    ),
  );
  const intentPhrases: { owner: Owner; phrase: string }[] = PHRASE_INTENTS.flatMap((intent) =>
    [BUILT_IN_PHRASES[intent], shop.intents[intent] ?? {}].flatMap((lists) => Object.values(lists).flat().map((phrase) => ({ owner: intent, phrase }))),
  );
  for (const phrase of Object.values(SOFT_COMPLAINTS).flat()) intentPhrases.push({ owner: 'softComplaint', phrase });
  const typos = createTypoIndex([...df.keys()].filter((t) => !isConcept(t) && !HAN_OR_DIGIT.test(t)), TYPO_MIN_LENGTH);
  return { search, fields: { all, byLang }, df, topics: docs.length, keywords, intents: createPhraseIndex(intentPhrases), typos, termsOf };
}

/**
 * The classifier of a shop: a BM25 index over its FAQ topics (one document per topic: its
 * example questions and keywords in every language, through our own tokenizer) and the intent
 * phrases. Built once per ShopConfig object and cached, so the flow calls this on every message.
 * `tuning` overrides the calibrated thresholds (for calibration only; such classifiers are not cached).
 */
export function createClassifier(shop: ShopConfig, tuning: Partial<Tuning> = {}): Classify {
  const tuned = Object.keys(tuning).length > 0;
  const cached = tuned ? undefined : cache.get(shop);
  if (cached) return cached;
  const T = { ...TUNING, ...tuning };
  const index = buildIndex(shop, T.keywordBoost);
  const idf = (df: number) => Math.log(1 + (index.topics - df + 0.5) / (df + 0.5));
  const idfRare = idf(1);
  const weight = (term: string) => {
    const df = index.df.get(term);
    return df ? Math.min(1, idf(df) / idfRare) : T.unknownWeight;
  };
  const fixes = new Map<string, string[]>();
  const correctionsOf = (word: string) => {
    let found = fixes.get(word);
    if (!found) {
      if (fixes.size >= CORRECTIONS_CACHE_SIZE) fixes.clear();
      found = corrections(index.typos, word);
      fixes.set(word, found);
    }
    return found;
  };
  // A word no example uses may be a longer form of one ("deliv" for "delivery"): a prefix search finds it.
  const prefix = (term: string) => !index.df.has(term) && term.length >= 4 && !HAN_OR_DIGIT.test(term) && !isConcept(term);

  /** How much of the question one topic explains: the weighted share (relative) and the weight matched (absolute). */
  function coverage(topic: RankedTopic, analysis: Analysis): { covered: number; mass: number } {
    const own = index.termsOf.get(topic.id)!;
    let total = 0;
    let got = 0;
    for (const unit of analysis.units) {
      let w = unit.terms.length ? weight(unit.terms[0]!) : 1;
      let q = 0;
      for (let k = 0; k < unit.terms.length; k++) {
        const term = unit.terms[k]!;
        if (own.has(term)) q = Math.max(q, unit.strengths[k]!);
        else if (topic.prefixMatched.has(term)) q = Math.max(q, unit.strengths[k]! * T.inexact);
      }
      if (unit.neutral) w *= T.neutralWeight;
      total += w;
      got += w * q;
    }
    return { covered: total ? got / total : 0, mass: got };
  }

  function bestTopic(analysis: Analysis, lang: string | undefined, keywordHits: Map<string, number>): { id: string; score: number; accepted: boolean } | undefined {
    if (analysis.terms.length === 0 || index.topics === 0) return undefined;
    // A word no example uses may be a typo of one that is ("refnud"): it counts as that word, a little less surely.
    for (const unit of analysis.units) {
      const word = unit.terms[0];
      if (unit.kind !== 'word' || !word || index.df.has(word) || HAN_OR_DIGIT.test(word)) continue;
      for (const fix of correctionsOf(word)) {
        unit.terms.push(fix);
        unit.strengths.push(T.inexact);
        analysis.terms.push(fix);
      }
    }
    // The search ranks on the terms that can match (known ones, and Latin words long enough for a
    // prefix), leaving out words most topics share when rarer ones are there: they barely change
    // the ranking and would make it score most of the index. Coverage still counts them.
    const common = Math.max(COMMON_MIN, index.topics * COMMON_SHARE);
    const candidates: { term: string; df: number }[] = [];
    for (const term of analysis.terms) {
      const df = index.df.get(term);
      if (df !== undefined || prefix(term)) candidates.push({ term, df: df ?? 0 });
    }
    sortByDf(candidates);
    const query = candidates.filter((c, i) => i < 3 || c.df <= common).map((c) => c.term);
    if (query.length === 0) return undefined;
    const ranked = index.search.search(query, (lang && index.fields.byLang.get(lang)) || index.fields.all, prefix, CANDIDATES);
    let best: { id: string; score: number; accepted: boolean } | undefined;
    for (const topic of ranked) {
      const id = topic.id;
      const { covered, mass } = coverage(topic, analysis);
      const accepted = mass >= T.minMass && covered >= (keywordHits.get(id) ?? T.coverage);
      if (accepted) return { id, score: covered, accepted };
      if (!best || covered > best.score) best = { id, score: covered, accepted };
    }
    return best;
  }

  const region = shop.contact.defaultRegion;
  const model = createSoftmaxModel(trainingExamples(shop));
  // A question the shop itself wrote down (in the YAML or taught from the console) is that topic,
  // whatever the model learnt from the thousands of training messages around it.
  const ownQuestions = new Map<string, { id: string; lang: string }>();
  for (const topic of shop.faq) for (const [lang, list] of Object.entries(topic.questions)) for (const q of list) ownQuestions.set(sameWords(q), { id: topic.id, lang });
  const shopName = shopNamePattern(shop);
  const otherBusiness = otherBusinessPattern(JSON.stringify([shop.shop.name, shop.faq, shop.replies]));
  const topicIds = new Set(shop.faq.map((t) => t.id));
  // Another business's refund, delivery or cash payment is not this shop's FAQ: no topic (a greeting or contact still counts).
  const notAboutAnother = (text: string, got: Classification): Classification =>
    topicIds.has(got.intent) && otherBusiness?.test(text) ? { ...got, intent: got.contact ? 'contact' : 'none', score: got.contact ? 1 : 0 } : got;
  // Contact details with nothing else understood are what the message is for ("手机 177…，六点以后打").
  const contactIfNothingElse = (got: Classification): Classification => (got.intent === 'none' && got.contact ? { ...got, intent: 'contact', score: 1 } : got);
  const one: Classify = (text, langHint) => {
    const own = ownQuestions.get(sameWords(text));
    if (own) return classification(text, own.lang, own.id, 1, null);
    const read = shopName ? text.replace(shopName, ' ') : text;
    if (read === text || !/[\p{L}\p{N}]/u.test(read)) return contactIfNothingElse(notAboutAnother(text, secondOpinion(model, T, text, langHint, shop, byWords(text, langHint))));
    return { ...contactIfNothingElse(notAboutAnother(read, secondOpinion(model, T, read, langHint, shop, byWords(read, langHint)))), text };
  };
  const classify: Classify = (text, langHint) => {
    const whole = one(text, langHint);
    if (whole.intent === 'complaint' || whole.intent === 'human' || !QUESTION_BREAK.test(text)) return whole;
    // Several questions in one message: each part read alone; two topics or more are all answered.
    const found: string[] = [];
    for (const part of text.split(QUESTION_SPLIT)) {
      if (!part || part.trim().length < 2) continue;
      // "where is my order? I paid three days ago": the second part tells, it does not ask.
      if (!ASKS.test(part) && !/^\s*[?？]/.test(text.slice(text.indexOf(part) + part.length))) continue;
      // A part must be a clear question of its own: "不合适可以退货吗？运费谁出？" asks who pays the return postage, not about shipping.
      const reading = one(part, langHint);
      const got = reading.intent;
      if (topicIds.has(got) && reading.score >= PART_SCORE && !found.includes(got)) found.push(got);
    }
    if (found.length < 2) return whole;
    // Answered in the order they were asked.
    return { ...whole, intent: found[0]!, score: Math.max(whole.score, T.coverage), also: found.slice(1) };
  };
  const byWords: Classify = (text, langHint) => {
    const detected = detectLanguage(text);
    const hint = langHint?.slice(0, 2).toLowerCase();
    const lang = detected && shop.shop.languages.includes(detected) ? detected : hint && shop.shop.languages.includes(hint) ? hint : shop.shop.defaultLanguage;
    // extractContact checks cheaply first: libphonenumber only runs on text with enough digits, or an "@".
    const contact = extractContact(text, region);
    const hasAt = text.includes('@');
    const digits = DIGIT.test(text) ? countDigits(text) : 0;
    const result = (intent: string, score: number) => classification(text, lang, intent, score, contact);

    // Contact details say nothing about the topic (an address needs an "@", a number two digits).
    let words = contact?.messenger ? withoutMessenger(text) : text;
    if (hasAt) words = words.replace(EMAIL_LIKE, ' ');
    if (digits >= 2) words = words.replace(PHONE_LIKE, ' ');
    const prepared = prepare(words);
    const view = phraseView(prepared);
    const intents = findPhrases(index.intents, view);
    if (intents.has('complaint')) return result('complaint', 1);
    if (intents.has('human')) return result('human', 1);

    // Greetings and thanks are taken out before matching topics ("good morning, do you ship
    // abroad?" is about shipping). Chinese ones are filler words already, and taking 好 out of
    // a sentence would take a real word with it.
    const social = [...(intents.get('greeting') ?? []), ...(intents.get('thanks') ?? [])];
    // A complaint word that is also a worry ("scam") is matched without it: "is paying safe or is
    // it a scam?" is still about escrow, "scam!!" alone is not about anything else.
    const soft = intents.get('softComplaint') ?? [];
    const analysis = analyze(prepared, detected, offsets([...soft, ...social.filter(([start]) => !HAN_OR_DIGIT.test(view.folded[start]!))]));
    // The coverage a topic needs, lowered where one of its keywords is in the message.
    const keywordHits = new Map<string, number>();
    for (const owner of findPhrases(index.keywords, view, detected).keys()) {
      const single = owner.startsWith('?');
      const id = single ? owner.slice(1) : owner;
      keywordHits.set(id, Math.min(keywordHits.get(id) ?? T.coverage, single ? T.coverageWithWord : T.coverageWithKeyword));
    }
    const topic = bestTopic(analysis, detected, keywordHits);
    if (topic?.accepted) return result(topic.id, topic.score);
    if (soft.length) return result(WORRY_OR_COMPLAINT, 1);
    if (contact) return result('contact', 1);
    const saysMore = social.length === 0 || analyze(prepared, detected, offsets(social)).units.length > 0;
    // "谢谢亲" thanks (亲 alone would be a greeting).
    if (!saysMore && intents.has('thanks')) return result('thanks', 1);
    if (!saysMore && intents.has('greeting')) return result('greeting', 1);
    return result('none', topic?.score ?? 0);
  };
  if (!tuned) cache.set(shop, classify);
  return classify;
}

const cache = new WeakMap<ShopConfig, Classify>();

/** A question reduced to its letters and digits: "Do you ship?" and "do you ship" are the same question. */
const sameWords = (text: string) => fold(text).replace(/[^\p{L}\p{N}]+/gu, '');

function classification(text: string, lang: string, intent: string, score: number, contact: Classification['contact']): Classification {
  return { text, lang, intent, score: Math.round(score * 100) / 100, contact };
}
