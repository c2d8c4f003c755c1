import { StoreUnavailableError } from '../errors.js';
import type { ConversationId } from '../engine/types.js';
import type { OrderEvent } from '../orders/events.js';
import { connectRedis, type RedisConnection } from './connection.js';
import { keys } from './keys.js';
import { NOTICES_MAX, ORDER_TTL_SECONDS, type OrderJob, type OrderNotice, type OrderPromise, type OrdersStore } from './orders-types.js';

/**
 * ARGV: dueKey, leasedKey, jobPrefix, now, leaseUntil, max. Expired leases (an instance died mid-send)
 * become due again; then up to `max` due jobs move to the leased set and their JSON is returned.
 * One script, so two instances polling at once never get the same job.
 */
const CLAIM_DUE = `
local due, leased, jobPrefix, now, leaseUntil, max = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
for _, id in ipairs(redis.call('ZRANGEBYSCORE', leased, '-inf', now)) do
  redis.call('ZREM', leased, id)
  redis.call('ZADD', due, now, id)
end
local out = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', due, '-inf', now, 'LIMIT', 0, max)) do
  redis.call('ZREM', due, id)
  local job = redis.call('GET', jobPrefix .. id)
  if job then
    redis.call('ZADD', leased, leaseUntil, id)
    out[#out + 1] = job
  end
end
return out`;

type Client = RedisConnection & { ordersClaimDue(anchor: string, ...args: (string | number)[]): Promise<string[]> };

const parse = <T>(raw: string): T => JSON.parse(raw) as T;

