import type { ShopConfig } from '../../src/config/schema.js';
import { detectLanguageSurely, looksLikePinyin } from '../language/detect.js';
import type { Classification, Tuning } from './classifier.js';
import { PHRASE_INTENTS } from './intents.js';
import { ADDRESS, ASKS, asksNoTopic } from './message-shapes.js';
import { withoutContact } from './model-text.js';
import type { TextModel } from './ngram-features.js';
import { OFF_TOPIC } from './training.js';

/** The share of a label's probability its best language must hold to name the reply's language. */
const LANG_SHARE = 0.7;
const HAN_OR_DIGIT = /[\p{Script=Han}\d]/u;
/** The word matcher's reading of a worry word with no topic ("is this a scam?", "scam!!"): the model tells which it is. */
export const WORRY_OR_COMPLAINT = '~worryOrComplaint';
const NOT_TOPICS = new Set<string>([...PHRASE_INTENTS, 'contact', OFF_TOPIC]);

/**
 * The word matcher's reading checked against the message model's (softmax-model.ts): the model answers what the words
 * could not (paraphrases, typos, joined words, pinyin, traditional characters), vetoes a weak word
 * match it reads as off-topic, and tells the language when the words do not.
 */
export function secondOpinion(model: TextModel, T: Tuning, text: string, langHint: string | undefined, shop: ShopConfig, base: Classification): Classification {
  // The model reads what the word matcher reads: a phone number or e-mail says nothing of the question.
  const ranked = model.rank(base.contact ? withoutContact(text) : text, 12);
  const off = ranked.find((r) => r.label === OFF_TOPIC)?.score ?? 0;
  const best = ranked.find((r) => r.label !== OFF_TOPIC);
  const { lang: detected, sure } = detectLanguageSurely(text);
  // The model's language only when it clearly holds the label ("COD?" is as English as Spanish: the shop's default).
  const modelLang = best && best.langShare >= LANG_SHARE ? best.lang : undefined;
  let lang = detected && shop.shop.languages.includes(detected) ? detected : langHint ? base.lang : (modelLang ?? base.lang);
  // A word both languages use ("real o falso?" counted as English): a near example in another language, well ahead, tells.
  if (best && detected && !sure && !HAN_OR_DIGIT.test(text) && best.lang !== detected && best.score >= T.langSwitch) {
    const inDetected = ranked.find((r) => r.lang === detected && r.label !== OFF_TOPIC)?.score ?? 0;
    // Latin text is Chinese only when it is pinyin throughout: "ship to germany??" is not, whatever the examples.
    if (best.score - inDetected >= T.langLead && (best.lang !== 'zh' || looksLikePinyin(text))) lang = best.lang;
  }
  const as = (intent: string, score = base.score): Classification => ({ ...base, lang, intent, score: Math.round(score * 100) / 100 });
  if (base.intent === 'complaint' || base.intent === 'human' || base.intent === 'contact') return as(base.intent);
  if (base.intent === WORRY_OR_COMPLAINT) {
    // "how do I know this isn't a scam" asks, worried about the payment; "scam!!" accuses (the model reads no punctuation).
    const worry = best && (ASKS.test(text) || /[?？¿]/.test(text)) && !NOT_TOPICS.has(best.label) && best.score >= T.modelAccept && best.score - off >= T.modelMargin;
    return worry ? as(best.label, best.score) : as('complaint', 1);
  }
  if (ADDRESS.test(text)) return as('contact', 1);
  if (asksNoTopic(text)) return as('none', 0);
  const isSocial = base.intent === 'greeting' || base.intent === 'thanks';
  if (base.intent !== 'none' && !isSocial) {
    const own = ranked.find((r) => r.label === base.intent)?.score ?? 0;
    // A weak word match the model does not see either is a coincidence of words ("my sister returned…").
    const unseen = base.score < T.agreeBelow && own < T.agreeFloor;
    const vetoed = unseen || (off >= T.offVeto && off > own && (base.score < T.vetoBelow || off - own >= T.offLead));
    if (vetoed && base.contact) return as('contact', 1);
    if (vetoed) return modelReading(as('none'));
    // A near example of another topic or of a complaint, well ahead, wins over the words ("when will my order ship": shipping, not tracking).
    if (best && best.label !== base.intent && best.label !== 'greeting' && best.label !== 'thanks' && best.score >= T.overrideAt && best.score - Math.max(own, off) >= T.overrideLead) return as(best.label, best.score);
    // "hello, world!" shares a word with "worldwide" and is a greeting all the same.
    const social = ranked.find((r) => r.label === 'greeting' || r.label === 'thanks');
    if (social && social === best && social.score >= T.socialSwitch && social.score - own >= T.offLead) return as(social.label, social.score);
    return as(base.intent);
  }
  return modelReading(as(base.intent));

  /** What the model reads when the words found nothing (or only a greeting): its class when near enough and ahead of off-topic. */
  function modelReading(words: Classification): Classification {
    if (!best || best.score < T.modelAccept || best.score - off < T.modelMargin || best.label === words.intent) return words;
    const bestSocial = best.label === 'greeting' || best.label === 'thanks';
    // A greeting with a question after it is about the question; "早上好" is a greeting, not thanks.
    if ((words.intent === 'greeting' || words.intent === 'thanks') && !(bestSocial && best.score >= T.socialSwitch)) return words;
    return as(best.label, best.score);
  }
}
