import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/main.js';
import type { InsightsReport } from '../../src/insights/report.js';
import { eventually, startTestGateway } from '../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { writeShopConfig } from '../helpers/shop-config.js';
import { webBuyer } from '../helpers/web-buyer.js';

// Known traffic across two gateway instances sharing one real Redis.
const OWNER = 'owner-token-insights-0123456789';
const AGENT = 'agent-token-insights-0123456789';

let redis: TestRedis;
let one: Gateway;
let two: Gateway;
beforeAll(async () => {
  redis = await startRedisServer();
  const SHOP_CONFIG = writeShopConfig({ agents: [{ name: 'Mei', role: 'owner', token: OWNER }, { name: 'Pablo', role: 'agent', token: AGENT }] });
  [one, two] = await Promise.all([startTestGateway({ REDIS_URL: redis.url, SHOP_CONFIG }), startTestGateway({ REDIS_URL: redis.url, SHOP_CONFIG })]);
}, 30_000);
afterAll(async () => {
  await Promise.all([one?.close(), two?.close()]);
  await redis?.stop();
});

const insights = async (g: Gateway, query = '', token = OWNER) => fetch(`${g.url}/api/insights${query}`, { headers: { authorization: `Bearer ${token}` } });
const call = (g: Gateway, path: string, body: object) =>
  fetch(`${g.url}/api${path}`, { method: 'POST', headers: { authorization: `Bearer ${AGENT}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('insights across two instances', () => {
  it('counts bot-only and handed-off conversations, containment, reasons and waits', async () => {
    // Two buyers the bot handles alone (one on each instance), one who asks for a person.
    const alone1 = await webBuyer(one, { language: 'en' });
    alone1.say('do you offer cash on delivery?');
    const alone2 = await webBuyer(two, { language: 'es' });
    alone2.say('hola');
    const wants = await webBuyer(two, { language: 'en' });
    wants.say('hello');
    await eventually(() => alone1.replies().length && alone2.replies().length && wants.replies().length, 15_000, 'first replies');
    wants.say('talk to a person');
    await eventually(() => wants.replies().length >= 2, 15_000, 'the handoff reply');
    // An agent on the first instance claims and answers.
    expect((await call(one, `/conversations/${encodeURIComponent(wants.id)}/claim`, {})).status).toBe(200);
    expect((await call(one, `/conversations/${encodeURIComponent(wants.id)}/messages`, { text: 'Hi, Pablo here. How can I help?' })).status).toBe(202);

    const report = await eventually(async () => {
      const r = (await (await insights(two)).json()) as InsightsReport;
      return r.totals.agentFirstReply.count === 1 && r.totals.waitForPerson.count === 1 && r.totals.messages === 4 ? r : undefined;
    }, 10_000, 'the insights of that traffic');
    const t = report.totals;
    expect(t.conversations).toBe(3);
    expect(t.handedOff).toBe(1);
    expect(t.containment).toBeCloseTo(2 / 3);
    expect(t.handoffs).toEqual({ asked: 1, complaint: 0, unhelped: 0 });
    expect(t.conversationsByChannel).toEqual({ web: 3 });
    expect(t.conversationsByLanguage).toEqual({ en: 2, es: 1 });
    expect(t.botFirstReply.count).toBe(3);
    // The waits were seconds at most: the first slots of the fixed histogram.
    expect(t.waitForPerson.medianSeconds).toBeLessThanOrEqual(10);
    expect(t.agentFirstReply.medianSeconds).toBeLessThanOrEqual(10);
    expect(report.topFaq).toEqual([{ topic: 'cod', count: 1 }]);
    expect(report.series).toHaveLength(7);
    // The same from the other instance.
    const other = (await (await insights(one)).json()) as InsightsReport;
    expect(other.totals).toEqual(t);
    for (const b of [alone1, alone2, wants]) b.ws.close();
  }, 40_000);

  it('is for owners only and validates its query', async () => {
    expect((await insights(one, '', AGENT)).status).toBe(403);
    expect((await fetch(`${one.url}/api/insights`)).status).toBe(401);
    expect((await insights(one, '?from=2026-13-45')).status).toBe(400);
    expect((await insights(one, '?from=2026-01-01&to=2026-12-31&granularity=hour')).status).toBe(400);
    expect((await insights(one, '?from=2026-02-02&to=2026-02-01')).status).toBe(400);
    expect((await insights(one, '?bogus=1')).status).toBe(400);
    const today = (await (await insights(one)).json()) as InsightsReport;
    const hourly = (await (await insights(one, `?from=${today.to}&to=${today.to}&granularity=hour`)).json()) as InsightsReport;
    expect(hourly.series).toHaveLength(24);
    expect(hourly.totals.conversations).toBe(today.series.at(-1)!.conversations);
  });

  it('keeps every bucket, mark and board with an expiry of at most 90 days', async () => {
    const client = new Redis(redis.url);
    try {
      const names = await client.keys('*insights*');
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        const ttl = await client.ttl(name);
        expect(ttl, name).toBeGreaterThan(0);
        expect(ttl, name).toBeLessThanOrEqual(90 * 86_400);
      }
    } finally {
      client.disconnect();
    }
  });
});
