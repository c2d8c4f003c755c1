import { createInterface } from 'node:readline';
import type { ShopConfig } from '../../src/config/schema.js';
import { applyOverlay } from '../../src/store/knowledge-live.js';
import { createRedisKnowledgeStore } from '../../src/store/knowledge-redis.js';
import { createClassifier } from './classifier.js';

/** The shop config with the knowledge base taught in the console on top, as the running gateway uses it. */
async function withKnowledge(shop: ShopConfig, redisUrl: string): Promise<ShopConfig> {
  const kb = await createRedisKnowledgeStore(redisUrl);
  try {
    return applyOverlay(shop, (await kb.load()).overlay);
  } finally {
    await kb.close();
  }
}

/**
 * `shopdesk classify`: one buyer message per input line, one JSON object per output line
 * (`{"text","lang","intent","score","contact"}`), classified with the shop's FAQ and intents.
 * Lets an owner check new examples and keywords before going live. Empty lines are skipped.
 * With `redisUrl` (REDIS_URL), the knowledge base taught in the console counts too.
 */
export async function runClassify(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, shop: ShopConfig, redisUrl?: string): Promise<void> {
  const classify = createClassifier(redisUrl ? await withKnowledge(shop, redisUrl) : shop);
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    const text = line.replace(/^\uFEFF/, '').trim();
    if (!text) continue;
    const { lang, intent, score, contact } = classify(text);
    const json = JSON.stringify({ text, lang, intent, score, contact: contact ? { phone: contact.phone ?? null, email: contact.email ?? null, messenger: contact.messenger ?? null } : null });
    // Respect back-pressure: a large file piped through `head` must not buffer everything.
    if (!output.write(`${json}\n`)) await new Promise<void>((resolve) => output.once('drain', resolve));
  }
}
