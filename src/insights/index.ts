import type { Env, ShopConfig } from '../config/schema.js';
import type { Logger } from '../log.js';
import { createMemoryInsightsStore } from '../store/insights-memory.js';
import { createRedisInsightsStore } from '../store/insights-redis.js';
import type { InsightsStore } from '../store/insights-types.js';
import { insightsTimeZone } from './api.js';
import { createInsightsRecorder, type InsightsRecorder } from './recorder.js';

export interface Insights {
  store: InsightsStore;
  recorder: InsightsRecorder;
}

/** The owner's insights for this instance: in Redis when REDIS_URL is set (shared by all instances), else in memory. */
export function openInsights(env: Pick<Env, 'REDIS_URL'>, shop: ShopConfig, log: Logger): Insights {
  const store = env.REDIS_URL ? createRedisInsightsStore(env.REDIS_URL) : createMemoryInsightsStore();
  return { store, recorder: createInsightsRecorder({ store, timeZone: insightsTimeZone(shop), log }) };
}
