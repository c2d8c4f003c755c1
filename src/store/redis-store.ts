import { randomBytes } from 'node:crypto';
import { connectionOptions, connectRedis, redisUnavailable, waitForConnection, type RedisConnection } from './connection.js';
import { StoreUnavailableError } from '../errors.js';
import { keys, type QueueName } from './keys.js';
import { createPubSub } from './pubsub.js';
import type { RedisContext } from './redis-context.js';
import { createRedisHandoff } from './redis-handoff.js';
import { createRedisInbox } from './redis-inbox.js';
import { createRedisSessions } from './redis-sessions.js';
import { withScripts } from './scripts.js';
import { parseShopStatus } from './shop-status.js';
import type { Store, StoreOptions } from './types.js';

/** The store over Redis through ioredis: shared by every gateway instance. */
export async function createRedisStore(url: string, options: StoreOptions): Promise<Store & { connected: boolean }> {
  // No enableAutoPipelining: with the offline queue off, ioredis can leave an auto-pipelined
  // command unanswered while Redis is down (a webhook hanging instead of a 503); the busy scripts
  // are batched by `withScripts` instead.
  let roundTrips = 0;
  let storeErrors = 0;
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
      storeErrors++;
      throw redisUnavailable(err);
    }
  }

  const context: RedisContext = { redis, blocking, options, run, prefix };

  return {
    kind: 'redis',
    options,
    connected,
    async ping() {
      await run(() => redis.ping());
    },
    roundTrips: () => roundTrips,
    storeErrors: () => storeErrors,
    ...createRedisInbox(context),
    ...createRedisSessions(context),
    ...createRedisHandoff(context),
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

