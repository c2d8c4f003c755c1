import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramAdapter } from '../../../adapters/telegram/index.js';
import { AdapterError } from '../../../src/errors.js';
import type { ChannelAdapter, Delivery, OutboundReply } from '../../../src/engine/types.js';
import { createLogger } from '../../../src/log.js';
import { freePort } from '../../helpers/redis-server.js';
import { apiError, startFakeTelegram, toChat, type FakeTelegram } from '../../helpers/fakes/telegram.js';

const TOKEN = '123456:ABC-send-test-token_000000000000000';
const log = createLogger({ level: 'error', production: false, silent: true });

let api: FakeTelegram;
let adapter: ChannelAdapter;

beforeAll(async () => {
  api = await startFakeTelegram();
  adapter = createTelegramAdapter({ botToken: TOKEN, mode: 'webhook', webhookSecret: 'send-test-secret-000000', apiRoot: api.url, allowGroups: false, maxPerSecond: 30, log });
});
afterAll(async () => {
  await adapter?.close?.();
  await api?.close();
});

let n = 0;
const delivery = (chatId: number, replies: OutboundReply[], ref?: Delivery['address']['ref']): Delivery => ({
  id: `d:send-${++n}`,
  address: { channel: 'telegram', conversationId: `telegram:${chatId}`, ...(ref ? { ref } : {}) },
  replies,
});
const hello = (chatId: number) => delivery(chatId, [{ kind: 'text', text: 'Hi, welcome!' }]);

async function failure(promise: Promise<unknown>): Promise<AdapterError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AdapterError);
  return err as AdapterError;
}

describe('telegram send', () => {
  it('sends each reply with sendMessage under the bot token, in order', async () => {
    await adapter.send(delivery(800000001, [
      { kind: 'text', text: 'First' },
      { kind: 'contact_request', text: 'Your number?' },
    ], { languageCode: 'zh-hans' }));
    const calls = api.callsTo('sendMessage').filter((c) => c.params.chat_id === 800000001);
    expect(calls.every((c) => c.token === TOKEN)).toBe(true);
    expect(calls.map((c) => c.params)).toEqual([
      { chat_id: 800000001, text: 'First' },
      { chat_id: 800000001, text: 'Your number?', reply_markup: { keyboard: [[{ text: '📱 分享我的手机号', request_contact: true }]], one_time_keyboard: true, resize_keyboard: true } },
    ]);
  });

  it('marks "blocked by the user" and "user is deactivated" (403) permanent, not retryable', async () => {
    api.answer('sendMessage', toChat(800000002), apiError(403, 'Forbidden: bot was blocked by the user'));
    api.answer('sendMessage', toChat(800000003), apiError(403, 'Forbidden: user is deactivated'));
    for (const chat of [800000002, 800000003]) {
      const err = await failure(adapter.send(hello(chat)));
      expect(err.opts).toMatchObject({ permanent: true, retryable: false, status: 403 });
    }
  });

  it('retries a 429 after exactly the retry_after Telegram asked for', async () => {
    api.answer('sendMessage', toChat(800000004), apiError(429, 'Too Many Requests: retry after 7', 7), 1);
    const err = await failure(adapter.send(hello(800000004)));
    expect(err.opts).toMatchObject({ retryable: true, status: 429, retryAfterMs: 7000 });
    expect(err.opts.permanent).toBeFalsy();
  });

  it('retries 5xx and network failures, and gives up on other 4xx', async () => {
    api.answer('sendMessage', toChat(800000005), { status: 502, body: '<html>Bad Gateway</html>' }, 1);
    expect((await failure(adapter.send(hello(800000005)))).opts).toMatchObject({ retryable: true, status: 502 });

    api.answer('sendMessage', toChat(800000006), apiError(400, 'Bad Request: chat not found'));
    const bad = await failure(adapter.send(hello(800000006)));
    expect(bad.opts).toMatchObject({ retryable: false, status: 400 });
    expect(bad.opts.permanent).toBeFalsy();

    const nowhere = createTelegramAdapter({ botToken: TOKEN, mode: 'webhook', webhookSecret: 'x'.repeat(16), apiRoot: `http://127.0.0.1:${await freePort()}`, allowGroups: false, maxPerSecond: 30, log });
    const network = await failure(nowhere.send(hello(800000007)));
    expect(network.opts.retryable).toBe(true);
    expect(network.opts.status).toBeUndefined();
    // Whatever may reach a log line carries no token.
    expect(String((network.opts.cause as Error).message)).not.toContain(TOKEN.split(':')[1]);
  });

  it('resumes a delivery at the message that failed, without repeating what the buyer has', async () => {
    const chat = 800000008;
    const long = `${'a'.repeat(4000)}\n${'b'.repeat(4000)}`;
    const d = delivery(chat, [{ kind: 'text', text: long }, { kind: 'text', text: 'Anything else?' }]);
    api.answer('sendMessage', (params) => toChat(chat)(params) && String(params.text).startsWith('b'), apiError(429, 'Too Many Requests: retry after 1', 1), 1);
    await failure(adapter.send(d));
    await adapter.send(d);
    expect(api.texts(chat)).toEqual(['a'.repeat(4000), 'b'.repeat(4000), 'b'.repeat(4000), 'Anything else?']); // b failed once, then went
  });
});
