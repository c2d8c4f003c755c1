import { deadLetter, flows as defaultFlows } from '../../flows/index.js';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import type { ShopConfig } from '../../src/config/schema.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import type { Flow } from '../../src/engine/flow.js';
import type { OrdersLookup } from '../../src/orders/lookup.js';
import type { ChannelAdapter, ChannelId, InboundMessage, OutboundReply } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store, StoreOptions } from '../../src/store/types.js';
import { createFakeAdapter, type FakeAdapter } from './fakes/adapter.js';
import { eventually } from './gateway.js';

export const testStoreOptions: StoreOptions = { sessionTtlSeconds: 3600, transcriptMax: 200, dedupeTtlSeconds: 3600, leaseMs: 5000, maxPendingPerConversation: 50 };

export interface ChatOptions {
  shop?: ShopConfig;
  flows?: readonly Flow[];
  store?: Store;
  /** Shared by several chats to play two gateway instances. */
  adapter?: FakeAdapter;
  now?: Date;
  /** Loads the buyer's orders for the flows (src/orders/lookup.ts). */
  orders?: OrdersLookup;
}

let seq = 0;

/**
 * A conversation with the real engine and flows, through a fake channel: `say` sends one buyer
 * message and resolves with the replies to it, in order.
 */
export function transcript(opts: ChatOptions = {}) {
  const shop = opts.shop ?? loadShopConfig(exampleShopConfigPath());
  const store = opts.store ?? createMemoryStore(testStoreOptions);
  const adapter = opts.adapter ?? createFakeAdapter();
  let now = opts.now ?? new Date();
  const engine: Engine = createEngine({
    store,
    flows: opts.flows ?? defaultFlows,
    deadLetter,
    shop,
    log: createLogger({ level: 'error', production: false, silent: true }),
    adapters: new Map<ChannelId, ChannelAdapter>([['web', adapter]]),
    concurrency: 4,
    clock: () => now,
    ...(opts.orders ? { orders: opts.orders } : {}),
  });
  engine.start();
  const conversation = `chat${++seq}-${Math.random().toString(36).slice(2, 8)}`;

  return {
    engine,
    store,
    adapter,
    conversationId: `web:${conversation}` as const,
    setNow(at: Date) {
      now = at;
    },
    /** Send a buyer message (as `sender`, default the buyer) and wait for its replies. */
    async say(text: string, extra: Partial<InboundMessage> = {}, chat = conversation): Promise<OutboundReply[]> {
      const msg: InboundMessage = {
        id: `t${++seq}`,
        address: { channel: 'web', conversationId: `web:${chat}` },
        sender: { id: chat },
        text,
        attachments: [],
        receivedAt: now.toISOString(),
        ...extra,
      };
      await engine.receive(msg);
      const lines = await eventually(async () => {
        const all = await store.transcript(msg.address.conversationId);
        return all.some((l) => l.id === msg.id) && all;
      }, 10_000, `"${text}" processed`);
      const expected = lines.filter((l) => l.id.startsWith(`d:${msg.id}:`)).length;
      if (expected === 0) return [];
      const delivery = await eventually(() => adapter.deliveries.find((d) => d.id === `d:${msg.id}`), 10_000, `replies to "${text}"`);
      return delivery.replies;
    },
    async texts(text: string, extra: Partial<InboundMessage> = {}): Promise<string[]> {
      return (await this.say(text, extra)).map((r) => r.text);
    },
    async close() {
      await engine.stop();
      await store.close();
    },
  };
}
