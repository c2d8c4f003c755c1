import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryKnowledgeStore } from '../../src/store/knowledge-memory.js';
import { createRedisKnowledgeStore } from '../../src/store/knowledge-redis.js';
import { emptyOverlay, type KnowledgeStore, type KnowledgeStoreOptions } from '../../src/store/knowledge-types.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const options: KnowledgeStoreOptions = { unansweredMax: 3, auditMax: 2 };
let db = 0;
const makers: Record<string, () => Promise<KnowledgeStore>> = {
  memory: async () => createMemoryKnowledgeStore(options),
  // A database of its own per test: every test starts from an empty knowledge base.
  redis: async () => createRedisKnowledgeStore(`${redis.url}/${++db % 16}`, options),
};
const topic = { id: 'gift', questions: { en: ['do you gift wrap?'] }, keywords: {}, answer: { en: 'Yes, free gift wrap.' }, followUps: [] };
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));

describe.each(Object.keys(makers))('%s knowledge store contract', (kind) => {
  const open = async () => {
    const store = await makers[kind]!();
    if (store.kind === 'redis') {
      // Start clean: the database may be reused by an earlier test.
      const { version } = await store.load();
      await store.save(emptyOverlay(), version, { at: at(0).toISOString(), by: 'test', action: 'reset', target: 'all' });
      for (const g of await store.unanswered(100)) await store.dismissUnanswered(g.id);
    }
    return store;
  };

  it('saves an overlay with a new version and an audit line, and refuses a stale version', async () => {
    const store = await open();
    const before = await store.load();
    const saved = await store.save({ ...emptyOverlay(), topics: [topic] }, before.version, { at: at(1).toISOString(), by: 'Mei', action: 'edit topic', target: 'gift' });
    expect(saved).toEqual({ version: before.version + 1 });
    expect(await store.version()).toBe(before.version + 1);
    expect((await store.load()).overlay.topics).toEqual([topic]);
    expect(await store.save(emptyOverlay(), before.version, { at: at(2).toISOString(), by: 'Pablo', action: 'edit topic', target: 'gift' })).toBe('conflict');
    expect((await store.load()).overlay.topics).toEqual([topic]);
    const audit = await store.audit(10);
    expect(audit[0]).toEqual({ at: at(1).toISOString(), by: 'Mei', action: 'edit topic', target: 'gift', version: before.version + 1 });
    expect(audit.length).toBeLessThanOrEqual(options.auditMax);
    await store.close();
  });

  it('groups unanswered messages of similar wording, masks contact details and keeps the newest groups only', async () => {
    const store = await open();
    await store.recordUnanswered({ text: 'Do you sell teapots?', lang: 'en', conversationId: 'web:a', at: at(1), reason: 'fallback' });
    await store.recordUnanswered({ text: 'teapots, do you sell', lang: 'en', conversationId: 'web:b', at: at(2), reason: 'fallback' });
    await store.recordUnanswered({ text: 'call me on +34 612 34 56 78 or ana@example.com about teacups', lang: 'en', conversationId: 'web:c', at: at(3), reason: 'human' });
    const groups = await store.unanswered(10);
    expect(groups.map((g) => [g.count, g.conversationId])).toEqual([
      [1, 'web:c'],
      [2, 'web:b'],
    ]);
    expect(groups[0]!.text).toBe('call me on [number] or [email] about teacups');
    // A messenger id is contact too: the owner sees which app, not the account.
    await store.recordUnanswered({ text: 'add my wechat: carlos_te for the teacups', lang: 'en', conversationId: 'web:d', at: at(4), reason: 'human' });
    expect((await store.unanswered(10))[0]!.text).toBe('add my wechat [account] for the teacups');
    expect(groups[0]!.reason).toBe('human');
    expect(groups[1]).toMatchObject({ text: 'teapots, do you sell', lang: 'en', lastSeen: at(2).toISOString(), reason: 'fallback' });
    for (let s = 4; s < 8; s++) await store.recordUnanswered({ text: `question number ${'x'.repeat(s)}`, lang: 'en', conversationId: 'web:d', at: at(s), reason: 'fallback' });
    const kept = await store.unanswered(10);
    expect(kept).toHaveLength(options.unansweredMax);
    expect(kept.map((g) => g.lastSeen)).toEqual([at(7), at(6), at(5)].map((d) => d.toISOString()));
    await store.dismissUnanswered(kept[0]!.id);
    expect((await store.unanswered(10)).map((g) => g.lastSeen)).toEqual([at(6), at(5)].map((d) => d.toISOString()));
    await store.close();
  });
});
