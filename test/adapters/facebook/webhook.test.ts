import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../src/store/keys.js';
import type { Gateway } from '../../../src/main.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { API_VERSION, GRAPH, GRAPH_HOST, graphError, recordSends, SEND_PATH, toPsid, type SentMessage } from './graph-fake.js';
import { fixtureText, signMessenger, textDelivery, type MessengerBody } from './sign.js';
import { recorded } from '../../helpers/dedupe.js';

const TOKEN = 'EAAtest-page-access-token-000000';
const SECRET = 'test-app-secret-0123456789abcdef';
const VERIFY = 'verify-me-please';
/** A buyer Messenger says is not available (blocked the page). */
const GONE = '7100000000000099';

let redis: TestRedis;
let gateway: Gateway;
const sent: SentMessage[] = [];

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  redis = await startRedisServer();
  gateway = await startTestGateway({
    REDIS_URL: redis.url,
    FACEBOOK_ACCESS_TOKEN: TOKEN,
    FACEBOOK_APP_SECRET: SECRET,
    FACEBOOK_VERIFY_TOKEN: VERIFY,
    FACEBOOK_API_HOST: GRAPH_HOST,
    FACEBOOK_API_VERSION: API_VERSION,
  });
  // Checked in order: the unavailable buyer first, everyone else gets a normal answer.
  recordSends(nock(GRAPH).persist().post(SEND_PATH, toPsid(GONE)).query(true).reply(400, graphError(551, 1545041, "(#551) This person isn't available right now.")), sent);
  recordSends(nock(GRAPH).persist().post(SEND_PATH).query(true).reply(200, { recipient_id: '0', message_id: 'm_reply' }), sent);
});
afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
  nock.cleanAll();
  nock.enableNetConnect();
});

const url = () => `${gateway.url}/webhooks/messenger`;
const greeting = () => gateway.config.shop.replies.greeting as { en: string; es: string };
const fallback = () => gateway.config.shop.replies.fallback as { en: string; es: string };
const textsTo = (psid: string) => sent.filter((s) => s.body.recipient.id === psid).map((s) => s.body.message.text);

/** POST a body as Meta does: the exact bytes, signed with the app secret unless told otherwise. */
async function deliver(body: string | MessengerBody, signature: string | null = 'valid'): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-hub-signature-256'] = signature === 'valid' ? signMessenger(text, SECRET) : signature;
  return fetch(url(), { method: 'POST', headers, body: text });
}

/** Wait until the buyer has received `count` messages, then return all of them. */
const eventuallyTexts = (psid: string, count: number) => eventually(() => textsTo(psid).length >= count && textsTo(psid), 10_000, `${count} replies to ${psid}`);

