import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/main.js';
import { textUpdate, type FakeTelegram } from '../helpers/fakes/telegram.js';
import { eventually } from '../helpers/gateway.js';
import type { TestRedis } from '../helpers/redis-server.js';
import { startTelegramRig, type TelegramRig } from '../helpers/telegram-rig.js';
import { postUpdate, TELEGRAM_SECRET } from '../helpers/telegram-webhook.js';

let rig: TelegramRig;
let redis: TestRedis;
let telegram: FakeTelegram;
let gateway: Gateway;
beforeAll(async () => {
  // A claim whose answer was lost with the connection is picked up again when its lease runs out.
  rig = await startTelegramRig({ persistentRedis: true, env: { LEASE_MS: '8000' } });
  ({ redis, telegram, gateway } = rig);
});
afterAll(async () => {
  await rig?.close();
});

describe('Redis goes down during a burst', () => {
  it('refuses with 503 + Retry-After while down, and answers every update exactly once after', async () => {
    const chats = Array.from({ length: 60 }, (_, i) => 7000 + i);
    const updates = new Map(chats.map((chat) => [chat, textUpdate(chat, 'hello')]));
    const statusOf = new Map<number, number>();
    const retryAfter: (string | null)[] = [];

    // First third with Redis up, then Redis stops, then the rest arrive while it is down.
    for (const chat of chats.slice(0, 20)) statusOf.set(chat, (await postUpdate(gateway.url, updates.get(chat), TELEGRAM_SECRET)).status);
    await redis.stop();
    for (const chat of chats.slice(20)) {
      const r = await postUpdate(gateway.url, updates.get(chat), TELEGRAM_SECRET);
      statusOf.set(chat, r.status);
      if (r.status === 503) retryAfter.push(r.retryAfter);
    }
    expect(chats.slice(0, 20).every((c) => statusOf.get(c) === 200)).toBe(true);
    expect(chats.slice(20).every((c) => statusOf.get(c) === 503)).toBe(true); // never 2xx without a record
    expect(retryAfter.every((v) => v !== null && Number(v) > 0)).toBe(true);

    await redis.start();
    await eventually(async () => (await fetch(`${gateway.url}/readyz`)).status === 200, 15_000, 'ready again');
    // Telegram redelivers what was refused.
    for (const chat of chats.slice(20)) {
      await eventually(async () => (await postUpdate(gateway.url, updates.get(chat), TELEGRAM_SECRET)).status === 200, 10_000, `redelivery to ${chat}`);
    }
    await eventually(() => chats.every((c) => telegram.sent(c).length >= 1), 45_000, 'every chat answered');
    await new Promise((r) => setTimeout(r, 1000));
    const counts = chats.map((c) => telegram.sent(c).length);
    expect(counts.filter((n) => n !== 1)).toEqual([]); // exactly once each
  }, 120_000);
});
