import type { ShopConfig } from '../../src/config/schema.js';
import { createClassifier, type Classification } from './classifier.js';

/**
 * How the bot would read one message with this shop config, and what it would say: the console's
 * "try it" (before and after a change). Follow-ups of a topic and the other flows (away, contact…)
 * are left out: this is the FAQ's reading.
 */
export function readMessage(shop: ShopConfig, text: string, langHint?: string): { intent: string; score: number; lang: string; reply?: string } {
  const { intent, score, lang } = createClassifier(shop)(text, langHint);
  const pick = (t: Record<string, string> | undefined) => (t ? (t[lang] ?? t[shop.shop.defaultLanguage]) : undefined);
  const topic = shop.faq.find((t) => t.id === intent);
  const replies = shop.replies as Record<string, Record<string, string> | undefined>;
  const reply = topic ? pick(topic.answer) : intent === 'none' ? pick(shop.replies.fallback) : intent === 'contact' ? pick(shop.contact.texts.noted) : pick(replies[intent]);
  return { intent, score, lang, ...(reply ? { reply } : {}) };
}

const readings = new WeakMap<object, { shop: ShopConfig; got: Classification }>();
/**
 * One buyer message's reading, made once per message: the orders lookup (is it "where is my order?")
 * and the FAQ flow read the same message in one turn. Kept by the message object, so it goes with it.
 */
export function readingOf(msg: { text: string; languageHint?: string }, shop: ShopConfig): Classification {
  const known = readings.get(msg);
  if (known?.shop === shop) return known.got;
  const got = createClassifier(shop)(msg.text, msg.languageHint);
  readings.set(msg, { shop, got });
  return got;
}
