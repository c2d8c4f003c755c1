import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localBucket } from '../../src/insights/buckets.js';
import { insightsCommand } from '../../src/insights/command.js';
import { createRedisInsightsStore } from '../../src/store/insights-redis.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

let redis: TestRedis;
beforeAll(async () => void (redis = await startRedisServer()), 30_000);
afterAll(async () => redis?.stop());

describe('shopdesk insights', () => {
  it('prints the last 7 days as a table, with the totals and the top questions', async () => {
    const now = new Date();
    const { day, hour } = localBucket(now, 'UTC');
    const store = createRedisInsightsStore(redis.url);
    await store.record({ day, buckets: [day, hour], add: { messages: 3, handoffs: 1, 'handoffs:reason:complaint': 1 }, once: [{ mark: 'conversation', member: 'web:a', add: { conversations: 1, 'wait:5': 1 } }, { mark: 'handoff', member: 'web:a', add: { handedOff: 1 } }], top: [{ board: 'unanswered', member: 'gift wrap?' }] });
    await store.record({ day, buckets: [day, hour], add: { messages: 1 }, once: [{ mark: 'conversation', member: 'web:b', add: { conversations: 1 } }], top: [{ board: 'faq', member: 'cod' }] });
    await store.close();
    const lines: string[] = [];
    // The example shop config has no hours: UTC days.
    await insightsCommand({ REDIS_URL: redis.url }, (l) => lines.push(l), now);
    const total = lines.find((l) => l.startsWith('total'))!.trim().split(/\s+/);
    expect(total.slice(0, 6)).toEqual(['total', '2', '4', '50%', '1', '0/1/0']);
    expect(total[8]).toBe('1m/1m'); // slot 5: at most 60 s
    expect(lines.filter((l) => /^\d{4}-\d{2}-\d{2}/.test(l))).toHaveLength(7);
    expect(lines).toContain('top FAQ topics: cod (1)');
    expect(lines.some((l) => l.includes('gift wrap?'))).toBe(true);
  });
});
