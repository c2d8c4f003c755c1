import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/main.js';
import { keys } from '../../../src/store/keys.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { fixture, fixtureText, signMeta, startGraphFake, textFrom, textOf, type GraphFake, type WhatsAppBody } from './graph-fake.js';

const SECRET = 'whatsapp-app-secret-0123456789ab';
const TOKEN = 'EAAwhatsapp-system-user-token-000';
const VERIFY = 'verify-whatsapp-please';
const PHONE_ID = '106540352242922';

let redis: TestRedis;
let gateway: Gateway;
let api: GraphFake;

beforeAll(async () => {
  redis = await startRedisServer();
  api = await startGraphFake();
  gateway = await startTestGateway({
    REDIS_URL: redis.url,
    WHATSAPP_ACCESS_TOKEN: TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_VERIFY_TOKEN: VERIFY,
    WHATSAPP_API_VERSION: 'v23.0',
    WHATSAPP_API_ROOT: api.url,
  });
});
afterAll(async () => {
  await gateway?.close();
  await api?.close();
  await redis?.stop();
});

const greeting = () => (gateway.config.shop.replies as Record<string, Record<string, string>>).greeting!;

/** POST as Meta does: the exact bytes, signed with the app secret unless told otherwise. */
async function deliver(body: string | WhatsAppBody, signature: string | null = 'valid'): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-hub-signature-256'] = signature === 'valid' ? signMeta(text, SECRET) : signature;
  return fetch(`${gateway.url}/webhooks/whatsapp`, { method: 'POST', headers, body: text });
}

const sends = (who: string, count: number) => eventually(() => api.sentTo(who).length >= count && api.sentTo(who), 10_000, `${count} sends to ${who}`);
const settle = () => new Promise((r) => setTimeout(r, 400));
const unreachable = async (conversationId: string) => (await redis.client().exists(keys.unreachable(conversationId as `whatsapp:${string}`))) === 1;

