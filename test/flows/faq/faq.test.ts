import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import type { ShopConfig } from '../../../src/config/schema.js';
import type { InboundMessage } from '../../../src/engine/types.js';
import { createRedisStore } from '../../../src/store/redis-store.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { testStoreOptions, transcript } from '../../helpers/transcript.js';

// The real engine and flow chain, on a real Redis, through a fake channel.
const shop = loadShopConfig(exampleShopConfigPath());
const topic = (id: string) => shop.faq.find((t) => t.id === id)!;
const { replies, handoff } = shop;

type Chat = ReturnType<typeof transcript>;
// One engine for the file (stopping one takes a moment); each test is a new buyer.
let engine: Chat;
let redis: TestRedis;
const redisStore = () => createRedisStore(redis.url, testStoreOptions);
beforeAll(async () => {
  redis = await startRedisServer();
  engine = transcript({ shop, store: await redisStore() });
});
afterAll(async () => {
  await engine?.close();
  await redis?.stop();
});
let buyers = 0;
function open() {
  const id = `faq-buyer-${++buyers}`;
  return {
    store: engine.store,
    conversationId: `web:${id}` as const,
    say: (text: string, extra: Partial<InboundMessage> = {}) => engine.say(text, extra, id),
    texts: async (text: string, extra: Partial<InboundMessage> = {}) => (await engine.say(text, extra, id)).map((r) => r.text),
  };
}
// Chats with their own shop config or flow chain.
const own: Chat[] = [];
let ownDb = 0;
const openOwn = async (opts: Parameters<typeof transcript>[0]) => {
  // Another shop config or chain is another gateway: it gets a Redis database of its own (1-15).
  const chat = transcript({ ...opts, store: await createRedisStore(`${redis.url}/${(ownDb++ % 15) + 1}`, testStoreOptions) });
  own.push(chat);
  return chat;
};
afterEach(async () => {
  await engine.store.setShopStatus(undefined); // shop-wide: the next test starts online
  for (const c of own.splice(0)) await c.close();
});

describe('FAQ answers', () => {
  it('answers each language in that language', async () => {
    const chat = open();
    expect(await chat.texts('亲，可以货到付款吗？')).toEqual([topic('cod').answer.zh]);
    expect(await chat.texts('cuanto tarda el envio a canarias')).toEqual([topic('shipping').answer.es]);
    expect(await chat.texts('where is my parcel??')).toEqual([topic('tracking').answer.en]);
  });

  it('falls back to the channel\'s language hint for a message that does not tell', async () => {
    const chat = open();
    expect(await chat.texts('COD?', { languageHint: 'es' })).toEqual([topic('cod').answer.es]);
  });

  it("keeps the buyer's language when a deep link's /start payload looks like Spanish words", async () => {
    const chat = open();
    await chat.texts('/start o_la-de_el9', { languageHint: 'en' });
    expect(await chat.texts('COD?', { languageHint: 'en' })).toEqual([topic('cod').answer.en]);
  });

  it('states the 16:00 cut-off, the couriers and the free-shipping tiers', async () => {
    const chat = open();
    const [answer] = await chat.texts('when do you ship?');
    expect(answer).toMatch(/16:00/);
    expect(answer).toMatch(/SF Express/);
    expect(answer).toMatch(/¥68/);
  });

  it('concedes a discount step by step: free shipping, a gift, a small discount, then a polite no', async () => {
    const chat = open();
    const d = topic('discount');
    expect(await chat.texts('can you give me a discount?')).toEqual([d.answer.en]);
    expect(await chat.texts('when do you ship?')).toEqual([topic('shipping').answer.en]);
    expect(await chat.texts('come on, it is too expensive')).toEqual([d.followUps[0]!.en]);
    expect(await chat.texts('any better price?')).toEqual([d.followUps[1]!.en]);
    expect(await chat.texts('cheaper please')).toEqual([d.followUps[2]!.en]);
    expect(await chat.texts('just a bit cheaper')).toEqual([d.followUps[2]!.en]);
  });

  it('answers a button whose payload names a topic', async () => {
    const chat = open();
    expect(await chat.texts('Returns', { postback: 'faq:returns' })).toEqual([topic('returns').answer.en]);
    expect(await chat.texts('Shipping', { postback: 'FAQ_SHIPPING' })).toEqual([topic('shipping').answer.en]);
  });
});

