import { randomBytes, randomUUID } from 'node:crypto';
import type { RedisOptions } from 'ioredis';
import { connectRedis, type RedisConnection } from './connection.js';
import { StoreUnavailableError } from '../errors.js';
import type { ConversationId, Delivery, InboundMessage, IngestResult, TranscriptEntry } from '../engine/types.js';
import { keys, type QueueName } from './keys.js';
import { parseSession, serializeSession } from './session.js';
import { parseShopStatus } from './shop-status.js';
import { GatewayEventSchema, summarize, toHandoff, type ClaimResult, type GatewayEvent, type Handoff, type ReleaseResult } from './handoff.js';
import type { ConversationSummary } from './handoff.js';
import type { Committed, DeadLetter, EditResult, Ingested, Lease, Store, StoreOptions, Turn } from './types.js';

/**
 * The queue's Lua helpers. A conversation is "scheduled" exactly while its item list is not
 * empty; it then sits in exactly one of: the ready list, the leases zset (a worker has it) or
 * the delayed zset. That invariant is what keeps one conversation's messages in order across
 * instances, and why an RPUSH that returns 1 (the list was empty) is what schedules it.
 */
const QUEUE_LIB = `
local function schedule(P, conv)
  redis.call('RPUSH', P .. 'ready', conv)
  redis.call('RPUSH', P .. 'wake', '1')
  redis.call('LTRIM', P .. 'wake', -1024, -1)
end
local function push(P, conv, item)
  if redis.call('RPUSH', P .. 'items:' .. conv, item) == 1 then schedule(P, conv) end
end
-- Push; when that is the conversation's first item and a token is given, lease it straight to
-- the worker that put it there instead of making it ready. Returns the lease's attempts, or 0.
local function push_or_hold(P, conv, item, token, untilMs)
  if token == '' then
    push(P, conv, item)
    return 0
  end
  if redis.call('RPUSH', P .. 'items:' .. conv, item) > 1 then return 0 end
  redis.call('ZADD', P .. 'leases', untilMs, conv)
  redis.call('HSET', P .. 'owners', conv, token)
  return redis.call('HINCRBY', P .. 'attempts', conv, 1)
end
local function release(P, conv, token)
  if redis.call('HGET', P .. 'owners', conv) ~= token then return false end
  redis.call('ZREM', P .. 'leases', conv)
  redis.call('HDEL', P .. 'owners', conv)
  return true
end
local function ack(P, conv, token)
  if not release(P, conv, token) then return false end
  redis.call('LPOP', P .. 'items:' .. conv)
  redis.call('HDEL', P .. 'attempts', conv)
  if redis.call('LLEN', P .. 'items:' .. conv) > 0 then schedule(P, conv) end
  return true
end
`;

