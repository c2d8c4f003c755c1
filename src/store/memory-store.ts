import { randomBytes, randomUUID } from 'node:crypto';
import type { ConversationId, Delivery, InboundMessage, IngestResult, TranscriptEntry } from '../engine/types.js';
import type { QueueName } from './keys.js';
import { parseSession, serializeSession } from './session.js';
import { parseShopStatus } from './shop-status.js';
import { summarize, toHandoff, type GatewayEvent } from './handoff.js';
import type { Committed, DeadLetter, Ingested, Lease, Store, StoreOptions, Turn, TurnState } from './types.js';

/** One keyed queue in memory, with the same rules as the Redis one (see redis-store.ts). */
class MemoryQueue {
  constructor(readonly name: QueueName) {}

  readonly items = new Map<string, string[]>();
  readonly ready: string[] = [];
  readonly leases = new Map<string, { token: string; expiresAt: number }>();
  readonly delayed = new Map<string, number>();
  readonly attempts = new Map<string, number>();
  #waiters: (() => void)[] = [];

  push(conv: string, item: string): void {
    const list = this.items.get(conv);
    if (list) {
      list.push(item);
      return; // already scheduled: ready, leased or delayed
    }
    this.items.set(conv, [item]);
    this.#makeReady(conv);
  }

  /** Push; when the conversation had nothing pending, lease it at once instead of making it ready. */
  pushAndHold(conv: string, item: string, now: number, leaseMs: number): Lease | undefined {
    if (this.items.has(conv)) {
      this.push(conv, item);
      return undefined;
    }
    this.items.set(conv, [item]);
    return this.#lease(conv, now, leaseMs);
  }

  claim(now: number, leaseMs: number): Lease | undefined {
    for (const [conv, due] of this.delayed) {
      if (due > now) continue;
      this.delayed.delete(conv);
      this.#makeReady(conv);
    }
    for (const [conv, lease] of this.leases) {
      if (lease.expiresAt > now) continue;
      this.leases.delete(conv); // the worker holding it died or stalled: give it to another
      this.#makeReady(conv);
    }
    const conv = this.ready.shift();
    if (conv === undefined) return undefined;
    return this.#lease(conv, now, leaseMs);
  }

  #lease(conv: string, now: number, leaseMs: number): Lease {
    const token = randomUUID();
    this.leases.set(conv, { token, expiresAt: now + leaseMs });
    const attempts = (this.attempts.get(conv) ?? 0) + 1;
    this.attempts.set(conv, attempts);
    return { queue: this.name, conversationId: conv as ConversationId, item: this.items.get(conv)![0]!, attempts, token };
  }

  owns(conv: string, token: string): boolean {
    return this.leases.get(conv)?.token === token;
  }

  extend(conv: string, token: string, until: number): boolean {
    const lease = this.leases.get(conv);
    if (lease?.token !== token) return false;
    lease.expiresAt = until;
    return true;
  }

  ack(conv: string, token: string): boolean {
    if (!this.owns(conv, token)) return false;
    this.leases.delete(conv);
    this.attempts.delete(conv);
    const list = this.items.get(conv)!;
    list.shift();
    if (list.length > 0) this.#makeReady(conv);
    else this.items.delete(conv);
    return true;
  }

  retryLater(conv: string, token: string, dueAt: number, countAttempt: boolean): boolean {
    if (!this.owns(conv, token)) return false;
    this.leases.delete(conv);
    this.delayed.set(conv, dueAt);
    if (!countAttempt) this.attempts.set(conv, (this.attempts.get(conv) ?? 1) - 1);
    return true;
  }

  /** Resolves on the next enqueue or after `ms`. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#waiters.push(done);
    });
  }

  #makeReady(conv: string): void {
    this.ready.push(conv);
    const waiter = this.#waiters.shift();
    waiter?.();
  }
}

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/**
 * The in-process store: same contract as Redis, for running with no external service.
 * State is lost on restart and cannot be shared, so only one instance may run on it.
 */