describe('greetings and thanks', () => {
  it('greets back on "在吗?", "hola" and "hi"', async () => {
    const chat = open();
    expect(await chat.texts('在吗?')).toEqual([replies.greeting.zh]);
    expect(await chat.texts('hola')).toEqual([replies.greeting.es]);
    expect(await chat.texts('hi')).toEqual([replies.greeting.en]);
  });

  it('says you\'re welcome to thanks', async () => {
    const chat = open();
    expect(await chat.texts('谢谢亲')).toEqual([replies.thanks!.zh]);
  });
});

describe('not guessing', () => {
  it('says it does not know, then offers a person with a button, then fetches one', async () => {
    const chat = open();
    expect(await chat.texts('do you sell laptops')).toEqual([replies.fallback.en]);
    const second = await chat.say('what is the weather in Hangzhou');
    expect(second).toEqual([{ kind: 'text', text: replies.offerHuman!.en, quickReplies: [{ label: handoff.texts.humanButton.en, payload: 'human' }] }]);
    const third = await chat.texts('tell me a joke');
    expect(third[0]).toBe(replies.fallback.en);
    expect(third[1]).toMatch(/number \d+ in line/);
  });

  it('starts counting again after a question it could answer', async () => {
    const chat = open();
    await chat.texts('do you sell laptops');
    expect(await chat.texts('is shipping free?')).toEqual([topic('shipping').answer.en]);
    expect((await chat.store.loadSession(chat.conversationId))?.unmatchedInARow).toBe(0);
    const again = await chat.say('what is the weather in Hangzhou');
    expect(again).toEqual([{ kind: 'text', text: replies.fallback.en }]);
  });

  it('takes the offered button to a person', async () => {
    const chat = open();
    await chat.texts('do you sell laptops');
    await chat.texts('what is the weather in Hangzhou');
    const [queued] = await chat.texts(handoff.texts.humanButton.en!, { postback: 'human' });
    expect(queued).toMatch(/number \d+ in line/);
  });
});

describe('people', () => {
  it('fetches a person when asked, in the buyer\'s words', async () => {
    const chat = open();
    const [queued] = await chat.texts('我要转人工');
    expect(queued).toMatch(/前面还有\d+位/);
    expect((await chat.store.handoffOf(chat.conversationId)).state).toBe('queued');
  });

  it('apologises to an angry buyer and fetches a person at once', async () => {
    const chat = open();
    const texts = await chat.texts('esto es una estafa, os voy a poner una mala reseña');
    expect(texts[0]).toBe(replies.complaint!.es);
    expect(texts[1]).toMatch(/número \d+ en la cola/);
    expect((await chat.store.handoffOf(chat.conversationId)).state).toBe('queued');
  });

  it('asks for a call-back number instead when nobody is in the shop', async () => {
    const chat = await openOwn({ shop });
    await chat.store.setShopStatus({ mode: 'away', setAt: new Date().toISOString(), setBy: 'test' });
    const answer = await chat.say('can I talk to a real person?');
    expect(answer.at(-1)).toEqual({ kind: 'contact_request', text: handoff.texts.awayCallback.en });
  });
});

describe('contact details', () => {
  it('keeps a phone number given in passing and says so once', async () => {
    const chat = open();
    expect(await chat.texts('电话13812345678')).toEqual([shop.contact.texts.noted.zh!.replace('{reach}', '+8613812345678')]);
    expect((await chat.store.loadSession(chat.conversationId))?.contact.phone).toBe('+8613812345678');
  });

  it('acknowledges details itself when the chain has no contact flow', async () => {
    const { faq } = await import('../../../flows/faq/index.js');
    const { language } = await import('../../../flows/language/index.js');
    const chat = await openOwn({ shop, flows: [language, faq] });
    expect(await chat.texts('my phone is +34 612 34 56 78')).toEqual([shop.contact.texts.noted.en!.replace('{reach}', '+34612345678')]);
    expect((await chat.store.loadSession(chat.conversationId))?.contact.phone).toBe('+34612345678');
  });
});

describe('shop config', () => {
  it('adds the owner\'s own intent phrases to the built-in ones', async () => {
    const custom: ShopConfig = { ...shop, intents: { ...shop.intents, human: { en: ['fetch the boss'] } } };
    const chat = await openOwn({ shop: custom });
    const [queued] = await chat.texts('please fetch the boss');
    expect(queued).toMatch(/number \d+ in line/);
  });
});