const SCRIPTS = {
  /**
   * ARGV: inPrefix, conv, item, seenKey, dedupeTtl, unreachableKey, maxPending, token|'', leaseUntil,
   * sessionKey, statusKey, handoffKey, handoffQueueKey, messageId, nowMs.
   * Returns {1} accepted, {0} duplicate, {2} too many pending; with a token, an accepted message
   * whose conversation had nothing pending is leased to it at once:
   * {1, attempts, session, status, handoff (flat), queueLength, rank}.
   */
  ingest: `${QUEUE_LIB}
local P, conv, seen, id, now = ARGV[1], ARGV[2], ARGV[4], ARGV[14], tonumber(ARGV[15])
redis.call('ZREMRANGEBYSCORE', seen, '-inf', now - tonumber(ARGV[5]) * 1000)
if redis.call('ZADD', seen, 'NX', now, id) == 0 then return {0} end
if redis.call('LLEN', P .. 'items:' .. conv) >= tonumber(ARGV[7]) then
  redis.call('ZREM', seen, id) -- not recorded: its redelivery must be taken
  return {2}
end
redis.call('EXPIRE', seen, ARGV[5])
redis.call('DEL', ARGV[6])
local attempts = push_or_hold(P, conv, ARGV[3], ARGV[8], ARGV[9])
if attempts == 0 then return {1} end
local handoff = redis.call('HGETALL', ARGV[12])
local rank = false -- only a conversation handed off can be in the queue
if #handoff > 0 then rank = redis.call('ZRANK', ARGV[13], conv) end
return {1, attempts, redis.call('GET', ARGV[10]), redis.call('GET', ARGV[11]), handoff, redis.call('ZCARD', ARGV[13]), rank}`,
  /**
   * ARGV: prefix, now, leaseMs, token, max, unreachablePrefix|''. Leases up to `max` conversations;
   * returns {conv, item, attempts, unreachable, conv, item, …} (flat), empty when none is ready.
   */
  claim: `
local P, now, max = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[5])
for _, c in ipairs(redis.call('ZRANGEBYSCORE', P .. 'delayed', '-inf', now, 'LIMIT', 0, 100)) do
  redis.call('ZREM', P .. 'delayed', c)
  redis.call('RPUSH', P .. 'ready', c)
end
for _, c in ipairs(redis.call('ZRANGEBYSCORE', P .. 'leases', '-inf', now, 'LIMIT', 0, 100)) do
  redis.call('ZREM', P .. 'leases', c)
  redis.call('HDEL', P .. 'owners', c)
  redis.call('RPUSH', P .. 'ready', c)
end
local out = {}
while #out < max * 4 do
  local c = redis.call('LPOP', P .. 'ready')
  if not c then
    redis.call('DEL', P .. 'wake')
    break
  end
  local item = redis.call('LINDEX', P .. 'items:' .. c, 0)
  if item then
    redis.call('ZADD', P .. 'leases', now + tonumber(ARGV[3]), c)
    redis.call('HSET', P .. 'owners', c, ARGV[4])
    local unreachable = 0
    if ARGV[6] ~= '' then unreachable = redis.call('EXISTS', ARGV[6] .. c) end
    table.insert(out, c)
    table.insert(out, item)
    table.insert(out, redis.call('HINCRBY', P .. 'attempts', c, 1))
    table.insert(out, unreachable)
  else
    redis.call('HDEL', P .. 'attempts', c)
  end
end
return out`,
  /** ARGV: prefix, conv, token, now, leaseMs */
  extend: `
if redis.call('HGET', ARGV[1] .. 'owners', ARGV[2]) ~= ARGV[3] then return 0 end
redis.call('ZADD', ARGV[1] .. 'leases', 'XX', tonumber(ARGV[4]) + tonumber(ARGV[5]), ARGV[2])
return 1`,
  /** ARGV: prefix, conv, token */
  ack: `${QUEUE_LIB}
if ack(ARGV[1], ARGV[2], ARGV[3]) then return 1 end
return 0`,
  /** ARGV: prefix, conv, token, dueAt, uncount ('1': this claim was a wait, not a failed attempt) */
  retryLater: `${QUEUE_LIB}
if not release(ARGV[1], ARGV[2], ARGV[3]) then return 0 end
redis.call('ZADD', ARGV[1] .. 'delayed', ARGV[4], ARGV[2])
if ARGV[5] == '1' then redis.call('HINCRBY', ARGV[1] .. 'attempts', ARGV[2], -1) end
return 1`,
  /**
   * ARGV: inPrefix, conv, token, sessionKey, sessionJson|'', ttl, transcriptKey, transcriptMax,
   * outPrefix, deliveryJson|'', deadKey, deadJson|'', contactsKey, contactJson|''|'-', conversationsKey, nowMs,
   * outToken|'', outLeaseUntil, unreachableKey, eventsChannel, eventCount, events..., transcript entries...
   * Returns 0 when the lease was lost, else {1, heldAttempts|0, unreachable}: with an outToken, a
   * delivery that is the only one pending for its conversation is leased to that token at once.
   */
  commitTurn: `${QUEUE_LIB}
local conv = ARGV[2]
if not ack(ARGV[1], conv, ARGV[3]) then return 0 end
if ARGV[5] ~= '' then
  redis.call('SET', ARGV[4], ARGV[5], 'EX', ARGV[6])
else
  redis.call('EXPIRE', ARGV[4], ARGV[6])
end
-- The index grows only when a conversation is new to it: only then can it need a trim.
if redis.call('ZADD', ARGV[15], ARGV[16], conv) == 1 and redis.call('ZCARD', ARGV[15]) > 10000 then
  redis.call('ZREMRANGEBYRANK', ARGV[15], 0, -10001)
end
local events = tonumber(ARGV[21])
local first = 22 + events
if #ARGV >= first then
  if redis.call('RPUSH', ARGV[7], unpack(ARGV, first)) > tonumber(ARGV[8]) then
    redis.call('LTRIM', ARGV[7], -tonumber(ARGV[8]), -1)
  end
  redis.call('EXPIRE', ARGV[7], ARGV[6])
  -- Each line is a message event too: the line's JSON with its type and conversation put first.
  local head = '{"type":"message","conversationId":' .. cjson.encode(conv) .. ','
  for i = first, #ARGV do redis.call('PUBLISH', ARGV[20], head .. string.sub(ARGV[i], 2)) end
end
for i = 22, 21 + events do redis.call('PUBLISH', ARGV[20], ARGV[i]) end
local held, unreachable = 0, 0
if ARGV[10] ~= '' then
  held = push_or_hold(ARGV[9], conv, ARGV[10], ARGV[17], ARGV[18])
  if held > 0 then unreachable = redis.call('EXISTS', ARGV[19]) end
end
if ARGV[12] ~= '' then
  redis.call('LPUSH', ARGV[11], ARGV[12])
  redis.call('LTRIM', ARGV[11], 0, 999)
end
if ARGV[14] == '-' then
  redis.call('HDEL', ARGV[13], conv)
elseif ARGV[14] ~= '' then
  redis.call('HSET', ARGV[13], conv, ARGV[14])
end
return {1, held, unreachable}`,
  /** ARGV: handoffKey, queueKey, conv, nowMs, reason, ttl. Returns {state, position}. */
  requestHuman: `
local state = redis.call('HGET', ARGV[1], 'state')
if state == 'queued' or state == 'agent' then
  local rank = redis.call('ZRANK', ARGV[2], ARGV[3])
  return {state, rank and (rank + 1) or 0}
end
redis.call('DEL', ARGV[1])
redis.call('HSET', ARGV[1], 'state', 'queued', 'queuedAt', ARGV[4], 'reason', ARGV[5])
redis.call('EXPIRE', ARGV[1], ARGV[6])
redis.call('ZADD', ARGV[2], ARGV[4], ARGV[3])
return {'queued', redis.call('ZRANK', ARGV[2], ARGV[3]) + 1}`,
  /** ARGV: handoffKey, queueKey, assignedKey, agentSetKey, conv, agent, max, nowMs, ttl */
  claimConversation: `
local state = redis.call('HGET', ARGV[1], 'state')
if state == 'agent' then
  if redis.call('HGET', ARGV[1], 'agent') == ARGV[6] then return 'claimed' end
  return 'taken'
end
if redis.call('SCARD', ARGV[4]) >= tonumber(ARGV[7]) then return 'over_limit' end
if state ~= 'queued' then
  redis.call('DEL', ARGV[1])
  redis.call('HSET', ARGV[1], 'reason', 'agent', 'queuedAt', ARGV[8])
end
redis.call('HSET', ARGV[1], 'state', 'agent', 'agent', ARGV[6], 'claimedAt', ARGV[8])
redis.call('HDEL', ARGV[1], 'timeoutNotified')
redis.call('EXPIRE', ARGV[1], ARGV[9])
redis.call('ZREM', ARGV[2], ARGV[5])
redis.call('ZADD', ARGV[3], ARGV[8], ARGV[5])
redis.call('SADD', ARGV[4], ARGV[5])
return 'claimed'`,
  /** ARGV: handoffKey, queueKey, assignedKey, agentPrefix, conv, agent|'', to, ttl */
  releaseConversation: `
local state = redis.call('HGET', ARGV[1], 'state')
local holder = redis.call('HGET', ARGV[1], 'agent')
if state ~= 'agent' and state ~= 'queued' then return 'not_held' end
if ARGV[6] ~= '' and holder and holder ~= ARGV[6] then return 'not_yours' end
if holder then redis.call('SREM', ARGV[4] .. holder, ARGV[5]) end
redis.call('ZREM', ARGV[2], ARGV[5])
redis.call('ZREM', ARGV[3], ARGV[5])
redis.call('DEL', ARGV[1])
if ARGV[7] == 'closed' then
  redis.call('HSET', ARGV[1], 'state', 'closed')
  redis.call('EXPIRE', ARGV[1], ARGV[8])
end
return 'released'`,
  /** ARGV: queueKey, handoffPrefix, cutoffMs, limit */
  takeQueueTimeouts: `
local out = {}
for _, c in ipairs(redis.call('ZRANGEBYSCORE', ARGV[1], '-inf', ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))) do
  if redis.call('HSETNX', ARGV[2] .. c, 'timeoutNotified', '1') == 1 then table.insert(out, c) end
end
return out`,
  /** ARGV: outPrefix, conv, transcriptKey, transcriptMax, ttl, lineJson, deliveryJson */
  sendAsAgent: `${QUEUE_LIB}
redis.call('RPUSH', ARGV[3], ARGV[6])
redis.call('LTRIM', ARGV[3], -tonumber(ARGV[4]), -1)
redis.call('EXPIRE', ARGV[3], ARGV[5])
push(ARGV[1], ARGV[2], ARGV[7])
return 1`,
  /**
   * ARGV: inPrefix, conv, oldItem|'', newItem, transcriptKey, messageId, text, eventsChannel. Replaces
   * the waiting item `oldItem` (compare-and-set: it must be unchanged and not held by a worker), else
   * the text of the buyer's transcript line `messageId` (published again, for live views). Returns the EditResult.
   */
  editMessage: `
local P, conv = ARGV[1], ARGV[2]
if ARGV[3] ~= '' then
  local items = redis.call('LRANGE', P .. 'items:' .. conv, 0, -1)
  for i, item in ipairs(items) do
    if item == ARGV[3] then
      if i == 1 and redis.call('HEXISTS', P .. 'owners', conv) == 1 then return 'processing' end
      redis.call('LSET', P .. 'items:' .. conv, i - 1, ARGV[4])
      return 'pending'
    end
  end
end
-- Buyer lines hold strings only (id, from, text, at), so decoding and encoding them loses nothing.
local lines = redis.call('LRANGE', ARGV[5], 0, -1)
for i = #lines, 1, -1 do
  local ok, line = pcall(cjson.decode, lines[i])
  if ok and type(line) == 'table' and line['id'] == ARGV[6] and line['from'] == 'buyer' then
    line['text'] = ARGV[7]
    local encoded = cjson.encode(line)
    redis.call('LSET', ARGV[5], i - 1, encoded)
    redis.call('PUBLISH', ARGV[8], '{"type":"message","conversationId":' .. cjson.encode(conv) .. ',' .. string.sub(encoded, 2))
    return 'transcript'
  end
end
return 'unknown'`,
  /** ARGV: sessionKey, contactsKey, conv. Clears the contact inside the stored session, keeping its TTL. */
  eraseContact: `
redis.call('HDEL', ARGV[2], ARGV[3])
local raw = redis.call('GET', ARGV[1])
if not raw then return 0 end
local session = cjson.decode(raw)
session['contact'] = cjson.decode('{}')
redis.call('SET', ARGV[1], cjson.encode(session), 'KEEPTTL')
return 1`,
} as const;

