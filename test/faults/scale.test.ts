import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import type { Gateway } from '../../src/main.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { textUpdate, type FakeTelegram } from '../helpers/fakes/telegram.js';
import { eventually } from '../helpers/gateway.js';
import type { TestRedis } from '../helpers/redis-server.js';
import { startTelegramRig, type TelegramRig } from '../helpers/telegram-rig.js';
import { postUpdate, TELEGRAM_SECRET } from '../helpers/telegram-webhook.js';
import { testStoreOptions } from '../helpers/transcript.js';

const greeting = loadShopConfig(exampleShopConfigPath()).replies.greeting;
// Five messages whose replies differ, so the order of the replies shows.
const SCRIPT = [
  { text: 'hello', reply: greeting.en },
  { text: 'hola', reply: greeting.es },
  { text: '你好', reply: greeting.zh },
  { text: 'hi', reply: greeting.en },
  { text: 'buenas', reply: greeting.es },
];

let rig: TelegramRig;
let redis: TestRedis;
let telegram: FakeTelegram;
let gateways: Gateway[] = [];
beforeAll(async () => {
  // Telegram's ~30 messages/s per bot would make this a 40 s wait; the pacer has its own tests.
  rig = await startTelegramRig({ env: { TELEGRAM_MAX_PER_SECOND: '0' } });
  ({ redis, telegram } = rig);
  gateways = [rig.gateway, await rig.another()];
});
afterAll(async () => {
  await rig?.close();
});

describe('two instances, 500 conversations of 5 messages', () => {
  it('answers every message once, in order, whichever instance got it', async () => {
    const chats = Array.from({ length: 500 }, (_, i) => 20_000 + i);
    // Each chat's messages arrive one after another (as Telegram sends them), alternating instances.
    await Promise.all(
      Array.from({ length: 32 }, async (_, lane) => {
        for (const chat of chats.filter((_, i) => i % 32 === lane)) {
          for (const [k, step] of SCRIPT.entries()) {
            const { status } = await postUpdate(gateways[(chat + k) % 2]!.url, textUpdate(chat, step.text), TELEGRAM_SECRET);
            expect(status).toBe(200);
          }
        }
      }),
    );
    await eventually(() => chats.every((c) => telegram.sent(c).length >= SCRIPT.length), 60_000, 'every reply');
    await new Promise((r) => setTimeout(r, 500));
    const wrong = chats.filter((c) => JSON.stringify(telegram.texts(c)) !== JSON.stringify(SCRIPT.map((s) => s.reply)));
    expect(wrong).toEqual([]);

    // The transcript agrees: each buyer line followed by its answer.
    const store = await createRedisStore(redis.url, testStoreOptions);
    try {
      const lines = await store.transcript(`telegram:${chats[123]}`);
      expect(lines.map((l) => `${l.from}:${l.text}`)).toEqual(SCRIPT.flatMap((s) => [`buyer:${s.text}`, `bot:${s.reply}`]));
    } finally {
      await store.close();
    }
  }, 180_000);
});
