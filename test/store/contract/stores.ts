import { afterAll, beforeAll, describe } from 'vitest';
import type { InboundMessage } from '../../../src/engine/types.js';
import { createMemoryStore } from '../../../src/store/memory-store.js';
import { createRedisStore } from '../../../src/store/redis-store.js';
import type { Store, StoreOptions } from '../../../src/store/types.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';

/** The contract suites of the store's ports (test/store/contract/*.test.ts): each runs against both stores. */
export const baseOptions: StoreOptions = { sessionTtlSeconds: 3600, transcriptMax: 5, dedupeTtlSeconds: 3600, leaseMs: 30_000, maxPendingPerConversation: 50 };

let counter = 0;
export function message(conversation: string, text: string, id = `m${++counter}`): InboundMessage {
  return {
    id,
    address: { channel: 'web', conversationId: `web:${conversation}` },
    sender: { id: conversation },
    text,
    attachments: [],
    receivedAt: new Date().toISOString(),
  };
}

/** A private redis-server for this test file, started before its tests and stopped after. */
export function useRedisServer(): () => TestRedis {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  return () => redis!;
}

export type MakeStore = (o?: Partial<StoreOptions>) => Promise<Store>;

/** `body` once for the in-process store and once for the Redis store; every store made is closed after. */
export function contractSuite(port: string, body: (make: MakeStore, kind: string) => void): void {
  const redis = useRedisServer();
  const makers: Record<string, MakeStore> = {
    memory: async (o) => createMemoryStore({ ...baseOptions, ...o }),
    redis: async (o) => createRedisStore(redis().url, { ...baseOptions, ...o }),
  };
  describe.each(Object.keys(makers))(`%s store: ${port} contract`, (kind) => {
    const stores: Store[] = [];
    const make: MakeStore = async (o) => {
      const store = await makers[kind]!(o);
      stores.push(store);
      return store;
    };
    afterAll(async () => {
      for (const s of stores) await s.close();
    });
    body(make, kind);
  });
}