type ScriptName = keyof typeof SCRIPTS;
type ScriptClient = RedisConnection & { [K in ScriptName]: (...args: (string | number)[]) => Promise<unknown> };

/**
 * The scripts every buyer message runs. Calls made in the same turn of the event loop (the
 * webhooks, commits and acks of many conversations under load) go to Redis as one script call
 * that runs each in turn: Redis pays its per-script cost once per batch, not once per message.
 */
const BATCHED: ReadonlySet<ScriptName> = new Set(['ingest', 'commitTurn', 'ack']);

/** A script's body as a function of its arguments, run once per call of the batch: ARGV is count, args…, count, args… */
function batchedLua(lua: string): string {
  return `local function one(ARGV)
${lua}
end
local out, i, n = {}, 1, #ARGV
while i <= n do
  local count = tonumber(ARGV[i])
  out[#out + 1] = one({unpack(ARGV, i + 1, i + count)})
  i = i + count + 1
end
return out`;
}

type RawScript = (...args: (string | number)[]) => Promise<unknown>;

/** Calls of one script made in one turn of the event loop, sent together after it (setImmediate). */
function batching(single: RawScript, batch: RawScript, onRequest: () => void): RawScript {
  let pending: { args: (string | number)[]; resolve: (value: unknown) => void; reject: (err: unknown) => void }[] = [];
  const flush = () => {
    const calls = pending;
    pending = [];
    onRequest();
    const failAll = (err: unknown) => calls.forEach((call) => call.reject(err));
    try {
      if (calls.length === 1) {
        single(...calls[0]!.args).then(calls[0]!.resolve, failAll);
        return;
      }
      const args: (string | number)[] = [];
      for (const call of calls) args.push(call.args.length, ...call.args);
      batch(...args).then((results) => calls.forEach((call, i) => call.resolve((results as unknown[])[i])), failAll);
    } catch (err) {
      failAll(err); // a client that throws instead of rejecting must not leave callers waiting
    }
  };
  return (...args) =>
    new Promise((resolve, reject) => {
      if (pending.push({ args, resolve, reject }) === 1) setImmediate(flush);
    });
}

