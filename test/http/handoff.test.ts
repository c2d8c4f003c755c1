import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../src/config/load.js';
import { exampleShopConfigPath } from '../../src/config/paths.js';
import { writeShopConfig } from '../helpers/shop-config.js';
import { webBuyer } from '../helpers/web-buyer.js';
import type { Gateway } from '../../src/main.js';
import { eventually, startTestGateway } from '../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';

const MEI = 'mei-owner-token-0123456789';
const PABLO = 'pablo-agent-token-0123456789';
const LI = 'li-agent-token-0123456789abc';
const example = loadShopConfig(exampleShopConfigPath());

const shopConfig = (timeoutMinutes: number) =>
  writeShopConfig({
    agents: [{ name: 'Mei', role: 'owner', token: MEI }, { name: 'Pablo', role: 'agent', token: PABLO, maxConversations: 1 }, { name: 'Li', role: 'agent', token: LI }],
    edit: (yaml) => yaml.replace(/timeoutMinutes: 10/, `timeoutMinutes: ${timeoutMinutes}`),
  });
const buyer = (gateway: Gateway) => webBuyer(gateway);

/** An agent's live event stream (server-sent events), parsed. */
async function eventStream(gateway: Gateway, token: string) {
  const controller = new AbortController();
  const res = await fetch(`${gateway.url}/api/events`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
  expect(res.status).toBe(200);
  const events: { type: string; conversationId: string; from?: string; text?: string; state?: string }[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)));
        }
      }
    } catch {
      // aborted
    }
  })();
  return { events, close: () => controller.abort() };
}

const api = (gateway: Gateway, token: string) => async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${gateway.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
};

let redis: TestRedis;
let a: Gateway;
let b: Gateway;
beforeAll(async () => {
  redis = await startRedisServer();
  const config = shopConfig(10);
  a = await startTestGateway({ REDIS_URL: redis.url, SHOP_CONFIG: config });
  b = await startTestGateway({ REDIS_URL: redis.url, SHOP_CONFIG: config });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
});

describe('handing a conversation to a person and back', () => {
  it('queues, lets one agent claim on one instance and talk through another, stays silent, and hands back', async () => {
    const visitor = await buyer(a);
    const stream = await eventStream(b, PABLO);
    visitor.say('hello');
    await eventually(() => visitor.messages().length === 1, 5000, 'greeting');

    // The buyer asks for a person: queued, told their place in line.
    visitor.press('human', example.handoff.texts.humanButton.en!);
    const [queued] = await eventually(() => visitor.messages().length === 2 && visitor.messages().slice(1), 5000, 'queued reply');
    expect(queued!.text).toMatch(/number 1 in line/);
    const list = await api(b, PABLO)('GET', '/conversations?state=queued');
    expect((list.body.conversations as { id: string; waitingSince?: string }[]).map((c) => c.id)).toContain(visitor.id);

    // Two agents claim at once on two instances: exactly one wins.
    const [pablo, li] = await Promise.all([api(a, PABLO)('POST', `/conversations/${visitor.id}/claim`), api(b, LI)('POST', `/conversations/${visitor.id}/claim`)]);
    expect([pablo.status, li.status].sort()).toEqual([200, 409]);
    const winner = pablo.status === 200 ? PABLO : LI;
    const loser = winner === PABLO ? LI : PABLO;

    // The agent replies through the other instance; the reply reaches the buyer's channel as the agent's.
    expect((await api(b, winner)('POST', `/conversations/${visitor.id}/messages`, { text: 'Hi, I am here to help <b>you</b>' })).status).toBe(202);
    const fromAgent = await eventually(() => visitor.messages().find((m) => m.from === 'agent'), 5000, 'agent message');
    expect(fromAgent.text).toBe('Hi, I am here to help <b>you</b>');
    expect((await api(a, loser)('POST', `/conversations/${visitor.id}/messages`, { text: 'me too' })).status).toBe(403);

    // The buyer writes: it reaches the agents' live stream, and the bot says nothing.
    const before = visitor.messages().length;
    visitor.say('my order 1234 arrived broken');
    if (winner === PABLO) {
      await eventually(() => stream.events.some((e) => e.type === 'message' && e.from === 'buyer' && e.text === 'my order 1234 arrived broken'), 5000, 'buyer message in the stream');
    }
    await eventually(async () => {
      const detail = await api(a, winner)('GET', `/conversations/${visitor.id}`);
      return (detail.body.transcript as { text: string }[]).some((l) => l.text === 'my order 1234 arrived broken');
    }, 5000, 'recorded');
    await new Promise((r) => setTimeout(r, 300));
    expect(visitor.messages().length).toBe(before);

    // Handed back: the buyer is told, and the bot answers again.
    expect((await api(a, winner)('POST', `/conversations/${visitor.id}/release`)).status).toBe(200);
    await eventually(() => visitor.messages().some((m) => m.text === example.handoff.texts.released.en), 5000, 'released text');
    const count = visitor.messages().length;
    visitor.say('hello');
    await eventually(() => visitor.messages().length === count + 1, 5000, 'bot answers again');
    expect(visitor.messages().at(-1)!.text).toBe(example.replies.greeting.en);
    stream.close();
    visitor.ws.close();
  });

  it('keeps an agent out of a conversation another agent holds, and within their own limit', async () => {
    const one = await buyer(a);
    const two = await buyer(a);
    for (const v of [one, two]) {
      v.press('human', 'Talk to a person');
      await eventually(() => v.messages().length === 1, 5000, 'queued');
    }
    expect((await api(a, LI)('POST', `/conversations/${one.id}/claim`)).status).toBe(200);
    expect((await api(a, PABLO)('GET', `/conversations/${one.id}`)).status).toBe(403); // Li's
    expect((await api(a, MEI)('GET', `/conversations/${one.id}`)).status).toBe(200); // owners see all
    const pabloHolds = await api(a, PABLO)('GET', '/conversations?state=agent');
    const held = (pabloHolds.body.conversations as { agent: string }[]).filter((c) => c.agent === 'Pablo').length;
    if (held === 0) expect((await api(a, PABLO)('POST', `/conversations/${two.id}/claim`)).status).toBe(200);
    const third = await buyer(a);
    third.press('human', 'Talk to a person');
    await eventually(() => third.messages().length === 1, 5000, 'queued');
    const over = await api(a, PABLO)('POST', `/conversations/${third.id}/claim`);
    expect(over.status).toBe(409);
    expect(over.body.error).toMatch(/maxConversations/);
    expect((await api(a, MEI)('POST', `/conversations/${one.id}/close`)).status).toBe(200);
    const closed = await api(a, MEI)('GET', '/conversations?state=closed');
    expect((closed.body.conversations as { id: string }[]).map((c) => c.id)).toContain(one.id);
    for (const v of [one, two, third]) v.ws.close();
  });
});