describe('whatsapp webhook verification (GET)', () => {
  const verify = (query: string) => fetch(`${gateway.url}/webhooks/whatsapp?${query}`);

  it('echoes the raw hub.challenge for the right verify token', async () => {
    const res = await verify(`hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1158201444');
  });

  it('answers 403 to a wrong token or mode', async () => {
    expect((await verify('hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1')).status).toBe(403);
    expect((await verify(`hub.mode=unsubscribe&hub.verify_token=${VERIFY}&hub.challenge=1`)).status).toBe(403);
  });
});

describe('whatsapp webhook authentication and bodies', () => {
  it('a missing signature gets 401, a forged or re-serialised one 403, with no side effect', async () => {
    const before = api.calls.length;
    const text = fixtureText('message.text');
    expect((await deliver(text, null)).status).toBe(401);
    expect((await deliver(text, signMeta(text, 'not-the-app-secret-000000000000'))).status).toBe(403);
    // Meta signs the escaped-unicode bytes it sends: the same JSON re-serialised no longer matches.
    const escaped = fixtureText('message.contacts');
    expect(escaped).toContain('\\u00ed');
    expect((await deliver(JSON.stringify(JSON.parse(escaped)), signMeta(escaped, SECRET))).status).toBe(403);
    await settle();
    expect(api.calls.length).toBe(before);
    expect(await redis.client().exists(keys.session('whatsapp:34612345678'))).toBe(0);
  });

  it('a malformed body gets 400 with the reason; other objects and fields get 200', async () => {
    const bad = await deliver('{"object":"whatsapp_business_account","entry":"nope"}');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/entry/);
    expect((await deliver(fixture('account_update'))).status).toBe(200);
    expect((await deliver({ object: 'page', entry: [] })).status).toBe(200);
  });
});

describe('whatsapp webhook deliveries', () => {
  it('answers "hola" in Spanish through the fake Graph API, marking the message read first', async () => {
    const buyer = '34600000001';
    expect((await deliver(textFrom(buyer, 'wamid.E2E.ES.1', 'hola'))).status).toBe(200);
    const [reply] = await sends(buyer, 1);
    expect(reply!.path).toBe(`/v23.0/${PHONE_ID}/messages`);
    expect(reply!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(reply!.body).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: buyer, type: 'text', text: { body: greeting().es, preview_url: false } });
    const read = api.calls.findIndex((c) => c.body.status === 'read' && c.body.message_id === 'wamid.E2E.ES.1');
    expect(read).toBeGreaterThanOrEqual(0);
    expect(read).toBeLessThan(api.calls.indexOf(reply!));
  });

  it('answers "你好" in Chinese to a user known only by a business-scoped id, by `recipient`', async () => {
    const body = fixture('message.text.user_id');
    body.entry[0].changes[0].value.messages[0].timestamp = String(Math.floor(Date.now() / 1000));
    expect((await deliver(body)).status).toBe(200);
    const [reply] = await sends('ES.13491208655302741918', 1);
    expect(reply!.body).toMatchObject({ recipient: 'ES.13491208655302741918', type: 'text', text: { body: greeting().zh } });
    expect(reply!.body.to).toBeUndefined();
  });

  it('a redelivery (same wamid) is answered once', async () => {
    const buyer = '34600000002';
    const body = textFrom(buyer, 'wamid.E2E.REDELIVER.1', 'hola');
    expect((await deliver(body)).status).toBe(200);
    await sends(buyer, 1);
    expect((await deliver(body)).status).toBe(200);
    // A later message proves the pipeline ran past the repeat: its answer comes, the repeat's never does.
    expect((await deliver(textFrom(buyer, 'wamid.E2E.REDELIVER.2', 'hola'))).status).toBe(200);
    await eventually(() => api.calls.some((c) => c.body.status === 'read' && c.body.message_id === 'wamid.E2E.REDELIVER.2'), 10_000, 'second message processed');
    await sends(buyer, 2);
    await settle();
    expect(api.sentTo(buyer)).toHaveLength(2);
  });

  it('every message of every change of every entry is recorded, Meta\'s escaped unicode signed as sent', async () => {
    const text = fixtureText('batch.several').replaceAll('"1749416383"', `"${Math.floor(Date.now() / 1000)}"`).replaceAll('"1749416390"', `"${Math.floor(Date.now() / 1000)}"`);
    expect(text).toContain('\\u00bf');
    expect((await deliver(text)).status).toBe(200);
    const [zh] = await sends('8613800138000', 1);
    expect(textOf(zh!)).toBe(greeting().zh);
    await sends('34612345678', 2);
    const transcript = await redis.client().lrange(keys.transcript('whatsapp:34612345678'), 0, -1);
    expect(transcript.map((l) => JSON.parse(l) as { from: string; text: string }).filter((l) => l.from === 'buyer').map((l) => l.text)).toEqual(['hola', '¿hacéis envíos a Canarias?']);
  });

  it('a reply button press reaches the flows as its payload: "human" queues the buyer for a person', async () => {
    const body = fixture('message.interactive.button_reply');
    const m = body.entry[0].changes[0].value.messages[0];
    Object.assign(m, { from: '34600000003', timestamp: String(Math.floor(Date.now() / 1000)) });
    body.entry[0].changes[0].value.contacts[0].wa_id = '34600000003';
    expect((await deliver(body)).status).toBe(200);
    const [reply] = await sends('34600000003', 1);
    expect(textOf(reply!)).toMatch(/persona|Lo sentimos/);
  });

  it('statuses are acknowledged; only an unreachable-meaning failure marks the conversation unreachable', async () => {
    for (const name of ['statuses.sent', 'statuses.delivered', 'statuses.read', 'statuses.failed.130472', 'statuses.failed.131047']) {
      expect((await deliver(fixture(name))).status).toBe(200);
    }
    expect(await unreachable('whatsapp:34612345678')).toBe(false);
    // A failure older than the buyer's latest message is stale (statuses come out of order).
    expect((await deliver(fixture('statuses.failed.131026'))).status).toBe(200);
    expect(await unreachable('whatsapp:34612345678')).toBe(false);
    const fresh = fixture('statuses.failed.131026');
    fresh.entry[0].changes[0].value.statuses[0].timestamp = String(Math.floor(Date.now() / 1000) + 5);
    expect((await deliver(fresh)).status).toBe(200);
    expect(await unreachable('whatsapp:34612345678')).toBe(true);
  });
});
