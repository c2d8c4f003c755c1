import { randomUUID } from 'node:crypto';
import type { ConversationId, InboundMessage, IngestResult } from '../engine/types.js';
import { toHandoff } from './handoff.js';
import { keys, type QueueName } from './keys.js';
import { pairs, withPosition, type RedisContext } from './redis-context.js';
import { parseSession, serializeSession } from './session.js';
import { parseShopStatus } from './shop-status.js';
import { ANSWERED_WINDOW_MS, type Committed, type DeadLetter, type InboxPort, type Ingested, type Lease, type Turn } from './types.js';

/** The inbox and outbox over Redis: dedupe, per-conversation queues, leases, the atomic turn commit (src/store/lua). */
export function createRedisInbox(ctx: RedisContext): InboxPort {
  const { redis, blocking, options, run, prefix } = ctx;

  async function tryClaim(queue: QueueName, max: number): Promise<Lease[]> {
    const token = randomUUID();
    // Deliveries learn in the same call whether the buyer blocked the bot.
    const out = queue === 'out';
    const unreachablePrefix = out ? keys.unreachable('' as ConversationId) : '';
    const answeredPrefix = out ? keys.queueAnsweredPrefix('out') : '';
    const got = (await redis.claim(prefix(queue), Date.now(), options.leaseMs, token, max, unreachablePrefix, answeredPrefix)) as (string | number)[];
    const leases: Lease[] = [];
    for (let i = 0; i + 5 < got.length; i += 6) {
      const lease: Lease = { queue, conversationId: got[i] as ConversationId, item: String(got[i + 1]), attempts: Number(got[i + 2]), token, ...(Number(got[i + 3]) === 1 ? { unreachable: true } : {}) };
      leases.push(out ? { ...lease, answered: Number(got[i + 4]) === 1, pending: Number(got[i + 5]) } : lease);
    }
    return leases;
  }

  async function claimBatch(queue: QueueName, max: number, timeoutMs: number): Promise<Lease[]> {
    const first = await run(() => tryClaim(queue, max));
    if (first.length > 0 || timeoutMs <= 0) return first;
    // Sleep until an enqueue pushes a wake token, or briefly, so delayed items and expired
    // leases are noticed too.
    const seconds = Math.min(timeoutMs, 500) / 1000;
    await run(() => blocking[queue].blpop(keys.queueWake(queue), seconds));
    return run(() => tryClaim(queue, max));
  }

  const ingestResults = { 0: 'duplicate', 1: 'accepted', 2: 'throttled' } as const;
  /** Record a message; with a token, lease its conversation at once when nothing was pending there. */
  async function record(msg: InboundMessage, token: string): Promise<Ingested> {
    const conv = msg.address.conversationId;
    const item = JSON.stringify(msg);
    const reply = (await run(() =>
      redis.ingest(
        prefix('in'),
        conv,
        item,
        keys.seen(conv),
        options.dedupeTtlSeconds,
        keys.unreachable(conv),
        options.maxPendingPerConversation,
        token,
        Date.now() + options.leaseMs,
        keys.session(conv),
        keys.shopStatus(),
        keys.handoff(conv),
        keys.handoffQueue(),
        msg.id,
        Date.now(),
      ),
      false,
    )) as [0 | 1 | 2, number?, (string | null)?, (string | null)?, string[]?, number?, (number | null)?];
    const result = ingestResults[reply[0]];
    if (reply.length === 1) return { result };
    const [, attempts, session, status, handoff, queueLength, rank] = reply;
    return {
      result,
      lease: { queue: 'in', conversationId: conv, item, attempts: Number(attempts), token },
      state: {
        session: parseSession(session).session,
        status: parseShopStatus(status),
        handoff: withPosition(toHandoff(pairs(handoff ?? [])), rank ?? null),
        queueLength: Number(queueLength),
      },
    };
  }

  /** Commit a turn; with a token, lease its delivery at once when it is the only one pending for the conversation. */
  async function commit(lease: Lease, turn: Turn, outToken: string): Promise<Committed> {
    const conv = lease.conversationId;
    const delivery = turn.delivery ? JSON.stringify(turn.delivery) : '';
    const reply = (await run(() =>
      redis.commitTurn(
        prefix('in'),
        conv,
        lease.token,
        keys.session(conv),
        turn.session ? serializeSession(turn.session) : '',
        options.sessionTtlSeconds,
        keys.transcript(conv),
        options.transcriptMax,
        prefix('out'),
        delivery,
        keys.deadLetters(),
        turn.deadLetter ? JSON.stringify(turn.deadLetter) : '',
        keys.contacts(),
        turn.contact === undefined ? '' : turn.contact === null ? '-' : JSON.stringify(turn.contact),
        keys.conversations(),
        Date.now(),
        outToken,
        Date.now() + options.leaseMs,
        keys.unreachable(conv),
        keys.events(),
        turn.events?.length ?? 0,
        ...(turn.events ?? []).map((event) => JSON.stringify(event)),
        ...turn.transcript.map((entry) => JSON.stringify(entry)),
      ),
      false,
    )) as 0 | [1, number, 0 | 1];
    if (reply === 0) return { committed: false };
    if (reply[1] === 0) return { committed: true };
    return { committed: true, delivery: { queue: 'out', conversationId: conv, item: delivery, attempts: reply[1], token: outToken, ...(reply[2] === 1 ? { unreachable: true } : {}) } };
  }

  return {
    async ingest(msg: InboundMessage): Promise<IngestResult> {
      return (await record(msg, '')).result;
    },
    async ingestAndLease(msg: InboundMessage) {
      return record(msg, randomUUID());
    },
    claimBatch,
    async claim(queue, timeoutMs) {
      return (await claimBatch(queue, 1, timeoutMs))[0];
    },
    async extend(lease) {
      return (await run(() => redis.extend(prefix(lease.queue), lease.conversationId, lease.token, Date.now(), options.leaseMs))) === 1;
    },
    async commitTurn(lease, turn: Turn) {
      return (await commit(lease, turn, '')).committed;
    },
    async commitTurnAndLease(lease, turn: Turn) {
      return commit(lease, turn, turn.delivery ? randomUUID() : '');
    },
    async ack(lease) {
      const mark = lease.queue === 'out' ? [keys.queueAnsweredPrefix('out'), ANSWERED_WINDOW_MS] : [];
      return (await run(() => redis.ack(prefix(lease.queue), lease.conversationId, lease.token, ...mark), false)) === 1;
    },
    async takeLongWaiters(conversationPrefix, skip, max, windowMs) {
      const got = (await run(() => redis.takeLongWaiters(prefix('out'), skip, max, keys.queueToldPrefix('out'), windowMs, conversationPrefix))) as (string | number)[];
      const out: { conversationId: ConversationId; place: number }[] = [];
      for (let i = 0; i + 1 < got.length; i += 2) out.push({ conversationId: got[i] as ConversationId, place: Number(got[i + 1]) });
      return out;
    },
    async mergeQueued(lease, merge) {
      if (lease.queue !== 'out' || (lease.pending ?? 1) < 2) return undefined;
      const items = await run(() => redis.lrange(keys.queueItems('out', lease.conversationId), 0, (lease.pending ?? 1) - 1));
      const merged = items[0] === lease.item ? merge(items) : undefined;
      if (!merged || merged.count < 2) return undefined;
      const done = await run(() => redis.mergeHead(prefix('out'), lease.conversationId, lease.token, merged.count, merged.item));
      return done === 1 ? { ...lease, item: merged.item, pending: (lease.pending ?? 1) - merged.count + 1 } : undefined;
    },
    async retryLater(lease, delayMs, opts = {}) {
      const uncount = opts.countAttempt === false ? '1' : '0';
      return (await run(() => redis.retryLater(prefix(lease.queue), lease.conversationId, lease.token, Date.now() + delayMs, uncount))) === 1;
    },
    async deadLetters(limit = 100) {
      const rows = await run(() => redis.lrange(keys.deadLetters(), 0, limit - 1));
      return rows.map((row) => JSON.parse(row) as DeadLetter);
    },
  };
}
