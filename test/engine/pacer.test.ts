import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { Pacer } from '../../src/engine/pacer.js';
import type { ConversationId } from '../../src/engine/types.js';
import { AdapterError } from '../../src/errors.js';
import { createRedisRateLimits, type RateLimitStore } from '../../src/store/rate-limit.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import type { Flow } from '../../src/engine/flow.js';
import type { ChannelAdapter, ChannelId, InboundMessage } from '../../src/engine/types.js';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/types.js';
import { createFakeAdapter, type FakeAdapter } from '../helpers/fakes/adapter.js';
import { eventually } from '../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

const log = createLogger({ level: 'error', production: false });
let redis: TestRedis;
const opened: RateLimitStore[] = [];
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const c of opened) await c.close();
  await redis?.stop();
});

/** A gateway instance's pacer on the shared Redis. */
function instance(): Pacer {
  const limits = createRedisRateLimits(redis.url);
  opened.push(limits);
  return new Pacer(limits, log);
}

const TELEGRAM = { perSecond: 30, conversationIntervalMs: 1000 };
const tooMany = (seconds: number) => new AdapterError('telegram', 'sendMessage', { retryable: true, status: 429, retryAfterMs: seconds * 1000 });
let n = 0;
const chat = (id: string): ConversationId => `telegram:pacer-${++n}-${id}`;

describe('pacer', () => {
  it('keeps the bot under its rate across instances: the 31st message of a second waits, whichever instance sends it', async () => {
    const [a, b] = [instance(), instance()];
    const waits: number[] = [];
    for (let i = 0; i < 31; i++) waits.push((await (i % 2 ? b : a).take('telegram-rate', chat(String(i)), { perSecond: 30 })).waitMs);
    expect(waits[0]).toBe(0);
    expect(waits[30]).toBeGreaterThan(500); // a second's worth booked ahead of it, less the time the 31 calls took
  });

  it('pauses the bot on every instance when Telegram refuses two chats (flood control), for its retry_after', async () => {
    const [a, b] = [instance(), instance()];
    expect(await a.refused('telegram', chat('x'), TELEGRAM, tooMany(5))).toBe(5000);
    expect(await a.refused('telegram', chat('y'), TELEGRAM, tooMany(5))).toBe(5000);
    const other = await b.take('telegram', chat('z'), TELEGRAM);
    expect(other.laterMs).toBeGreaterThan(3000); // the other instance does not send either
    expect(other.waitMs).toBe(0);
  });

  it('keeps a 429 for one chat to that chat: other chats go on, on every instance', async () => {
    const [a, b] = [instance(), instance()];
    const x = chat('x');
    expect(await a.refused('telegram-chat', x, TELEGRAM, tooMany(5))).toBe(5000);
    expect((await b.take('telegram-chat', x, TELEGRAM)).laterMs).toBeGreaterThan(3000);
    expect(await b.take('telegram-chat', chat('y'), TELEGRAM)).toEqual({ waitMs: 0, laterMs: 0 });
  });

  it('leaves other failures and unpaced channels to the usual retries', async () => {
    const a = instance();
    expect(await a.refused('telegram', chat('x'), TELEGRAM, new AdapterError('telegram', 'sendMessage', { retryable: true, status: 502 }))).toBeUndefined();
    expect(await a.refused('web', 'web:x', undefined, tooMany(5))).toBeUndefined();
    expect(await a.take('web', 'web:x', undefined)).toEqual({ waitMs: 0, laterMs: 0 });
  });

  it('spaces deliveries to one chat on channels without a bot rate, in the process', async () => {
    const a = new Pacer(undefined, log);
    const slack = { conversationIntervalMs: 1000 };
    expect(await a.take('slack', 'slack:c1', slack)).toEqual({ waitMs: 0, laterMs: 0 });
    expect((await a.take('slack', 'slack:c1', slack)).laterMs).toBeGreaterThan(0);
    expect(await a.take('slack', 'slack:c2', slack)).toEqual({ waitMs: 0, laterMs: 0 });
  });
});

describe('pacing with two gateway instances on one Redis', () => {
  const engines: { engine: Engine; store: Store }[] = [];
  afterAll(async () => {
    for (const { engine, store } of engines) {
      await engine.stop();
      await store.close();
    }
  });
  const shop = loadShopConfig(exampleShopConfigPath());
  const echo: Flow = { id: 'echo', run: async (ctx) => void ctx.reply({ kind: 'text', text: `re: ${ctx.msg.text}` }) };
  /** When each conversation got its reply (Date.now()), whichever instance sent it. */
  const sentAt = new Map<string, number>();
  async function gateway(): Promise<{ engine: Engine; adapter: FakeAdapter }> {
    const adapter = createFakeAdapter();
    Object.assign(adapter, { capabilities: { ...adapter.capabilities, rateLimit: TELEGRAM } });
    const send = adapter.send.bind(adapter);
    adapter.send = async (delivery) => {
      await send(delivery);
      sentAt.set(delivery.address.conversationId, Date.now());
    };
    const store = await createRedisStore(redis.url, { sessionTtlSeconds: 3600, transcriptMax: 10, dedupeTtlSeconds: 3600, leaseMs: 5000, maxPendingPerConversation: 50 });
    const limits = createRedisRateLimits(redis.url);
    opened.push(limits);
    const engine = createEngine({ store, flows: [echo], shop, log, adapters: new Map<ChannelId, ChannelAdapter>([['web', adapter]]), concurrency: 8, rateLimits: limits });
    engine.start();
    engines.push({ engine, store });
    return { engine, adapter };
  }
  let m = 0;
  const msg = (conversation: string): InboundMessage => ({ id: `pace-${++m}`, address: { channel: 'web', conversationId: `web:${conversation}` }, sender: { id: conversation }, text: conversation, attachments: [], receivedAt: new Date().toISOString() });

  it('a flood-control 429 on one instance holds the other instance\'s replies until retry_after has passed; nothing is lost', async () => {
    const [a, b] = [await gateway(), await gateway()];
    a.adapter.failNext(2, () => tooMany(3));
    await a.engine.receive(msg('flood-1'));
    await a.engine.receive(msg('flood-2'));
    await eventually(() => a.adapter.sendCalls >= 2, 10_000, 'two chats refused');
    const refusedBy = Date.now();
    await b.engine.receive(msg('flood-3'));
    await eventually(() => ['flood-1', 'flood-2', 'flood-3'].every((c) => sentAt.has(`web:${c}`)), 15_000, 'all three answered');
    expect(sentAt.get('web:flood-3')! - refusedBy).toBeGreaterThanOrEqual(2500); // not sent during the pause, though another instance took it
    const texts = [...a.adapter.deliveries, ...b.adapter.deliveries].map((d) => d.replies[0]!.text).sort();
    expect(texts).toEqual(['re: flood-1', 're: flood-2', 're: flood-3']);
  });

  it('a 429 for one chat holds that chat only: the other instance answers other buyers meanwhile', async () => {
    const [a, b] = [await gateway(), await gateway()];
    a.adapter.failNext(1, () => tooMany(3));
    await a.engine.receive(msg('chat-1'));
    await eventually(() => a.adapter.sendCalls >= 1, 10_000, 'the chat refused');
    await b.engine.receive(msg('chat-2'));
    await eventually(() => sentAt.has('web:chat-1') && sentAt.has('web:chat-2'), 15_000, 'both answered');
    expect(sentAt.get('web:chat-2')!).toBeLessThan(sentAt.get('web:chat-1')!); // the other buyer did not wait for the refused chat
  });
});
