import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeShopConfig } from '../helpers/shop-config.js';
import type { Gateway } from '../../src/main.js';
import { keys } from '../../src/store/keys.js';
import { startTestGateway } from '../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

const OWNER = 'owner-token-0123456789abcdef';
const AGENT = 'agent-token-0123456789abcdef';

/** The example shop with one owner and one agent. */
const shopWithAgents = () => writeShopConfig({ agents: [{ name: 'Mei', role: 'owner', token: OWNER }, { name: 'Pablo', role: 'agent', token: AGENT }] });

let redis: TestRedis;
let gateway: Gateway;
let shopConfig: string;
beforeAll(async () => {
  redis = await startRedisServer();
  shopConfig = shopWithAgents();
  gateway = await startTestGateway({ REDIS_URL: redis.url, SHOP_CONFIG: shopConfig });
});
afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
});

function call(path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  return fetch(`${gateway.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

describe('API authentication', () => {
  it('refuses calls without a valid token (401) and an agent doing an owner\'s job (403)', async () => {
    expect((await call('/api/shop/status')).status).toBe(401);
    expect((await call('/api/shop/status', { token: 'wrong-token' })).status).toBe(401);
    expect((await call('/api/shop/status', { token: AGENT })).status).toBe(200);
    const forbidden = await call('/api/shop/status', { method: 'PUT', token: AGENT, body: { mode: 'away' } });
    expect(forbidden.status).toBe(403);
    expect((await call('/api/dead-letters', { token: AGENT })).status).toBe(403);
    expect((await call('/api/contacts/export', { token: AGENT })).status).toBe(403);
    expect((await call('/api/dead-letters', { token: OWNER })).status).toBe(200);
    expect((await call('/api/metrics', { token: AGENT })).status).toBe(403);
    expect(await (await call('/api/me', { token: AGENT })).json()).toEqual({ name: 'Pablo', role: 'agent', maxConversations: 5 });
  });

  it('shows owners this instance\'s counters', async () => {
    const before = (await (await call('/api/metrics', { token: OWNER })).json()) as Record<string, number>;
    expect(before).toMatchObject({ messagesProcessed: expect.any(Number), deliveriesSent: expect.any(Number), redisRoundTrips: expect.any(Number), rssBytes: expect.any(Number) });
    await call('/readyz'); // one PING
    const after = (await (await call('/api/metrics', { token: OWNER })).json()) as Record<string, number>;
    expect(after.redisRoundTrips).toBeGreaterThan(before.redisRoundTrips!);
  });
});

describe('shop status API', () => {
  it('lets an owner set away with a message and an end, and every instance sees it', async () => {
    const res = await call('/api/shop/status', { method: 'PUT', token: OWNER, body: { mode: 'away', message: 'Back at 3', until: '2h' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ mode: 'away', source: 'owner', message: 'Back at 3', setByOwner: { setBy: 'Mei' } });

    const other = await startTestGateway({ REDIS_URL: redis.url, SHOP_CONFIG: shopConfig });
    try {
      const seen = await (await fetch(`${other.url}/api/shop/status`, { headers: { authorization: `Bearer ${AGENT}` } })).json();
      expect(seen).toMatchObject({ mode: 'away', message: 'Back at 3' });
    } finally {
      await other.close();
    }
    expect((await call('/api/shop/status', { method: 'DELETE', token: OWNER })).status).toBe(200);
    expect(await (await call('/api/shop/status', { token: OWNER })).json()).toMatchObject({ mode: 'online', setByOwner: null });
  });

  it('explains a bad request', async () => {
    const bad = await call('/api/shop/status', { method: 'PUT', token: OWNER, body: { mode: 'sleeping' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/mode/);
    const past = await call('/api/shop/status', { method: 'PUT', token: OWNER, body: { mode: 'away', until: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    expect(((await past.json()) as { error: string }).error).toMatch(/until: a future time/);
  });

  it('is set from the command line too', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'status', ...args], {
        env: { PATH: process.env.PATH, REDIS_URL: redis.url, SHOP_CONFIG: shopConfig },
        encoding: 'utf8',
        timeout: 30_000,
      });
    const set = run('busy', '--message', 'Lots of orders today');
    expect(set.status).toBe(0);
    expect(set.stdout).toMatch(/status: busy \(owner\), message: Lots of orders today/);
    expect(run().stdout).toMatch(/status: busy/);
    expect(run('clear').stdout).toMatch(/status: online/);
    const wrong = run('asleep');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/unknown status "asleep"/);
  }, 90_000);
});

describe('contacts', () => {
  it('exports contacts as CSV with formula cells made inert, and erases one on request', async () => {
    // What the contact flow indexes when a buyer leaves details (see the store contract test).
    const client = redis.client();
    await client.hset(keys.contacts(), {
      'web:ana': JSON.stringify({ name: 'Ana García', phone: '+34612345678', email: 'ana@example.com' }),
      'telegram:42': JSON.stringify({ name: '=HYPERLINK("http://evil.example","click")', phone: '+8613812345678', messenger: 'WeChat: li_wei88', address: 'Calle Mayor 1, 2º, Madrid' }),
    });
    const res = await call('/api/contacts/export', { token: OWNER });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const csv = await res.text();
    expect(csv.split('\r\n')[0]).toBe('conversation,name,phone,email,messenger,address');
    expect(csv).toContain("web:ana,Ana García,'+34612345678,ana@example.com,");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(csv).toContain("'+8613812345678,,WeChat: li_wei88,");
    expect(csv).toContain('"Calle Mayor 1, 2º, Madrid"');

    expect((await call('/api/conversations/web:ana/contact', { method: 'DELETE', token: OWNER })).status).toBe(204);
    expect(await (await call('/api/contacts/export', { token: OWNER })).text()).not.toContain('Ana García');
    expect((await call('/api/conversations/not-an-id/contact', { method: 'DELETE', token: OWNER })).status).toBe(400);
  });
});
