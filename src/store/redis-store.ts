import { randomBytes, randomUUID } from 'node:crypto';
import { connectionOptions, connectRedis, redisUnavailable, waitForConnection, type RedisConnection } from './connection.js';
import { createPubSub } from './pubsub.js';
import { StoreUnavailableError } from '../errors.js';
import type { ConversationId, InboundMessage, IngestResult, TranscriptEntry } from '../engine/types.js';
import { keys, type QueueName } from './keys.js';
import { withScripts } from './scripts.js';
import { parseSession, serializeSession } from './session.js';
import { parseShopStatus } from './shop-status.js';
import { summarize, toHandoff, type ClaimResult, type Handoff, type ReleaseResult } from './handoff.js';
import type { ConversationSummary } from './handoff.js';
import type { Committed, DeadLetter, EditResult, Ingested, Lease, Store, StoreOptions, Turn } from './types.js';

/** A flat HGETALL reply from Lua ([field, value, …]) as a record. */
function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

const withPosition = (handoff: Handoff, rank: number | null): Handoff => (rank === null ? handoff : { ...handoff, position: rank + 1 });

/** The store over Redis through ioredis: shared by every gateway instance. */
export async function createRedisStore(url: string, options: StoreOptions): Promise<Store & { connected: boolean }> {
  // No enableAutoPipelining: with the offline queue off, ioredis can leave an auto-pipelined
  // command unanswered while Redis is down (a webhook hanging instead of a 503); the busy scripts
  // are batched by `withScripts` instead.
  let roundTrips = 0;
  const redis = withScripts(connectRedis(url, connectionOptions()), () => void roundTrips++);
  // Blocking waits (BLPOP) get their own connections so they never delay other commands.
  const blocking = {
    in: connectRedis(url, { ...connectionOptions(), enableOfflineQueue: false }),
    out: connectRedis(url, { ...connectionOptions(), enableOfflineQueue: false }),
  } satisfies Record<QueueName, RedisConnection>;
  for (const r of [redis, blocking.in, blocking.out]) r.on('error', () => undefined); // reported through ping/readyz
  const connected = (await Promise.all([waitForConnection(redis, 5000), waitForConnection(blocking.in, 5000), waitForConnection(blocking.out, 5000)])).every(Boolean);
  const pubsub = createPubSub(url);
  const prefix = (q: QueueName) => keys.queueItemsPrefix(q).slice(0, -'items:'.length);

  /** One request to Redis (a command, a script or a pipeline); failures become StoreUnavailableError. Batched scripts count themselves. */
  async function run<T>(op: () => Promise<T>, counted = true): Promise<T> {
    if (counted) roundTrips++;
    try {
      return await op();
    } catch (err) {
      throw redisUnavailable(err);
    }
  }

  async function tryClaim(queue: QueueName, max: number): Promise<Lease[]> {
    const token = randomUUID();
    // Deliveries learn in the same call whether the buyer blocked the bot.
    const unreachablePrefix = queue === 'out' ? keys.unreachable('' as ConversationId) : '';
    const got = (await redis.claim(prefix(queue), Date.now(), options.leaseMs, token, max, unreachablePrefix)) as (string | number)[];
    const leases: Lease[] = [];
    for (let i = 0; i + 3 < got.length; i += 4) {
      leases.push({ queue, conversationId: got[i] as ConversationId, item: String(got[i + 1]), attempts: Number(got[i + 2]), token, ...(Number(got[i + 3]) === 1 ? { unreachable: true } : {}) });
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
    kind: 'redis',
    options,
    connected,
    async ping() {
      await run(() => redis.ping());
    },
    roundTrips: () => roundTrips,
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
      return (await run(() => redis.ack(prefix(lease.queue), lease.conversationId, lease.token), false)) === 1;
    },
    async retryLater(lease, delayMs, opts = {}) {
      const uncount = opts.countAttempt === false ? '1' : '0';
      return (await run(() => redis.retryLater(prefix(lease.queue), lease.conversationId, lease.token, Date.now() + delayMs, uncount))) === 1;
    },
    async loadSession(conversationId) {
      const { session } = parseSession(await run(() => redis.get(keys.session(conversationId))));
      return session;
    },
    async loadTurnState(conversationId) {
      const replies = await run(() =>
        redis.pipeline().get(keys.session(conversationId)).get(keys.shopStatus()).hgetall(keys.handoff(conversationId)).zcard(keys.handoffQueue()).zrank(keys.handoffQueue(), conversationId).exec(),
      );
      const value = (i: number) => {
        const [err, result] = replies?.[i] ?? [new Error('no reply')];
        if (err) throw redisUnavailable(err);
        return result;
      };
      return {
        session: parseSession(value(0) as string | null).session,
        status: parseShopStatus(value(1) as string | null),
        handoff: withPosition(toHandoff(value(2) as Record<string, string>), value(4) as number | null),
        queueLength: Number(value(3)),
      };
    },
    async requestHuman(conversationId, reason) {
      const [state, position] = (await run(() =>
        redis.requestHuman(keys.handoff(conversationId), keys.handoffQueue(), conversationId, Date.now(), reason, options.sessionTtlSeconds),
      )) as [string, number];
      const handoff = toHandoff(await run(() => redis.hgetall(keys.handoff(conversationId))));
      return { handoff: { ...handoff, state: state as Handoff['state'] }, position: Number(position) };
    },
    async claimConversation(conversationId, agent, maxConversations) {
      return (await run(() =>
        redis.claimConversation(
          keys.handoff(conversationId),
          keys.handoffQueue(),
          keys.handoffAssigned(),
          keys.agentConversationsPrefix() + agent,
          conversationId,
          agent,
          maxConversations,
          Date.now(),
          options.sessionTtlSeconds,
        ),
      )) as ClaimResult;
    },
    async releaseConversation(conversationId, agent, to) {
      return (await run(() =>
        redis.releaseConversation(
          keys.handoff(conversationId),
          keys.handoffQueue(),
          keys.handoffAssigned(),
          keys.agentConversationsPrefix(),
          conversationId,
          agent ?? '',
          to,
          options.sessionTtlSeconds,
        ),
      )) as ReleaseResult;
    },
    async handoffOf(conversationId) {
      return toHandoff(await run(() => redis.hgetall(keys.handoff(conversationId))));
    },
    async queuePosition(conversationId) {
      const rank = await run(() => redis.zrank(keys.handoffQueue(), conversationId));
      return rank === null ? undefined : rank + 1;
    },
    async takeQueueTimeouts(cutoff) {
      const due = (await run(() => redis.takeQueueTimeouts(keys.handoffQueue(), keys.handoff('' as ConversationId), cutoff.getTime(), 100))) as string[];
      return due as ConversationId[];
    },
    async listConversations(state, limit) {
      let ids: string[];
      if (state === 'queued') ids = await run(() => redis.zrange(keys.handoffQueue(), "0", String(limit - 1)));
      else if (state === 'agent') ids = await run(() => redis.zrange(keys.handoffAssigned(), "0", String(limit - 1)));
      else ids = await run(() => redis.zrevrange(keys.conversations(), 0, limit * 4 - 1));
      if (ids.length === 0) return [];
      const pipeline = redis.pipeline();
      for (const id of ids) {
        const c = id as ConversationId;
        pipeline.hgetall(keys.handoff(c)).lindex(keys.transcript(c), -1).get(keys.session(c)).zscore(keys.conversations(), c);
      }
      const rows = (await run(() => pipeline.exec())) ?? [];
      const summaries: ConversationSummary[] = [];
      ids.forEach((id, i) => {
        const at = (k: number) => rows[i * 4 + k]?.[1];
        summaries.push(summarize(id as ConversationId, toHandoff(at(0) as Record<string, string>), at(1) as string | null, parseSession(at(2) as string | null).session, at(3) as string | null));
      });
      return summaries.filter((row) => row.state === state).slice(0, limit);
    },
    async sendAsAgent(conversationId, line, delivery) {
      await run(() =>
        redis.sendAsAgent(prefix('out'), conversationId, keys.transcript(conversationId), options.transcriptMax, options.sessionTtlSeconds, JSON.stringify(line), JSON.stringify(delivery)),
      );
    },
    async publish(event) {
      await run(() => redis.publish(keys.events(), JSON.stringify(event)));
    },
    async subscribe(handler) {
      return pubsub.onEvent(handler);
    },
    async fanOut(delivery) {
      await run(() => redis.publish(keys.fanOut(), JSON.stringify(delivery)));
    },
    async onFanOut(handler) {
      return pubsub.onFanOut(handler);
    },
    async getShopStatus() {
      return parseShopStatus(await run(() => redis.get(keys.shopStatus())));
    },
    async setShopStatus(status) {
      if (status) await run(() => redis.set(keys.shopStatus(), JSON.stringify(status)));
      else await run(() => redis.del(keys.shopStatus()));
    },
    async contacts() {
      const all = await run(() => redis.hgetall(keys.contacts()));
      return Object.entries(all).map(([conversationId, json]) => ({ conversationId: conversationId as ConversationId, contact: JSON.parse(json) as Record<string, string> }));
    },
    async eraseContact(conversationId) {
      await run(() => redis.eraseContact(keys.session(conversationId), keys.contacts(), conversationId));
    },
    async transcript(conversationId, limit = options.transcriptMax) {
      const rows = await run(() => redis.lrange(keys.transcript(conversationId), -limit, -1));
      return rows.map((row) => JSON.parse(row) as TranscriptEntry);
    },
    async deadLetters(limit = 100) {
      const rows = await run(() => redis.lrange(keys.deadLetters(), 0, limit - 1));
      return rows.map((row) => JSON.parse(row) as DeadLetter);
    },
    async markUnreachable(conversationId) {
      await run(() => redis.set(keys.unreachable(conversationId), '1', 'EX', options.sessionTtlSeconds));
    },
    async isUnreachable(conversationId) {
      return (await run(() => redis.exists(keys.unreachable(conversationId)))) === 1;
    },
    async editMessage(conversationId, messageId, text) {
      // Find the waiting item in JS (it is JSON of the whole message), then swap it in Lua only if unchanged.
      const waiting = await run(() => redis.lrange(keys.queueItems('in', conversationId), 0, -1));
      const oldItem = waiting.find((item) => (JSON.parse(item) as { id?: unknown }).id === messageId);
      const newItem = oldItem ? JSON.stringify({ ...(JSON.parse(oldItem) as InboundMessage), text }) : '';
      return (await run(() => redis.editMessage(prefix('in'), conversationId, oldItem ?? '', newItem, keys.transcript(conversationId), messageId, text, keys.events()))) as EditResult;
    },
    async sharedSecret(name) {
      const key = keys.secret(name);
      await run(() => redis.set(key, randomBytes(32).toString('base64url'), 'NX'));
      const secret = await run(() => redis.get(key));
      if (!secret) throw new StoreUnavailableError(`shared secret ${name} vanished`);
      return secret;
    },
    async close() {
      const all = [redis, blocking.in, blocking.out];
      await Promise.allSettled([...all.map((r) => r.quit()), pubsub.close()]);
      for (const r of all) r.disconnect();
    },
  };
}
