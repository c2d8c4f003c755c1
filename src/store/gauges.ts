import { connectRedis, type RedisConnection } from './connection.js';
import { keys } from './keys.js';
import type { Store } from './types.js';

/** The desk's shared state right now, across every instance: what a Prometheus scrape shows. */
export interface SharedGaugeValues {
  waiting: number;
  held: number;
  /** Conversations with buyer messages not processed yet (ready, leased or backing off). */
  inboundBacklog: number;
  outboundBacklog: number;
  /** Seconds the longest-waiting buyer has waited for a person; 0 when nobody waits. */
  oldestWaitingSeconds: number;
}

export interface SharedGauges {
  read(nowMs: number): Promise<SharedGaugeValues>;
  close(): Promise<void>;
}

// KEYS: handoff queue, assigned, in ready/leases/delayed, out ready/leases/delayed, out later. Eight O(1) reads and one O(log n).
const READ = `
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {
  redis.call('ZCARD', KEYS[1]), redis.call('ZCARD', KEYS[2]),
  redis.call('LLEN', KEYS[3]) + redis.call('ZCARD', KEYS[4]) + redis.call('ZCARD', KEYS[5]),
  redis.call('LLEN', KEYS[6]) + redis.call('ZCARD', KEYS[7]) + redis.call('ZCARD', KEYS[8]) + redis.call('LLEN', KEYS[9]),
  oldest[2] or false }`;

/** Shared gauges from Redis, in one round trip on a connection of their own (a scrape never queues behind work). */
export function createRedisGauges(url: string): SharedGauges {
  const redis: RedisConnection = connectRedis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: (times) => Math.min(times * 100, 2000) });
  redis.on('error', () => undefined); // a failed read is reported as shopdesk_redis_up 0
  const names = [keys.handoffQueue(), keys.handoffAssigned(), ...(['in', 'out'] as const).flatMap((q) => [keys.queueReady(q), keys.queueLeases(q), keys.queueDelayed(q)]), keys.queueLater('out')];
  return {
    async read(nowMs) {
      const [waiting, held, inbound, outbound, oldest] = (await redis.eval(READ, names.length, ...names)) as [number, number, number, number, string | null];
      return { waiting, held, inboundBacklog: inbound, outboundBacklog: outbound, oldestWaitingSeconds: oldest ? Math.max(0, (nowMs - Number(oldest)) / 1000) : 0 };
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** The same from the in-process store (one instance): the handoff lists; its queues are not shown (0). */
export function createMemoryGauges(store: Store): SharedGauges {
  return {
    async read(nowMs) {
      const [queued, held] = await Promise.all([store.listConversations('queued', 10_000), store.listConversations('agent', 10_000)]);
      const first = queued.map((c) => Date.parse(c.waitingSince ?? '')).filter(Number.isFinite).sort((a, b) => a - b)[0];
      return { waiting: queued.length, held: held.length, inboundBacklog: 0, outboundBacklog: 0, oldestWaitingSeconds: first === undefined ? 0 : Math.max(0, (nowMs - first) / 1000) };
    },
    async close() {},
  };
}
