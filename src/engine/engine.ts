import type { Logger } from 'winston';
import type { LocalizedText, ShopConfig } from '../config/schema.js';
import { initialSession, type Session } from '../store/session.js';
import type { GatewayEvent } from '../store/handoff.js';
import type { ShopStatus } from '../store/shop-status.js';
import type { Committed, Ingested, Lease, QueueName, Store, Turn, TurnState } from '../store/types.js';
import { compose } from './compose.js';
import { Pacer, type RateLimitStore } from './pacer.js';
import { AdapterError, ConversationBusyError, StoreUnavailableError } from '../errors.js';
import type { Flow, FlowContext } from './flow.js';
import type { OrdersLookup } from '../orders/lookup.js';
import { HUMAN_PAYLOAD, type ChannelAdapter, type ChannelId, type ConversationId, type Delivery, type GatewayPort, type InboundMessage, type IngestResult, type OutboundReply, type TranscriptEntry } from './types.js';

export interface EngineOptions {
  store: Store;
  flows: readonly Flow[];
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
}

/** One processed buyer message, as `onTurn` sees it. */
export interface TurnReport {
  msg: InboundMessage;
  lang: string;
  /** Ids of the flows that ran, in order. */
  flows: readonly string[];
  replies: readonly OutboundReply[];
  /** Why the conversation was queued for a person this turn, if it was. */
  humanRequested?: string;
  shop: ShopConfig;
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

/** Longest a webhook waits for room in a saturated instance before its message is recorded anyway. */
const ADMISSION_WAIT_MS = 2_000;
/** A buyer's edit of a message being processed waits for its commit this often, this long apart (then 503: redelivered). */
const EDIT_WAITS = 20;
const EDIT_WAIT_MS = 100;

/** Exponential backoff with jitter, capped at a minute. */
export function backoffMs(attempt: number): number {
  const base = Math.min(60_000, 500 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** A value made the first time it is asked for: per-message loggers, which most turns never use at the usual levels. */
function madeOnFirstUse<T extends object>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

function pickLanguage(shop: ShopConfig, ...candidates: (string | undefined)[]): string {
  for (const c of candidates) {
    const code = c?.slice(0, 2).toLowerCase();
    if (code && shop.shop.languages.includes(code)) return code;
  }
  return shop.shop.defaultLanguage;
}

/**
 * The conversation engine. Messages go in through `receive` (recorded, deduplicated), are
 * processed one at a time per conversation by whichever instance leases the conversation,
 * and replies go out through the durable `out` queue, delivered by `send` of the channel.
 */
export function createEngine(opts: EngineOptions): Engine {
  const { store, shop, adapters } = opts;
  const log = opts.log.child({ module: 'engine' });
  const clock = opts.clock ?? (() => new Date());
  const maxAttempts = opts.maxAttempts ?? 5;
  const maxDeliveryAttempts = opts.maxDeliveryAttempts ?? 8;
  const runFlows = compose(opts.flows);
  const pacer = new Pacer(opts.rateLimits, log);
  const stats: EngineStats = { messagesProcessed: 0, deliveriesSent: 0, deliveriesFailed: 0, deadLetters: 0 };
  let stopping = false;
  let running = false;
  let stopSignal = new AbortController();
  const loops: Promise<void>[] = [];
  /** Sleep, but wake at once when the engine stops. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const signal = stopSignal.signal;
      const wake = () => (clearTimeout(timer), resolve());
      const timer = setTimeout(() => (signal.removeEventListener('abort', wake), resolve()), ms);
      signal.addEventListener('abort', wake, { once: true });
    });

  /**
   * Finish a step on a lease even if Redis blinks: the work is done (a message sent, a turn
   * computed), so keep trying while the lease can still be ours rather than letting it expire
   * and be done twice. Gives up (and lets the lease expire) when the engine stops.
   */
  async function settle<T>(what: string, op: () => Promise<T>): Promise<T | undefined> {
    const deadline = Date.now() + store.options.leaseMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await op();
      } catch (err) {
        if (!(err instanceof StoreUnavailableError) || Date.now() > deadline || stopping) throw err;
        if (attempt === 1) log.warn(`store unavailable; retrying ${what}`, { err });
        await pause(Math.min(1000, 50 * attempt));
      }
    }
  }

  /** Work in hand per queue in this instance: claimed by the loops, or leased on the spot. */
  const working: Record<QueueName, Set<Promise<void>>> = { in: new Set(), out: new Set() };
  /** Every lease this instance holds, with when it was last extended (one timer keeps them all). */
  const held = new Map<Lease, number>();
  let heartbeat: NodeJS.Timeout | undefined;
  /** Slots reserved for buyer messages being recorded to be leased here: counted in, so admission cannot overshoot. */
  let admitting = 0;
  /**
   * Work in hand allowed per queue. Deliveries get four times the conversations: each turn hands
   * one on, and a send lasts longer than the turn, so with the same limit deliveries would pile up
   * in the queue while new ones were sent first.
   */
  const limit: Record<QueueName, number> = { in: opts.concurrency, out: opts.concurrency * 4 };
  const freeSlots = (queue: QueueName) => limit[queue] - working[queue].size - (queue === 'in' ? admitting : 0);
  const hasRoom = (queue: QueueName) => freeSlots(queue) > 0;
  /** Webhooks waiting for a slot, first come first served; `grant` reserves one for the first. */
  const roomWaiters: { grant: () => void; cancel: () => void }[] = [];
  /**
   * Reserve a slot for one more conversation, waiting (up to `ms`) while the instance is saturated.
   * Holding the platform's request then is the backpressure that keeps buyers' replies prompt:
   * otherwise webhooks are acknowledged faster than they can be answered, and the backlog, and
   * every buyer's wait, grow for as long as the rush lasts. Waiters are served in order, before
   * newcomers. False: no slot in time (or the engine stops).
   */
  function reserveSlot(ms: number): Promise<boolean> {
    if (roomWaiters.length === 0 && hasRoom('in')) {
      admitting++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          admitting++;
          resolve(true);
        },
        cancel: () => {
          clearTimeout(timer);
          resolve(false);
        },
      };
      const timer = setTimeout(() => {
        roomWaiters.splice(roomWaiters.indexOf(waiter), 1);
        resolve(false);
      }, ms);
      roomWaiters.push(waiter);
    });
  }
  /** A slot came free: give it to the longest waiting webhook. */
  function slotFreed(): void {
    while (roomWaiters.length > 0 && hasRoom('in')) roomWaiters.shift()!.grant();
  }

  /** Run the handler on a lease, counted in its queue's work in hand; a failure lets the lease expire (retried). */
  function work(lease: Lease, handle: (lease: Lease) => Promise<void>): void {
    held.set(lease, Date.now());
    const task = handle(lease)
      .catch((err: unknown) => {
        log.error('work failed; the lease expires and it is retried', { err, queue: lease.queue, conversationId: lease.conversationId });
      })
      .finally(() => {
        held.delete(lease);
        working[lease.queue].delete(task);
        if (lease.queue === 'in') slotFreed();
      });
    working[lease.queue].add(task);
  }

  /** Keep every lease held for a while (a slow send, a slow flow) from expiring and being taken over. */
  function extendLongLeases(): void {
    const due = Date.now() - store.options.leaseMs / 3;
    for (const [lease, extendedAt] of held) {
      if (extendedAt > due) continue;
      held.set(lease, Date.now());
      store.extend(lease).catch(() => undefined);
    }
  }

  /** Commit a turn; a delivery leased to us at once is sent right away, without a round trip through the queue. */
  async function commit(lease: Lease, turn: Turn): Promise<boolean> {
    const inline = turn.delivery !== undefined && !stopping && hasRoom('out');
    const result = await settle('commit', async (): Promise<Committed> => (inline ? store.commitTurnAndLease(lease, turn) : { committed: await store.commitTurn(lease, turn) }));
    if (result?.delivery) work(result.delivery, processOutbound);
    return result?.committed ?? false;
  }

  async function processInbound(lease: Lease, prefetched?: { msg: InboundMessage; state: TurnState }): Promise<void> {
    const started = performance.now();
    const shop = opts.liveShop?.() ?? opts.shop;
    const msg = prefetched?.msg ?? (JSON.parse(lease.item) as InboundMessage);
    const conversationId = msg.address.conversationId;
    const mlog = madeOnFirstUse(() => log.child({ conversationId, msgId: msg.id }));
    const now = clock();
    // A gateway-made event (e.g. a handoff timeout) is not something the buyer said.
    const buyerLines: TranscriptEntry[] = msg.event ? [] : [{ id: msg.id, from: 'buyer', text: msg.text, at: msg.receivedAt }];

    if (lease.attempts > maxAttempts) {
      // A poisoned message must not block the conversation: park it, tell the buyer a person will look.
      const stored = await store.loadSession(conversationId);
      const lang = pickLanguage(shop, stored?.lang, msg.languageHint);
      const pick = (t: LocalizedText) => t[lang] ?? t[shop.shop.defaultLanguage]!;
      const text = pick(shop.replies.fallback);
      const quickReplies = [{ label: pick(shop.handoff.texts.humanButton), payload: HUMAN_PAYLOAD }];
      const delivery: Delivery = { id: `d:${msg.id}`, address: msg.address, replies: [{ kind: 'text', text, quickReplies }] };
      await commit(lease, {
        transcript: [...buyerLines, { id: `${delivery.id}:0`, from: 'bot', text, at: now.toISOString(), quickReplies }],
        delivery,
        deadLetter: { queue: 'in', conversationId, item: lease.item, reason: `failed ${lease.attempts - 1} times`, at: now.toISOString() },
      });
      stats.deadLetters++;
      mlog().error('message parked as a dead letter after repeated failures', { attempts: lease.attempts - 1 });
      return;
    }

    const state = prefetched?.state ?? (await store.loadTurnState(conversationId));
    let session: Session = state.session ?? initialSession(msg.address, now);
    const contactBefore = JSON.stringify(session.contact);
    session = { ...session, address: msg.address, messages: session.messages + 1, lastSeenAt: now.toISOString() };
    // The stored session: its lastSeenAt tells whether the buyer is coming back after a while.
    const orders = opts.orders && !msg.event ? await opts.orders(msg, state.session ?? session) : undefined;
    const replies: OutboundReply[] = [];
    let statusChange: { status: ShopStatus | undefined } | undefined;
    let humanRequested: string | undefined;
    const ctx: FlowContext = {
      msg,
      session,
      shop,
      now,
      ownerStatus: state.status,
      handoff: state.handoff,
      queueLength: state.queueLength,
      ...(orders ? { orders } : {}),
      requestHuman: (reason) => void (humanRequested ??= reason),
      get log() {
        return mlog();
      },
      lang: pickLanguage(shop, session.lang, msg.languageHint),
      replies,
      reply: (...r) => void replies.push(...r),
      setShopStatus: (status) => void (statusChange = { status }),
      t: (text: LocalizedText) => text[ctx.lang] ?? text[shop.shop.defaultLanguage] ?? Object.values(text)[0] ?? '',
    };
    let ran: string[];
    try {
      ran = await runFlows(ctx);
    } catch (err) {
      mlog().error('flow failed; will retry', { err, attempt: lease.attempts });
      await store.retryLater(lease, backoffMs(lease.attempts));
      return;
    }
    ctx.session.lang = ctx.lang;
    // Written before the commit: if the commit is lost, the retried turn sets the same status again.
    if (statusChange) await store.setShopStatus(statusChange.status);
    let queued: { position: number } | undefined;
    if (humanRequested && state.handoff.state !== 'queued' && state.handoff.state !== 'agent') {
      queued = await store.requestHuman(conversationId, humanRequested);
    }
    const delivery: Delivery | undefined = replies.length ? { id: `d:${msg.id}`, address: msg.address, replies } : undefined;
    const botLines: TranscriptEntry[] = replies.map((r, i) => ({
      id: `${delivery!.id}:${i}`,
      from: 'bot',
      text: r.text,
      at: now.toISOString(),
      ...(r.kind === 'text' && r.quickReplies ? { quickReplies: r.quickReplies } : {}),
    }));
    // Agents' live views get the transcript lines from the commit, and here who now holds the conversation.
    const events: GatewayEvent[] = [];
    if (queued) events.push({ type: 'handoff', conversationId, state: 'queued', reason: humanRequested!, position: queued.position, at: now.toISOString() });
    const contactChanged = JSON.stringify(ctx.session.contact) !== contactBefore;
    const committed = await commit(lease, {
      session: ctx.session,
      transcript: [...buyerLines, ...botLines],
      delivery,
      events,
      ...(contactChanged ? { contact: Object.keys(ctx.session.contact).length ? (ctx.session.contact as Record<string, string>) : null } : {}),
    });
    if (!committed) {
      mlog().warn('lease lost before commit; another worker processes this message');
      return;
    }
    stats.messagesProcessed++;
    opts.onTurn?.({ msg, lang: ctx.lang, flows: ran, replies, ...(humanRequested ? { humanRequested } : {}), shop });
    if (log.isInfoEnabled()) mlog().info('message processed', { channel: msg.address.channel, flows: ran, replies: replies.length, ms: Math.round(performance.now() - started) });
  }

  async function processOutbound(lease: Lease): Promise<void> {
    const delivery = JSON.parse(lease.item) as Delivery;
    const { conversationId, channel } = delivery.address;
    const dlog = madeOnFirstUse(() => log.child({ conversationId, deliveryId: delivery.id, module: 'delivery' }));
    const adapter = adapters.get(channel);
    if (!adapter) {
      dlog().error('no adapter for this channel is running; delivery dropped', { channel });
      await store.ack(lease);
      return;
    }
    if (lease.unreachable) {
      dlog().info('buyer is unreachable (blocked the bot); delivery skipped');
      await store.ack(lease);
      return;
    }
    const limit = adapter.capabilities.rateLimit;
    const pace = await pacer.take(channel, conversationId, limit); // later: this chat's gap, the bot paused, or its rate booked far ahead
    if (pace.laterMs > 0) return void (await store.retryLater(lease, pace.laterMs, { countAttempt: false })); // the worker goes on with others
    if (pace.waitMs > 0) await pause(pace.waitMs);
    if (stopping && pace.waitMs > 0) return void (await store.retryLater(lease, 0, { countAttempt: false })); // woken by the stop: not sent in a rush
    try {
      await adapter.send(delivery);
    } catch (err) {
      stats.deliveriesFailed++;
      const adapterError = err instanceof AdapterError ? err : undefined;
      if (adapterError?.opts.permanent) {
        dlog().warn('platform refused the buyer permanently; marking unreachable', { op: adapterError.op, status: adapterError.opts.status });
        await store.markUnreachable(conversationId);
        await store.ack(lease);
        return;
      }
      if (adapterError?.opts.hold) {
        // The channel is down (the shop's token is dead), not the buyer: the reply waits for an operator's fix.
        dlog().warn('channel is down; delivery held in the queue', { op: adapterError.op, delayMs: adapterError.opts.retryAfterMs });
        await store.retryLater(lease, adapterError.opts.retryAfterMs ?? backoffMs(lease.attempts), { countAttempt: false });
        return;
      }
      const limited = await pacer.refused(channel, conversationId, limit, adapterError); // a 429: a wait, not a failed try
      if (limited !== undefined) return void (await store.retryLater(lease, limited, { countAttempt: false }));
      const retryable = adapterError ? adapterError.opts.retryable : true;
      if (!retryable || lease.attempts >= maxDeliveryAttempts) {
        dlog().error('delivery given up', { err, attempts: lease.attempts });
        await store.ack(lease);
        return;
      }
      const delay = adapterError?.opts.retryAfterMs ?? backoffMs(lease.attempts);
      dlog().warn('delivery failed; will retry', { err, attempt: lease.attempts, delayMs: delay });
      await store.retryLater(lease, delay);
      return;
    }
    stats.deliveriesSent++;
    await settle('ack', () => store.ack(lease)); // sent: don't let an outage make it sent twice
    if (log.isDebugEnabled()) dlog().debug('delivered', { replies: delivery.replies.length });
  }

  /** One claiming loop per queue, for work no instance took on the spot (backlog, retries, other instances' leftovers). */
  async function runQueue(queue: QueueName, handle: (lease: Lease) => Promise<void>): Promise<void> {
    const qlog = log.child({ queue });
    const active = working[queue];
    while (!stopping) {
      if (!hasRoom(queue)) {
        // Full: wait for a task to end (or, when the slots are only reserved by webhooks, a moment).
        await (active.size > 0 ? Promise.race(active) : pause(10));
        continue;
      }
      let leases: Lease[];
      try {
        // As many conversations as there are free workers, in one round trip.
        leases = await store.claimBatch(queue, freeSlots(queue), 1000);
      } catch (err) {
        qlog.warn('cannot claim work; retrying', { err });
        await pause(500);
        continue;
      }
      for (const lease of leases) work(lease, handle);
    }
    await Promise.allSettled(active);
  }

  /**
   * Buyers queued for a person longer than the timeout: each is told once, by recording a
   * gateway-made message in their conversation (so it is processed in order, like any other).
   */
  async function watchHandoffTimeouts(): Promise<void> {
    const timeoutMs = opts.handoffTimeoutMs ?? shop.handoff.timeoutMinutes * 60_000;
    const every = Math.min(5000, Math.max(50, timeoutMs / 4));
    while (!stopping) {
      await pause(every);
      if (stopping) return;
      try {
        for (const conversationId of await store.takeQueueTimeouts(new Date(clock().getTime() - timeoutMs))) {
          const [session, handoff] = await Promise.all([store.loadSession(conversationId), store.handoffOf(conversationId)]);
          if (!session || handoff.state !== 'queued') continue;
          await store.ingest({
            id: `handoff-timeout:${conversationId}:${handoff.queuedAt ?? ''}`,
            address: session.address,
            sender: { id: 'gateway' },
            text: '',
            attachments: [],
            receivedAt: clock().toISOString(),
            event: 'handoff_timeout',
          });
        }
      } catch (err) {
        log.warn('cannot check handoff timeouts; retrying', { err });
      }
    }
  }

  /** Apply a buyer's edit; a message a worker holds right now is waited for briefly (its commit comes first). */
  async function editMessage(conversationId: ConversationId, messageId: string, text: string): Promise<'updated' | 'unknown'> {
    for (let waited = 0; ; waited++) {
      const result = await store.editMessage(conversationId, messageId, text);
      if (result === 'pending' || result === 'transcript') return 'updated';
      if (result === 'unknown') return 'unknown';
      if (waited >= EDIT_WAITS) throw new StoreUnavailableError(`message ${messageId} is still being processed; its edit is not applied yet`);
      await pause(EDIT_WAIT_MS);
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
      const conversationId = msg.address.conversationId;
      const reserved = running && !stopping && (await reserveSlot(ADMISSION_WAIT_MS));
      let recorded: Ingested;
      if (reserved) {
        try {
          recorded = await store.ingestAndLease(msg);
        } catch (err) {
          admitting--;
          slotFreed();
          throw err;
        }
        admitting--;
      } else {
        // No slot in time (or stopping): record it anyway, never lose it; a worker claims it in turn.
        recorded = { result: await store.ingest(msg) };
      }
      const { lease, state } = recorded;
      // Leased to us: processed here at once (its first steps run before the platform's answer
      // goes out, which costs less than making both wait for another turn of the event loop).
      if (lease && state) work(lease, (l) => processInbound(l, { msg, state }));
      else if (reserved) slotFreed(); // the slot it reserved is free again (duplicate, throttled, queued behind others)
      if (recorded.result === 'throttled') {
        log.warn('too many messages waiting in this conversation; refusing until it catches up', { conversationId });
        throw new ConversationBusyError(`${conversationId} has ${store.options.maxPendingPerConversation} messages waiting`);
      }
      return recorded.result;
    },
    start() {
      stopping = false;
      running = true;
      stopSignal = new AbortController();
      heartbeat = setInterval(extendLongLeases, store.options.leaseMs / 6);
      loops.push(runQueue('in', processInbound), runQueue('out', processOutbound), watchHandoffTimeouts());
    },
    async stop() {
      stopping = true;
      stopSignal.abort();
      for (const waiter of roomWaiters.splice(0)) waiter.cancel();
      await Promise.allSettled(loops.splice(0));
      await Promise.allSettled([...working.in, ...working.out]);
      clearInterval(heartbeat);
      running = false;
    },
  };
  return engine;
}
