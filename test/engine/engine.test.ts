import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import type { ShopConfig } from '../../src/config/schema.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { parked } from '../../flows/fallback/index.js';
import { ConversationBusyError } from '../../src/errors.js';
import type { Flow } from '../../src/engine/flow.js';
import type { ChannelAdapter, ChannelId, InboundMessage } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store, StoreOptions } from '../../src/store/types.js';
import { blocked, createFakeAdapter, retryable, type FakeAdapter } from '../helpers/fakes/adapter.js';
import { eventually } from '../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

const example = loadShopConfig(exampleShopConfigPath());
const shop: ShopConfig = {
  ...example,
  shop: { ...example.shop, defaultLanguage: 'en', languages: ['en', 'es'] },
  replies: { ...example.replies, greeting: { en: 'Hi!', es: '¡Hola!' }, fallback: { en: 'Sorry, a person will help.', es: 'Lo siento, te ayudará una persona.' } },
};
const log = createLogger({ level: 'error', production: false, silent: true });
const storeOptions: StoreOptions = { sessionTtlSeconds: 3600, transcriptMax: 100, dedupeTtlSeconds: 3600, leaseMs: 5000, maxPendingPerConversation: 50 };

/** Counts messages in the session and answers "<n>: <text>", so order and lost updates show. */
const counter: Flow = {
  id: 'counter',
  async run(ctx) {
    await new Promise((r) => setTimeout(r, Math.random() * 5)); // random latency shakes out races
    ctx.reply({ kind: 'text', text: `${ctx.session.messages}: ${ctx.msg.text}` });
  },
};

let seq = 0;
function message(conversation: string, text: string, extra: Partial<InboundMessage> = {}): InboundMessage {
  return {
    id: `e${++seq}`,
    address: { channel: 'web', conversationId: `web:${conversation}` },
    sender: { id: conversation },
    text,
    attachments: [],
    receivedAt: new Date().toISOString(),
    ...extra,
  };
}

const running: { engine: Engine; store: Store }[] = [];
function start(store: Store, flows: Flow[], adapter: FakeAdapter, opts: { maxAttempts?: number; maxDeliveryAttempts?: number; concurrency?: number } = {}): Engine {
  const adapters = new Map<ChannelId, ChannelAdapter>([['web', adapter]]);
  const engine = createEngine({ store, flows, deadLetter: parked, shop, log, adapters, concurrency: 8, ...opts });
  engine.start();
  running.push({ engine, store });
  return engine;
}
afterEach(async () => {
  for (const { engine, store } of running.splice(0)) {
    await engine.stop();
    await store.close();
  }
});

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

