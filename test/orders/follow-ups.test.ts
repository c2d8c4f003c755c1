import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import type { ConversationId, Delivery } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { buyerRefKeys, OrderEventSchema } from '../../src/orders/events.js';
import { createOrderNotifier, type OrderNotifier } from '../../src/orders/notify.js';
import { createRedisOrdersStore } from '../../src/store/orders-redis.js';
import type { OrdersStore } from '../../src/store/orders-types.js';
import { createRedisStore } from '../../src/store/redis-store.js';
import { initialSession } from '../../src/store/session.js';
import type { Store } from '../../src/store/types.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { testStoreOptions } from '../helpers/transcript.js';

const shop = loadShopConfig(exampleShopConfigPath());
const log = createLogger({ level: 'error', production: false, silent: true });
let redis: TestRedis;
let now = new Date('2026-03-01T10:00:00Z');
const clock = () => now;
/** Two gateway instances: each its own connections to one Redis. */
const instances: { store: Store; orders: OrdersStore; notifier: OrderNotifier }[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  for (let i = 0; i < 2; i++) {
    const store = await createRedisStore(redis.url, testStoreOptions);
    const orders = await createRedisOrdersStore(redis.url);
    instances.push({ store, orders, notifier: createOrderNotifier({ orders, store, shop, log, clock }) });
  }
});
afterAll(async () => {
  for (const i of instances) await Promise.all([i.store.close(), i.orders.close()]);
  await redis?.stop();
});

/** A buyer who wrote in `lang` at `at` (the session the engine would have saved). */
async function buyer(conversationId: ConversationId, lang: string, at: Date, contact?: Record<string, string>): Promise<void> {
  const { store } = instances[0]!;
  const channel = conversationId.slice(0, conversationId.indexOf(':')) as 'web';
  const address = { channel, conversationId };
  await store.ingest({ id: `m-${conversationId}-${at.getTime()}`, address, sender: { id: 'b' }, text: 'hola', attachments: [], receivedAt: at.toISOString() });
  const lease = await store.claim('in', 0);
  const session = { ...initialSession(address, at), lang, ...(contact ? { contact } : {}) };
  await store.commitTurn(lease!, { session, transcript: [], ...(contact ? { contact } : {}) });
}

/** Deliveries queued for the conversation, in order. */
async function queued(): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for (;;) {
    const lease = await instances[0]!.store.claim('out', 0);
    if (!lease) return out;
    out.push(JSON.parse(lease.item) as Delivery);
    await instances[0]!.store.ack(lease);
  }
}

async function record(raw: Record<string, unknown>, on = 0) {
  const event = OrderEventSchema.parse(raw);
  const { orders, notifier } = instances[on]!;
  const { recorded, events } = await orders.recordEvent(event, buyerRefKeys(event.buyer));
  if (recorded) await notifier.onEvent(event, events);
}