export function createMemoryStore(options: StoreOptions): Store {
  const queues: Record<QueueName, MemoryQueue> = { in: new MemoryQueue('in'), out: new MemoryQueue('out') };
  const seen = new Map<string, number>();
  const sessions = new Map<string, Expiring<string>>();
  const transcripts = new Map<string, Expiring<string[]>>();
  const unreachable = new Set<string>();
  const secrets = new Map<string, string>();
  const dead: string[] = [];
  const contactIndex = new Map<string, Record<string, string>>();
  // Handoff state, mirroring the Redis hash / zsets / sets (see redis-store.ts).
  const handoffs = new Map<string, Record<string, string>>();
  const handoffQueue = new Map<string, number>(); // conv -> queued at; insertion order is queue order
  const assigned = new Map<string, number>();
  const agentSets = new Map<string, Set<string>>();
  const lastSeen = new Map<string, number>();
  const listeners = new Set<(event: GatewayEvent) => void>();
  const fanOutListeners = new Set<(delivery: Delivery) => void>();
  const rank = (conv: string) => [...handoffQueue.keys()].indexOf(conv) + 1;
  let shopStatus: string | undefined;
  const ttlMs = () => options.sessionTtlSeconds * 1000;

  // Expired entries are swept now and then, as Redis would, so memory stays bounded.
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [k, until] of seen) if (until <= now) seen.delete(k);
    for (const [k, e] of sessions) if (e.expiresAt <= now) sessions.delete(k);
    for (const [k, e] of transcripts) if (e.expiresAt <= now) transcripts.delete(k);
  }, 60_000);
  sweeper.unref();

  const live = <T>(e: Expiring<T> | undefined): T | undefined => (e && e.expiresAt > Date.now() ? e.value : undefined);

  function turnState(conversationId: ConversationId): TurnState {
    return {
      session: parseSession(live(sessions.get(conversationId))).session,
      status: parseShopStatus(shopStatus),
      handoff: { ...toHandoff(handoffs.get(conversationId)), ...(handoffQueue.has(conversationId) ? { position: rank(conversationId) } : {}) },
      queueLength: handoffQueue.size,
    };
  }

  function record(msg: InboundMessage, hold: boolean): Ingested {
    const seenKey = `${msg.address.channel}:${msg.id}`;
    const now = Date.now();
    const conv = msg.address.conversationId;
    if ((seen.get(seenKey) ?? 0) > now) return { result: 'duplicate' };
    if ((queues.in.items.get(conv)?.length ?? 0) >= options.maxPendingPerConversation) return { result: 'throttled' };
    seen.set(seenKey, now + options.dedupeTtlSeconds * 1000);
    unreachable.delete(conv);
    if (!hold) {
      queues.in.push(conv, JSON.stringify(msg));
      return { result: 'accepted' };
    }
    const lease = queues.in.pushAndHold(conv, JSON.stringify(msg), now, options.leaseMs);
    return lease ? { result: 'accepted', lease } : { result: 'accepted' };
  }

  function commit(lease: Lease, turn: Turn, hold: boolean): Committed {
    const conv = lease.conversationId;
    if (!queues.in.ack(conv, lease.token)) return { committed: false };
    const expiresAt = Date.now() + ttlMs();
    const current = sessions.get(conv);
    if (turn.session) sessions.set(conv, { value: serializeSession(turn.session), expiresAt });
    else if (current) current.expiresAt = expiresAt;
    if (turn.transcript.length > 0) {
      const list = live(transcripts.get(conv)) ?? [];
      list.push(...turn.transcript.map((e) => JSON.stringify(e)));
      list.splice(0, Math.max(0, list.length - options.transcriptMax));
      transcripts.set(conv, { value: list, expiresAt });
    }
    let held: Lease | undefined;
    if (turn.delivery && hold) held = queues.out.pushAndHold(conv, JSON.stringify(turn.delivery), Date.now(), options.leaseMs);
    else if (turn.delivery) queues.out.push(conv, JSON.stringify(turn.delivery));
    lastSeen.delete(conv);
    lastSeen.set(conv, Date.now());
    if (lastSeen.size > 10_000) lastSeen.delete(lastSeen.keys().next().value!);
    if (turn.contact === null) contactIndex.delete(conv);
    else if (turn.contact) contactIndex.set(conv, { ...turn.contact });
    const lineEvents: GatewayEvent[] = turn.transcript.map(({ id, from, text, at }) => ({ type: 'message', conversationId: conv, id, from, text, at }));
    for (const event of [...lineEvents, ...(turn.events ?? [])]) for (const listener of listeners) listener(structuredClone(event));
    if (turn.deadLetter) {
      dead.unshift(JSON.stringify(turn.deadLetter));
      dead.splice(1000);
    }
    if (!held) return { committed: true };
    return { committed: true, delivery: unreachable.has(conv) ? { ...held, unreachable: true } : held };
  }

  return {
    kind: 'memory',
    options,
    async ping() {},
    roundTrips: () => 0,
    storeErrors: () => 0,
    async ingest(msg: InboundMessage): Promise<IngestResult> {
      return record(msg, false).result;
    },
    async ingestAndLease(msg: InboundMessage) {
      const recorded = record(msg, true);
      return recorded.lease ? { ...recorded, state: turnState(msg.address.conversationId) } : recorded;
    },
    async claimBatch(queue, max, timeoutMs) {
      const q = queues[queue];
      const take = () => {
        const leases: Lease[] = [];
        for (let lease = q.claim(Date.now(), options.leaseMs); lease; lease = leases.length < max ? q.claim(Date.now(), options.leaseMs) : undefined) {
          leases.push({ ...lease, ...(queue === 'out' && unreachable.has(lease.conversationId) ? { unreachable: true } : {}) });
          if (leases.length >= max) break;
        }
        return leases;
      };
      const first = take();
      if (first.length > 0 || timeoutMs <= 0) return first;
      await q.wait(Math.min(timeoutMs, 500));
      return take();
    },
    async claim(queue, timeoutMs) {
      return (await this.claimBatch(queue, 1, timeoutMs))[0];
    },
    async extend(lease) {
      return queues[lease.queue].extend(lease.conversationId, lease.token, Date.now() + options.leaseMs);
    },
    async commitTurn(lease, turn: Turn) {
      return commit(lease, turn, false).committed;
    },
    async commitTurnAndLease(lease, turn: Turn) {
      return commit(lease, turn, true);
    },
    async ack(lease) {
      return queues[lease.queue].ack(lease.conversationId, lease.token);
    },
    async retryLater(lease, delayMs, opts = {}) {
      return queues[lease.queue].retryLater(lease.conversationId, lease.token, Date.now() + delayMs, opts.countAttempt !== false);
    },
    async loadSession(conversationId) {
      return parseSession(live(sessions.get(conversationId))).session;
    },
    async loadTurnState(conversationId) {
      return turnState(conversationId);
    },
    async requestHuman(conversationId, reason) {
      const current = handoffs.get(conversationId);
      if (current?.state === 'queued' || current?.state === 'agent') return { handoff: toHandoff(current), position: rank(conversationId) };
      const now = Date.now();
      handoffs.set(conversationId, { state: 'queued', queuedAt: String(now), reason });
      handoffQueue.set(conversationId, now);
      return { handoff: toHandoff(handoffs.get(conversationId)), position: rank(conversationId) };
    },
    async claimConversation(conversationId, agent, maxConversations) {
      const current = handoffs.get(conversationId);
      if (current?.state === 'agent') return current.agent === agent ? 'claimed' : 'taken';
      const held = agentSets.get(agent) ?? new Set<string>();
      if (held.size >= maxConversations) return 'over_limit';
      const now = String(Date.now());
      const base = current?.state === 'queued' ? current : { reason: 'agent', queuedAt: now };
      handoffs.set(conversationId, { ...base, state: 'agent', agent, claimedAt: now });
      handoffQueue.delete(conversationId);
      assigned.set(conversationId, Date.now());
      held.add(conversationId);
      agentSets.set(agent, held);
      return 'claimed';
    },
    async releaseConversation(conversationId, agent, to) {
      const current = handoffs.get(conversationId);
      if (current?.state !== 'agent' && current?.state !== 'queued') return 'not_held';
      if (agent !== undefined && current.agent && current.agent !== agent) return 'not_yours';
      if (current.agent) agentSets.get(current.agent)?.delete(conversationId);
      handoffQueue.delete(conversationId);
      assigned.delete(conversationId);
      if (to === 'closed') handoffs.set(conversationId, { state: 'closed' });
      else handoffs.delete(conversationId);
      return 'released';
    },
    async handoffOf(conversationId) {
      return toHandoff(handoffs.get(conversationId));
    },
    async queuePosition(conversationId) {
      return handoffQueue.has(conversationId) ? rank(conversationId) : undefined;
    },
    async takeQueueTimeouts(cutoff) {
      const due: ConversationId[] = [];
      for (const [conv, at] of handoffQueue) {
        const h = handoffs.get(conv);
        if (at <= cutoff.getTime() && h && !h.timeoutNotified) {
          h.timeoutNotified = '1';
          due.push(conv as ConversationId);
        }
      }
      return due;
    },
    async listConversations(state, limit) {
      const ids = state === 'queued' ? [...handoffQueue.keys()] : state === 'agent' ? [...assigned.keys()] : [...lastSeen.keys()].reverse();
      return ids
        .map((id) => {
          const lines = live(transcripts.get(id));
          return summarize(id as ConversationId, toHandoff(handoffs.get(id)), lines?.at(-1), parseSession(live(sessions.get(id))).session, lastSeen.get(id));
        })
        .filter((row) => row.state === state)
        .slice(0, limit);
    },
    async sendAsAgent(conversationId, line, delivery) {
      const list = live(transcripts.get(conversationId)) ?? [];
      list.push(JSON.stringify(line));
      list.splice(0, Math.max(0, list.length - options.transcriptMax));
      transcripts.set(conversationId, { value: list, expiresAt: Date.now() + ttlMs() });
      queues.out.push(conversationId, JSON.stringify(delivery));
    },
    async publish(event) {
      for (const listener of listeners) listener(structuredClone(event));
    },
    async subscribe(handler) {
      listeners.add(handler);
      return () => void listeners.delete(handler);
    },
    async fanOut(delivery) {
      for (const listener of fanOutListeners) listener(structuredClone(delivery));
    },
    async onFanOut(handler) {
      fanOutListeners.add(handler);
      return () => void fanOutListeners.delete(handler);
    },
    async getShopStatus() {
      return parseShopStatus(shopStatus);
    },
    async setShopStatus(status) {
      shopStatus = status ? JSON.stringify(status) : undefined;
    },
    async contacts() {
      return [...contactIndex].map(([conversationId, contact]) => ({ conversationId: conversationId as ConversationId, contact: { ...contact } }));
    },
    async eraseContact(conversationId) {
      contactIndex.delete(conversationId);
      const stored = sessions.get(conversationId);
      const session = parseSession(live(stored)).session;
      if (stored && session) stored.value = JSON.stringify({ ...session, contact: {} });
    },
    async editMessage(conversationId, messageId, text) {
      const waiting = queues.in.items.get(conversationId) ?? [];
      const index = waiting.findIndex((item) => (JSON.parse(item) as { id?: unknown }).id === messageId);
      if (index === 0 && queues.in.leases.has(conversationId)) return 'processing';
      if (index >= 0) {
        waiting[index] = JSON.stringify({ ...(JSON.parse(waiting[index]!) as InboundMessage), text });
        return 'pending';
      }
      const lines = live(transcripts.get(conversationId)) ?? [];
      for (let i = lines.length - 1; i >= 0; i--) {
        const line = JSON.parse(lines[i]!) as TranscriptEntry;
        if (line.id !== messageId || line.from !== 'buyer') continue;
        lines[i] = JSON.stringify({ ...line, text });
        const event: GatewayEvent = { type: 'message', conversationId, id: line.id, from: line.from, text, at: line.at };
        for (const listener of listeners) listener(structuredClone(event)); // live views show the edited line
        return 'transcript';
      }
      return 'unknown';
    },
    async transcript(conversationId, limit = options.transcriptMax) {
      return (live(transcripts.get(conversationId)) ?? []).slice(-limit).map((row) => JSON.parse(row) as TranscriptEntry);
    },
    async deadLetters(limit = 100) {
      return dead.slice(0, limit).map((row) => JSON.parse(row) as DeadLetter);
    },
    async markUnreachable(conversationId) {
      unreachable.add(conversationId);
    },
    async isUnreachable(conversationId) {
      return unreachable.has(conversationId);
    },
    async sharedSecret(name) {
      if (!secrets.has(name)) secrets.set(name, randomBytes(32).toString('base64url'));
      return secrets.get(name)!;
    },
    async close() {
      clearInterval(sweeper);
    },
  };
}
