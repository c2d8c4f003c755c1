import { randomBytes } from 'node:crypto';
import { createMemoryContext, emit, startSweeper } from './memory-context.js';
import { createMemoryHandoff } from './memory-handoff.js';
import { createMemoryInbox } from './memory-inbox.js';
import { createMemorySessions } from './memory-sessions.js';
import { parseShopStatus } from './shop-status.js';
import type { Store, StoreOptions } from './types.js';

/**
 * The in-process store: same contract as Redis, for running with no external service.
 * State is lost on restart and cannot be shared, so only one instance may run on it.
 */
export function createMemoryStore(options: StoreOptions): Store {
  const context = createMemoryContext(options);
  const { fanOutListeners, listeners } = context;
  const secrets = new Map<string, string>();
  const stopSweeper = startSweeper(context);

  return {
    kind: 'memory',
    options,
    async ping() {},
    roundTrips: () => 0,
    storeErrors: () => 0,
    ...createMemoryInbox(context),
    ...createMemorySessions(context),
    ...createMemoryHandoff(context),
    async publish(event) {
      emit(context, event);
    },
    async subscribe(handler) {
      listeners.add(handler);
      return () => void listeners.delete(handler);
    },
    async fanOut(delivery) {
      for (const listener of fanOutListeners) listener(structuredClone(delivery));
    },
    async onFanOut(handler) {
      fanOutListeners.add(handler);
      return () => void fanOutListeners.delete(handler);
    },
    async getShopStatus() {
      return parseShopStatus(context.shopStatus);
    },
    async setShopStatus(status) {
      context.shopStatus = status ? JSON.stringify(status) : undefined;
    },
    async sharedSecret(name) {
      if (!secrets.has(name)) secrets.set(name, randomBytes(32).toString('base64url'));
      return secrets.get(name)!;
    },
    async close() {
      stopSweeper();
    },
  };
}
