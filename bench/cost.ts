import { Redis } from 'ioredis';
import { startFakeTelegram } from '../test/helpers/fakes/telegram.js';
import { writeShopConfig } from '../test/helpers/shop-config.js';
import type { TestRedis } from '../test/helpers/redis-server.js';
import { post, startGateways, update } from './e2e.js';
import { QUESTIONS } from './questions.js';

const OWNER = 'bench-owner-token-0123456789';

export interface CostResult {
  conversations: number;
  messagesPerConversation: number;
  redis_bytes_per_conversation: number;
  redis_round_trips_per_message: number;
  gateway_messages: number;
  /** Lowest sample in each fifth of the gateway run (after the Redis-cost warm-up): flat when nothing grows. */
  gateway_rss_mb_by_fifth: number[];
  gateway_heap_mb_by_fifth: number[];
}

/**
 * What the shop pays per conversation: Redis memory for `conversations` conversations of
 * `messagesPerConversation` messages (sessions, transcripts, dedupe marks, indexes), Redis round
 * trips per message, and the gateway's memory over `gatewayMessages` messages.
 */
export async function runCost(opts: { redis: TestRedis; conversations: number; messagesPerConversation: number; gatewayMessages: number; concurrency: number }): Promise<CostResult> {
  const shop = writeShopConfig({ agents: [{ name: 'Bench', role: 'owner', token: OWNER }] });
  let replies = 0;
  const telegram = await startFakeTelegram({ record: false, onSend: () => void replies++ });
  const [gateway] = await startGateways(1, opts.redis, telegram, { SHOP_CONFIG: shop });
  const url = new URL(`${gateway!.url}/webhooks/telegram`);
  const client = new Redis(opts.redis.port, '127.0.0.1');
  const metrics = async () => (await (await fetch(`${gateway!.url}/api/metrics`, { headers: { authorization: `Bearer ${OWNER}` } })).json()) as Record<string, number>;
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
  const chatBase = 50_000_000 + Math.floor(Math.random() * 1e8);

  /** Send `total` messages: conversation i gets messages i*per … in order, many conversations at once. */
  async function send(conversations: number, per: number, base: number): Promise<void> {
    let next = 0;
    const expected = replies + conversations * per;
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        for (let c = next++; c < conversations; c = next++) {
          for (let k = 0; k < per; k++) await post(url, update(base + c, QUESTIONS[(c + k) % QUESTIONS.length]!.text));
        }
      }),
    );
    const deadline = Date.now() + 120_000;
    while (replies < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }

  try {
    await send(200, 1, chatBase - 1000); // warm-up: code paths, scripts loaded
    await client.call('MEMORY', 'PURGE');
    const memBefore = await usedMemory();
    const tripsBefore = (await metrics()).redisRoundTrips!;
    await send(opts.conversations, opts.messagesPerConversation, chatBase);
    const tripsAfter = (await metrics()).redisRoundTrips!;
    await client.call('MEMORY', 'PURGE');
    const memAfter = await usedMemory();

    // Gateway memory over many more messages (each its own conversation), sampled every 250 ms.
    // A sample taken just before a garbage collection counts garbage too: the lowest samples of
    // the first and of the last fifth of the run are what stays alive (the floor).
    const samples: { at: number; heap: number; rss: number }[] = [];
    let sent = 0;
    const repliesBefore = replies;
    const sampler = setInterval(() => {
      const at = replies - repliesBefore;
      metrics().then((m) => samples.push({ at, heap: m.heapUsedBytes!, rss: m.rssBytes! }), () => undefined);
    }, 250);
    const batch = 20_000;
    try {
      while (sent < opts.gatewayMessages) {
        const n = Math.min(batch, opts.gatewayMessages - sent);
        await send(n, 1, chatBase + 10_000_000 + sent);
        sent += n;
      }
    } finally {
      clearInterval(sampler);
    }
    const fifth = opts.gatewayMessages / 5;
    const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
    const fifths = [0, 1, 2, 3, 4].map((k) => samples.filter((r) => r.at >= k * fifth && (r.at < (k + 1) * fifth || k === 4)));
    const floors = (of: (r: (typeof samples)[number]) => number) => fifths.map((rows) => (rows.length ? mb(Math.min(...rows.map(of))) : Number.NaN));
    return {
      conversations: opts.conversations,
      messagesPerConversation: opts.messagesPerConversation,
      redis_bytes_per_conversation: Math.round((memAfter - memBefore) / opts.conversations),
      // Background polling (blocking waits) is included: it is part of what a message costs at this rate.
      redis_round_trips_per_message: Math.round(((tripsAfter - tripsBefore) / (opts.conversations * opts.messagesPerConversation)) * 100) / 100,
      gateway_messages: opts.gatewayMessages,
      gateway_rss_mb_by_fifth: floors((r) => r.rss),
      gateway_heap_mb_by_fifth: floors((r) => r.heap),
    };
  } finally {
    client.disconnect();
    await gateway!.stop();
    await telegram.close();
  }
}
