import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/main.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { startFakeTelegram, type FakeTelegram } from '../../helpers/fakes/telegram.js';
import { retarget, textUpdate } from './updates.js';

const TOKEN = '123456:ABC-polling-test-token_0000000000000';

let redis: TestRedis;
let api: FakeTelegram;
let gateway: Gateway;

beforeAll(async () => {
  redis = await startRedisServer();
  api = await startFakeTelegram();
  // Polling needs no webhook secret: nothing is served to Telegram.
  gateway = await startTestGateway({ REDIS_URL: redis.url, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_MODE: 'polling', TELEGRAM_API_ROOT: api.url });
});
afterAll(async () => {
  await gateway?.close();
  await api?.close();
  await redis?.stop();
});

const greeting = () => gateway.config.shop.replies.greeting.en!;
const offsets = () => api.callsTo('getUpdates').map((c) => c.params.offset as number);
const eventuallyTexts = (chatId: number, count: number) => eventually(() => api.texts(chatId).length >= count && api.texts(chatId), 10_000, `${count} messages to ${chatId}`);

describe('telegram long polling (TELEGRAM_MODE=polling)', () => {
  it('takes a buyer\'s "hello" from getUpdates, replies, and confirms the update after recording it', async () => {
    api.pushUpdates(textUpdate(720000001, 300000001, 'hello'));
    expect(await eventuallyTexts(720000001, 1)).toEqual([greeting()]);
    await eventually(() => offsets().includes(300000002), 5000, 'the update confirmed');
    const [first] = api.callsTo('getUpdates');
    expect(first!.token).toBe(TOKEN);
    expect(first!.params).toMatchObject({ allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'] });
  });

  it('answers button presses it polled', async () => {
    api.pushUpdates(retarget('callback_query', 720000002, 300000002));
    await eventually(() => api.callsTo('answerCallbackQuery').some((c) => c.params.callback_query_id === '3006477232913528741'), 5000, 'answerCallbackQuery');
    await eventuallyTexts(720000002, 1);
  });

  it('serves no webhook route', async () => {
    const res = await fetch(`${gateway.url}/webhooks/telegram`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(textUpdate(720000003, 300000003, 'hello')) });
    expect(res.status).toBe(404);
  });

  it('does not confirm an update while the store is down, and answers it once the store is back', async () => {
    const chat = 720000004;
    await redis.stop();
    const callsBefore = api.callsTo('getUpdates').length;
    try {
      api.pushUpdates(textUpdate(chat, 300000010, 'hello'));
      // The update is handed out again and again: its offset was never passed.
      await eventually(() => api.callsTo('getUpdates').length >= callsBefore + 2, 10_000, 'polled again');
      expect(Math.max(...offsets())).toBeLessThanOrEqual(300000010);
    } finally {
      await redis.start();
    }
    expect(await eventuallyTexts(chat, 1)).toEqual([greeting()]);
    await eventually(() => offsets().includes(300000011), 5000, 'the update confirmed');
  });
});
