import { expect, it } from 'vitest';
import type { InboundMessage } from '../../../src/engine/types.js';
import { initialSession } from '../../../src/store/session.js';
import type { Store } from '../../../src/store/types.js';
import { contractSuite, message } from './stores.js';

contractSuite('inbox (queues)', (make, kind) => {
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
});
