import { describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import type { ShopConfig } from '../../src/config/schema.js';
import { startLiveKnowledge, teachExample } from '../../src/store/knowledge-live.js';
import { createMemoryKnowledgeStore } from '../../src/store/knowledge-memory.js';

/**
 * A change of the shop's knowledge reaches every instance, and each readies it (main.ts: trains the
 * FAQ's model off the event loop) before putting it in force: until then buyers get the config before it.
 */
const base = loadShopConfig(exampleShopConfigPath());
const question = 'do you wrap gifts?';
const teach = (shop: ShopConfig, overlay: Parameters<typeof teachExample>[1]) => teachExample(shop, overlay, question, 'en', 'shipping');
const audit = { by: 'Mei', action: 'teach', target: 'shipping' };
const taught = (shop: ShopConfig) => shop.faq.find((t) => t.id === 'shipping')!.questions.en!.includes(question);
const deferred = () => {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('live knowledge readied before it is in force', () => {
  it("keeps answering with the config before an owner's change until the change is ready, then uses it", async () => {
    const store = createMemoryKnowledgeStore();
    const ready = deferred();
    const readied: ShopConfig[] = [];
    const other = await startLiveKnowledge(base, store, { pollMs: 60_000 });
    // The first config (at start-up) is readied at once; the change waits for `ready`.
    const here = await startLiveKnowledge(base, store, { pollMs: 60_000, prepare: (shop) => (readied.push(shop), readied.length === 1 ? Promise.resolve() : ready.promise) });
    await other.change(teach, audit);
    const refreshed = here.refresh();
    // Another poll meanwhile waits for the same reload: one readying, not one per poll.
    const again = here.refresh();
    await new Promise((r) => setImmediate(r));
    expect(readied).toHaveLength(2);
    expect(taught(readied[1]!)).toBe(true);
    expect(taught(here.shop())).toBe(false);
    ready.resolve();
    await Promise.all([refreshed, again]);
    expect(taught(here.shop())).toBe(true);
    expect(here.version()).toBe(other.version());
    here.stop();
    other.stop();
  });

  it('puts a change in force on the instance that saved it once it is ready, and even when readying fails', async () => {
    const store = createMemoryKnowledgeStore();
    const warnings: string[] = [];
    const here = await startLiveKnowledge(base, store, { pollMs: 60_000, log: { warn: (m) => warnings.push(m) }, prepare: async () => Promise.reject(new Error('worker could not start')) });
    const shop = await here.change(teach, audit);
    expect(taught(shop)).toBe(true);
    expect(taught(here.shop())).toBe(true);
    expect(warnings.join('\n')).toMatch(/could not ready/);
    here.stop();
  });
});
