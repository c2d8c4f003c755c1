import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import type { ShopConfig } from '../../../src/config/schema.js';
import { createRedisStore } from '../../../src/store/redis-store.js';
import { createFakeAdapter } from '../../helpers/fakes/adapter.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { testStoreOptions, transcript } from '../../helpers/transcript.js';

const example = loadShopConfig(exampleShopConfigPath());
const withHours: ShopConfig = {
  ...example,
  hours: { timezone: 'Europe/Madrid', weekly: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [['09:00', '18:00']], thu: [['09:00', '18:00']], fri: [['09:00', '18:00']] }, holidays: ['2026-12-25'] },
};
const owners: ShopConfig = { ...example, owners: { web: ['owner-account'] } };

// Wednesday 2026-11-25, 12:00 in Madrid (11:00 UTC): open. Saturday 2026-11-28 12:00: closed.
const WEDNESDAY_NOON = new Date('2026-11-25T11:00:00Z');
const SATURDAY_NOON = new Date('2026-11-28T11:00:00Z');

type Chat = ReturnType<typeof transcript>;
const chats: Chat[] = [];
// Every conversation here runs on the real Redis (a test of two instances makes its own stores).
const open = async (opts: Parameters<typeof transcript>[0]) => {
  const chat = transcript({ ...opts, store: opts?.store ?? (await createRedisStore(redis.url, testStoreOptions)) });
  chats.push(chat);
  return chat;
};
afterEach(async () => {
  // The owner's status is shop-wide (one Redis): clear it so the next test starts online.
  await chats[0]?.store.setShopStatus(undefined);
  for (const c of chats.splice(0)) await c.close();
});

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const awayBy = (message?: string, until?: string) => ({ mode: 'away' as const, setAt: new Date().toISOString(), setBy: 'test', ...(message ? { message } : {}), ...(until ? { until } : {}) });

describe('away auto-reply', () => {
  it('apologises once per away period, with the owner\'s words verbatim, and still answers', async () => {
    const chat = await open({});
    await chat.store.setShopStatus(awayBy('Gone to the post office — 15 min!'));
    const first = await chat.texts('hello');
    expect(first).toHaveLength(1); // the away reply stands in for the greeting
    expect(first[0]).toContain(example.autoReply.awayUntilFurtherNotice.en);
    expect(first[0]).toContain(`${example.autoReply.ownerMessage.en} Gone to the post office — 15 min!`);
    const second = await chat.texts('do you ship to Madrid?');
    expect(second.join('\n')).not.toContain(example.autoReply.awayUntilFurtherNotice.en);
    expect(second.length).toBeGreaterThan(0); // the bot still answers while away
  });

  it('says when the shop is back, in the buyer\'s language', async () => {
    const chat = await open({ shop: withHours, now: SATURDAY_NOON });
    const [reply] = await chat.texts('你好');
    // Saturday -> back Monday 09:00 Madrid time.
    expect(reply).toMatch(/星期一\s?09:00/);
    expect(reply).toMatch(/抱歉/);
  });

  it('follows business hours: no auto-reply while open, one after closing, again in the next closed period', async () => {
    const chat = await open({ shop: withHours, now: WEDNESDAY_NOON });
    expect((await chat.texts('hello')).join()).not.toMatch(/away/);
    chat.setNow(new Date('2026-11-25T19:00:00Z')); // Wednesday 20:00: closed until Thursday 09:00
    expect((await chat.texts('hello'))[0]).toMatch(/away right now and back on Thursday 09:00/);
    expect((await chat.texts('still there?')).join()).not.toMatch(/away right now/);
    chat.setNow(new Date('2026-11-26T19:00:00Z')); // Thursday evening: a new closed period
    expect((await chat.texts('hello?'))[0]).toMatch(/back on Friday 09:00/);
  });

  it('closes on holidays', async () => {
    const chat = await open({ shop: withHours, now: new Date('2026-12-25T11:00:00Z') });
    expect((await chat.texts('hola'))[0]).toMatch(/volvemos el sábado|volvemos el lunes/);
  });

  it('lets an owner\'s status win over business hours until it expires', async () => {
    const chat = await open({ shop: withHours, now: SATURDAY_NOON });
    await chat.store.setShopStatus({ mode: 'online', setAt: SATURDAY_NOON.toISOString(), setBy: 'test', until: new Date(SATURDAY_NOON.getTime() + 3_600_000).toISOString() });
    expect((await chat.texts('hello')).join()).not.toMatch(/away/);
    chat.setNow(new Date(SATURDAY_NOON.getTime() + 2 * 3_600_000)); // the owner's "online" ran out
    expect((await chat.texts('hello'))[0]).toMatch(/away right now/);
  });

  it('is sent once per period even with two gateway instances on one Redis', async () => {
    const adapter = createFakeAdapter();
    const a = await open({ store: await createRedisStore(redis.url, testStoreOptions), adapter });
    const b = await open({ store: await createRedisStore(redis.url, testStoreOptions), adapter });
    await a.store.setShopStatus(awayBy());
    const texts: string[] = [];
    for (let i = 0; i < 6; i++) {
      const chat = i % 2 ? a : b;
      texts.push(...(await chat.say(`question ${i}`, {}, 'shared-buyer')).map((r) => r.text));
    }
    expect(texts.filter((t) => t.includes(example.autoReply.awayUntilFurtherNotice.en!))).toHaveLength(1);
  });
});

