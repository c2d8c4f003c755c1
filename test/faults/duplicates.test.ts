import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/main.js';
import { startFakeTelegram, textUpdate, type FakeTelegram } from '../helpers/fake-telegram.js';
import { eventually, startTestGateway } from '../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { postUpdate, TELEGRAM_SECRET, TELEGRAM_TOKEN } from '../helpers/telegram-webhook.js';

let redis: TestRedis;
let telegram: FakeTelegram;
let gateway: Gateway;
beforeAll(async () => {
  redis = await startRedisServer();
  telegram = await startFakeTelegram();
  gateway = await startTestGateway({ REDIS_URL: redis.url, TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET, TELEGRAM_API_ROOT: telegram.url });
});
afterAll(async () => {
  await gateway?.close();
  await telegram?.close();
  await redis?.stop();
});

/** Wait until the chat got its reply, then a little longer so a second one would show. */
async function repliesSettled(chat: number): Promise<string[]> {
  await eventually(() => telegram.sent(chat).length > 0, 10_000, `reply to chat ${chat}`);
  await new Promise((r) => setTimeout(r, 500));
  return telegram.texts(chat);
}

describe('duplicate deliveries', () => {
  it('answers an update delivered three times in a row once', async () => {
    const update = textUpdate(5001, 'hello');
    for (let i = 0; i < 3; i++) expect((await postUpdate(gateway.url, update, TELEGRAM_SECRET)).status).toBe(200);
    expect(await repliesSettled(5001)).toHaveLength(1);
  });

  it('answers an update delivered three times at once once', async () => {
    const update = textUpdate(5002, 'hello');
    const statuses = await Promise.all([1, 2, 3].map(() => postUpdate(gateway.url, update, TELEGRAM_SECRET)));
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 200]);
    expect(await repliesSettled(5002)).toHaveLength(1);
  });

  it('answers duplicates spread over two gateway instances once', async () => {
    const other = await startTestGateway({ REDIS_URL: redis.url, TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET, TELEGRAM_API_ROOT: telegram.url });
    try {
      const update = textUpdate(5003, 'hello');
      await Promise.all([postUpdate(gateway.url, update, TELEGRAM_SECRET), postUpdate(other.url, update, TELEGRAM_SECRET), postUpdate(other.url, update, TELEGRAM_SECRET)]);
      expect(await repliesSettled(5003)).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
