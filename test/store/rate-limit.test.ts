import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationId } from '../../src/engine/types.js';
import { createMemoryRateLimits, createRedisRateLimits, type RateLimitStore } from '../../src/store/rate-limit.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

/** Two clients of one budget: two gateway instances on one Redis; in memory, one process's only store. */
const makers: Record<string, () => [RateLimitStore, RateLimitStore]> = {
  memory: () => {
    const one = createMemoryRateLimits();
    return [one, one];
  },
  redis: () => [createRedisRateLimits(redis.url), createRedisRateLimits(redis.url)],
};

let n = 0;
describe.each(Object.keys(makers))('%s rate limits contract', (kind) => {
  const opened: RateLimitStore[] = [];
  const pair = () => {
    const clients = makers[kind]!();
    opened.push(...clients);
    return clients;
  };
  afterAll(async () => {
    for (const c of new Set(opened)) await c.close();
  });
  /** A channel name of its own per test: budgets are per channel. */
  const channel = () => `bot${++n}-${kind}`;
  const chat = (id: string | number): ConversationId => `telegram:${kind}-${n}-${id}`;

  it('books one budget for both clients: together they get the bot rate, not twice it', async () => {
    const [a, b] = pair();
    const bot = channel();
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      const slot = await (i % 2 ? b : a).take(bot, chat(i), { perSecond: 1 }, 60_000);
      expect(slot.ok).toBe(true);
      if (slot.ok) waits.push(slot.waitMs);
    }
    // One slot a second, in the order asked, whichever client asked.
    expect(waits[0]).toBe(0);
    for (let i = 1; i < waits.length; i++) {
      expect(waits[i]!).toBeGreaterThan(waits[i - 1]!);
      expect(waits[i]!).toBeGreaterThan(i * 1000 - 500);
    }
  });

  it('books nothing past the horizon: the caller is told to come back later', async () => {
    const [a, b] = pair();
    const bot = channel();
    expect((await a.take(bot, chat(1), { perSecond: 1 }, 1500)).ok).toBe(true);
    expect((await b.take(bot, chat(2), { perSecond: 1 }, 1500)).ok).toBe(true);
    const third = await a.take(bot, chat(3), { perSecond: 1 }, 1500);
    expect(third).toMatchObject({ ok: false, why: 'booked' });
    expect(!third.ok && third.laterMs).toBeGreaterThan(0);
  });

  it('books a busy reply before the booked slots, one in `spacing`, and moves the booked ones one interval later', async () => {
    const [a, b] = pair();
    const bot = channel();
    const limit = { perSecond: 1 };
    for (let i = 0; i < 3; i++) expect((await a.take(bot, chat(i), limit, 60_000)).ok).toBe(true); // slots at 0, 1 and 2 s
    expect(await b.shift(bot)).toBe(0);
    const first = await b.takeFirst(bot, chat('busy'), limit, 3000, 3);
    expect(first.ok && first.waitMs).toBeLessThan(500); // now, not after the three booked
    expect(await a.shift(bot)).toBe(1); // their holders wait one interval more
    const next = await a.take(bot, chat(9), limit, 60_000);
    expect(next.ok && next.waitMs).toBeGreaterThan(3500); // after the three booked and the busy reply
    expect(next.ok && next.shift).toBe(1);
    const second = await b.takeFirst(bot, chat('busy2'), limit, 1000, 3); // the next such slot is 3 s away
    expect(second).toMatchObject({ ok: false, why: 'booked' });
  });

  it('keeps the gap per chat for both clients, and only for that chat', async () => {
    const [a, b] = pair();
    const bot = channel();
    const limit = { perSecond: 30, conversationIntervalMs: 5000 };
    expect((await a.take(bot, chat('x'), limit, 60_000)).ok).toBe(true);
    const again = await b.take(bot, chat('x'), limit, 60_000);
    expect(again).toMatchObject({ ok: false, why: 'chat' });
    expect(!again.ok && again.laterMs).toBeGreaterThan(3000);
    expect((await b.take(bot, chat('y'), limit, 60_000)).ok).toBe(true);
  });

  it('a 429 for one chat delays that chat only, for both clients', async () => {
    const [a, b] = pair();
    const bot = channel();
    expect(await a.refused(bot, chat('x'), 5000)).toBe('chat');
    const refused = await b.take(bot, chat('x'), { perSecond: 30 }, 60_000);
    expect(refused).toMatchObject({ ok: false, why: 'chat' });
    expect(!refused.ok && refused.laterMs).toBeGreaterThan(3000);
    expect(await b.take(bot, chat('y'), { perSecond: 30 }, 60_000)).toEqual({ ok: true, waitMs: 0 });
  });

  it('a second chat refused while the first waits is flood control: the whole bot pauses, for both clients', async () => {
    const [a, b] = pair();
    const bot = channel();
    expect(await a.refused(bot, chat('x'), 5000)).toBe('chat');
    expect(await a.refused(bot, chat('x'), 5000)).toBe('chat'); // the same chat again is still that chat's limit
    expect(await b.refused(bot, chat('y'), 5000)).toBe('bot');
    const other = await a.take(bot, chat('z'), { perSecond: 30 }, 60_000);
    expect(other).toMatchObject({ ok: false, why: 'paused' });
    expect(!other.ok && other.laterMs).toBeGreaterThan(3000);
    // Another channel of the gateway goes on.
    expect((await b.take(channel(), chat('z'), { perSecond: 30 }, 60_000)).ok).toBe(true);
  });
});
