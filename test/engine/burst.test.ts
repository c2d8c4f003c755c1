import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import { textUpdate, type FakeTelegram } from '../helpers/fakes/telegram.js';
import { eventually } from '../helpers/gateway.js';
import { startTelegramRig, type TelegramRig } from '../helpers/telegram-rig.js';
import { postUpdate, TELEGRAM_SECRET } from '../helpers/telegram-webhook.js';

const greeting = loadShopConfig(exampleShopConfigPath()).replies.greeting;

// The bot may send 2 messages a second in all: a dozen buyers at once is a flash sale for it.
let rig: TelegramRig;
let telegram: FakeTelegram;
beforeAll(async () => {
  rig = await startTelegramRig({ env: { TELEGRAM_MAX_PER_SECOND: '2' } });
  telegram = rig.telegram;
});
afterAll(async () => {
  await rig?.close();
});

const say = async (chat: number, text: string) => expect((await postUpdate(rig.gateway.url, textUpdate(chat, text), TELEGRAM_SECRET)).status).toBe(200);

describe('a flash sale under the bot rate', () => {
  it("sends every buyer's first answer before anyone's second, across two instances", async () => {
    const other = await rig.another();
    const early = [7101, 7102, 7103];
    const late = Array.from({ length: 8 }, (_, i) => 7201 + i);
    // Three buyers write twice, five more once; the rest arrive once the first answers are going out.
    await Promise.all([
      ...early.map(async (chat) => {
        await say(chat, 'hello');
        await say(chat, 'hola');
      }),
      ...[7104, 7105, 7106, 7107, 7108].map((chat) => say(chat, 'hello')),
    ]);
    await eventually(() => telegram.sent().length >= 3, 20_000, 'the first answers going out');
    await Promise.all(late.map((chat, i) => postUpdate((i % 2 ? other : rig.gateway).url, textUpdate(chat, 'hello'), TELEGRAM_SECRET)));
    const everyone = [...early, 7104, 7105, 7106, 7107, 7108, ...late];
    await eventually(() => early.every((c) => telegram.sent(c).length === 2) && everyone.every((c) => telegram.sent(c).length >= 1), 60_000, 'every answer');
    const chats = telegram.sent().map((call) => Number(call.params.chat_id));
    const lastFirst = Math.max(...everyone.map((c) => chats.indexOf(c)));
    const firstSecond = Math.min(...early.map((c) => chats.lastIndexOf(c)));
    expect(lastFirst).toBeLessThan(firstSecond); // nobody's second answer before the last buyer's first
    for (const c of early) expect(telegram.texts(c)).toEqual([greeting.en, greeting.es]);
  }, 90_000);

  it("sends a buyer's answers that queued up meanwhile as one message, once", async () => {
    telegram.reset();
    const buyer = 7301;
    await say(buyer, 'hello');
    await say(buyer, 'hola');
    await say(buyer, '你好');
    await Promise.all(Array.from({ length: 10 }, (_, i) => say(7302 + i, 'hello')));
    await eventually(() => telegram.sent(buyer).length >= 2, 60_000, 'the buyer answered');
    await eventually(() => telegram.sent().length >= 12, 60_000, 'everyone answered');
    await new Promise((r) => setTimeout(r, 1500)); // nothing else comes for the buyer
    expect(telegram.texts(buyer)).toEqual([greeting.en, `${greeting.es}\n\n${greeting.zh}`]);
  }, 90_000);
});
