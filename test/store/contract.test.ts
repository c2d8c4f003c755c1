import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationId, InboundMessage } from '../../src/engine/types.js';
import { keys } from '../../src/store/keys.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { initialSession } from '../../src/store/session.js';
import type { Store, StoreOptions } from '../../src/store/types.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

const baseOptions: StoreOptions = { sessionTtlSeconds: 3600, transcriptMax: 5, dedupeTtlSeconds: 3600, leaseMs: 30_000, maxPendingPerConversation: 50 };

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

let counter = 0;
function message(conversation: string, text: string, id = `m${++counter}`): InboundMessage {
  return {
    id,
    address: { channel: 'web', conversationId: `web:${conversation}` },
    sender: { id: conversation },
    text,
    attachments: [],
    receivedAt: new Date().toISOString(),
  };
}

const makers: Record<string, (o?: Partial<StoreOptions>) => Promise<Store>> = {
  memory: async (o) => createMemoryStore({ ...baseOptions, ...o }),
  redis: async (o) => {
    const store = await createRedisStore(redis.url, { ...baseOptions, ...o });
    return store;
  },
};

describe.each(Object.keys(makers))('%s store contract', (kind) => {
  const stores: Store[] = [];
  const make = async (o?: Partial<StoreOptions>) => {
    const store = await makers[kind]!(o);
    stores.push(store);
    return store;
  };
  afterAll(async () => {
    for (const s of stores) await s.close();
  });

  it('records a platform message once: a redelivery with the same id is a duplicate', async () => {
    const store = await make();
    const conv = `dedupe-${kind}`;
    const m = message(conv, 'hello', `dup-${kind}`);
    expect(await store.ingest(m)).toBe('accepted');
    expect(await store.ingest(m)).toBe('duplicate');
    expect(await store.ingest({ ...m, address: { channel: 'telegram', conversationId: `telegram:${conv}` } })).toBe('accepted');
    const first = await store.claim('in', 0);
    expect(first).toBeDefined();
    await store.commitTurn(first!, { transcript: [] });
    const second = await store.claim('in', 0);
    await store.commitTurn(second!, { transcript: [] });
    expect(await store.claim('in', 0)).toBeUndefined();
  });

  it('gives calls made together each their own answer, in call order (Redis sends them as one batch)', async () => {
    const store = await make();
    const m = message(`together-${kind}`, 'one');
    const other = message(`together-other-${kind}`, 'two');
    const tripsBefore = store.roundTrips();
    const results = await Promise.all([store.ingestAndLease(m), store.ingestAndLease(m), store.ingestAndLease(other), store.ingest(message(`together-${kind}`, 'three'))]);
    expect(store.roundTrips() - tripsBefore).toBe(kind === 'redis' ? 1 : 0);
    expect(results.map((r) => (typeof r === 'string' ? r : r.result))).toEqual(['accepted', 'duplicate', 'accepted', 'accepted']);
    const [first, , second] = results as Awaited<ReturnType<Store['ingestAndLease']>>[];
    expect(JSON.parse(first!.lease!.item).text).toBe('one');
    expect(JSON.parse(second!.lease!.item).text).toBe('two');
    const delivery = (to: InboundMessage) => ({ id: `d-${to.id}`, address: to.address, replies: [{ kind: 'text' as const, text: 'hi' }] });
    const committed = await Promise.all([
      store.commitTurnAndLease(first!.lease!, { transcript: [], delivery: delivery(m) }),
      store.commitTurnAndLease(second!.lease!, { transcript: [], delivery: delivery(other) }),
      store.commitTurn(second!.lease!, { transcript: [] }), // already committed: lease gone
    ]);
    expect(committed.map((c) => (typeof c === 'boolean' ? c : c.committed))).toEqual([true, true, false]);
    const [a, b] = committed as Awaited<ReturnType<Store['commitTurnAndLease']>>[];
    expect(await Promise.all([store.ack(a!.delivery!), store.ack(b!.delivery!), store.ack(a!.delivery!)])).toEqual([true, true, false]);
    const three = (await store.claim('in', 0))!;
    expect(JSON.parse(three.item).text).toBe('three');
    await store.commitTurn(three, { transcript: [] });
  });

  it('forgets a platform message id after the dedupe window, and keeps other ids of the conversation until theirs ends', async () => {
    const store = await make({ dedupeTtlSeconds: 1 });
    const conv = `window-${kind}`;
    const old = message(conv, 'old');
    expect(await store.ingest(old)).toBe('accepted');
    await new Promise((r) => setTimeout(r, 700));
    const recent = message(conv, 'recent');
    expect(await store.ingest(recent)).toBe('accepted');
    await new Promise((r) => setTimeout(r, 500));
    // 1.2 s after the first, 0.5 s after the second: the first may come again, the second is still a repeat.
    expect(await store.ingest(old)).toBe('accepted');
    expect(await store.ingest(recent)).toBe('duplicate');
    for (let lease = await store.claim('in', 0); lease; lease = await store.claim('in', 0)) await store.commitTurn(lease, { transcript: [] });
  });

  it('hands out one conversation at a time, oldest message first, other conversations in parallel', async () => {
    const store = await make();
    await store.ingest(message(`a-${kind}`, 'a1'));
    await store.ingest(message(`a-${kind}`, 'a2'));
    await store.ingest(message(`b-${kind}`, 'b1'));

    const first = await store.claim('in', 0);
    const second = await store.claim('in', 0);
    expect(JSON.parse(first!.item).text).toBe('a1');
    expect(JSON.parse(second!.item).text).toBe('b1'); // a2 waits while a is leased
    expect(await store.claim('in', 0)).toBeUndefined();

    expect(await store.commitTurn(first!, { transcript: [] })).toBe(true);
    const third = await store.claim('in', 0);
    expect(JSON.parse(third!.item).text).toBe('a2');
    await store.commitTurn(third!, { transcript: [] });
    await store.commitTurn(second!, { transcript: [] });
    expect(await store.claim('in', 0)).toBeUndefined();
  });

  it('commits a turn atomically: session, capped transcript and the delivery to send', async () => {
    const store = await make();
    const conv = `turn-${kind}`;
    const m = message(conv, 'hi');
    await store.ingest(m);
    const lease = (await store.claim('in', 0))!;
    const session = { ...initialSession(m.address, new Date()), lang: 'es' };
    const transcript = Array.from({ length: 7 }, (_, i) => ({ id: `t${i}`, from: 'bot' as const, text: `line ${i}`, at: new Date().toISOString() }));
    const delivery = { id: 'd1', address: m.address, replies: [{ kind: 'text' as const, text: 'hola' }] };
    expect(await store.commitTurn(lease, { session, transcript, delivery })).toBe(true);

    expect((await store.loadSession(m.address.conversationId))?.lang).toBe('es');
    const kept = await store.transcript(m.address.conversationId);
    expect(kept.map((e) => e.text)).toEqual(['line 2', 'line 3', 'line 4', 'line 5', 'line 6']);
    const out = await store.claim('out', 0);
    expect(JSON.parse(out!.item)).toEqual(delivery);
    expect(await store.ack(out!)).toBe(true);
    expect(await store.claim('out', 0)).toBeUndefined();
  });

  it('leases an idle conversation to the instance that recorded its message, with the turn state, in one step', async () => {
    const store = await make();
    const conv = `inline-${kind}`;
    const first = message(conv, 'first');
    const seed = await store.ingestAndLease(first);
    expect(seed.result).toBe('accepted');
    await store.commitTurn(seed.lease!, { session: { ...initialSession(first.address, new Date()), lang: 'zh' }, transcript: [] });
    await store.setShopStatus({ mode: 'away', setAt: new Date().toISOString(), setBy: 'cli' });

    const m = message(conv, 'second');
    const held = await store.ingestAndLease(m);
    expect(held.result).toBe('accepted');
    expect(JSON.parse(held.lease!.item)).toEqual(m);
    expect(held.lease!.attempts).toBe(1);
    expect(held.state!.session?.lang).toBe('zh');
    expect(held.state!.status?.mode).toBe('away');
    expect(held.state!.handoff.state).toBe('bot');
    // Leased: no other worker gets it, and a message behind it waits in order, not leased to anyone.
    expect(await store.claim('in', 0)).toBeUndefined();
    const behind = await store.ingestAndLease(message(conv, 'third'));
    expect(behind).toEqual({ result: 'accepted' });
    expect(await store.ingestAndLease(m)).toEqual({ result: 'duplicate' });
    expect(await store.claim('in', 0)).toBeUndefined();
    expect(await store.commitTurn(held.lease!, { transcript: [] })).toBe(true);
    const next = await store.claim('in', 0);
    expect(JSON.parse(next!.item).text).toBe('third');
    await store.commitTurn(next!, { transcript: [] });
    await store.setShopStatus(undefined);
  });

  it('gives a message leased on the spot to another worker when its instance dies before committing', async () => {
    const store = await make({ leaseMs: 100 });
    const m = message(`inline-crash-${kind}`, 'lost worker');
    const held = await store.ingestAndLease(m);
    await new Promise((r) => setTimeout(r, 150));
    const taken = (await store.claim('in', 0))!;
    expect(JSON.parse(taken.item)).toEqual(m);
    expect(taken.attempts).toBe(2);
    expect(await store.commitTurn(held.lease!, { transcript: [] })).toBe(false);
    expect(await store.commitTurn(taken, { transcript: [] })).toBe(true);
  });

  it('leases a committed delivery to the committer when the conversation has no other delivery pending', async () => {
    const store = await make();
    const conv = `inline-out-${kind}`;
    const deliveryFor = (m: InboundMessage, id: string) => ({ id, address: m.address, replies: [{ kind: 'text' as const, text: id }] });
    const a = message(conv, 'a');
    const b = message(conv, 'b');
    const leaseA = (await store.ingestAndLease(a)).lease!;
    const first = await store.commitTurnAndLease(leaseA, { transcript: [], delivery: deliveryFor(a, 'd-a') });
    expect(first.committed).toBe(true);
    expect(JSON.parse(first.delivery!.item).id).toBe('d-a');
    expect(first.delivery!.queue).toBe('out');
    expect(await store.claim('out', 0)).toBeUndefined(); // held by the committer
    // A second reply while the first is unsent queues behind it: same order, not leased.
    const leaseB = (await store.ingestAndLease(b)).lease!;
    expect(await store.commitTurnAndLease(leaseB, { transcript: [], delivery: deliveryFor(b, 'd-b') })).toEqual({ committed: true });
    expect(await store.claim('out', 0)).toBeUndefined();
    expect(await store.ack(first.delivery!)).toBe(true);
    const second = (await store.claim('out', 0))!;
    expect(JSON.parse(second.item).id).toBe('d-b');
    await store.ack(second);
    // A blocked buyer's delivery says so, as a claimed one would.
    await store.markUnreachable(a.address.conversationId);
    const c = message(conv, 'c');
    const leaseC = (await store.ingestAndLease(c)).lease!;
    await store.markUnreachable(c.address.conversationId);
    const third = await store.commitTurnAndLease(leaseC, { transcript: [], delivery: deliveryFor(c, 'd-c') });
    expect(third.delivery!.unreachable).toBe(true);
    await store.ack(third.delivery!);
    // A lost lease commits nothing and leases nothing.
    expect(await store.commitTurnAndLease(leaseC, { transcript: [], delivery: deliveryFor(c, 'd-x') })).toEqual({ committed: false });
  });

  it('shows a committed turn live: each transcript line as a message event, then the other events', async () => {
    const store = await make();
    // On Redis another instance sees it; memory has only the one instance.
    const watcher = kind === 'redis' ? await make() : store;
    const seen: unknown[] = [];
    const unsubscribe = await watcher.subscribe((event) => seen.push(event));
    const m = message(`live-${kind}`, 'can I talk to a person?');
    const conversationId = m.address.conversationId;
    const { lease } = await store.ingestAndLease(m);
    const at = new Date().toISOString();
    await store.commitTurn(lease!, {
      transcript: [
        { id: m.id, from: 'buyer', text: m.text, at },
        { id: `d:${m.id}:0`, from: 'bot', text: 'Someone will be with you "soon"', at, quickReplies: [{ label: 'OK', payload: 'ok' }] },
      ],
      events: [{ type: 'handoff', conversationId, state: 'queued', reason: 'asked', position: 1, at }],
    });
    await expect.poll(() => seen.length).toBe(3);
    expect(seen).toEqual([
      { type: 'message', conversationId, id: m.id, from: 'buyer', text: m.text, at },
      { type: 'message', conversationId, id: `d:${m.id}:0`, from: 'bot', text: 'Someone will be with you "soon"', at },
      { type: 'handoff', conversationId, state: 'queued', reason: 'asked', position: 1, at },
    ]);
    unsubscribe();
  });

  it('gives an expired lease to another worker, and the first worker can no longer commit', async () => {
    const store = await make({ leaseMs: 100 });
    const m = message(`lease-${kind}`, 'slow');
    await store.ingest(m);
    const stale = (await store.claim('in', 0))!;
    await new Promise((r) => setTimeout(r, 150));
    const fresh = (await store.claim('in', 0))!;
    expect(fresh.conversationId).toBe(stale.conversationId);
    expect(fresh.attempts).toBe(2);
    expect(await store.commitTurn(stale, { transcript: [{ id: 'x', from: 'bot', text: 'late', at: '' }] })).toBe(false);
    expect(await store.transcript(m.address.conversationId)).toEqual([]);
    expect(await store.commitTurn(fresh, { transcript: [] })).toBe(true);
  });

  it('keeps a lease alive with extend', async () => {
    const store = await make({ leaseMs: 150 });
    await store.ingest(message(`extend-${kind}`, 'x'));
    const lease = (await store.claim('in', 0))!;
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 60));
      expect(await store.extend(lease)).toBe(true);
    }
    expect(await store.claim('in', 0)).toBeUndefined();
    expect(await store.commitTurn(lease, { transcript: [] })).toBe(true);
  });

  it('retries later with the same head item and counts attempts', async () => {
    const store = await make();
    const m = message(`retry-${kind}`, 'again');
    await store.ingest(m);
    const lease = (await store.claim('in', 0))!;
    expect(lease.attempts).toBe(1);
    expect(await store.retryLater(lease, 80)).toBe(true);
    expect(await store.claim('in', 0)).toBeUndefined();
    const again = await store.claim('in', 2000);
    expect(JSON.parse(again!.item).text).toBe('again');
    expect(again!.attempts).toBe(2);
    await store.commitTurn(again!, { transcript: [] });
  });

  it('does not count a wait (pacing) as a failed attempt', async () => {
    const store = await make();
    await store.ingest(message(`pace-${kind}`, 'paced'));
    const lease = (await store.claim('in', 0))!;
    await store.retryLater(lease, 10, { countAttempt: false });
    const again = (await store.claim('in', 2000))!;
    expect(again.attempts).toBe(1);
    await store.commitTurn(again, { transcript: [] });
  });

  it('wakes a waiting worker as soon as a message is recorded', async () => {
    const store = await make();
    const waiting = store.claim('in', 5000);
    await new Promise((r) => setTimeout(r, 50));
    await store.ingest(message(`wake-${kind}`, 'ping'));
    const lease = await waiting;
    expect(JSON.parse(lease!.item).text).toBe('ping');
    await store.commitTurn(lease!, { transcript: [] });
  });

  it('parks dead letters for owners to see', async () => {
    const store = await make();
    const m = message(`dead-${kind}`, 'poison');
    await store.ingest(m);
    const lease = (await store.claim('in', 0))!;
    await store.commitTurn(lease, { transcript: [], deadLetter: { queue: 'in', conversationId: m.address.conversationId, item: lease.item, reason: 'failed 5 times', at: 'now' } });
    const dead = await store.deadLetters();
    expect(dead[0]).toMatchObject({ conversationId: m.address.conversationId, reason: 'failed 5 times' });
  });

  it('marks a conversation unreachable until the buyer writes again', async () => {
    const store = await make();
    const m = message(`unreach-${kind}`, 'back');
    await store.markUnreachable(m.address.conversationId);
    expect(await store.isUnreachable(m.address.conversationId)).toBe(true);
    await store.ingest(m);
    expect(await store.isUnreachable(m.address.conversationId)).toBe(false);
    await store.commitTurn((await store.claim('in', 0))!, { transcript: [] });
  });

  it('applies a buyer\'s edit: to the waiting message, else to its transcript line; not while a worker holds it', async () => {
    const store = await make();
    const conv = `web:edit-${kind}` as ConversationId;
    const first = message(`edit-${kind}`, 'helo');
    const second = message(`edit-${kind}`, 'do you ship to Madird?');
    await store.ingest(first);
    await store.ingest(second);
    const lease = await store.claim('in', 0);
    expect(lease?.item).toContain('helo');
    expect(await store.editMessage(conv, first.id, 'hello')).toBe('processing');
    expect(await store.editMessage(conv, second.id, 'do you ship to Madrid?')).toBe('pending');
    await store.commitTurn(lease!, { transcript: [{ id: first.id, from: 'buyer', text: 'helo', at: first.receivedAt }] });
    const next = await store.claim('in', 0);
    expect(JSON.parse(next!.item)).toMatchObject({ id: second.id, text: 'do you ship to Madrid?', attachments: [] });
    await store.commitTurn(next!, { transcript: [] });
    const events: unknown[] = [];
    const unsubscribe = await store.subscribe((event) => void events.push(event));
    expect(await store.editMessage(conv, first.id, 'hello / «hola»')).toBe('transcript');
    // Live views get the edited line as a message event with the same id.
    await expect.poll(() => events).toEqual([{ type: 'message', conversationId: conv, id: first.id, from: 'buyer', text: 'hello / «hola»', at: first.receivedAt }]);
    unsubscribe();
    expect(await store.transcript(conv)).toEqual([{ id: first.id, from: 'buyer', text: 'hello / «hola»', at: first.receivedAt }]);
    expect(await store.editMessage(conv, 'never-seen', 'x')).toBe('unknown');
  });

  it('expires sessions after inactivity', async () => {
    const store = await make({ sessionTtlSeconds: 1 });
    const m = message(`ttl-${kind}`, 'hi');
    await store.ingest(m);
    await store.commitTurn((await store.claim('in', 0))!, { session: initialSession(m.address, new Date()), transcript: [] });
    expect(await store.loadSession(m.address.conversationId)).toBeDefined();
    await new Promise((r) => setTimeout(r, 1300));
    expect(await store.loadSession(m.address.conversationId)).toBeUndefined();
  });

  it('refuses more messages in one conversation than it may hold waiting, without marking them seen', async () => {
    const store = await make({ maxPendingPerConversation: 2 });
    const conv = `flood-${kind}`;
    expect(await store.ingest(message(conv, '1'))).toBe('accepted');
    expect(await store.ingest(message(conv, '2'))).toBe('accepted');
    const third = message(conv, '3');
    expect(await store.ingest(third)).toBe('throttled');
    expect(await store.ingest(message(`other-${kind}`, 'x'))).toBe('accepted'); // others are not affected
    await store.commitTurn((await store.claim('in', 0))!, { transcript: [] });
    expect(await store.ingest(third)).toBe('accepted'); // the platform's retry gets in
    for (let lease = await store.claim('in', 0); lease; lease = await store.claim('in', 0)) await store.commitTurn(lease, { transcript: [] });
  });

  it('creates a shared secret once', async () => {
    const a = await make();
    const first = await a.sharedSecret(`s-${kind}`);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await a.sharedSecret(`s-${kind}`)).toBe(first);
  });
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