/**
 * Register the scripts. Each call names one key with our hash tag first (KEYS[1], unused by the
 * Lua), so a Redis Cluster routes it to the node that owns every key the script touches.
 * `onRequest` counts what a batched script actually sends to Redis (a batch counts once).
 */
function withScripts(redis: RedisConnection, onRequest: () => void): ScriptClient {
  const client = redis as ScriptClient;
  const commands = redis as unknown as Record<string, RawScript>;
  for (const [name, lua] of Object.entries(SCRIPTS) as [ScriptName, string][]) {
    redis.defineCommand(`${name}Raw`, { numberOfKeys: 1, lua });
    const single: RawScript = (...args) => commands[`${name}Raw`]!.call(redis, keys.slotAnchor(), ...args);
    if (!BATCHED.has(name)) {
      (client as unknown as Record<string, RawScript>)[name] = single;
      continue;
    }
    redis.defineCommand(`${name}Batch`, { numberOfKeys: 1, lua: batchedLua(lua) });
    const batch: RawScript = (...args) => commands[`${name}Batch`]!.call(redis, keys.slotAnchor(), ...args);
    (client as unknown as Record<string, RawScript>)[name] = batching(single, batch, onRequest);
  }
  return client;
}

/** Connection settings shared by every connection the store opens. */
function connectionOptions(): RedisOptions {
  return {
    // Fail fast while Redis is away: a webhook answers 503 and the platform redelivers later,
    // instead of the process buffering commands without bound.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
    retryStrategy: (times) => Math.min(times * 100, 2000),
  };
}

