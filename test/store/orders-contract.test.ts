import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../src/orders/events.js';
import { createMemoryOrdersStore } from '../../src/store/orders-memory.js';
import { createRedisOrdersStore } from '../../src/store/orders-redis.js';
import type { OrderJob, OrdersStore } from '../../src/store/orders-types.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});

const event = (over: Partial<OrderEvent>): OrderEvent => ({ id: 'e', type: 'paid', orderId: 'o', at: '2026-03-01T10:00:00.000Z', buyer: {}, source: 'api', ...over });
const job = (over: Partial<OrderJob>): OrderJob => ({ id: 'j', orderId: 'o', conversationId: 'telegram:1', kind: 'followUp', dueAt: '2026-03-04T10:00:00.000Z', ...over });

/** Two handles on one store: two gateway instances on Redis; the same object in memory (one instance only). */
const makers: Record<string, () => Promise<[OrdersStore, OrdersStore]>> = {
  memory: async () => {
    const s = createMemoryOrdersStore();
    return [s, s];
  },
  redis: async () => [await createRedisOrdersStore(redis.url), await createRedisOrdersStore(redis.url)],
};

describe.each(Object.keys(makers))('%s orders store contract', (kind) => {
  let a: OrdersStore;
  let b: OrdersStore;
  beforeAll(async () => {
    [a, b] = await makers[kind]!();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('records an event once per id and finds the order by any buyer reference', async () => {
    const first = await a.recordEvent(event({ id: `${kind}-1`, orderId: `${kind}-o1` }), ['phone:+34600111222', 'conv:web:x']);
    expect(first.recorded).toBe(true);
    const again = await b.recordEvent(event({ id: `${kind}-1`, orderId: `${kind}-o1` }), ['phone:+34600111222']);
    expect([again.recorded, again.events.length]).toEqual([false, 1]);
    expect(await b.orderIdsFor(['phone:+34600111222'])).toEqual([`${kind}-o1`]);
    expect(await b.orderIdsFor(['phone:+34600999999'])).toEqual([]);
    await a.link(`${kind}-o1`, 'conv:telegram:9');
    expect(await b.orderIdsFor(['conv:telegram:9'])).toEqual([`${kind}-o1`]);
  });

  it('gives each due follow-up to one instance only, and again after its lease expired unfinished', async () => {
    const orderId = `${kind}-o2`;
    await a.schedule(job({ id: `${kind}-fu`, orderId, dueAt: '2026-03-04T10:00:00.000Z' }));
    expect(await a.claimDue(new Date('2026-03-04T09:59:00Z'), 1000, 10)).toEqual([]); // not yet
    const at = new Date('2026-03-04T10:00:01Z');
    const [got1, got2] = await Promise.all([a.claimDue(at, 60_000, 10), b.claimDue(at, 60_000, 10)]);
    expect([...got1, ...got2].map((j) => j.id)).toEqual([`${kind}-fu`]);
    // The claimer died: after its lease another instance takes it, then finishes it for good.
    const retaken = await b.claimDue(new Date(at.getTime() + 61_000), 60_000, 10);
    expect(retaken.map((j) => j.id)).toEqual([`${kind}-fu`]);
    await b.completeJob(retaken[0]!);
    expect(await a.claimDue(new Date(at.getTime() + 999_000), 60_000, 10)).toEqual([]);
  });

  it('cancels an order\'s follow-ups (a refund) so they never come due', async () => {
    const orderId = `${kind}-o3`;
    await a.schedule(job({ id: `${kind}-c1`, orderId }));
    await a.schedule(job({ id: `${kind}-c2`, orderId, kind: 'usageFollowUp', dueAt: '2026-04-01T10:00:00.000Z' }));
    expect((await b.jobsOf(orderId)).map((j) => j.id).sort()).toEqual([`${kind}-c1`, `${kind}-c2`]);
    expect((await b.cancelJobs(orderId)).length).toBe(2);
    expect(await a.claimDue(new Date('2027-01-01T00:00:00Z'), 1000, 10)).toEqual([]);
    expect(await a.jobsOf(orderId)).toEqual([]);
  });

  it('takes a send-once mark once across instances', async () => {
    const results = await Promise.all([a.once(`${kind}-paid`, 60), b.once(`${kind}-paid`, 60)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('keeps promises per conversation and erases them with the orders', async () => {
    await a.addPromise({ id: 'p1', conversationId: 'web:erase', text: 'strap', by: 'Mei', createdAt: '2026-03-01T10:00:00.000Z', status: 'open' });
    expect((await b.updatePromise('web:erase', 'p1', { status: 'kept', closedAt: '2026-03-02T10:00:00.000Z', closedBy: 'Mei' }))?.status).toBe('kept');
    expect(await b.updatePromise('web:erase', 'nope', { status: 'kept' })).toBeUndefined();
    await a.recordEvent(event({ id: `${kind}-e9`, orderId: `${kind}-o9` }), ['conv:web:erase']);
    await a.erase([`${kind}-o9`], 'web:erase');
    expect([await b.promises('web:erase'), await b.events(`${kind}-o9`), await b.orderIdsFor(['conv:web:erase'])]).toEqual([[], [], []]);
  });
});