describe('messenger webhook verification', () => {
  it('answers Meta\'s subscription check with the challenge, as plain text', async () => {
    const res = await fetch(`${url()}?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1158201444');
  });

  it('refuses a wrong verify token or mode with 403', async () => {
    expect((await fetch(`${url()}?hub.mode=subscribe&hub.verify_token=not-the-token&hub.challenge=1`)).status).toBe(403);
    expect((await fetch(`${url()}?hub.mode=unsubscribe&hub.verify_token=${VERIFY}&hub.challenge=1`)).status).toBe(403);
    expect((await fetch(`${url()}?hub.challenge=1`)).status).toBe(403);
  });
});

describe('messenger webhook deliveries', () => {
  it('records a signed "hello" and sends the greeting to that PSID through the Send API', async () => {
    const res = await deliver(fixtureText('messages.text'));
    expect(res.status).toBe(200);
    await eventuallyTexts('7100000000000001', 1);
    const [call] = sent.filter((s) => s.body.recipient.id === '7100000000000001');
    expect(call!.body).toEqual({ recipient: { id: '7100000000000001' }, messaging_type: 'RESPONSE', message: { text: greeting().en } });
    expect(call!.query.get('access_token')).toBe(TOKEN);
  });

  it('refuses a missing (401) or wrong (403) signature, with nothing recorded or sent', async () => {
    const psid = '7100000000000010';
    const body = JSON.stringify(textDelivery(psid, ['hello'], 'm_unsigned'));
    const missing = await deliver(body, null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'missing X-Hub-Signature-256 header' });
    expect((await deliver(body, signMessenger(body, 'some-other-app-secret-000000'))).status).toBe(403);
    expect((await deliver(body, signMessenger(body.replace('hello', 'hallo'), SECRET))).status).toBe(403); // signed, then altered
    expect((await deliver(body, 'sha1=0123456789abcdef0123456789abcdef01234567')).status).toBe(403);

    const store = redis.client();
    expect(await recorded(store, 'm_unsigned-0')).toBe(false);
    expect(await store.exists(keys.transcript(`facebook:${psid}`))).toBe(0);
    expect(textsTo(psid)).toEqual([]);

    // The same bytes, properly signed, are new to the gateway: the refusals left no trace.
    expect((await deliver(body)).status).toBe(200);
    expect(await eventuallyTexts(psid, 1)).toEqual([greeting().en]);
    expect(await recorded(store, 'm_unsigned-0')).toBe(true);
  });

  it('replies once when Meta delivers the same batch twice', async () => {
    const psid = '7100000000000011';
    const body = JSON.stringify(textDelivery(psid, ['hello'], 'm_twice'));
    expect((await deliver(body)).status).toBe(200);
    expect((await deliver(body)).status).toBe(200);
    // A later message of the same buyer is answered after anything queued before it.
    expect((await deliver(textDelivery(psid, ['what is the meaning of this'], 'm_twice_after'))).status).toBe(200);
    await eventually(() => textsTo(psid).includes(fallback().en), 10_000, 'the later reply');
    expect(textsTo(psid)).toEqual([greeting().en, fallback().en]);
  });

  it('answers every entry of a batch', async () => {
    expect((await deliver(fixtureText('multiple-entries'))).status).toBe(200);
    expect(await eventuallyTexts('7100000000000007', 1)).toEqual([greeting().en]);
    expect(await eventuallyTexts('7100000000000008', 1)).toEqual([greeting().es]);
  });

  it('acknowledges echoes, deliveries, reads and unknown events without replying', async () => {
    for (const name of ['message_echoes', 'message_deliveries', 'message_reads', 'unknown-event']) {
      const res = await deliver(fixtureText(name));
      expect(res.status, name).toBe(200);
    }
    // The same buyer then writes: theirs is the only reply, and the page (echo sender) gets none.
    expect((await deliver(textDelivery('7100000000000006', ['hello'], 'm_after_receipts'))).status).toBe(200);
    await eventuallyTexts('7100000000000006', 1);
    expect(textsTo('7100000000000006')).toEqual([greeting().en]);
    expect(textsTo('104512345678901')).toEqual([]);
  });

  it('records quick replies, postbacks and attachments as the buyer\'s turn', async () => {
    for (const name of ['messages.quick_reply', 'messaging_postbacks', 'messages.attachments.image', 'messages.attachments.location']) {
      expect((await deliver(fixtureText(name))).status, name).toBe(200);
    }
    for (const psid of ['7100000000000002', '7100000000000003', '7100000000000004', '7100000000000005']) await eventuallyTexts(psid, 1);
    const firstLine = async (psid: string) => JSON.parse((await redis.client().lindex(keys.transcript(`facebook:${psid}`), 0))!) as { from: string; text: string };
    expect(await firstLine('7100000000000002')).toMatchObject({ from: 'buyer', text: 'Shipping' });
    expect(await firstLine('7100000000000003')).toMatchObject({ from: 'buyer', text: 'Talk to a person' });
  });

  it('does not retry a buyer Messenger says is unavailable, and skips their later replies', async () => {
    const conversation = `facebook:${GONE}` as const;
    expect((await deliver(textDelivery(GONE, ['hello', 'anyone there?'], 'm_gone'))).status).toBe(200);
    const store = redis.client();
    await eventually(
      async () =>
        (await store.exists(keys.unreachable(conversation))) === 1 &&
        (await store.llen(keys.transcript(conversation))) === 4 && // both turns processed, both deliveries queued
        (await store.llen(keys.queueItems('out', conversation))) === 0, // and both settled
      10_000,
      'both deliveries settled',
    );
    expect(textsTo(GONE)).toEqual([greeting().en]); // one Send API call: no retry, second reply skipped
  });

  it('refuses a malformed body with 400 and acknowledges objects it does not handle', async () => {
    const bad = await deliver('{"object":"page"}');
    expect(bad.status).toBe(400);
    expect((await bad.json()) as { error: string }).toMatchObject({ error: expect.stringContaining('entry') });
    expect((await deliver('{"object":"instagram","entry":[]}')).status).toBe(200);
  });

  it('answers 503 with Retry-After while the store is down, and takes the redelivery once it is back', async () => {
    const psid = '7100000000000012';
    const body = JSON.stringify(textDelivery(psid, ['hello'], 'm_store_down'));
    await redis.stop();
    try {
      const res = await deliver(body);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    } finally {
      await redis.start();
    }
    await eventually(async () => (await deliver(body)).status === 200, 15_000, 'redelivery accepted');
    expect(await eventuallyTexts(psid, 1)).toEqual([greeting().en]);
  });
});
