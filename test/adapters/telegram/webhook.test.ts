import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import { sha256Hex } from '../../../src/http/auth.js';
import type { Gateway } from '../../../src/main.js';
import { keys } from '../../../src/store/keys.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { apiError, startFakeTelegram, toChat, type FakeTelegram } from '../../helpers/fakes/telegram.js';
import { fixture, fixtureText, retarget, textUpdate, type Update } from './updates.js';
import { recorded } from '../../helpers/dedupe.js';
import { testStoreOptions } from '../../helpers/transcript.js';
import { createRedisStore } from '../../../src/store/redis-store.js';

const TOKEN = '123456:ABC-webhook-test-token_0000000000000';
const SECRET = 'test-webhook-secret_0123456789';
/** The shop owner, to speak as an agent through the API. */
const OWNER = 'owner-token-telegram-0123456789';

/** The example shop, with one owner who may claim conversations and reply. */
function shopConfig(): string {
  const yaml = readFileSync(exampleShopConfigPath(), 'utf8').replace(/^agents: \[\]$/m, `agents:\n  - { name: Mei, role: owner, tokenSha256: ${sha256Hex(OWNER)} }`);
  const path = join(mkdtempSync(join(tmpdir(), 'shopdesk-telegram-')), 'shop.yaml');
  writeFileSync(path, yaml);
  return path;
}

let redis: TestRedis;
let api: FakeTelegram;
let gateway: Gateway;

beforeAll(async () => {
  redis = await startRedisServer();
  api = await startFakeTelegram();
  gateway = await startTestGateway({
    REDIS_URL: redis.url,
    SHOP_CONFIG: shopConfig(),
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: api.url,
  });
});
afterAll(async () => {
  await gateway?.close();
  await api?.close();
  await redis?.stop();
});

const url = () => `${gateway.url}/webhooks/telegram`;
const greeting = () => gateway.config.shop.replies.greeting.en!;
const fallback = () => gateway.config.shop.replies.fallback.en!;
/** Whether the update's dedupe mark is in the store (the message was recorded): a message by chat and message_id, anything else by update_id. */
function seen(update: number | Update): Promise<boolean> {
  const message = typeof update === 'object' ? (update.message as { message_id: number; chat: { id: number } } | undefined) : undefined;
  const id = message ? `123456:${message.chat.id}:${message.message_id}` : `123456:${typeof update === 'number' ? update : update.update_id}`;
  return recorded(redis.client(), id);
}
/** An edit of the message in `update` (same chat and message_id), with the new text, as a later update. */
function editOf(update: Update, updateId: number, text: string): Update {
  const edited = structuredClone(update);
  edited.update_id = updateId;
  edited.edited_message = { ...(edited.message as object), text, edit_date: 1718031690 };
  delete edited.message;
  return edited;
}
/** The buyer's lines of a chat's transcript, as agents see them. */
const buyerLines = async (chat: number) =>
  (await redis.client().lrange(keys.transcript(`telegram:${chat}`), 0, -1)).map((l) => JSON.parse(l) as { id: string; from: string; text: string }).filter((l) => l.from === 'buyer');

/** POST an update as Telegram does, with our secret unless told otherwise (null: no header). */
async function deliver(update: string | Update, secret: string | null = SECRET): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== null) headers['x-telegram-bot-api-secret-token'] = secret;
  return fetch(url(), { method: 'POST', headers, body: typeof update === 'string' ? update : JSON.stringify(update) });
}

/** Wait until a chat got `count` messages, then return all their texts. */
const eventuallyTexts = (chatId: number, count: number) => eventually(() => api.texts(chatId).length >= count && api.texts(chatId), 10_000, `${count} messages to ${chatId}`);

/** Wait until every delivery queued for the conversation was settled (sent, skipped or given up). */
const outQueueSettled = (chatId: number) => eventually(async () => (await redis.client().llen(keys.queueItems('out', `telegram:${chatId}`))) === 0, 10_000, 'deliveries settled');

