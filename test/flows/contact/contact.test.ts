import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import { createRedisStore } from '../../../src/store/redis-store.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { testStoreOptions, transcript } from '../../helpers/transcript.js';

const shop = loadShopConfig(exampleShopConfigPath());
const texts = shop.contact.texts;

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

type Chat = ReturnType<typeof transcript>;
const chats: Chat[] = [];
afterEach(async () => {
  await chats[0]?.store.setShopStatus(undefined); // shop-wide: the next test starts online
  for (const c of chats.splice(0)) await c.close();
});

/** A buyer asking for a person while the shop is away: the bot asks for a call-back number. */
async function awayCallback(): Promise<Chat> {
  const chat = transcript({ store: await createRedisStore(redis.url, testStoreOptions) });
  chats.push(chat);
  await chat.store.setShopStatus({ mode: 'away', setAt: new Date().toISOString(), setBy: 'test' });
  const asked = await chat.say('Talk to a person', { postback: 'human' });
  expect(asked).toEqual([{ kind: 'contact_request', text: shop.handoff.texts.awayCallback.en }]);
  return chat;
}

describe('contact gathering', () => {
  it('takes a phone number in free text, then the name, and keeps them for the shop', async () => {
    const chat = await awayCallback();
    expect(await chat.texts('sure, my phone is +34 612 34 56 78')).toEqual([texts.askName.en]);
    expect(await chat.texts('Ana')).toEqual(['Thank you, Ana! We\'ll contact you at +34612345678.']);
    expect((await chat.store.loadSession(chat.conversationId))?.contact).toEqual({ phone: '+34612345678', name: 'Ana' });
    expect(await chat.store.contacts()).toContainEqual({ conversationId: chat.conversationId, contact: { phone: '+34612345678', name: 'Ana' } });
    expect((await chat.store.loadSession(chat.conversationId))?.humanRequestedAt).toBeDefined();
  });

  it('explains a wrong number, gives a second chance, then offers the shop\'s own contact', async () => {
    const chat = await awayCallback();
    expect(await chat.texts('12345')).toEqual([texts.invalidPhone.en]);
    expect(await chat.texts('999')).toEqual([texts.shopContact.en]);
    expect((await chat.store.loadSession(chat.conversationId))?.flow).toBeUndefined();
  });

  it('explains a wrong e-mail and accepts the corrected one', async () => {
    const chat = await awayCallback();
    expect(await chat.texts('ana@gmail')).toEqual([texts.invalidEmail.en]);
    expect(await chat.texts('ana@gmail.com')).toEqual([texts.askName.en]);
  });

  it('respects "no" and offers the shop\'s own contact instead', async () => {
    const chat = await awayCallback();
    expect(await chat.texts('No thanks')).toEqual([texts.shopContact.en]);
    expect(await chat.texts('ok')).not.toContain(texts.askReach.en);
  });

  it('accepts a platform\'s share-contact card with its name', async () => {
    const chat = await awayCallback();
    const replies = await chat.texts('', { contact: { phone: '8613812345678', name: 'Li Wei' } });
    expect(replies).toEqual(['Thank you, Li Wei! We\'ll contact you at +8613812345678.']);
  });

  it('answers a question asked mid-way and keeps waiting for the number', async () => {
    const chat = await awayCallback();
    const answer = await chat.texts('how long does delivery take?');
    expect(answer.join()).not.toContain(texts.invalidReach.en);
    expect(await chat.texts('+44 7911 123456')).toEqual([texts.askName.en]);
  });

  it('reads Chinese numbers without a country code with the shop\'s region', async () => {
    const chat = await awayCallback();
    await chat.texts('电话13812345678');
    expect((await chat.store.loadSession(chat.conversationId))?.contact.phone).toBe('+8613812345678');
  });

  it('keeps details a buyer gives unasked', async () => {
    const chat = transcript({ store: await createRedisStore(redis.url, testStoreOptions) });
    chats.push(chat);
    const replies = await chat.texts('you can mail me at Ana.Garcia@Example.com');
    expect(replies[0]).toBe("Thanks, I've noted Ana.Garcia@example.com: the shop will use it to contact you.");
    expect((await chat.store.loadSession(chat.conversationId))?.contact).toEqual({ email: 'Ana.Garcia@example.com' });
  });

  it('takes a WeChat id instead of a phone, keeps it for the shop and exports it', async () => {
    const chat = await awayCallback();
    expect(await chat.texts('no phone sorry, add me on wechat: carlos_te')).toEqual([texts.askName.en]);
    expect(await chat.texts('Carlos')).toEqual(["Thank you, Carlos! We'll contact you at WeChat: carlos_te."]);
    expect((await chat.store.loadSession(chat.conversationId))?.contact).toEqual({ messenger: 'WeChat: carlos_te', name: 'Carlos' });
    expect(await chat.store.contacts()).toContainEqual({ conversationId: chat.conversationId, contact: { messenger: 'WeChat: carlos_te', name: 'Carlos' } });
  });

  it('notes a messenger account given unasked, in the buyer\'s language', async () => {
    const chat = transcript({ store: await createRedisStore(redis.url, testStoreOptions) });
    chats.push(chat);
    expect(await chat.texts('加我微信 mike_cha88')).toEqual(['谢谢亲，已记下 WeChat: mike_cha88，店里会通过它联系您。']);
    expect((await chat.store.loadSession(chat.conversationId))?.contact).toEqual({ messenger: 'WeChat: mike_cha88' });
  });

  it('confirms the delivery address after an order, then asks how to reach the buyer', async () => {
    const chat = transcript({ store: await createRedisStore(redis.url, testStoreOptions) });
    chats.push(chat);
    expect(await chat.texts('ya pagué el pedido')).toEqual([texts.askAddress.es]);
    expect(await chat.texts('corta')).toEqual([texts.invalidAddress.es]);
    expect(await chat.texts('Calle Mayor 1, 2ºB, 28013 Madrid')).toEqual([texts.askReach.es]);
    expect(await chat.texts('612 345 678')).toEqual([texts.askName.es]);
    expect((await chat.store.loadSession(chat.conversationId))?.contact).toMatchObject({ address: 'Calle Mayor 1, 2ºB, 28013 Madrid' });
  });
});
