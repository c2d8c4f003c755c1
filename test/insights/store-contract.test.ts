import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryInsightsStore } from '../../src/store/insights-memory.js';
import { createRedisInsightsStore } from '../../src/store/insights-redis.js';
import type { InsightsStore } from '../../src/store/insights-types.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

let redis: TestRedis;
beforeAll(async () => void (redis = await startRedisServer()), 30_000);
afterAll(async () => redis?.stop());

const implementations: [string, () => InsightsStore][] = [
  ['memory', () => createMemoryInsightsStore({ ttlSeconds: 90 * 86_400, boardMax: 3 })],
  ['redis', () => createRedisInsightsStore(redis.url, { ttlSeconds: 90 * 86_400, boardMax: 3 })],
];

describe.each(implementations)('insights store contract: %s', (name, make) => {
  it('adds counters to every bucket named, once-marks count once per day, boards stay bounded', async () => {
    const store = make();
    const day = name === 'memory' ? '2026-01-01' : '2026-01-02';
    const w = { day, buckets: [day, `${day}T10`], add: { messages: 1 }, once: [{ mark: 'conversation' as const, member: 'web:a', add: { conversations: 1 } }] };
    await store.record(w);
    await store.record(w);
    await store.record({ ...w, once: [{ mark: 'conversation', member: 'web:b', add: { conversations: 1 } }] });
    for (const m of ['a', 'b', 'b', 'c', 'c', 'c', 'd', 'd', 'd', 'd']) await store.record({ day, buckets: [day], add: {}, top: [{ board: 'faq', member: m }] });
    const read = await store.read({ buckets: [day, `${day}T10`, `${day}T11`], days: [day], topLimit: 10 });
    expect(read.buckets[day]).toEqual({ messages: 3, conversations: 2 });
    expect(read.buckets[`${day}T10`]).toEqual({ messages: 3, conversations: 2 });
    expect(read.buckets[`${day}T11`]).toBeUndefined();
    expect(read.top.faq.length).toBeLessThanOrEqual(3);
    expect(read.top.faq[0]).toEqual({ member: 'd', count: 4 });
    expect(read.top.unanswered).toEqual([]);
    await store.close();
  });
});
