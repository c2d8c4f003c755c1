import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import type { Gateway } from '../../src/main.js';
import { eventually, startTestGateway } from '../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { writeShopConfig } from '../helpers/shop-config.js';
import { webBuyer } from '../helpers/web-buyer.js';

const MEI = 'mei-owner-token-0123456789';
const PABLO = 'pablo-agent-token-0123456789';
const LI = 'li-agent-token-0123456789abc';
const example = loadShopConfig(exampleShopConfigPath());

let redis: TestRedis;
let gateway: Gateway;
beforeAll(async () => {
  redis = await startRedisServer();
  const shop = writeShopConfig({ agents: [{ name: 'Mei', role: 'owner', token: MEI }, { name: 'Pablo', role: 'agent', token: PABLO }, { name: 'Li', role: 'agent', token: LI }] });
  gateway = await startTestGateway({ REDIS_URL: redis.url, SHOP_CONFIG: shop });
});
afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
});

const api = async (token: string, method: string, path: string, body?: unknown) => {
  const res = await fetch(`${gateway.url}/api${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
};

describe("a buyer's orders and promises while another agent holds the conversation", () => {
  it('are for the holder and owners only, like the conversation itself', async () => {
    const visitor = await webBuyer(gateway, { language: 'en-US' });
    try {
      visitor.say('hello');
      await eventually(() => visitor.messages().length === 1, 5000, 'greeting');
      visitor.press('human', example.handoff.texts.humanButton.en!);
      await eventually(() => visitor.messages().some((m) => /in line/.test(m.text ?? '')), 5000, 'queued');
      const id = visitor.id;
      const paid = { id: 'held-1', type: 'paid', orderId: 'H1', at: new Date().toISOString(), buyer: { conversationId: id } };
      expect((await api(MEI, 'POST', '/orders/events', paid)).status).toBe(201);
      const made = await api(PABLO, 'POST', '/orders/promises', { conversation: id, text: 'a spare strap' });
      expect(made.status).toBe(201); // queued: any agent may still take it, and see it

      expect((await api(LI, 'POST', `/conversations/${encodeURIComponent(id)}/claim`)).status).toBe(200);
      const orders = `/orders?conversation=${encodeURIComponent(id)}`;
      const refused = await api(PABLO, 'GET', orders);
      expect(refused).toEqual({ status: 403, body: { error: `${id} is held by another agent` } });
      expect((await api(PABLO, 'POST', '/orders/promises', { conversation: id, text: 'a discount' })).status).toBe(403);
      expect((await api(PABLO, 'PATCH', `/orders/promises/${String(made.body.id)}`, { conversation: id, status: 'dropped' })).status).toBe(403);

      for (const token of [LI, MEI]) {
        const shown = await api(token, 'GET', orders);
        expect(shown.status).toBe(200);
        expect(shown.body).toMatchObject({ orders: [{ orderId: 'H1', status: 'paid' }], promises: [{ text: 'a spare strap', status: 'open' }] });
      }
      expect((await api(LI, 'PATCH', `/orders/promises/${String(made.body.id)}`, { conversation: id, status: 'kept' })).body).toMatchObject({ status: 'kept', closedBy: 'Li' });
    } finally {
      visitor.ws.close();
    }
  });
});
