import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadShopConfig } from '../../src/config/load.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Gateway } from '../../src/main.js';
import { eventually, startTestGateway } from '../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../helpers/redis-server.js';
import { writeShopConfig } from '../helpers/shop-config.js';
import { webBuyer } from '../helpers/web-buyer.js';

const OWNER = 'owner-token-0123456789abcdef';
const AGENT = 'agent-token-0123456789abcdef';
const QUESTION = 'do you sell gift wrapping paper';

let redis: TestRedis;
let one: Gateway;
let two: Gateway;
let shopConfig: string;
beforeAll(async () => {
  redis = await startRedisServer();
  shopConfig = writeShopConfig({ agents: [{ name: 'Mei', role: 'owner', token: OWNER }, { name: 'Pablo', role: 'agent', token: AGENT }] });
  one = await startTestGateway({ REDIS_URL: redis.url, SHOP_CONFIG: shopConfig });
  two = await startTestGateway({ REDIS_URL: redis.url, SHOP_CONFIG: shopConfig });
}, 30_000);
afterAll(async () => {
  await one?.close();
  await two?.close();
  await redis?.stop();
});

function call(gateway: Gateway, path: string, init: { method?: string; token?: string; body?: unknown } = {}) {
  return fetch(`${gateway.url}/api/knowledge${path}`, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}
const json = async <T>(res: Response) => (await res.json()) as T;
const topics = async (g: Gateway) => (await json<{ topics: { id: string; questions: Record<string, string[]>; answer: Record<string, string> }[] }>(await call(g, '', { token: OWNER }))).topics;

describe('knowledge API', () => {
  it('is for owners only: 401 without a token, 403 for an agent, on reading and on teaching', async () => {
    expect((await call(one, '/unanswered')).status).toBe(401);
    expect((await call(one, '/unanswered', { token: AGENT })).status).toBe(403);
    const teach = await call(one, '/teach', { method: 'POST', token: AGENT, body: { text: 'hi', lang: 'en', topic: 'shipping' } });
    expect(teach.status).toBe(403);
    expect((await call(one, '/topics/shipping', { method: 'PUT', token: AGENT, body: {} })).status).toBe(403);
    expect((await call(one, '/unanswered', { token: OWNER })).status).toBe(200);
  });

  it('keeps what the bot could not answer, lets the owner teach it, and every instance answers it then', async () => {
    const buyer = await webBuyer(one, { language: 'en' });
    buyer.say(QUESTION);
    await eventually(() => buyer.replies().length > 0, 10_000, 'the fallback reply');
    const group = await eventually(async () => (await json<{ unanswered: { id: string; text: string; count: number; lang: string; conversationId: string }[] }>(await call(two, '/unanswered', { token: OWNER }))).unanswered.find((g) => g.text === QUESTION), 5000, 'the unanswered question');
    expect(group).toMatchObject({ count: 1, lang: 'en', conversationId: buyer.id });

    const tried = await json<{ now: { intent: string }; after: { intent: string; reply: string } }>(
      await call(two, '/try', { method: 'POST', token: OWNER, body: { text: QUESTION, draft: { teach: { topic: 'authenticity', lang: 'en' } } } }),
    );
    expect(tried.now.intent).toBe('none');
    expect(tried.after.intent).toBe('authenticity');

    const taught = await call(two, '/teach', { method: 'POST', token: OWNER, body: { text: QUESTION, lang: 'en', newTopic: { id: 'giftwrap', questions: {}, answer: { en: 'Yes: free gift wrapping on every order.' } }, unansweredId: group.id } });
    expect(taught.status).toBe(200);
    // The other instance, without a restart, within a few seconds.
    const other = await webBuyer(one, { language: 'en' });
    await eventually(async () => (await topics(one)).some((t) => t.id === 'giftwrap'), 5000, 'the taught topic on the other instance');
    other.say(QUESTION);
    await eventually(() => other.replies().includes('Yes: free gift wrapping on every order.'), 10_000, 'the taught answer');
    expect((await json<{ unanswered: { id: string }[] }>(await call(one, '/unanswered', { token: OWNER }))).unanswered.map((g) => g.id)).not.toContain(group.id);
    const audit = await json<{ audit: { by: string; action: string; target: string }[] }>(await call(one, '/audit', { token: OWNER }));
    expect(audit.audit[0]).toMatchObject({ by: 'Mei', action: 'new topic', target: 'giftwrap' });
    buyer.ws.close();
    other.ws.close();
  });

  it('keeps a question the bot answered when the buyer then asked for a person', async () => {
    const buyer = await webBuyer(one, { language: 'en' });
    buyer.say('how long does delivery to Peru take');
    await eventually(() => buyer.replies().length > 0, 10_000, 'the answer');
    buyer.say('that does not help, talk to a person');
    const group = await eventually(async () => (await json<{ unanswered: { text: string; reason: string }[] }>(await call(two, '/unanswered', { token: OWNER }))).unanswered.find((g) => g.text === 'how long does delivery to Peru take'), 5000, 'the question before the request for a person');
    expect(group.reason).toBe('human');
    buyer.ws.close();
  });

  it('refuses a malformed edit with the field named and changes nothing', async () => {
    const before = await topics(one);
    const shipping = before.find((t) => t.id === 'shipping')!;
    const noDefault = await call(one, '/topics/shipping', { method: 'PUT', token: OWNER, body: { ...shipping, taught: undefined, answer: { es: 'Solo en español' } } });
    expect(noDefault.status).toBe(400);
    expect((await json<{ error: string }>(noDefault)).error).toMatch(/faq\.\d+\.answer: needs a text in the default language "en"/);
    const badField = await call(one, '/topics/shipping', { method: 'PUT', token: OWNER, body: { id: 'shipping', questions: { en: [''] }, answer: { en: 'x' } } });
    expect(badField.status).toBe(400);
    expect((await json<{ error: string }>(badField)).error).toMatch(/^questions\.en\.0: /);
    expect(await topics(one)).toEqual(before);
  });

  it('edits a topic for every instance and exports the result as a shop config that loads', async () => {
    const shipping = (await topics(one)).find((t) => t.id === 'shipping')!;
    const { taught: _taught, ...edited } = { ...shipping, answer: { ...shipping.answer, en: 'We ship every weekday before 16:00.' } } as typeof shipping & { taught?: boolean };
    expect((await call(one, '/topics/shipping', { method: 'PUT', token: OWNER, body: edited })).status).toBe(200);
    await eventually(async () => (await topics(two)).find((t) => t.id === 'shipping')!.answer.en === 'We ship every weekday before 16:00.', 5000, 'the edit on the other instance');
    const yaml = await (await call(two, '/export', { token: OWNER })).text();
    const exported = parse(yaml) as { faq: { id: string; answer: { en: string } }[] };
    expect(exported.faq.find((t) => t.id === 'shipping')!.answer.en).toBe('We ship every weekday before 16:00.');
    expect(exported.faq.some((t) => t.id === 'giftwrap')).toBe(true);
    // It goes back into SHOP_CONFIG as it is.
    const path = join(mkdtempSync(join(tmpdir(), 'shopdesk-export-')), 'shop.yaml');
    writeFileSync(path, yaml);
    expect(loadShopConfig(path).faq.find((t) => t.id === 'giftwrap')!.answer.en).toBe('Yes: free gift wrapping on every order.');
  });

  it('lets `shopdesk classify` read the knowledge base when REDIS_URL is set', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'classify'], { input: `${QUESTION}\n`, env: { PATH: process.env.PATH, SHOP_CONFIG: shopConfig, REDIS_URL: redis.url }, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ text: QUESTION, intent: 'giftwrap' });
  });
});
