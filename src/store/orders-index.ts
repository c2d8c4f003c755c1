import { createMemoryOrdersStore } from './orders-memory.js';
import { createRedisOrdersStore } from './orders-redis.js';
import type { OrdersStore } from './orders-types.js';

export type { OrderJob, OrderNotice, OrderPromise, OrdersStore } from './orders-types.js';

/** The orders store beside the main one: Redis when REDIS_URL is set, else in memory. */
export async function createOrdersStore(redisUrl: string | undefined): Promise<OrdersStore> {
  return redisUrl ? createRedisOrdersStore(redisUrl) : createMemoryOrdersStore();
}