const asOwner = (method: string, path: string, body?: unknown) =>
  fetch(`${gateway.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${OWNER}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('telegram webhook', () => {
  it('records a buyer\'s "hello" and sends the greeting to that chat with sendMessage', async () => {
    const res = await deliver(fixtureText('message.text'));
    expect(res.status).toBe(200);
    expect(await eventuallyTexts(700000001, 1)).toEqual([greeting()]);
    const [call] = api.sent(700000001);
    expect(call!.token).toBe(TOKEN);
    expect(call!.params).toEqual({ chat_id: 700000001, text: greeting() });
  });

  it('refuses a missing or wrong secret with 401, recording and sending nothing', async () => {
    const chat = 710000001;
    const update = textUpdate(chat, 200000001, 'hello');
    const missing = await deliver(update, null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'missing X-Telegram-Bot-Api-Secret-Token header' });
    for (const wrong of ['test-webhook-secret_0123456780', 'short', SECRET.toUpperCase(), `${SECRET}x`]) {
      const res = await deliver(update, wrong);
      expect(res.status, wrong).toBe(401);
      expect(await res.json()).toEqual({ error: 'X-Telegram-Bot-Api-Secret-Token does not match' });
    }
    const store = redis.client();
    expect(await seen(update)).toBe(false);
    expect(await store.exists(keys.transcript(`telegram:${chat}`))).toBe(0);
    expect(api.texts(chat)).toEqual([]);

    // The same update with the right secret is new to the gateway: the refusals left no trace.
    expect((await deliver(update)).status).toBe(200);
    expect(await eventuallyTexts(chat, 1)).toEqual([greeting()]);
  });

  it('answers 400 with a reason to malformed JSON and to invalid updates', async () => {
    const broken = await deliver('{"update_id": 200000002, "message": {');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/malformed request body/);

    const noId = await deliver('{"message":{"message_id":1,"chat":{"id":710000002,"type":"private"},"text":"hello"}}');
    expect(noId.status).toBe(400);
    expect(((await noId.json()) as { error: string }).error).toMatch(/update_id/);

    const noChatUpdate = { update_id: 200000003, message: { message_id: 1, text: 'hello' } };
    const noChat = await deliver(noChatUpdate);
    expect(noChat.status).toBe(400);
    expect(((await noChat.json()) as { error: string }).error).toMatch(/message\.chat/);

    expect((await deliver('[]')).status).toBe(400);
    expect(await seen(200000003)).toBe(false);
    expect(await seen({ ...noChatUpdate, message: { ...noChatUpdate.message, chat: { id: 710000002 } } })).toBe(false);
    expect(await redis.client().exists(keys.transcript('telegram:710000002'))).toBe(0);
  });

  it('acknowledges kinds it does not handle, group chats and channel posts with 200, recording nothing', async () => {
    for (const name of ['unknown-update', 'message.group', 'channel_post']) {
      const res = await deliver(fixtureText(name));
      expect(res.status, name).toBe(200);
      expect(await seen(fixture(name)), name).toBe(false);
    }
    expect(await redis.client().exists(keys.transcript('telegram:-1001000000011'), keys.transcript('telegram:-1001000000012'))).toBe(0);
  });

  it('replies once when Telegram delivers the same update twice', async () => {
    const chat = 710000003;
    const update = textUpdate(chat, 200000010, 'hello');
    expect((await deliver(update)).status).toBe(200);
    expect((await deliver(update)).status).toBe(200);
    // A later message of the same buyer is answered after anything queued before it.
    expect((await deliver(textUpdate(chat, 200000011, 'what is the meaning of this'))).status).toBe(200);
    await eventually(() => api.texts(chat).includes(fallback()), 10_000, 'the later reply');
    expect(api.texts(chat)).toEqual([greeting(), fallback()]);
  });

  it('never answers an edit a second time: the transcript line agents see shows the edited text', async () => {
    const chat = 710000004;
    const original = textUpdate(chat, 200000020, 'what is the meaning of this');
    expect((await deliver(original)).status).toBe(200);
    expect(await eventuallyTexts(chat, 1)).toEqual([fallback()]);
    const edit = editOf(original, 200000021, 'hello');
    expect((await deliver(edit)).status).toBe(200);
    expect((await deliver(edit)).status).toBe(200); // a redelivered edit changes nothing more
    // The buyer's next message is answered; had the edit been a turn, its reply would have come first.
    expect((await deliver(textUpdate(chat, 200000022, 'thanks'))).status).toBe(200);
    const texts = await eventuallyTexts(chat, 2);
    await outQueueSettled(chat);
    expect(texts).toEqual([fallback(), gateway.config.shop.replies.thanks!.en]);
    expect(api.texts(chat)).toHaveLength(2);
    expect((await buyerLines(chat)).map((l) => l.text)).toEqual(['hello', 'thanks']);
  });

  it('processes the edited text when the original was still waiting, and waits for one being processed (503 until then)', async () => {
    const chat = 710000108;
    const conversation = `telegram:${chat}` as const;
    // Another instance holds the conversation (busy with an earlier message): what follows waits.
    const other = await createRedisStore(redis.url, { ...testStoreOptions, leaseMs: 60_000 });
    const busy = await other.ingestAndLease({ id: `123456:${chat}:1`, address: { channel: 'telegram', conversationId: conversation }, sender: { id: String(chat) }, text: 'hola', attachments: [], receivedAt: new Date().toISOString() });
    try {
      expect(busy.lease).toBeDefined();
      // The message being processed elsewhere cannot be edited yet: 503, so Telegram redelivers the edit.
      const editOfBusy = { update_id: 200001050, edited_message: { ...(textUpdate(chat, 200001049, 'hello').message as object), message_id: 1 } };
      expect((await deliver(editOfBusy)).status).toBe(503);

      const waiting = textUpdate(chat, 200001051, 'what is the meaning of this');
      expect((await deliver(waiting)).status).toBe(200);
      expect((await deliver(editOf(waiting, 200001052, 'hello'))).status).toBe(200);
    } finally {
      await other.retryLater(busy.lease!, 0, { countAttempt: false }); // the other instance lets go
      await other.close();
    }
    // The held message, then the waiting one with its edited text: "hello" is greeted, once.
    const texts = await eventuallyTexts(chat, 2);
    await outQueueSettled(chat);
    expect(texts).toEqual([gateway.config.shop.replies.greeting.es, greeting()]);
    expect((await buyerLines(chat)).map((l) => l.text)).toEqual(['hola', 'hello']);
  });

  it('records a button press by its label and answers the callback query before acknowledging', async () => {
    const chat = 710000005;
    const res = await deliver(retarget('callback_query', chat, 200000030));
    expect(res.status).toBe(200);
    // Answered within the webhook: by the time Telegram has its 200, the spinner was stopped.
    expect(api.callsTo('answerCallbackQuery').map((c) => c.params)).toContainEqual({ callback_query_id: '3006477232913528741' });
    await eventuallyTexts(chat, 1);
    const [first] = await redis.client().lrange(keys.transcript(`telegram:${chat}`), 0, 0);
    expect(JSON.parse(first!)).toMatchObject({ from: 'buyer', text: 'Talk to a person' });
  });

  it('only answers a press under an inline-mode message (no message, no chat): never a sendMessage to the presser', async () => {
    const chat = 710000109;
    const update = retarget('callback_query', chat, 200001060);
    const query = update.callback_query as { id: string; message?: unknown; inline_message_id?: string; from: { id: number } };
    delete query.message;
    query.id = 'inline-query-0001';
    query.inline_message_id = 'AgAAAHpqAABdW6gDuV1R0Ac';
    query.from.id = chat;
    expect((await deliver(update)).status).toBe(200);
    expect(api.callsTo('answerCallbackQuery').map((c) => c.params)).toContainEqual({ callback_query_id: 'inline-query-0001' });
    expect(await seen(200001060)).toBe(false);
    // The presser's private chat gets nothing: their next message is the first thing answered there.
    expect((await deliver(textUpdate(chat, 200001061, 'hello'))).status).toBe(200);
    expect(await eventuallyTexts(chat, 1)).toEqual([greeting()]);
    await outQueueSettled(chat);
    expect(api.texts(chat)).toEqual([greeting()]);
  });

  it('still acknowledges a button press when answering the callback query fails', async () => {
    const chat = 710000006;
    const update = retarget('callback_query', chat, 200000031);
    (update.callback_query as { id: string }).id = 'too-old-query-0001';
    api.answer('answerCallbackQuery', (b) => b.callback_query_id === 'too-old-query-0001', apiError(400, 'Bad Request: query is too old and response timeout expired or query ID is invalid'));
    expect((await deliver(update)).status).toBe(200);
    expect(api.callsTo('answerCallbackQuery').some((c) => c.params.callback_query_id === 'too-old-query-0001')).toBe(true);
    expect(await seen(200000031)).toBe(true);
  });

  it('holds back later replies to a buyer who blocked the bot, until they write again', async () => {
    const chat = 710000007;
    const conversation = `telegram:${chat}` as const;
    expect((await deliver(textUpdate(chat, 200000040, 'hello'))).status).toBe(200);
    await eventuallyTexts(chat, 1);
    expect((await asOwner('POST', `/conversations/${conversation}/claim`)).status).toBe(200);

    // The buyer blocks the bot: acknowledged, no message, the conversation is unreachable.
    const kicked = await deliver(retarget('my_chat_member.kicked', chat, 200000041));
    expect(kicked.status).toBe(200);
    expect(await redis.client().exists(keys.unreachable(conversation))).toBe(1);
    expect(await seen(200000041)).toBe(false);

    // The owner writes anyway: recorded in the transcript, but nothing goes to Telegram.
    expect((await asOwner('POST', `/conversations/${conversation}/messages`, { text: 'Your parcel left today.' })).status).toBe(202);
    await outQueueSettled(chat);
    expect(api.texts(chat)).toEqual([greeting()]);

    // The buyer comes back and writes: the next reply reaches them again.
    expect((await deliver(textUpdate(chat, 200000042, 'hi again'))).status).toBe(200);
    expect(await redis.client().exists(keys.unreachable(conversation))).toBe(0);
    expect((await asOwner('POST', `/conversations/${conversation}/messages`, { text: 'Welcome back!' })).status).toBe(202);
    expect(await eventuallyTexts(chat, 2)).toEqual([greeting(), 'Welcome back!']);
  });

  it('marks a buyer unreachable when sendMessage says the bot was blocked, calling it once', async () => {
    const chat = 710000008;
    api.answer('sendMessage', toChat(chat), apiError(403, 'Forbidden: bot was blocked by the user'));
    expect((await deliver(textUpdate(chat, 200000050, 'hello'))).status).toBe(200);
    await eventually(async () => (await redis.client().exists(keys.unreachable(`telegram:${chat}`))) === 1, 10_000, 'marked unreachable');
    await outQueueSettled(chat);
    expect(api.sent(chat)).toHaveLength(1);
  });

  it('delivers after the wait Telegram asks for with 429 retry_after', async () => {
    const chat = 710000009;
    api.answer('sendMessage', toChat(chat), apiError(429, 'Too Many Requests: retry after 1', 1), 1);
    expect((await deliver(textUpdate(chat, 200000060, 'hello'))).status).toBe(200);
    const texts = await eventuallyTexts(chat, 2);
    expect(texts).toEqual([greeting(), greeting()]); // refused once, then delivered
    const [refused, delivered] = api.sent(chat);
    expect(delivered!.at - refused!.at).toBeGreaterThanOrEqual(950); // not before retry_after (1 s) passed
  });

  it('answers 503 with Retry-After while the store is down, and takes the redelivery once it is back', async () => {
    const chat = 710000010;
    const update = textUpdate(chat, 200000070, 'hello');
    await redis.stop();
    try {
      const res = await deliver(update);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await redis.start();
    }
    await eventually(async () => (await deliver(update)).status === 200, 15_000, 'redelivery accepted');
    expect(await eventuallyTexts(chat, 1)).toEqual([greeting()]);
  });
});