/** Wait for a Redis's first connection, up to `ms`; past that the store starts unready and keeps trying. */
async function connect(redis: RedisConnection, ms: number): Promise<boolean> {
  const connected = redis.connect().then(
    () => true,
    () => false,
  );
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref());
  return Promise.race([connected, timeout]);
}

/** A flat HGETALL reply from Lua ([field, value, …]) as a record. */
function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

const withPosition = (handoff: Handoff, rank: number | null): Handoff => (rank === null ? handoff : { ...handoff, position: rank + 1 });

function unavailable(err: unknown): StoreUnavailableError {
  return new StoreUnavailableError(`redis unavailable: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}

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
  const connected = (await Promise.all([connect(redis, 5000), connect(blocking.in, 5000), connect(blocking.out, 5000)])).every(Boolean);
  let subscriber: RedisConnection | undefined;
  const handlers = new Set<(event: GatewayEvent) => void>();
  const fanOutHandlers = new Set<(delivery: Delivery) => void>();
  /** Channels subscribed (or being subscribed) on the subscriber connection. */
  const subscriptions = new Map<string, Promise<unknown>>();
  /** One subscriber connection per instance, for both channels; ioredis resubscribes after a reconnect. */
  function subscriberConnection(): RedisConnection {
    if (subscriber) return subscriber;
    subscriber = connectRedis(url, { ...connectionOptions(), enableOfflineQueue: true, maxRetriesPerRequest: null, lazyConnect: false });
    subscriber.on('error', () => undefined);
    subscriber.on('message', (channel: string, raw: string) => {
      try {
        if (channel === keys.fanOut()) {
          for (const h of fanOutHandlers) h(JSON.parse(raw) as Delivery);
          return;
        }
        const parsed = GatewayEventSchema.safeParse(JSON.parse(raw));
        if (parsed.success) for (const h of handlers) h(parsed.data as GatewayEvent);
      } catch {
        // not ours: ignore
      }
    });
    return subscriber;
  }
  /**
   * Listen on a channel while it has handlers. The events channel carries every transcript line of
   * every instance: an instance with no agent watching must not receive, parse and check them all.
   */
  async function listen<T>(channel: string, set: Set<T>, handler: T): Promise<() => void> {
    const connection = subscriberConnection();
    set.add(handler); // first: a handler leaving meanwhile must not unsubscribe the channel
    let subscribing = subscriptions.get(channel);
    if (!subscribing) subscriptions.set(channel, (subscribing = connection.subscribe(channel)));
    try {
      await subscribing;
    } catch (err) {
      set.delete(handler);
      if (set.size === 0) subscriptions.delete(channel);
      throw unavailable(err);
    }
    return () => {
      if (!set.delete(handler) || set.size > 0) return;
      subscriptions.delete(channel);
      connection.unsubscribe(channel).catch(() => undefined); // the connection is gone: nothing to stop
    };
  }
  const prefix = (q: QueueName) => keys.queueItemsPrefix(q).slice(0, -'items:'.length);

  /** One request to Redis (a command, a script or a pipeline); failures become StoreUnavailableError. Batched scripts count themselves. */
  async function run<T>(op: () => Promise<T>, counted = true): Promise<T> {
    if (counted) roundTrips++;
    try {
      return await op();
    } catch (err) {
      throw unavailable(err);
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
        if (err) throw unavailable(err);
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
      return listen(keys.events(), handlers, handler);
    },
    async fanOut(delivery) {
      await run(() => redis.publish(keys.fanOut(), JSON.stringify(delivery)));
    },
    async onFanOut(handler) {
      return listen(keys.fanOut(), fanOutHandlers, handler);
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
      const all = [redis, blocking.in, blocking.out, ...(subscriber ? [subscriber] : [])];
      await Promise.allSettled(all.map((r) => r.quit()));
      for (const r of all) r.disconnect();
    },
  };
}
