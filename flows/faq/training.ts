import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { ShopConfig } from '../../src/config/schema.js';
import { packageRoot } from '../../src/config/paths.js';
import { BUILT_IN_PHRASES, PHRASE_INTENTS } from './intents.js';
import type { Example } from './ngram-features.js';
import { extractContact } from '../contact/extract.js';
import { withoutContact } from './model-text.js';

/** The off-topic class of the n-gram model: small talk, other shops' questions, noise. */
export const OFF_TOPIC = '~offtopic';

const TrainingSchema = z.object({
  topics: z.record(z.string(), z.array(z.string())).default({}),
  intents: z.record(z.string(), z.array(z.string())).default({}),
  offTopic: z.array(z.string()).default([]),
});
type Training = z.infer<typeof TrainingSchema>;

let training: Map<string, Training> | undefined;
/** Files of one language: `<lang>.yaml`, and later rounds' `<lang>.<round>.yaml`. */
const TRAINING_FILE = /^(en|es|zh)(?:\.[\w-]+)?\.yaml$/;
/** flows/faq/training/<lang>[.<round>].yaml, read once, one set per language. */
function trainingSets(): Map<string, Training> {
  if (training) return training;
  const folder = join(packageRoot(), 'flows', 'faq', 'training');
  training = new Map();
  for (const file of readdirSync(folder).sort()) {
    const lang = TRAINING_FILE.exec(file)?.[1];
    if (!lang) continue;
    const set = TrainingSchema.parse(parse(readFileSync(join(folder, file), 'utf8')));
    const into = training.get(lang);
    if (!into) {
      training.set(lang, set);
      continue;
    }
    for (const [id, list] of Object.entries(set.topics)) into.topics[id] = [...(into.topics[id] ?? []), ...list];
    for (const [id, list] of Object.entries(set.intents)) into.intents[id] = [...(into.intents[id] ?? []), ...list];
    into.offTopic.push(...set.offTopic);
  }
  return training;
}

/**
 * What the n-gram model learns from: the shop's own examples and keywords, the intents' phrases
 * (built-in and the shop's), and the training set in the repo (its topic lists only for a shop
 * with that topic id; its intents and off-topic messages for every shop).
 */
export function trainingExamples(shop: ShopConfig): Example[] {
  const out: Example[] = [];
  const ids = new Set(shop.faq.map((t) => t.id));
  for (const topic of shop.faq) {
    for (const [lang, list] of [...Object.entries(topic.questions), ...Object.entries(topic.keywords)]) for (const text of list) out.push({ label: topic.id, lang, text });
  }
  for (const intent of PHRASE_INTENTS) {
    for (const [lang, list] of [...Object.entries(BUILT_IN_PHRASES[intent]), ...Object.entries(shop.intents[intent] ?? {})]) for (const text of list) out.push({ label: intent, lang, text });
  }
  for (const [lang, set] of trainingSets()) {
    if (!shop.shop.languages.includes(lang)) continue;
    for (const [id, list] of Object.entries(set.topics)) if (ids.has(id)) for (const text of list) out.push({ label: id, lang, text });
    for (const [intent, list] of Object.entries(set.intents)) for (const text of list) out.push({ label: intent, lang, text });
    for (const text of set.offTopic) out.push({ label: OFF_TOPIC, lang, text });
  }
  // The model learns from what it will read: an example's phone or e-mail taken out, as the classifier does (model-text.ts).
  const region = shop.contact.defaultRegion;
  return out.map((ex) => (extractContact(ex.text, region) ? { ...ex, text: withoutContact(ex.text) } : ex));
}
