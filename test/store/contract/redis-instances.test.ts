import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationId, InboundMessage } from '../../../src/engine/types.js';
import { keys } from '../../../src/store/keys.js';
import { createRedisStore } from '../../../src/store/redis-store.js';
import type { Store } from '../../../src/store/types.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { baseOptions, message } from './stores.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

/** A Redis store and a plain client on the test Redis, both closed afterwards whatever happens. */
async function withRedisStore(run: (store: Store, client: ReturnType<TestRedis['client']>) => Promise<void>): Promise<void> {
  const client = redis.client();
  const store = await createRedisStore(redis.url, baseOptions);
  try {
    await run(store, client);
  } finally {
    client.disconnect();
    await store.close();
  }
}

describe('redis store across instances', () => {
  it('shares dedupe, secrets and conversation leases between two gateway instances', async () => {
    const a = await createRedisStore(redis.url, baseOptions);
    const b = await createRedisStore(redis.url, baseOptions);
    try {
      const m = message('multi', 'one', 'multi-1');
      expect(await a.ingest(m)).toBe('accepted');
      expect(await b.ingest(m)).toBe('duplicate');
      await b.ingest(message('multi', 'two', 'multi-2'));
      const lease = (await a.claim('in', 0))!;
      expect(await b.claim('in', 0)).toBeUndefined(); // the conversation is a's until it commits
      await a.commitTurn(lease, { transcript: [] });
      const next = (await b.claim('in', 0))!;
      expect(JSON.parse(next.item).text).toBe('two');
      await b.commitTurn(next, { transcript: [] });
      expect(await a.sharedSecret('shared')).toBe(await b.sharedSecret('shared'));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('takes over a Redis left by 0.1.0: its dedupe marks are in no way, its queued messages are processed in order', async () => {
    await withRedisStore(async (store, client) => {
      // 0.1.0 marked each message with a string `seen:<channel>:<message id>`; a Telegram update id
      // can equal a chat id, so that string can have the name a conversation's marks would have.
      const legacyMark = keys.seen('telegram:4242' as ConversationId).replace(':seen-ids:', ':seen:');
      await client.set(legacyMark, '1', 'EX', 3600);
      const fromChat4242 = { ...message('4242', 'hi', 'tg-upgrade-1'), address: { channel: 'telegram' as const, conversationId: 'telegram:4242' as ConversationId } };
      expect(await store.ingest(fromChat4242)).toBe('accepted');
      // 0.1.0 left a conversation with two messages queued: items, plus its place in the ready list
      // (and in a `scheduled` set this version no longer keeps).
      const conv = 'web:left-by-0.1.0' as ConversationId;
      const left = [message('left-by-0.1.0', 'first', 'old-1'), message('left-by-0.1.0', 'second', 'old-2')];
      await client.rpush(keys.queueItems('in', conv), ...left.map((m) => JSON.stringify(m)));
      await client.rpush(keys.queueReady('in'), conv);
      const texts: string[] = [];
      for (let lease = await store.claimBatch('in', 10, 0); lease.length > 0; lease = await store.claimBatch('in', 10, 0)) {
        for (const l of lease) {
          texts.push(`${l.conversationId} ${(JSON.parse(l.item) as InboundMessage).text}`);
          expect(await store.commitTurn(l, { transcript: [] })).toBe(true);
        }
      }
      expect(texts.filter((t) => t.startsWith(conv))).toEqual([`${conv} first`, `${conv} second`]);
      expect(texts).toContain('telegram:4242 hi');
    });
  });

  it('keeps the 10,000 most recent conversations in the agents\' list, dropping the oldest when a new one comes', async () => {
    await withRedisStore(async (store, client) => {
      await client.del(keys.conversations());
      const old = Array.from({ length: 10_000 }, (_, i) => [String(i + 1), `web:old-${i}`]).flat();
      await client.zadd(keys.conversations(), ...old);
      await store.ingest(message('newest', 'hi', 'cap-1'));
      const lease = (await store.claimBatch('in', 100, 0)).find((l) => l.conversationId === 'web:newest')!;
      expect(await store.commitTurn(lease, { transcript: [] })).toBe(true);
      expect(await client.zcard(keys.conversations())).toBe(10_000);
      expect(await client.zscore(keys.conversations(), 'web:old-0')).toBeNull();
      expect(await client.zscore(keys.conversations(), 'web:newest')).not.toBeNull();
    });
  });

  it('receives live events only while someone listens (each line of every turn is one)', async () => {
    await withRedisStore(async (store, client) => {
      const listeners = async () => ((await client.pubsub('NUMSUB', keys.events())) as [string, number])[1];
      const seen: string[] = [];
      const stopFirst = await store.subscribe((e) => void seen.push(`first ${e.type}`));
      const stopSecond = await store.subscribe((e) => void seen.push(`second ${e.type}`));
      expect(await listeners()).toBe(1); // one connection for the instance
      stopFirst();
      await store.publish({ type: 'handoff', conversationId: 'web:live', state: 'queued', at: new Date().toISOString() });
      await expect.poll(() => seen).toEqual(['second handoff']);
      stopSecond();
      await expect.poll(listeners).toBe(0);
      const again: string[] = [];
      const stop = await store.subscribe((e) => void again.push(e.type));
      await store.publish({ type: 'handoff', conversationId: 'web:live', state: 'agent', agent: 'Ana', at: new Date().toISOString() });
      await expect.poll(() => again).toEqual(['handoff']);
      stop();
    });
  });

  it('answers with StoreUnavailableError while Redis is down, and works again once it is back', async () => {
    const own = await startRedisServer();
    const store = await createRedisStore(own.url, baseOptions);
    try {
      await own.stop();
      await expect(store.ingest(message('down', 'x'))).rejects.toThrow(/redis unavailable/);
      await expect(store.ping()).rejects.toThrow();
      await own.start();
      const deadline = Date.now() + 10_000;
      while (await store.ping().then(() => false, () => Date.now() < deadline)) await new Promise((r) => setTimeout(r, 100));
      expect(await store.ingest(message('down', 'y'))).toBe('accepted');
    } finally {
      await store.close();
      await own.stop();
    }
  });
});