describe('an agent asks for the buyer\'s contact details', () => {
  it('asks the buyer in the bot\'s voice and files the answer in the conversation\'s contact', async () => {
    const visitor = await buyer(a);
    visitor.press('human', 'Talk to a person');
    await eventually(() => visitor.messages().length === 1, 5000, 'queued');
    expect((await api(a, MEI)('POST', `/conversations/${visitor.id}/claim`)).status).toBe(200);
    expect((await api(a, MEI)('POST', `/conversations/${visitor.id}/ask-contact`)).status).toBe(202);
    await eventually(() => visitor.messages().some((m) => m.text === example.contact.texts.askReach.en), 5000, 'asked');
    visitor.say('sure: +34 612 34 56 78');
    const detail = await eventually(async () => {
      const d = await api(b, MEI)('GET', `/conversations/${visitor.id}`);
      return (d.body.contact as { phone?: string }).phone ? d.body : undefined;
    }, 5000, 'contact filed');
    expect(detail.contact).toEqual({ phone: '+34612345678' });
    expect((await api(a, MEI)('POST', `/conversations/${visitor.id}/close`)).status).toBe(200);
    visitor.ws.close();
  });
});

describe('nobody comes in time', () => {
  it('tells the buyer and asks for contact details for a call-back', async () => {
    const local = await startRedisServer();
    const gateway = await startTestGateway({ REDIS_URL: local.url, SHOP_CONFIG: shopConfig(0.01) }); // 0.6 s
    try {
      const visitor = await buyer(gateway);
      visitor.press('human', 'Talk to a person');
      await eventually(() => visitor.messages().length === 1, 5000, 'queued');
      const told = await eventually(() => visitor.messages().find((m) => m.text === example.handoff.texts.noAgent.en), 10_000, 'no agent message');
      expect(told).toBeDefined();
      await new Promise((r) => setTimeout(r, 1500));
      expect(visitor.messages().filter((m) => m.text === example.handoff.texts.noAgent.en)).toHaveLength(1); // told once
      visitor.ws.close();
    } finally {
      await gateway.close();
      await local.stop();
    }
  });
});
