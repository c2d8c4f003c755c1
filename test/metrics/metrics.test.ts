import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/main.js';
import { eventually, startTestGateway } from '../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { webBuyer } from '../helpers/web-buyer.js';

const TOKEN = 'metrics-token-0123456789abcdef';

/** A small Prometheus text parser: `name{labels} value` lines into samples. */
function parse(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}
const value = (samples: ReturnType<typeof parse>, name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);

let redis: TestRedis;
let gateway: Gateway;
beforeAll(async () => {
  redis = await startRedisServer();
  gateway = await startTestGateway({ REDIS_URL: redis.url, METRICS_TOKEN: TOKEN });
}, 30_000);
afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
});

const scrape = async (token = TOKEN) => fetch(`${gateway.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });

describe('GET /metrics', () => {
  it('refuses a scrape without the token, or with a wrong one', async () => {
    expect((await fetch(`${gateway.url}/metrics`)).status).toBe(401);
    expect((await scrape('wrong-token-0123456789abcdef')).status).toBe(401);
  });

  it('counts known traffic, per channel and result, with no conversation or buyer id in any label', async () => {
    const before = parse(await (await scrape()).text());
    const buyer = await webBuyer(gateway, { language: 'en' });
    buyer.say('hello');
    await eventually(() => buyer.replies().length >= 1, 15_000, 'the first reply');
    buyer.say('do you offer cash on delivery?');
    await eventually(() => buyer.replies().length >= 2, 15_000, 'the second reply');
    const res = await eventually(async () => {
      const samples = parse(await (await scrape()).text());
      return value(samples, 'shopdesk_deliveries_sent_total', { channel: 'web' }) - value(before, 'shopdesk_deliveries_sent_total', { channel: 'web' }) >= 2 ? samples : undefined;
    }, 10_000, 'two deliveries counted');
    const grew = (name: string, labels: Record<string, string> = {}) => value(res, name, labels) - value(before, name, labels);
    expect(grew('shopdesk_messages_received_total', { channel: 'web', result: 'accepted' })).toBe(2);
    expect(grew('shopdesk_turns_processed_total')).toBe(2);
    expect(grew('shopdesk_deliveries_sent_total', { channel: 'web' })).toBe(2);
    expect(value(res, 'shopdesk_deliveries_failed_total')).toBe(0);
    expect(value(res, 'shopdesk_turn_seconds_count')).toBeGreaterThanOrEqual(2);
    expect(value(res, 'shopdesk_reply_accepted_seconds_count', { channel: 'web' })).toBeGreaterThanOrEqual(2);
    expect(value(res, 'shopdesk_webhook_response_seconds_count', { channel: 'web' })).toBeGreaterThanOrEqual(1);
    expect(grew('shopdesk_redis_round_trips_total')).toBeGreaterThan(0);
    expect(value(res, 'shopdesk_redis_up')).toBe(1);
    expect(res.some((s) => s.name === 'shopdesk_conversations_waiting')).toBe(true);
    expect(res.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    expect(res.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    // Bounded labels: no conversation id (web:…), no visitor id, nothing long.
    const labelValues = res.flatMap((s) => Object.values(s.labels));
    expect(labelValues.filter((v) => v.includes(':') || v.length > 40)).toEqual([]);
    buyer.ws.close();
  }, 40_000);

  it('shows a buyer waiting for a person in the shared gauges', async () => {
    const buyer = await webBuyer(gateway, { language: 'en' });
    buyer.say('talk to a person');
    await eventually(async () => value(parse(await (await scrape()).text()), 'shopdesk_conversations_waiting') >= 1, 15_000, 'a waiting buyer');
    buyer.ws.close();
  }, 30_000);
});

describe('METRICS_PORT', () => {
  it('serves /metrics on its own listener, and not on the main port', async () => {
    const other = await startTestGateway({ REDIS_URL: redis.url, METRICS_PORT: '0' });
    try {
      expect(other.metricsUrl).toBeDefined();
      const res = await fetch(`${other.metricsUrl}/metrics`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('shopdesk_messages_received_total');
      expect((await fetch(`${other.url}/metrics`)).status).toBe(404);
    } finally {
      await other.close();
    }
  }, 30_000);
});
