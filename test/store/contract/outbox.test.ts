import { expect, it } from 'vitest';
import type { Delivery } from '../../../src/engine/types.js';
import type { Lease, Store } from '../../../src/store/types.js';
import { contractSuite, message } from './stores.js';

/** Queue one answer for `conv` the way a turn does (a buyer message recorded, processed, answered). */
async function queueAnswer(store: Store, conv: string, text: string): Promise<void> {
  const m = message(conv, 'question');
  await store.ingest(m);
  for (;;) {
    const lease = await store.claim('in', 0);
    if (!lease) throw new Error('the recorded message was not claimable');
    const delivery: Delivery = { id: `d-${m.id}`, address: m.address, replies: [{ kind: 'text', text }] };
    await store.commitTurn(lease, { transcript: [], ...(lease.conversationId === m.address.conversationId ? { delivery } : {}) });
    if (lease.conversationId === m.address.conversationId) return;
  }
}

const textOf = (lease: Lease) => (JSON.parse(lease.item) as Delivery).replies.map((r) => r.text).join('|');

contractSuite('outbox (lanes and merging)', (make, kind) => {
  it('a buyer answered a moment ago waits behind buyers still waiting for their first answer', async () => {
    const store = await make();
    const [a, b, c] = ['a', 'b', 'c'].map((x) => `lanes-${x}-${kind}`);
    await queueAnswer(store, a!, 'a1');
    await queueAnswer(store, a!, 'a2');
    const first = (await store.claim('out', 0))!;
    expect([textOf(first), first.answered, first.pending]).toEqual(['a1', false, 2]);
    expect(await store.ack(first)).toBe(true); // sent: a's next answer is a second one
    await queueAnswer(store, b!, 'b1');
    await queueAnswer(store, c!, 'c1');
    const order: string[] = [];
    for (let lease = await store.claim('out', 0); lease; lease = await store.claim('out', 0)) {
      order.push(`${textOf(lease)}${lease.answered ? ' (answered)' : ''}`);
      await store.ack(lease);
    }
    expect(order).toEqual(['b1', 'c1', 'a2 (answered)']);
  });

  it('replaces queued answers with the merged one in one step: sent and acknowledged once, never its parts again, even after a crash', async () => {
    const store = await make({ leaseMs: 300 });
    const conv = `merge-${kind}`;
    for (const t of ['one', 'two', 'three']) await queueAnswer(store, conv, t);
    const lease = (await store.claim('out', 0))!;
    expect(lease.pending).toBe(3);
    const merged = await store.mergeQueued(lease, (items) => {
      expect(items.map((i) => (JSON.parse(i) as Delivery).replies[0]!.text)).toEqual(['one', 'two', 'three']);
      const parts = items.slice(0, 2).map((i) => JSON.parse(i) as Delivery);
      return { item: JSON.stringify({ ...parts[0]!, id: 'joined', replies: [{ kind: 'text', text: parts.map((p) => p.replies[0]!.text).join('+') }] }), count: 2 };
    });
    expect(merged && textOf(merged)).toBe('one+two');
    // The worker crashes before acknowledging: whoever claims next gets the merged answer, not its parts.
    let again: Lease | undefined;
    while (!again) again = await store.claim('out', 200);
    expect([textOf(again), again.attempts]).toEqual(['one+two', 2]);
    expect(await store.ack(merged!)).toBe(false); // the crashed worker's lease is gone
    expect(await store.ack(again)).toBe(true);
    const last = (await store.claim('out', 0))!;
    expect([textOf(last), last.pending]).toEqual(['three', 1]);
    expect(await store.ack(last)).toBe(true);
    expect(await store.claim('out', 0)).toBeUndefined();
  });

  it('merges nothing for a holder whose lease was lost', async () => {
    const store = await make();
    const conv = `merge-lost-${kind}`;
    for (const t of ['one', 'two']) await queueAnswer(store, conv, t);
    const lease = (await store.claim('out', 0))!;
    expect(await store.mergeQueued({ ...lease, token: 'not-mine' }, (items) => ({ item: items.join(''), count: 2 }))).toBeUndefined();
    expect(await store.ack(lease)).toBe(true);
    const next = (await store.claim('out', 0))!;
    expect(textOf(next)).toBe('two');
    await store.ack(next);
  });

  it('names the buyers waiting past a place in line once each, with their place, for one channel only', async () => {
    const store = await make();
    const convs = ['w1', 'w2', 'w3', 'w4'].map((x) => `wait-${x}-${kind}`);
    for (const c of convs) await queueAnswer(store, c, 'answer');
    const names = (list: { conversationId: string; place: number }[]) => list.map((w) => `${w.conversationId}@${w.place}`);
    expect(await store.takeLongWaiters('telegram:', 1, 5, 60_000)).toEqual([]); // another channel's line
    expect(names(await store.takeLongWaiters('web:', 1, 5, 60_000))).toEqual(convs.slice(1).map((c, i) => `web:${c}@${i + 2}`));
    expect(await store.takeLongWaiters('web:', 0, 5, 60_000)).toEqual([{ conversationId: `web:${convs[0]}`, place: 1 }]); // the others were told already
    for (let lease = await store.claim('out', 0); lease; lease = await store.claim('out', 0)) await store.ack(lease);
  });
});