describe.each(Object.keys(makers))('%s store: shop status and contacts', (kind) => {
  it('shares the owner\'s status and reads it with the session in one go', async () => {
    const store = await makers[kind]!();
    try {
      expect(await store.getShopStatus()).toBeUndefined();
      const status = { mode: 'away' as const, message: 'Back at 9', setAt: new Date().toISOString(), setBy: 'cli' };
      await store.setShopStatus(status);
      expect(await store.getShopStatus()).toEqual(status);
      expect((await store.loadTurnState('web:nobody')).status).toEqual(status);
      await store.setShopStatus(undefined);
      expect(await store.getShopStatus()).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('indexes contact details for the export and erases them on request', async () => {
    const store = await makers[kind]!();
    try {
      const m = message(`contact-${kind}`, 'my phone');
      await store.ingest(m);
      const session = { ...initialSession(m.address, new Date()), contact: { phone: '+34612345678', name: 'Ana' } };
      await store.commitTurn((await store.claim('in', 0))!, { session, transcript: [], contact: session.contact });
      expect(await store.contacts()).toContainEqual({ conversationId: m.address.conversationId, contact: { phone: '+34612345678', name: 'Ana' } });
      await store.eraseContact(m.address.conversationId);
      expect((await store.contacts()).map((c) => c.conversationId)).not.toContain(m.address.conversationId);
      expect((await store.loadSession(m.address.conversationId))?.contact).toEqual({});
    } finally {
      await store.close();
    }
  });
});
