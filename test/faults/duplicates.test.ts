import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/main.js';
import { textUpdate, type FakeTelegram } from '../helpers/fakes/telegram.js';
import { eventually } from '../helpers/gateway.js';
import { startTelegramRig, type TelegramRig } from '../helpers/telegram-rig.js';
import { postUpdate, TELEGRAM_SECRET } from '../helpers/telegram-webhook.js';

let rig: TelegramRig;
let telegram: FakeTelegram;
let gateway: Gateway;
beforeAll(async () => {
  rig = await startTelegramRig();
  ({ telegram, gateway } = rig);
});
afterAll(async () => {
  await rig?.close();
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
    const other = await rig.another();
    const update = textUpdate(5003, 'hello');
    await Promise.all([postUpdate(gateway.url, update, TELEGRAM_SECRET), postUpdate(other.url, update, TELEGRAM_SECRET), postUpdate(other.url, update, TELEGRAM_SECRET)]);
    expect(await repliesSettled(5003)).toHaveLength(1);
  });
});
