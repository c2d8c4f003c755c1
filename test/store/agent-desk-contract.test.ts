import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryAgentDeskStore } from '../../src/store/agent-desk-memory.js';
import { createRedisAgentDeskStore } from '../../src/store/agent-desk-redis.js';
import type { AgentDeskStore } from '../../src/store/agent-desk-types.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

/** Two handles on one store: two gateway instances on Redis; the same object in memory. */
const makers: Record<string, () => Promise<[AgentDeskStore, AgentDeskStore]>> = {
  memory: async () => {
    const s = createMemoryAgentDeskStore();
    return [s, s];
  },
  redis: async () => [await createRedisAgentDeskStore(redis.url), await createRedisAgentDeskStore(redis.url)],
};

describe.each(Object.keys(makers))('%s agents desk store contract', (kind) => {
  let a: AgentDeskStore;
  let b: AgentDeskStore;
  beforeAll(async () => {
    [a, b] = await makers[kind]!();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('lets exactly one of many callers through a mark, and again once it is forgotten', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).once(`${kind}:announce:web:x`)));
    expect(results.filter(Boolean)).toHaveLength(1);
    await a.forget(`${kind}:announce:web:x`);
    expect(await b.once(`${kind}:announce:web:x`)).toBe(true);
  });

  it('gives each conversation one number, the same from every instance, and finds the conversation by it', async () => {
    const [n1, n2] = await Promise.all([a.numberOf(`web:${kind}-1`), b.numberOf(`web:${kind}-1`)]);
    expect(n1).toBe(n2);
    const other = await b.numberOf(`web:${kind}-2`);
    expect(other).not.toBe(n1);
    expect(await a.conversationOfNumber(n1)).toBe(`web:${kind}-1`);
    expect(await a.conversationOfNumber(other)).toBe(`web:${kind}-2`);
    expect(await a.conversationOfNumber(999_999)).toBeUndefined();
  });

  it('keeps the announcements posted for a conversation, in order, and what a chat message is about', async () => {
    await a.addPost(`web:${kind}-3`, { chat: 'telegram:1', messageId: '10', text: 'brief' });
    await b.addPost(`web:${kind}-3`, { chat: 'telegram:2', messageId: '11', text: 'brief' });
    expect((await b.posts(`web:${kind}-3`)).map((p) => p.chat)).toEqual(['telegram:1', 'telegram:2']);
    expect(await a.posts(`web:${kind}-none`)).toEqual([]);
    await a.link('telegram:1', '10', `web:${kind}-3`);
    expect(await b.linked('telegram:1', '10')).toBe(`web:${kind}-3`);
    expect(await b.linked('telegram:1', '99')).toBeUndefined();
  });

  it("keeps a buyer's forum topic in the agents' group for every instance, and tells a mark without setting it", async () => {
    expect(await a.topicOf('telegram:-100', `web:${kind}-4`)).toBeUndefined();
    await a.saveTopic('telegram:-100', `web:${kind}-4`, '77');
    expect(await b.topicOf('telegram:-100', `web:${kind}-4`)).toBe('77');
    expect(await b.topicOf('telegram:-200', `web:${kind}-4`)).toBeUndefined();
    expect(await a.isMarked(`${kind}:not-forum`)).toBe(false);
    expect(await a.once(`${kind}:not-forum`)).toBe(true);
    expect(await b.isMarked(`${kind}:not-forum`)).toBe(true);
  });
});