describe('busy auto-reply', () => {
  it('asks the buyer to wait a moment, once per busy period', async () => {
    const chat = await open({});
    await chat.store.setShopStatus({ mode: 'busy', setAt: new Date().toISOString(), setBy: 'test' });
    const first = await chat.texts('hola, ¿hacéis envíos a Canarias?');
    expect(first[0]).toBe(example.autoReply.busy.es);
    expect((await chat.texts('¿y cuánto tarda?')).join()).not.toContain(example.autoReply.busy.es);
    await chat.store.setShopStatus({ mode: 'busy', setAt: new Date(Date.now() + 1000).toISOString(), setBy: 'test' });
    expect((await chat.texts('¿hola?'))[0]).toBe(example.autoReply.busy.es);
  });
});

describe('owner status commands from chat', () => {
  it('lets an owner set away with an end time and a message, for every conversation', async () => {
    const owner = await open({ shop: owners });
    const [ack] = await owner.texts('/away 2h Back after lunch', { sender: { id: 'owner-account' } });
    expect(ack).toMatch(/Status: away until .*Back after lunch/);
    const status = await owner.store.getShopStatus();
    expect(status).toMatchObject({ mode: 'away', message: 'Back after lunch', setBy: 'web:owner-account' });
    expect(new Date(status!.until!).getTime() - Date.now()).toBeGreaterThan(100 * 60_000);

    const buyer = await owner.say('hello', {}, 'some-buyer');
    expect(buyer[0]!.text).toContain('Back after lunch');

    await owner.texts('/auto', { sender: { id: 'owner-account' } });
    expect(await owner.store.getShopStatus()).toBeUndefined();
  });

  it('answers the owner in the language they write in', async () => {
    const owner = await open({ shop: owners });
    const [es] = await owner.texts('/away 2h Vuelvo después de comer, gracias', { sender: { id: 'owner-account' } });
    expect(es).toMatch(/^Estado: ausente hasta .*, con tu mensaje: Vuelvo después de comer, gracias\.$/);
    const [zh] = await owner.texts('/busy 30m 马上回来，请稍等', { sender: { id: 'owner-account' } });
    expect(zh).toMatch(/^状态：忙碌，直到 .*，留言：马上回来，请稍等。$/);
    const [cleared] = await owner.texts('/auto', { sender: { id: 'owner-account' } });
    expect(cleared).not.toMatch(/^Status/);
  });

  it('treats the same command from a buyer as an ordinary message', async () => {
    const chat = await open({ shop: owners });
    await chat.texts('/away', { sender: { id: 'a-buyer' } });
    expect(await chat.store.getShopStatus()).toBeUndefined();
  });
});
