import type { ConversationId, InboundMessage, IngestResult } from '../engine/types.js';
import type { GatewayEvent } from './handoff.js';
import { appendTranscript, emit, ttlMs, turnState, type MemoryContext } from './memory-context.js';
import { serializeSession } from './session.js';
import type { Committed, DeadLetter, InboxPort, Ingested, Lease, Turn } from './types.js';

/** The inbox and outbox in memory: dedupe, per-conversation queues (memory-queue.ts), leases, the turn commit. */
export function createMemoryInbox(ctx: MemoryContext): InboxPort {
  const { options, queues, seen, sessions, unreachable, dead, contactIndex, lastSeen } = ctx;

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
    if (!queues.in.ack(conv, lease.token, Date.now())) return { committed: false };
    const expiresAt = Date.now() + ttlMs(ctx);
    const current = sessions.get(conv);
    if (turn.session) sessions.set(conv, { value: serializeSession(turn.session), expiresAt });
    else if (current) current.expiresAt = expiresAt;
    if (turn.transcript.length > 0) appendTranscript(ctx, conv, turn.transcript.map((e) => JSON.stringify(e)), expiresAt);
    let held: Lease | undefined;
    if (turn.delivery && hold) held = queues.out.pushAndHold(conv, JSON.stringify(turn.delivery), Date.now(), options.leaseMs);
    else if (turn.delivery) queues.out.push(conv, JSON.stringify(turn.delivery));
    lastSeen.delete(conv);
    lastSeen.set(conv, Date.now());
    if (lastSeen.size > 10_000) lastSeen.delete(lastSeen.keys().next().value!);
    if (turn.contact === null) contactIndex.delete(conv);
    else if (turn.contact) contactIndex.set(conv, { ...turn.contact });
    const lineEvents: GatewayEvent[] = turn.transcript.map(({ id, from, text, at }) => ({ type: 'message', conversationId: conv, id, from, text, at }));
    for (const event of [...lineEvents, ...(turn.events ?? [])]) emit(ctx, event);
    if (turn.deadLetter) {
      dead.unshift(JSON.stringify(turn.deadLetter));
      dead.splice(1000);
    }
    if (!held) return { committed: true };
    return { committed: true, delivery: unreachable.has(conv) ? { ...held, unreachable: true } : held };
  }

  return {
    async ingest(msg: InboundMessage): Promise<IngestResult> {
      return record(msg, false).result;
    },
    async ingestAndLease(msg: InboundMessage) {
      const recorded = record(msg, true);
      return recorded.lease ? { ...recorded, state: turnState(ctx, msg.address.conversationId) } : recorded;
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
      return queues[lease.queue].ack(lease.conversationId, lease.token, Date.now());
    },
    async takeLongWaiters(conversationPrefix, skip, max, windowMs) {
      const now = Date.now();
      const out: { conversationId: ConversationId; place: number }[] = [];
      for (const [i, conv] of queues.out.ready.slice(skip, skip + max * 4).entries()) {
        if (out.length >= max) break;
        if (!conv.startsWith(conversationPrefix) || (queues.out.told.get(conv) ?? 0) > now) continue;
        queues.out.told.set(conv, now + windowMs);
        if (queues.out.told.size > 50_000) for (const [c, until] of queues.out.told) if (until <= now) queues.out.told.delete(c);
        out.push({ conversationId: conv as ConversationId, place: skip + i + 1 });
      }
      return out;
    },
    async mergeQueued(lease, merge) {
      if (lease.queue !== 'out' || (lease.pending ?? 1) < 2 || !queues.out.owns(lease.conversationId, lease.token)) return undefined;
      const items = (queues.out.items.get(lease.conversationId) ?? []).slice(0, lease.pending);
      const merged = items[0] === lease.item ? merge(items) : undefined;
      if (!merged || merged.count < 2 || items.length < merged.count) return undefined;
      queues.out.items.get(lease.conversationId)!.splice(0, merged.count, merged.item);
      return { ...lease, item: merged.item, pending: (lease.pending ?? 1) - merged.count + 1 };
    },
    async retryLater(lease, delayMs, opts = {}) {
      return queues[lease.queue].retryLater(lease.conversationId, lease.token, Date.now() + delayMs, opts.countAttempt !== false);
    },
    async deadLetters(limit = 100) {
      return dead.slice(0, limit).map((row) => JSON.parse(row) as DeadLetter);
    },
  };
}
