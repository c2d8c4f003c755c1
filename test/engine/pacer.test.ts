import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { Pacer } from '../../src/engine/pacer.js';
import type { ConversationId } from '../../src/engine/types.js';
import { AdapterError } from '../../src/errors.js';
import { createRedisRateLimits, type RateLimitStore } from '../../src/store/rate-limit.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

const log = createLogger({ level: 'error', production: false });
let redis: TestRedis;
const opened: RateLimitStore[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const c of opened) await c.close();
  await redis?.stop();
});

/** A gateway instance's pacer on the shared Redis. */
function instance(): Pacer {
  const limits = createRedisRateLimits(redis.url);
  opened.push(limits);
  return new Pacer(limits, log);
}

const TELEGRAM = { perSecond: 30, conversationIntervalMs: 1000 };
const tooMany = (seconds: number) => new AdapterError('telegram', 'sendMessage', { retryable: true, status: 429, retryAfterMs: seconds * 1000 });
let n = 0;
const chat = (id: string): ConversationId => `telegram:pacer-${++n}-${id}`;

describe('pacer', () => {
  it('keeps the bot under its rate across instances: the 31st message of a second waits, whichever instance sends it', async () => {
    const [a, b] = [instance(), instance()];
    const waits: number[] = [];
    for (let i = 0; i < 31; i++) waits.push((await (i % 2 ? b : a).take('telegram-rate', chat(String(i)), { perSecond: 30 })).waitMs);
    expect(waits[0]).toBe(0);
    expect(waits[30]).toBeGreaterThan(500); // a second's worth booked ahead of it, less the time the 31 calls took
  });

  it('pauses the bot on every instance when Telegram refuses two chats (flood control), for its retry_after', async () => {
    const [a, b] = [instance(), instance()];
    expect(await a.refused('telegram', chat('x'), TELEGRAM, tooMany(5))).toBe(5000);
    expect(await a.refused('telegram', chat('y'), TELEGRAM, tooMany(5))).toBe(5000);
    const other = await b.take('telegram', chat('z'), TELEGRAM);
    expect(other.laterMs).toBeGreaterThan(3000); // the other instance does not send either
    expect(other.waitMs).toBe(0);
  });

  it('keeps a 429 for one chat to that chat: other chats go on, on every instance', async () => {
    const [a, b] = [instance(), instance()];
    const x = chat('x');
    expect(await a.refused('telegram-chat', x, TELEGRAM, tooMany(5))).toBe(5000);
    expect((await b.take('telegram-chat', x, TELEGRAM)).laterMs).toBeGreaterThan(3000);
    expect(await b.take('telegram-chat', chat('y'), TELEGRAM)).toEqual({ waitMs: 0, laterMs: 0 });
  });

  it('leaves other failures and unpaced channels to the usual retries', async () => {
    const a = instance();
    expect(await a.refused('telegram', chat('x'), TELEGRAM, new AdapterError('telegram', 'sendMessage', { retryable: true, status: 502 }))).toBeUndefined();
    expect(await a.refused('web', 'web:x', undefined, tooMany(5))).toBeUndefined();
    expect(await a.take('web', 'web:x', undefined)).toEqual({ waitMs: 0, laterMs: 0 });
  });

  it('spaces deliveries to one chat on channels without a bot rate, in the process', async () => {
    const a = new Pacer(undefined, log);
    const slack = { conversationIntervalMs: 1000 };
    expect(await a.take('slack', 'slack:c1', slack)).toEqual({ waitMs: 0, laterMs: 0 });
    expect((await a.take('slack', 'slack:c1', slack)).laterMs).toBeGreaterThan(0);
    expect(await a.take('slack', 'slack:c2', slack)).toEqual({ waitMs: 0, laterMs: 0 });
  });
});