/** The orders key families over Redis: shared by every instance. Opens its own connection. */
export async function createRedisOrdersStore(url: string): Promise<OrdersStore> {
  const redis = connectRedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: (times) => Math.min(times * 100, 2000) }) as Client;
  redis.on('error', () => undefined); // reported as StoreUnavailableError by each call
  redis.defineCommand('ordersClaimDue', { numberOfKeys: 1, lua: CLAIM_DUE });
  await redis.connect().catch(() => undefined);

  async function run<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      throw new StoreUnavailableError(`redis unavailable: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  /** A MULTI's replies, failing on the first error. */
  const exec = async (m: ReturnType<RedisConnection['multi']>) => {
    const replies = (await m.exec()) ?? [];
    for (const [err] of replies) if (err) throw err;
    return replies.map(([, value]) => value);
  };

  return {
    kind: 'redis',
    recordEvent: (event, refKeys) =>
      run(async () => {
        const m = redis.multi().hsetnx(keys.orderEvents(event.orderId), event.id, JSON.stringify(event)).expire(keys.orderEvents(event.orderId), ORDER_TTL_SECONDS);
        for (const ref of refKeys) m.sadd(keys.orderRefs(event.orderId), ref).sadd(keys.ordersByRef(ref), event.orderId).expire(keys.ordersByRef(ref), ORDER_TTL_SECONDS);
        if (refKeys.length) m.expire(keys.orderRefs(event.orderId), ORDER_TTL_SECONDS);
        m.hvals(keys.orderEvents(event.orderId));
        const replies = await exec(m);
        return { recorded: replies[0] === 1, events: (replies[replies.length - 1] as string[]).map((raw) => parse<OrderEvent>(raw)) };
      }),
    events: (orderId) => run(async () => (await redis.hvals(keys.orderEvents(orderId))).map((raw) => parse<OrderEvent>(raw))),
    orderIdsFor: (refKeys) => run(async () => (refKeys.length ? redis.sunion(...refKeys.map((r) => keys.ordersByRef(r))) : [])),
    link: (orderId, refKey) =>
      run(async () => {
        await exec(redis.multi().sadd(keys.orderRefs(orderId), refKey).expire(keys.orderRefs(orderId), ORDER_TTL_SECONDS).sadd(keys.ordersByRef(refKey), orderId).expire(keys.ordersByRef(refKey), ORDER_TTL_SECONDS));
      }),
    refsOf: (orderId) => run(() => redis.smembers(keys.orderRefs(orderId))),
    once: (mark, ttlSeconds) => run(async () => (await redis.set(keys.orderSent(mark), '1', 'EX', ttlSeconds, 'NX')) === 'OK'),
    note: (notice: OrderNotice) =>
      run(async () => {
        const key = keys.orderLog(notice.orderId);
        await exec(redis.multi().lpush(key, JSON.stringify(notice)).ltrim(key, 0, NOTICES_MAX - 1).expire(key, ORDER_TTL_SECONDS));
      }),
    notices: (orderId) => run(async () => (await redis.lrange(keys.orderLog(orderId), 0, -1)).map((raw) => parse<OrderNotice>(raw))),
    schedule: (job) =>
      run(async () => {
        const ttl = Math.max(60, Math.ceil((Date.parse(job.dueAt) - Date.now()) / 1000) + 30 * 86_400);
        await exec(
          redis
            .multi()
            .set(keys.orderJob(job.id), JSON.stringify(job), 'EX', ttl)
            .zrem(keys.orderJobsLeased(), job.id)
            .zadd(keys.orderJobsDue(), Date.parse(job.dueAt), job.id)
            .sadd(keys.orderJobsOf(job.orderId), job.id)
            .expire(keys.orderJobsOf(job.orderId), ORDER_TTL_SECONDS),
        );
      }),
    cancelJobs: (orderId) =>
      run(async () => {
        const jobs = await pendingJobs(orderId);
        const m = redis.multi().del(keys.orderJobsOf(orderId));
        for (const job of jobs) m.zrem(keys.orderJobsDue(), job.id).zrem(keys.orderJobsLeased(), job.id).del(keys.orderJob(job.id));
        await exec(m);
        return jobs;
      }),
    jobsOf: (orderId) => run(() => pendingJobs(orderId)),
    claimDue: (now, leaseMs, max) => run(async () => (await redis.ordersClaimDue(keys.slotAnchor(), keys.orderJobsDue(), keys.orderJobsLeased(), keys.orderJobPrefix(), now.getTime(), now.getTime() + leaseMs, max)).map((raw) => parse<OrderJob>(raw))),
    completeJob: (job) =>
      run(async () => {
        await exec(redis.multi().zrem(keys.orderJobsLeased(), job.id).zrem(keys.orderJobsDue(), job.id).del(keys.orderJob(job.id)).srem(keys.orderJobsOf(job.orderId), job.id));
      }),
    addPromise: (promise) =>
      run(async () => {
        const key = keys.orderPromises(promise.conversationId);
        await exec(redis.multi().hset(key, promise.id, JSON.stringify(promise)).expire(key, ORDER_TTL_SECONDS));
      }),
    promises: (conversationId) =>
      run(async () => (await redis.hvals(keys.orderPromises(conversationId))).map((raw) => parse<OrderPromise>(raw)).sort((a, b) => a.createdAt.localeCompare(b.createdAt))),
    updatePromise: (conversationId, id, change) =>
      run(async () => {
        // WATCH-free: an agent closing a promise twice writes the same fields; last write wins.
        const raw = await redis.hget(keys.orderPromises(conversationId), id);
        if (!raw) return undefined;
        const updated: OrderPromise = { ...parse<OrderPromise>(raw), ...change };
        await redis.hset(keys.orderPromises(conversationId), id, JSON.stringify(updated));
        return updated;
      }),
    erase: (orderIds: string[], conversationId: ConversationId) =>
      run(async () => {
        for (const orderId of orderIds) {
          const [refs, jobs] = await Promise.all([redis.smembers(keys.orderRefs(orderId)), pendingJobs(orderId)]);
          const m = redis.multi().del(keys.orderEvents(orderId), keys.orderRefs(orderId), keys.orderLog(orderId), keys.orderJobsOf(orderId));
          for (const ref of refs) m.srem(keys.ordersByRef(ref), orderId);
          for (const job of jobs) m.zrem(keys.orderJobsDue(), job.id).zrem(keys.orderJobsLeased(), job.id).del(keys.orderJob(job.id));
          await exec(m);
        }
        await redis.del(keys.orderPromises(conversationId));
      }),
    async close() {
      await redis.quit().catch(() => undefined);
      redis.disconnect();
    },
  };

  async function pendingJobs(orderId: string): Promise<OrderJob[]> {
    const ids = await redis.smembers(keys.orderJobsOf(orderId));
    if (ids.length === 0) return [];
    const raws = await redis.mget(...ids.map((id) => keys.orderJob(id)));
    return raws.flatMap((raw) => (raw ? [parse<OrderJob>(raw)] : []));
  }
}
