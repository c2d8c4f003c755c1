import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { issueVisitorToken } from '../../../adapters/web/token.js';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import type { Gateway } from '../../../src/main.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { webBuyer } from '../../helpers/web-buyer.js';

/** A chat page without the page: a token and a socket that collects frames, once history arrived. */
async function visitor(gateway: Gateway, token?: string) {
  const v = await webBuyer(gateway, token ? { token } : {});
  await eventually(() => v.frames.some((f) => f.type === 'history'), 5000, 'history');
  return v;
}

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

describe('web chat socket', () => {
  it('acknowledges a message once recorded and answers it', async () => {
    const v = await visitor(gateway);
    v.send({ type: 'message', id: 'msg00001', text: 'hello' });
    await eventually(() => v.frames.some((f) => f.type === 'ack' && f.id === 'msg00001'), 5000, 'ack');
    const [reply] = await eventually(() => v.replies().length > 0 && v.replies(), 5000, 'reply');
    expect(reply).toBe(loadShopConfig(exampleShopConfigPath()).replies.greeting.en);
    v.ws.close();
  });

  it('answers a resent message (same page id) once', async () => {
    const v = await visitor(gateway);
    v.send({ type: 'message', id: 'again001', text: 'hello' });
    v.send({ type: 'message', id: 'again001', text: 'hello' });
    await eventually(() => v.frames.filter((f) => f.type === 'ack').length === 2, 5000, 'two acks');
    await eventually(() => v.replies().length === 1, 5000, 'one reply');
    // a later message proves the queue moved on, and still only one reply for the resent one
    v.send({ type: 'message', id: 'again002', text: 'hi' });
    await eventually(() => v.replies().length === 2, 5000, 'second reply');
    v.ws.close();
  });

  it('gives a returning visitor the conversation so far', async () => {
    const first = await visitor(gateway);
    first.send({ type: 'message', id: 'hist0001', text: 'hello' });
    await eventually(() => first.replies().length === 1, 5000, 'reply');
    first.ws.close();
    const back = await visitor(gateway, first.token);
    expect(back.visitorId).toBe(first.visitorId);
    const history = back.frames.find((f) => f.type === 'history')!.messages!;
    expect(history.map((m) => m.from)).toEqual(['buyer', 'bot']);
    expect(history[0]!.text).toBe('hello');
    back.ws.close();
  });

  it('refuses a socket without a valid signed token, and a forged one', async () => {
    const wsUrl = `${gateway.url.replace('http', 'ws')}/webhooks/web/socket`;
    const forged = issueVisitorToken('not-the-server-secret-not-the-server-secret').token;
    for (const url of [wsUrl, `${wsUrl}?token=garbage`, `${wsUrl}?token=${encodeURIComponent(forged)}`]) {
      const ws = new WebSocket(url);
      const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
      expect(status).toBe(401);
    }
  });

  it('keeps visitors apart: nobody reads another visitor\'s conversation', async () => {
    const alice = await visitor(gateway);
    alice.send({ type: 'message', id: 'alice001', text: 'my secret question' });
    await eventually(() => alice.replies().length === 1, 5000, 'alice answered');
    const bob = await visitor(gateway);
    expect(bob.visitorId).not.toBe(alice.visitorId);
    expect(bob.frames.find((f) => f.type === 'history')!.messages).toEqual([]);
    // a frame naming alice as user is stamped with bob's own identity
    bob.send({ type: 'message', id: 'bob00001', text: 'hello', user: alice.visitorId });
    await eventually(() => bob.replies().length === 1, 5000, 'bob answered');
    await new Promise((r) => setTimeout(r, 200));
    expect(alice.replies()).toHaveLength(1);
    alice.ws.close();
    bob.ws.close();
  });

  it('explains a malformed frame instead of dropping the socket', async () => {
    const v = await visitor(gateway);
    v.ws.send('not json');
    v.send({ type: 'message', id: 'x', text: 'hello' });
    v.send({ type: 'message', id: 'empty001', text: '   ' });
    await eventually(() => v.frames.filter((f) => f.type === 'error').length === 3, 5000, 'three errors');
    const reasons = v.frames.filter((f) => f.type === 'error').map((f) => f.reason);
    expect(reasons[0]).toMatch(/JSON/);
    expect(reasons[1]).toMatch(/id: /);
    expect(reasons[2]).toMatch(/empty message/);
    v.send({ type: 'message', id: 'fine0001', text: 'hello' });
    await eventually(() => v.replies().length === 1, 5000, 'still answered');
    v.ws.close();
  });
});
