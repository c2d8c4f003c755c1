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

describe('the busy reply with the place in line', () => {
  let busyRig: TelegramRig;
  beforeAll(async () => {
    // Few delivery workers, so most buyers wait in the queue; told when their answer is over 3 s away.
    busyRig = await startTelegramRig({ env: { TELEGRAM_MAX_PER_SECOND: '2', BUSY_REPLY_AFTER_SECONDS: '3', WORKER_CONCURRENCY: '1' } });
  });
  afterAll(async () => {
    await busyRig?.close();
  });

  it('tells the buyers at the back of the line their place, in their language, once, before their answer', async () => {
    const fake = busyRig.telegram;
    const chats = Array.from({ length: 14 }, (_, i) => 7401 + i);
    for (const [i, chat] of chats.entries()) {
      const text = i === chats.length - 1 ? 'hola' : 'hello';
      expect((await postUpdate(busyRig.gateway.url, textUpdate(chat, text), TELEGRAM_SECRET)).status).toBe(200);
    }
    const busyEn = /^We're very busy right now: you're number (\d+) in line, and we'll answer you in about \d+ min\.$/;
    const busyEs = /^Ahora mismo tenemos muchas consultas: eres el número (\d+) en la cola/;
    const answered = (c: number) => fake.texts(c).some((t) => t === greeting.en || t === greeting.es);
    await eventually(() => chats.every(answered), 60_000, 'every buyer answered');
    await new Promise((r) => setTimeout(r, 1000)); // nothing more comes
    const told = chats.filter((c) => fake.texts(c).length === 2);
    expect(told.length).toBeGreaterThan(0);
    expect(fake.texts(chats[0]!)).toEqual([greeting.en]); // the first in line is answered, not told to wait
    for (const c of chats) expect(fake.texts(c).length).toBeLessThanOrEqual(2); // told at most once
    for (const c of told) {
      const [busy, answer] = fake.texts(c);
      const last = c === chats.at(-1);
      expect(busy).toMatch(last ? busyEs : busyEn);
      expect(answer).toBe(last ? greeting.es : greeting.en);
      expect(Number((last ? busyEs : busyEn).exec(busy!)![1])).toBeGreaterThan(1);
    }
    // Places grow towards the back of the line.
    const places = told.filter((c) => c !== chats.at(-1)).map((c) => Number(busyEn.exec(fake.texts(c)[0]!)![1]));
    expect([...places].sort((a, b) => a - b)).toEqual(places);
  }, 90_000);
});
