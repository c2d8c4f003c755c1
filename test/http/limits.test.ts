import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/main.js';
import { startTestGateway } from '../helpers/gateway.js';

let gateway: Gateway;
beforeAll(async () => {
  gateway = await startTestGateway({});
});
afterAll(async () => {
  await gateway?.close();
});

describe('limits on public routes', () => {
  it('slows down a client guessing agent tokens', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      statuses.push((await fetch(`${gateway.url}/api/shop/status`, { headers: { authorization: `Bearer guess-${i}` } })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('limits new web chat visitors per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      statuses.push((await fetch(`${gateway.url}/webhooks/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    const last = await fetch(`${gateway.url}/webhooks/web/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(last.status).toBe(429);
    expect(((await last.json()) as { error: string }).error).toMatch(/too many chat sessions/);
  });
});
