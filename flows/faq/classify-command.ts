import { createInterface } from 'node:readline';
import type { ShopConfig } from '../../src/config/schema.js';
import { createClassifier } from './classifier.js';

/**
 * `shopdesk classify`: one buyer message per input line, one JSON object per output line
 * (`{"text","lang","intent","score","contact"}`), classified with the shop's FAQ and intents.
 * Lets an owner check new examples and keywords before going live. Empty lines are skipped.
 */
export async function runClassify(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, shop: ShopConfig): Promise<void> {
  const classify = createClassifier(shop);
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    const text = line.replace(/^\uFEFF/, '').trim();
    if (!text) continue;
    const { lang, intent, score, contact } = classify(text);
    const json = JSON.stringify({ text, lang, intent, score, contact: contact ? { phone: contact.phone ?? null, email: contact.email ?? null } : null });
    // Respect back-pressure: a large file piped through `head` must not buffer everything.
    if (!output.write(`${json}\n`)) await new Promise<void>((resolve) => output.once('drain', resolve));
  }
}