describe('engine', () => {
  it('answers 20 messages sent at once to one conversation one at a time, in order, none lost', async () => {
    const adapter = createFakeAdapter();
    const engine = start(createMemoryStore(storeOptions), [counter], adapter);
    await Promise.all(Array.from({ length: 20 }, (_, i) => engine.receive(message('race', `m${i}`))));
    const texts = await eventually(() => adapter.texts('web:race').length === 20 && adapter.texts('web:race'), 10_000, '20 replies');
    expect(texts).toEqual(Array.from({ length: 20 }, (_, i) => `${i + 1}: m${i}`));
  });

  it('holds a new buyer while the instance is saturated, and answers them once it has room', async () => {
    const adapter = createFakeAdapter();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: Flow = {
      id: 'slow',
      async run(ctx) {
        if (ctx.msg.text === 'first') await gate;
        ctx.reply({ kind: 'text', text: `re: ${ctx.msg.text}` });
      },
    };
    const engine = start(await createRedisStore(redis.url, storeOptions), [slow], adapter, { concurrency: 1 });
    expect(await engine.receive(message('saturated-a', 'first'))).toBe('accepted');
    let second: string | undefined;
    const pending = engine.receive(message('saturated-b', 'second')).then((r) => (second = r));
    await new Promise((r) => setTimeout(r, 300));
    expect(second).toBeUndefined(); // held: the one worker is busy with the first buyer
    release();
    await pending;
    expect(second).toBe('accepted');
    await eventually(() => adapter.texts('web:saturated-b').length === 1, 5000, 'second buyer answered');
    expect(adapter.texts('web:saturated-a')).toEqual(['re: first']);
  });

  it('keeps order and counts across two instances sharing one Redis', async () => {
    const adapterA = createFakeAdapter();
    const adapterB = createFakeAdapter();
    const a = start(await createRedisStore(redis.url, storeOptions), [counter], adapterA);
    const b = start(await createRedisStore(redis.url, storeOptions), [counter], adapterB);
    const conversations = ['x1', 'x2', 'x3', 'x4', 'x5'];
    for (let i = 0; i < 10; i++) {
      await Promise.all(conversations.map((c, j) => ((i + j) % 2 ? a : b).receive(message(c, `m${i}`))));
    }
    for (const c of conversations) {
      const texts = await eventually(() => {
        const all = [...adapterA.deliveries, ...adapterB.deliveries]
          .filter((d) => d.address.conversationId === `web:${c}`)
          .map((d) => d.replies[0]!.text);
        return all.length === 10 && all;
      }, 15_000, `10 replies in ${c}`);
      // Deliveries of one conversation may be made by either instance, but each text names its position.
      expect([...texts].sort((x, y) => parseInt(x) - parseInt(y))).toEqual(Array.from({ length: 10 }, (_, i) => `${i + 1}: m${i}`));
    }
    expect(adapterA.deliveries.length + adapterB.deliveries.length).toBe(50);
    expect(adapterA.deliveries.length).toBeGreaterThan(0);
    expect(adapterB.deliveries.length).toBeGreaterThan(0);
  });

  it('drops a redelivered platform message: one reply', async () => {
    const adapter = createFakeAdapter();
    const engine = start(createMemoryStore(storeOptions), [counter], adapter);
    const m = message('dup', 'once');
    expect(await engine.receive(m)).toBe('accepted');
    expect(await engine.receive(m)).toBe('duplicate');
    await engine.receive(message('dup', 'after'));
    await eventually(() => adapter.texts('web:dup').length === 2, 5000, 'two replies');
    expect(adapter.texts('web:dup')).toEqual(['1: once', '2: after']);
  });

  it('parks a message that keeps failing, offers a person, and goes on with the next one', async () => {
    const adapter = createFakeAdapter();
    const poison: Flow = {
      id: 'poison',
      run(ctx, next) {
        if (ctx.msg.text === 'poison') throw new Error('cannot handle this');
        return next();
      },
    };
    const store = createMemoryStore({ ...storeOptions });
    const engine = start(store, [poison, counter], adapter, { maxAttempts: 2 });
    await engine.receive(message('sick', 'poison'));
    await engine.receive(message('sick', 'next'));
    const texts = await eventually(() => adapter.texts('web:sick').length === 2 && adapter.texts('web:sick'), 20_000, 'both answered');
    expect(texts[0]).toBe('Sorry, a person will help.');
    expect(texts[1]).toMatch(/: next$/);
    const dead = await store.deadLetters();
    expect(dead).toHaveLength(1);
    expect(JSON.parse(dead[0]!.item).text).toBe('poison');
  });

  it('tells a parked buyer in their own language, with a button for a person', async () => {
    const adapter = createFakeAdapter();
    const poison: Flow = {
      id: 'poison',
      run() {
        throw new Error('cannot handle this');
      },
    };
    const engine = start(createMemoryStore({ ...storeOptions }), [poison], adapter, { maxAttempts: 1 });
    await engine.receive(message('sick-es', 'hola', { languageHint: 'es-ES' }));
    await eventually(() => adapter.texts('web:sick-es').length === 1, 20_000, 'parked and answered');
    expect(adapter.texts('web:sick-es')).toEqual(['Lo siento, te ayudará una persona.']);
    const reply = adapter.deliveries.flatMap((d) => d.replies)[0];
    expect(reply?.kind === 'text' && reply.quickReplies?.map((q) => q.payload)).toEqual(['human']);
  });

  it('retries a delivery the platform failed, and delivers it once', async () => {
    const adapter = createFakeAdapter();
    adapter.failNext(1, retryable);
    const engine = start(createMemoryStore(storeOptions), [counter], adapter);
    await engine.receive(message('flaky', 'hello'));
    await eventually(() => adapter.texts('web:flaky').length === 1, 10_000, 'delivered after a retry');
    expect(adapter.sendCalls).toBe(2);
    expect(adapter.texts('web:flaky')).toEqual(['1: hello']);
  });

  it('stops delivering to a buyer who blocked the bot until they write again', async () => {
    const adapter = createFakeAdapter();
    adapter.failNext(1, blocked);
    const store = createMemoryStore(storeOptions);
    const engine = start(store, [counter], adapter);
    await engine.receive(message('gone', 'first'));
    await eventually(() => store.isUnreachable('web:gone'), 5000, 'marked unreachable');
    expect(adapter.sendCalls).toBe(1); // a permanent refusal is not retried
    await engine.receive(message('gone', 'back again'));
    await eventually(() => adapter.texts('web:gone').length === 1, 5000, 'delivered once the buyer wrote');
    expect(adapter.texts('web:gone')).toEqual(['2: back again']);
  });

  it('refuses a flooding buyer\'s extra messages for now (the platform retries), while other buyers go on', async () => {
    const adapter = createFakeAdapter();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: Flow = { id: 'slow', async run(ctx) { if (ctx.msg.address.conversationId === 'web:flood') await gate; ctx.reply({ kind: 'text', text: ctx.msg.text }); } };
    const engine = start(createMemoryStore({ ...storeOptions, maxPendingPerConversation: 3 }), [slow], adapter);
    for (let i = 0; i < 3; i++) await engine.receive(message('flood', `f${i}`));
    await expect(engine.receive(message('flood', 'f3'))).rejects.toThrow(ConversationBusyError);
    await engine.receive(message('calm', 'hello'));
    await eventually(() => adapter.texts('web:calm').length === 1, 5000, 'the other buyer answered');
    release();
    await eventually(() => adapter.texts('web:flood').length === 3, 5000, 'the flood drained');
  });

  it('answers in the buyer\'s language from the platform hint, else the shop default', async () => {
    const adapter = createFakeAdapter();
    const greet: Flow = { id: 'greet', run(ctx) { ctx.reply({ kind: 'text', text: ctx.t(ctx.shop.replies.greeting) }); } };
    const engine = start(createMemoryStore(storeOptions), [greet], adapter);
    await engine.receive(message('lang-es', 'x', { languageHint: 'es-ES' }));
    await engine.receive(message('lang-fr', 'x', { languageHint: 'fr' }));
    await eventually(() => adapter.deliveries.length === 2, 5000, 'two replies');
    expect(adapter.texts('web:lang-es')).toEqual(['¡Hola!']);
    expect(adapter.texts('web:lang-fr')).toEqual(['Hi!']);
  });
});
