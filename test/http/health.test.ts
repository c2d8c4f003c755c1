import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/main.js';
import { eventually, startTestGateway } from '../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

let redis: TestRedis;
let gateway: Gateway;
beforeAll(async () => {
  redis = await startRedisServer();
  gateway = await startTestGateway({ REDIS_URL: redis.url });
});
afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
});

describe('health and readiness', () => {
  it('is alive and ready with Redis up', async () => {
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { store: true, channels: true } });
  });

  it('is 503 while Redis is down and ready again once it is back, without a restart', async () => {
    await redis.stop();
    const down = await fetch(`${gateway.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ checks: { store: false } });
    expect((await fetch(`${gateway.url}/healthz`)).status).toBe(200); // alive all the same

    await redis.start();
    await eventually(async () => (await fetch(`${gateway.url}/readyz`)).status === 200, 15_000, 'ready again');
  });

  it('answers unknown routes with 404 and oversized bodies with 413', async () => {
    expect((await fetch(`${gateway.url}/nope`)).status).toBe(404);
    const big = await fetch(`${gateway.url}/webhooks/web/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'x'.repeat(300_000) }),
    });
    expect(big.status).toBe(413);
    const bad = await fetch(`${gateway.url}/webhooks/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{oops' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: expect.stringMatching(/malformed/) });
  });
});
