import type { Logger } from 'winston';
import type { Env } from '../config/schema.js';
import { createMemoryStore } from './memory-store.js';
import { createRedisStore } from './redis-store.js';
import type { Store, StoreOptions } from './types.js';

export type { DeadLetter, Lease, QueueName, Store, StoreOptions, Turn } from './types.js';
export { initialSession, SessionSchema, type Session } from './session.js';

/** Store settings from the environment. */
export function storeOptions(env: Env): StoreOptions {
  return {
    sessionTtlSeconds: env.SESSION_TTL_DAYS * 86_400,
    transcriptMax: env.TRANSCRIPT_MAX,
    dedupeTtlSeconds: env.DEDUPE_TTL_SECONDS,
    leaseMs: env.LEASE_MS,
    maxPendingPerConversation: env.MAX_PENDING_PER_CONVERSATION,
  };
}

/** Redis when REDIS_URL is set, else the in-process store (with a warning: one instance, lost on restart). */
export async function createStore(env: Env, log: Logger): Promise<Store> {
  const options = storeOptions(env);
  if (!env.REDIS_URL) {
    log.warn('REDIS_URL is not set: using the in-process store. State is lost on restart and only one gateway instance may run. Set REDIS_URL for production.');
    return createMemoryStore(options);
  }
  const store = await createRedisStore(env.REDIS_URL, options);
  if (store.connected) log.info('connected to redis', { redis: redactUrl(env.REDIS_URL) });
  else log.error('redis is not reachable yet; /readyz answers 503 and webhooks 503 until it is', { redis: redactUrl(env.REDIS_URL) });
  return store;
}

/** A Redis URL without its password, for logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
