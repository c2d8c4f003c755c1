import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createClassifier } from '../flows/faq/classifier.js';
import { loadShopConfig } from '../src/config/load.js';
import { exampleShopConfigPath } from '../src/config/paths.js';
import type { ShopConfig } from '../src/config/schema.js';
import { syntheticTopics } from '../test/flows/faq/synthetic-topics.js';

/** The evaluation set's questions (topics and off-topic), in the three languages. */
function questions(): string[] {
  return ['en', 'es', 'zh'].flatMap((lang) => {
    const set = parse(readFileSync(new URL(`../test/flows/faq/faq-eval.${lang}.yaml`, import.meta.url), 'utf8')) as { topics: Record<string, string[]>; offTopic: string[] };
    return [...Object.values(set.topics).flat(), ...set.offTopic];
  });
}

/**
 * Microseconds per classified buyer message with about 10, 100 and 1,000 topics (the example
 * shop's own plus synthetic ones), best of five rounds: other processes only make a round slower.
 */
export async function runFaqBench(): Promise<{ topics: number; microsPerMessage: number; buildMs: number }[]> {
  const example = loadShopConfig(exampleShopConfigPath());
  const qs = questions();
  const rows: { topics: number; microsPerMessage: number; buildMs: number }[] = [];
  for (const total of [10, 100, 1000]) {
    const shop: ShopConfig = { ...example, faq: [...example.faq, ...syntheticTopics(Math.max(0, total - example.faq.length))] };
    let started = performance.now();
    const classify = createClassifier(shop);
    const buildMs = Math.round(performance.now() - started);
    for (const q of qs) classify(q);
    let best = Infinity;
    for (let round = 0; round < 5; round++) {
      started = performance.now();
      for (let r = 0; r < 10; r++) for (const q of qs) classify(q);
      best = Math.min(best, ((performance.now() - started) * 1000) / (10 * qs.length));
    }
    rows.push({ topics: shop.faq.length, microsPerMessage: Math.round(best), buildMs });
  }
  return rows;
}