describe('order messages to the buyer', () => {
  it('sends tracking in the buyer\'s language once, then one follow-up 3 days after delivery across two instances', async () => {
    const conv: ConversationId = 'web:buyer-es';
    await buyer(conv, 'es', now);
    const base = { orderId: 'S-1', orderNumber: '#1001', buyer: { conversationId: conv }, items: [{ name: 'Taza de té', quantity: 2 }] };
    await record({ ...base, id: 's1', type: 'shipped', at: '2026-03-01T10:05:00Z', courier: 'Correos', trackingNumber: 'PQ123ES' });
    await record({ ...base, id: 's1', type: 'shipped', at: '2026-03-01T10:05:00Z', courier: 'Correos', trackingNumber: 'PQ123ES' }, 1); // replayed
    const sent = await queued();
    expect(sent.map((d) => d.replies[0]!.text)).toEqual(['¡Tu pedido #1001 ya está en camino! Mensajería: Correos, número de seguimiento: PQ123ES.']);

    await record({ ...base, id: 's2', type: 'delivered', at: '2026-03-02T09:00:00Z' });
    now = new Date('2026-03-05T08:59:00Z'); // not yet
    expect(await Promise.all(instances.map((i) => i.notifier.tick()))).toEqual([0, 0]);
    now = new Date('2026-03-05T09:00:01Z');
    const claimed = await Promise.all(instances.map((i) => i.notifier.tick()));
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(1);
    expect((await queued()).map((d) => d.replies[0]!.text)).toEqual(['¿Te ha llegado bien el pedido #1001? Si tienes cualquier duda sobre cómo usar Taza de té ×2, pregúntanos aquí.']);
    expect(await Promise.all(instances.map((i) => i.notifier.tick()))).toEqual([0, 0]);
  });

  it('cancels the follow-up when the order is refunded', async () => {
    now = new Date('2026-03-10T10:00:00Z');
    const conv: ConversationId = 'web:buyer-zh';
    await buyer(conv, 'zh', now);
    const base = { orderId: 'R-1', buyer: { conversationId: conv } };
    await record({ ...base, id: 'r1', type: 'delivered', at: '2026-03-10T10:00:00Z' });
    expect(await instances[0]!.orders.jobsOf('R-1')).toHaveLength(1);
    expect(await instances[1]!.notifier.cancelFollowUps('R-1', 'refunded')).toBe(1); // what POST /api/orders/events does on `refunded`
    now = new Date('2026-03-20T10:00:00Z');
    expect(await Promise.all(instances.map((i) => i.notifier.tick()))).toEqual([0, 0]);
    expect(await queued()).toEqual([]);
    expect((await instances[0]!.orders.notices('R-1')).map((n) => [n.outcome, n.reason])).toContainEqual(['cancelled', 'refunded']);
  });

  it('cancels every follow-up of a buyer who complains, including an order found by the phone they gave', async () => {
    now = new Date('2026-06-01T10:00:00Z');
    const conv: ConversationId = 'web:buyer-complains';
    await buyer(conv, 'en', now, { phone: '+34600333444' });
    await record({ id: 'c1', type: 'delivered', orderId: 'C-1', at: '2026-06-01T10:00:00Z', buyer: { conversationId: conv } });
    await record({ id: 'c2', type: 'delivered', orderId: 'C-2', at: '2026-06-01T10:00:00Z', buyer: { phone: '+34600333444' } }, 1);
    expect((await instances[0]!.orders.jobsOf('C-2')).map((j) => j.conversationId)).toEqual([conv]);
    expect(await instances[1]!.notifier.onComplaint('web:someone-else' as ConversationId)).toBe(0);
    expect(await instances[1]!.notifier.onComplaint(conv)).toBe(2);
    now = new Date('2026-07-01T10:00:00Z');
    expect(await Promise.all(instances.map((i) => i.notifier.tick()))).toEqual([0, 0]);
    expect(await queued()).toEqual([]);
    expect((await instances[0]!.orders.notices('C-1')).map((n) => [n.outcome, n.reason])).toContainEqual(['cancelled', 'complaint']);
  });

  it('reaches a buyer known only by the phone or e-mail given at checkout, in the chat where they gave it', async () => {
    now = new Date('2026-08-01T10:00:00Z');
    const chat: ConversationId = 'web:buyer-gave-email';
    await buyer(chat, 'es', now, { email: 'Lucia@Example.com' });
    await record({ id: 'p1', type: 'shipped', orderId: 'P-1', orderNumber: '#501', at: '2026-08-01T10:01:00Z', buyer: { email: 'lucia@example.com' }, courier: 'Correos', trackingNumber: 'PQ501ES' });
    const sent = await queued();
    expect(sent.map((d) => [d.address.conversationId, d.replies[0]!.text])).toEqual([[chat, '¡Tu pedido #501 ya está en camino! Mensajería: Correos, número de seguimiento: PQ501ES.']]);
    // Linked now: the order's later messages and "where is my order?" find this conversation directly.
    expect(await instances[1]!.orders.orderIdsFor([`conv:${chat}`])).toEqual(['P-1']);
    // A buyer nobody has chatted with: nothing is sent, and the order says why.
    await record({ id: 'p2', type: 'shipped', orderId: 'P-2', at: '2026-08-01T10:02:00Z', buyer: { phone: '+34699000111' }, courier: 'Correos', trackingNumber: 'PQ502ES' });
    expect(await queued()).toEqual([]);
    expect((await instances[0]!.orders.notices('P-2')).map((n) => [n.outcome, n.reason])).toEqual([['skipped', 'no conversation with this buyer']]);
  });

  it('reaches a phone-only buyer on the WhatsApp conversation of that number', async () => {
    now = new Date('2026-09-01T10:00:00Z');
    const wa: ConversationId = 'twilio:whatsapp:+34611222333';
    await buyer(wa, 'es', now);
    await record({ id: 'w1', type: 'paid', orderId: 'W-1', orderNumber: '#600', at: '2026-09-01T10:01:00Z', buyer: { phone: '+34611222333' }, items: [{ name: 'Tetera', quantity: 1 }] });
    expect((await queued()).map((d) => d.address.conversationId)).toEqual([wa]);
  });

  it('does not message outside the Messenger 24 h window, and records that it skipped', async () => {
    now = new Date('2026-04-01T10:00:00Z');
    const conv: ConversationId = 'facebook:psid-1';
    await buyer(conv, 'en', new Date('2026-03-30T10:00:00Z'));
    await record({ id: 'f1', type: 'paid', orderId: 'F-1', at: '2026-04-01T09:00:00Z', buyer: { conversationId: conv } });
    expect(await queued()).toEqual([]);
    expect((await instances[0]!.orders.notices('F-1')).map((n) => [n.outcome, n.reason])).toEqual([['skipped', 'outside the 24 h window']]);
  });

  it('sends a WhatsApp buyer outside the 24 h window the approved template, with the order and tracking as its parameters', async () => {
    now = new Date('2026-10-10T10:00:00Z');
    const conv: ConversationId = 'whatsapp:34622333444';
    await buyer(conv, 'zh', new Date('2026-10-08T09:00:00Z'));
    const withTemplates = { ...shop, orders: { ...shop.orders!, templates: { whatsapp: { shipped: { name: 'order_shipped', language: 'zh_CN' } } } } };
    const { orders, store } = instances[0]!;
    const notifier = createOrderNotifier({ orders, store, shop: withTemplates, log, clock });
    const event = OrderEventSchema.parse({ id: 'wt1', type: 'shipped', orderId: 'WT-1', orderNumber: '#88', at: '2026-10-10T09:00:00Z', buyer: { conversationId: conv }, courier: 'SF Express', trackingNumber: 'SF888' });
    const { events } = await orders.recordEvent(event, [`conv:${conv}`]);
    await notifier.onEvent(event, events);
    expect((await queued()).map((d) => [d.address.conversationId, d.template])).toEqual([[conv, { name: 'order_shipped', language: 'zh_CN', parameters: ['#88', 'SF888'] }]]);
    expect((await orders.notices('WT-1')).map((n) => n.outcome)).toEqual(['template']);
  });

  it('takes the configured template path outside the window instead of skipping', async () => {
    now = new Date('2026-05-01T10:00:00Z');
    const conv: ConversationId = 'facebook:psid-2';
    await buyer(conv, 'es', new Date('2026-04-28T10:00:00Z'));
    const withTemplates = { ...shop, orders: { ...shop.orders!, templates: { facebook: { shipped: { name: 'order_shipped' } } } } };
    const { orders, store } = instances[1]!;
    const notifier = createOrderNotifier({ orders, store, shop: withTemplates, log, clock });
    const event = OrderEventSchema.parse({ id: 't1', type: 'shipped', orderId: 'T-1', orderNumber: '#77', at: '2026-05-01T09:00:00Z', buyer: { conversationId: conv }, courier: 'SEUR', trackingNumber: 'SE777' });
    const { events } = await orders.recordEvent(event, [`conv:${conv}`]);
    await notifier.onEvent(event, events);
    expect((await queued()).map((d) => d.template)).toEqual([{ name: 'order_shipped', language: 'es', parameters: ['#77', 'SE777'] }]);
    expect((await orders.notices('T-1')).map((n) => n.outcome)).toEqual(['template']);
  });
});
