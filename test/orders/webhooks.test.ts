import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/main.js';
import { keys } from '../../src/store/keys.js';
import { startTestGateway } from '../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { writeShopConfig } from '../helpers/shop-config.js';

const OWNER = 'owner-token-0123456789abcdef';
const AGENT = 'agent-token-0123456789abcdef';
const SHOPIFY_SECRET = 'shopify-secret-0123456789';
const WOO_SECRET = 'woo-secret-0123456789';
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url));
const sign = (raw: Buffer | string, secret: string) => createHmac('sha256', secret).update(raw).digest('base64');

let redis: TestRedis;
let gateway: Gateway;
beforeAll(async () => {
  redis = await startRedisServer();
  const shopConfig = writeShopConfig({ agents: [{ name: 'Mei', role: 'owner', token: OWNER }, { name: 'Pablo', role: 'agent', token: AGENT }] });
  gateway = await startTestGateway({ REDIS_URL: redis.url, SHOP_CONFIG: shopConfig, SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET, WOOCOMMERCE_WEBHOOK_SECRET: WOO_SECRET });
});
afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
});

function api(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  return fetch(`${gateway.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

function shopify(topic: string, raw: Buffer, opts: { webhookId: string; signature?: string }) {
  return fetch(`${gateway.url}/webhooks/shopify`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-topic': topic, 'x-shopify-webhook-id': opts.webhookId, 'x-shopify-hmac-sha256': opts.signature ?? sign(raw, SHOPIFY_SECRET) },
    body: raw,
  });
}

const event = (over: Record<string, unknown>) => ({ id: 'e1', type: 'paid', orderId: 'A-1', at: '2026-03-01T10:00:00Z', buyer: { conversationId: 'telegram:4242' }, items: [{ name: 'Tea cup', quantity: 2 }], ...over });

describe('POST /api/orders/events', () => {
  it('needs an owner token and a valid event, with the reason', async () => {
    expect((await api('/api/orders/events', { method: 'POST', body: event({}) })).status).toBe(401);
    expect((await api('/api/orders/events', { method: 'POST', token: AGENT, body: event({}) })).status).toBe(403);
    const bad = await api('/api/orders/events', { method: 'POST', token: OWNER, body: event({ type: 'shipped', id: 'bad-1' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/tracking number/);
  });

  it('records an event once per id, and applies a delivered that came before its shipped in event time', async () => {
    const base = { orderId: 'B-7', buyer: { conversationId: 'telegram:777' } };
    const delivered = await api('/api/orders/events', { method: 'POST', token: OWNER, body: event({ ...base, id: 'b-del', type: 'delivered', at: '2026-03-05T10:00:00Z' }) });
    expect(delivered.status).toBe(201);
    const replay = await api('/api/orders/events', { method: 'POST', token: OWNER, body: event({ ...base, id: 'b-del', type: 'delivered', at: '2026-03-05T10:00:00Z' }) });
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { recorded: boolean }).recorded).toBe(false);
    const shipped = await api('/api/orders/events', { method: 'POST', token: OWNER, body: event({ ...base, id: 'b-ship', type: 'shipped', at: '2026-03-02T10:00:00Z', courier: 'SF Express', trackingNumber: 'SF123456789' }) });
    const { order } = (await shipped.json()) as { order: { status: string; trackingNumber: string; events: string[] } };
    expect(order).toMatchObject({ status: 'delivered', trackingNumber: 'SF123456789', events: ['b-ship', 'b-del'] });

    const list = (await (await api('/api/orders?conversation=telegram:777', { token: AGENT })).json()) as { orders: { orderId: string; status: string }[] };
    expect(list.orders.map((o) => [o.orderId, o.status])).toEqual([['B-7', 'delivered']]);
    expect(((await (await api('/api/orders?conversation=telegram:999', { token: AGENT })).json()) as { orders: unknown[] }).orders).toEqual([]);
  });

  it('keeps promises on a buyer until an agent marks them kept, and erases them with the orders', async () => {
    const made = await api('/api/orders/promises', { method: 'POST', token: AGENT, body: { conversation: 'telegram:4242', text: 'send the missing strap with the next order' } });
    expect(made.status).toBe(201);
    const { id } = (await made.json()) as { id: string };
    await api('/api/orders/events', { method: 'POST', token: OWNER, body: event({}) });
    const kept = await api(`/api/orders/promises/${id}`, { method: 'PATCH', token: AGENT, body: { conversation: 'telegram:4242', status: 'kept' } });
    expect(((await kept.json()) as { status: string; closedBy: string }).closedBy).toBe('Pablo');
    const before = (await (await api('/api/orders?conversation=telegram:4242', { token: AGENT })).json()) as { orders: unknown[]; promises: { status: string }[] };
    expect([before.orders.length, before.promises.map((p) => p.status)]).toEqual([1, ['kept']]);
    expect((await api('/api/orders?conversation=telegram:4242', { method: 'DELETE', token: AGENT })).status).toBe(403);
    expect((await api('/api/orders?conversation=telegram:4242', { method: 'DELETE', token: OWNER })).status).toBe(204);
    const after = (await (await api('/api/orders?conversation=telegram:4242', { token: AGENT })).json()) as { orders: unknown[]; promises: unknown[] };
    expect(after).toMatchObject({ orders: [], promises: [] });
  });
});

describe('Shopify webhooks', () => {
  it('maps orders/paid and fulfillments/create (published samples) onto one order with its tracking', async () => {
    const paid = await shopify('orders/paid', fixture('shopify/orders-paid.json'), { webhookId: 'wh-paid-1' });
    expect(paid.status).toBe(201);
    const shipped = await shopify('fulfillments/create', fixture('shopify/fulfillments-create.json'), { webhookId: 'wh-ful-1' });
    expect(shipped.status).toBe(201);
    const { order } = (await shipped.json()) as { order: Record<string, unknown> };
    expect(order).toMatchObject({ orderId: 'shopify:820982911946154508', orderNumber: '#9999', status: 'shipped', courier: 'UPS', trackingNumber: '1z827wk74630', language: 'en', buyer: { email: 'jon@example.com' } });
  });

  it('refuses a forged signature (401) and records nothing; a replay is answered 200 and not applied again', async () => {
    const raw = fixture('shopify/orders-paid.json');
    const forged = await shopify('orders/cancelled', raw, { webhookId: 'wh-forged', signature: sign(raw, 'not-the-secret-at-all') });
    expect(forged.status).toBe(401);
    const tampered = await shopify('orders/cancelled', Buffer.from(raw.toString().replace('403.00', '1.00')), { webhookId: 'wh-forged', signature: sign(raw, SHOPIFY_SECRET) });
    expect(tampered.status).toBe(401);
    const replay = await shopify('orders/paid', raw, { webhookId: 'wh-paid-1' });
    expect(replay.status).toBe(200);
    const events = await redis.client().hkeys(keys.orderEvents('shopify:820982911946154508'));
    expect(events.sort()).toEqual(['shopify:wh-ful-1', 'shopify:wh-paid-1']);
  });
});

describe('WooCommerce webhooks', () => {
  it('answers the webhook-creation ping (form body webhook_id=…) with 200', async () => {
    const ping = await fetch(`${gateway.url}/webhooks/woocommerce`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'webhook_id=17' });
    expect(ping.status).toBe(200);
  });

  it('maps a processing order (the published example) to paid; a forged one gets 401', async () => {
    const raw = fixture('woocommerce/order.processing.json');
    const post = (signature: string) =>
      fetch(`${gateway.url}/webhooks/woocommerce`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wc-webhook-topic': 'order.updated', 'x-wc-webhook-signature': signature }, body: raw });
    expect((await post(sign(raw, 'wrong-secret-xx'))).status).toBe(401);
    const ok = await post(sign(raw, WOO_SECRET));
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { order: Record<string, unknown> }).order).toMatchObject({ orderId: 'woocommerce:727', status: 'paid', total: '29.35', currency: 'USD', buyer: { email: 'john.doe@example.com' } });
    expect((await post(sign(raw, WOO_SECRET))).status).toBe(200); // the same delivery again
  });
});
