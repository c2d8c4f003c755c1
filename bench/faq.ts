import { loadShopConfig } from '../src/config/load.js';
import { exampleShopConfigPath } from '../src/config/paths.js';
import type { FaqTopic, ShopConfig } from '../src/config/schema.js';
import { createClassifier } from '../flows/faq/classifier.js';
import { QUESTIONS } from './questions.js';

const FILLER = ['warranty', 'gift wrap', 'invoice', 'wholesale', 'size chart', 'care instructions', 'loyalty points', 'pre-order', 'bundle', 'engraving'];

/** `count` topics: the shop's own, plus made-up ones with their own words, so the index grows like a real knowledge base. */
function topics(base: FaqTopic[], count: number): FaqTopic[] {
  const out = [...base];
  for (let i = 0; out.length < count; i++) {
    const word = `${FILLER[i % FILLER.length]} ${Math.floor(i / FILLER.length)}`;
    out.push({
      id: `extra-${i}`,
      questions: { en: [`Do you offer ${word}?`, `How does ${word} work?`], zh: [`有${word}吗？`], es: [`¿Tenéis ${word}?`] },
      keywords: { en: [word, `item${i}`], zh: [`项目${i}`], es: [word] },
      answer: { en: `About ${word}: yes.`, zh: `关于${word}：有的。`, es: `Sobre ${word}: sí.` },
    });
  }
  return out.slice(0, Math.max(count, base.length));
}

/** Microseconds per classified buyer message with 10, 100 and 1,000 topics. */
export async function runFaqBench(): Promise<{ topics: number; microsPerMessage: number }[]> {
  const shop = loadShopConfig(exampleShopConfigPath());
  const rows: { topics: number; microsPerMessage: number }[] = [];
  for (const count of [10, 100, 1000]) {
    const config: ShopConfig = { ...shop, faq: topics(shop.faq, count) };
    const classifier = createClassifier(config);
    for (let i = 0; i < 2000; i++) classifier.classify(QUESTIONS[i % QUESTIONS.length]!); // warm-up
    const rounds = 20_000;
    const started = performance.now();
    for (let i = 0; i < rounds; i++) classifier.classify(QUESTIONS[i % QUESTIONS.length]!);
    rows.push({ topics: config.faq.length, microsPerMessage: Math.round(((performance.now() - started) * 1000) / rounds) });
  }
  return rows;
}
