import type { Logger } from 'winston';
import type { ShopConfig } from '../config/schema.js';
import type { Store } from '../store/types.js';
import { ConversationBusyError, StoreUnavailableError } from '../errors.js';
import type { Flow } from './flow.js';
import type { OrdersLookup } from '../orders/lookup.js';
import { createDeliverer } from './delivery.js';
import type { RateLimitStore } from './pacer.js';
import { watchHandoffTimeouts } from './handoff-timeouts.js';
import { createRuntime } from './runtime.js';
import { createTurnRunner, type TurnReport } from './turn.js';
import { createWorkers } from './workers.js';
import type { ChannelAdapter, ChannelId, ConversationId, GatewayPort, InboundMessage, IngestResult } from './types.js';

export { backoffMs } from './runtime.js';
export type { TurnReport } from './turn.js';

export interface EngineOptions {
  store: Store;
  flows: readonly Flow[];
  /** What a buyer whose message is parked as a dead letter is told (flows/fallback's `parked`, wired by main.ts). */
  deadLetter?: Flow;
  shop: ShopConfig;
  log: Logger;
  adapters: ReadonlyMap<ChannelId, ChannelAdapter>;
  /** Conversations processed at once per queue in this instance. */
  concurrency: number;
  clock?: () => Date;
  /** Claims of one buyer message before it is parked as a dead letter. */
  maxAttempts?: number;
  /** Tries of one delivery before it is given up. */
  maxDeliveryAttempts?: number;
  /** A buyer waiting this long for a person is told nobody came (default: the shop config's timeoutMinutes). */
  handoffTimeoutMs?: number;
  /** Loads the buyer's orders for a message that asks about them (flows have no I/O). */
  orders?: OrdersLookup;
  /** The shop config in force for a turn, when owners change it while running (the console's knowledge base); default `shop`. */
  liveShop?: () => ShopConfig;
  /** Told of every committed turn (the knowledge base keeps what the bot could not answer). Must not throw. */
  onTurn?: (turn: TurnReport) => void;
  /** Sending budgets shared by every instance (Redis); default: this instance's own. */
  rateLimits?: RateLimitStore;
  /** Under a burst, a buyer whose first answer will wait longer gets the busy reply with their place (0: never; default 20 s). */
  busyReplyAfterMs?: number;
}

/** Counters since start, for owners and benchmarks. */
export interface EngineStats {
  messagesProcessed: number;
  deliveriesSent: number;
  deliveriesFailed: number;
  deadLetters: number;
}

export interface Engine {
  readonly stats: EngineStats;
  /** Record a buyer message durably (the adapter answers the platform once this resolves). */
  receive(msg: InboundMessage): Promise<IngestResult>;
  /** What adapters get to see of the gateway. */
  readonly port: GatewayPort;
  /** Start the workers that process recorded messages and deliver replies. */
  start(): void;
  /** Stop claiming new work and wait for the work in hand to finish. */
  stop(): Promise<void>;
}

/** A buyer's edit of a message being processed waits for its commit this often, this long apart (then 503: redelivered). */
const EDIT_WAITS = 20;
const EDIT_WAIT_MS = 100;

/**
 * The conversation engine. Messages go in through `receive` (recorded, deduplicated), are
 * processed one at a time per conversation by whichever instance leases the conversation,
 * and replies go out through the durable `out` queue, delivered by `send` of the channel.
 * Its parts, one concern each: workers.ts (work in hand, admission, leases, claiming loops),
 * turn.ts (one message through the flows, committed), delivery.ts (sending, pacing, retries),
 * handoff-timeouts.ts (buyers nobody came for); this file starts and stops them.
 */
export function createEngine(opts: EngineOptions): Engine {
  const { store } = opts;
  const rt = createRuntime(store, opts.log.child({ module: 'engine' }), opts.clock ?? (() => new Date()));
  const stats: EngineStats = { messagesProcessed: 0, deliveriesSent: 0, deliveriesFailed: 0, deadLetters: 0 };
  const workers = createWorkers(rt, opts.concurrency);
  const deliver = createDeliverer(rt, { adapters: opts.adapters, maxDeliveryAttempts: opts.maxDeliveryAttempts ?? 8, stats, ...(opts.rateLimits ? { rateLimits: opts.rateLimits } : {}), busy: { afterMs: opts.busyReplyAfterMs ?? 20_000, shop: () => opts.liveShop?.() ?? opts.shop } });
  const processInbound = createTurnRunner(rt, {
    flows: opts.flows,
    ...(opts.deadLetter ? { deadLetter: opts.deadLetter } : {}),
    shop: opts.shop,
    ...(opts.liveShop ? { liveShop: opts.liveShop } : {}),
    ...(opts.orders ? { orders: opts.orders } : {}),
    ...(opts.onTurn ? { onTurn: opts.onTurn } : {}),
    maxAttempts: opts.maxAttempts ?? 5,
    stats,
    canSendNow: () => workers.hasRoom('out'),
    sendNow: (lease) => workers.work(lease, deliver),
  });
  let running = false;
  const loops: Promise<void>[] = [];

  /** Apply a buyer's edit; a message a worker holds right now is waited for briefly (its commit comes first). */
  async function editMessage(conversationId: ConversationId, messageId: string, text: string): Promise<'updated' | 'unknown'> {
    for (let waited = 0; ; waited++) {
      const result = await store.editMessage(conversationId, messageId, text);
      if (result === 'pending' || result === 'transcript') return 'updated';
      if (result === 'unknown') return 'unknown';
      if (waited >= EDIT_WAITS) throw new StoreUnavailableError(`message ${messageId} is still being processed; its edit is not applied yet`);
      await rt.pause(EDIT_WAIT_MS);
    }
  }

  const port: GatewayPort = {
    receive: (msg) => engine.receive(msg),
    transcript: (conversationId) => store.transcript(conversationId),
    sharedSecret: (name) => store.sharedSecret(name),
    markUnreachable: (conversationId) => store.markUnreachable(conversationId),
    editMessage,
    fanOut: (delivery) => store.fanOut(delivery),
    onFanOut: (handler) => store.onFanOut(handler),
  };

  const engine: Engine = {
    stats,
    port,
    async receive(msg) {
      if (msg.aside) return 'accepted'; // not said to the bot (see InboundMessage.aside)
      const conversationId = msg.address.conversationId;
      const { recorded, reserved } = await workers.admit(msg, running && !rt.stopping());
      const { lease, state } = recorded;
      // Leased to us: processed here at once (its first steps run before the platform's answer
      // goes out, which costs less than making both wait for another turn of the event loop).
      if (lease && state) workers.work(lease, (l) => processInbound(l, { msg, state }));
      else if (reserved) workers.unreserve(); // the slot it reserved is free again (duplicate, throttled, queued behind others)
      if (recorded.result === 'throttled') {
        rt.log.warn('too many messages waiting in this conversation; refusing until it catches up', { conversationId });
        throw new ConversationBusyError(`${conversationId} has ${store.options.maxPendingPerConversation} messages waiting`);
      }
      return recorded.result;
    },
    start() {
      rt.begin();
      running = true;
      workers.startHeartbeat();
      const timeoutMs = opts.handoffTimeoutMs ?? opts.shop.handoff.timeoutMinutes * 60_000;
      loops.push(workers.runQueue('in', processInbound), workers.runQueue('out', deliver), watchHandoffTimeouts(rt, timeoutMs));
    },
    async stop() {
      rt.end();
      workers.turnAwayWaiters();
      await Promise.allSettled(loops.splice(0));
      await workers.drain();
      running = false;
    },
  };
  return engine;
}
