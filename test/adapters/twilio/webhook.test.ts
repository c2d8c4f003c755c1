import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import type { ConversationId } from '../../../src/engine/types.js';
import type { Gateway } from '../../../src/main.js';
import { keys } from '../../../src/store/keys.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { writeShopConfig } from '../../helpers/shop-config.js';
import { freshSid, postToTwilioWebhook, signTwilio, twilioForm, type TwilioPost } from './sign.js';
import { fakeMessagesApi, twilioError, type SentSms } from './twilio-api-fake.js';
import { recorded as wasRecorded } from '../../helpers/dedupe.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-0123456789abcdef';
const NUMBER = '+14155550100';
const PUBLIC_URL = 'https://shop.example.com';
const WEBHOOK_URL = `${PUBLIC_URL}/webhooks/twilio`;
const OWNER = 'mei-owner-token-0123456789';
const shop = loadShopConfig(exampleShopConfigPath());

let redis: TestRedis;
let gateway: Gateway;
let sent: SentSms[] = [];
const textsTo = (phone: string) => sent.filter((s) => s.To === phone).map((s) => s.Body);
const post = (p: TwilioPost) => postToTwilioWebhook(gateway.url, { token: TOKEN, url: WEBHOOK_URL }, p);
/** A signed SMS from `from` with this text, as Twilio posts it. */
const sms = (from: string, body: string, sid = freshSid()) => post({ params: twilioForm('inbound-sms', { MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, From: from, Body: body }) });
/** Whether the store recorded a Twilio message id (its dedupe mark). */
const recorded = (id: string) => wasRecorded(redis.client(), id);
/** Deliveries still waiting in a conversation's outbound queue. */
const waitingReplies = (phone: string) => redis.client().llen(keys.queueItems('out', `twilio:${phone}` as ConversationId));

/** The owners' API, as the console calls it. */
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${gateway.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${OWNER}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}
const conversationPath = (phone: string) => `/conversations/${encodeURIComponent(`twilio:${phone}`)}`;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  redis = await startRedisServer();
  gateway = await startTestGateway({
    REDIS_URL: redis.url,
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_NUMBER: NUMBER,
    PUBLIC_URL,
    SHOP_CONFIG: writeShopConfig({ agents: [{ name: 'Mei', role: 'owner', token: OWNER }] }),
  });
});
afterEach(() => {
  nock.cleanAll();
  sent = [];
});
afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
  nock.enableNetConnect();
});

describe('Twilio SMS webhook', () => {
  it('answers a signed SMS "hello" with empty TwiML, then texts the greeting from the shop\'s number', async () => {
    fakeMessagesApi(SID, sent);
    const res = await sms('+12025550101', 'hello');
    expect(res).toMatchObject({ status: 200, contentType: expect.stringMatching(/^text\/xml/), text: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });
    await eventually(() => textsTo('+12025550101').length === 1, 10_000, 'the greeting sent');
    expect(sent.find((s) => s.To === '+12025550101')).toEqual({
      To: '+12025550101',
      From: NUMBER,
      Body: shop.replies.greeting.en,
      authorization: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`,
    });
  });

  it('refuses a missing signature (401), a wrong one or one for another URL (403), recording and sending nothing', async () => {
    fakeMessagesApi(SID, sent);
    const sid = freshSid();
    const params = twilioForm('inbound-sms', { MessageSid: sid, From: '+12025550102' });
    const refusals = [
      await post({ params, signature: false }),
      await post({ params, token: 'another-token-0123456789abcdef' }),
      await post({ params, url: 'https://elsewhere.example.com/webhooks/twilio' }),
      await post({ params, url: 'http://shop.example.com/webhooks/twilio' }),
      // Signed, then changed on the way.
      await post({ params: { ...params, Body: 'send me a refund' }, signature: signTwilio(TOKEN, WEBHOOK_URL, params) }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 403, 403, 403, 403]);
    expect(refusals.map((r) => (JSON.parse(r.text) as { error: string }).error)).toEqual([
      'missing X-Twilio-Signature header',
      ...Array(4).fill(expect.stringMatching(/does not match/)),
    ]);
    expect(await recorded(sid)).toBe(false);
    // The same message properly signed is still new (nothing was recorded), and gets the only reply.
    expect((await post({ params })).status).toBe(200);
    await eventually(() => textsTo('+12025550102').length === 1, 10_000, 'reply once accepted');
    expect(textsTo('+12025550102')).toEqual([shop.replies.greeting.en]);
  });

  it('answers the same MessageSid delivered twice once', async () => {
    fakeMessagesApi(SID, sent);
    const sid = freshSid();
    expect((await sms('+12025550103', 'hello', sid)).status).toBe(200);
    expect((await sms('+12025550103', 'hello', sid)).status).toBe(200);
    // A later message of the same buyer is answered after anything the repeat could have caused.
    expect((await sms('+12025550103', 'thanks!')).status).toBe(200);
    await eventually(() => textsTo('+12025550103').includes(shop.replies.thanks!.en!), 10_000, 'the reply to the later message');
    expect(textsTo('+12025550103')).toEqual([shop.replies.greeting.en, shop.replies.thanks!.en]);
  });

  it('records an MMS with two media and answers it', async () => {
    fakeMessagesApi(SID, sent);
    const sid = freshSid('MM');
    const res = await post({ params: twilioForm('inbound-mms', { MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, From: '+12025550104' }) });
    expect(res.status).toBe(200);
    expect(await recorded(sid)).toBe(true);
    await eventually(() => textsTo('+12025550104').length === 1, 10_000, 'the MMS answered');
  });

  it('takes an MMS whose media are odd (http URL, no content type) or media only, and answers the buyer: never a 400 Twilio would not retry', async () => {
    fakeMessagesApi(SID, sent);
    const sid = freshSid('MM');
    const { MediaContentType1: _gone, ...odd } = twilioForm('inbound-mms', { MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, From: '+12025550108', MediaUrl0: 'http://media.example.com/ME0' });
    const res = await post({ params: odd });
    expect(res.status).toBe(200);
    expect(await recorded(sid)).toBe(true);
    await eventually(() => textsTo('+12025550108').length === 1, 10_000, 'the odd MMS answered');
    const photoOnly = freshSid('MM');
    expect((await post({ params: twilioForm('inbound-mms', { MessageSid: photoOnly, SmsSid: photoOnly, SmsMessageSid: photoOnly, From: '+12025550108', Body: '' }) })).status).toBe(200);
    expect(await recorded(photoOnly)).toBe(true);
  });

  it('marks a buyer unreachable as soon as a status callback says they sent STOP (21610), replying nothing', async () => {
    fakeMessagesApi(SID, sent);
    const buyer = '+12025550109';
    expect((await sms(buyer, 'hello')).status).toBe(200);
    await eventually(() => textsTo(buyer).length === 1, 10_000, 'answered');
    const stop = twilioForm('status-callback.undelivered-21610', { To: buyer, MessageSid: freshSid() });
    expect((await post({ params: stop })).status).toBe(200);
    expect(await redis.client().exists(keys.unreachable(`twilio:${buyer}`))).toBe(1);
    expect(await recorded(stop.MessageSid!)).toBe(false);
    // An agent's reply is not even tried.
    expect((await api('POST', `${conversationPath(buyer)}/claim`)).status).toBe(200);
    expect((await api('POST', `${conversationPath(buyer)}/messages`, { text: 'Hi, this is Mei.' })).status).toBe(202);
    await eventually(async () => (await waitingReplies(buyer)) === 0, 10_000, 'the agent reply handled');
    expect(textsTo(buyer)).toEqual([shop.replies.greeting.en]);
  });

  it('acknowledges status callbacks and calls with empty TwiML, recording nothing', async () => {
    fakeMessagesApi(SID, sent);
    for (const name of ['status-callback', 'unknown']) {
      const res = await post({ params: twilioForm(name) });
      expect(res.status, name).toBe(200);
      expect(res.text, name).toContain('<Response></Response>');
    }
    expect(await recorded(twilioForm('status-callback').MessageSid!)).toBe(false);
    expect(await recorded(twilioForm('unknown').CallSid!)).toBe(false);
    // The caller's own next SMS gets the only reply there: the call left nothing in their conversation.
    const caller = twilioForm('unknown').From!;
    expect((await sms(caller, 'hello')).status).toBe(200);
    await eventually(() => textsTo(caller).length === 1, 10_000, 'the caller answered');
    expect(textsTo(caller)).toEqual([shop.replies.greeting.en]);
    expect(textsTo(NUMBER)).toEqual([]);
  });

  it('sends options as a numbered list, and the buyer\'s "1" comes back as that option', async () => {
    fakeMessagesApi(SID, sent);
    const buyer = '+12025550105';
    // Two questions the bot cannot answer: the second reply offers a person, as option 1.
    await sms(buyer, 'zzqx blorp');
    await eventually(() => textsTo(buyer).length === 1, 10_000, 'first answer');
    await sms(buyer, 'qwv plimf');
    await eventually(() => textsTo(buyer).length === 2, 10_000, 'second answer');
    expect(textsTo(buyer)[1]).toMatch(new RegExp(`\\n\\n1\\) ${shop.handoff.texts.humanButton.en}$`));
    await sms(buyer, '1');
    await eventually(() => textsTo(buyer).length === 3, 10_000, 'the option answered');
    expect(textsTo(buyer)[2]).toMatch(/number \d+ in line/);
    // What agents see: the buyer chose "Talk to a person".
    const conversation = await api('GET', conversationPath(buyer));
    expect(conversation.body).toMatchObject({ state: 'queued' });
    expect((conversation.body.transcript as { from: string; text: string }[]).filter((l) => l.from === 'buyer').map((l) => l.text)).toEqual(['zzqx blorp', 'qwv plimf', shop.handoff.texts.humanButton.en]);
  });

  it('stops at a number that unsubscribed (21610): one attempt, not retried, later replies skipped until the buyer writes again', async () => {
    const buyer = '+12025550106';
    fakeMessagesApi(SID, sent, [{ status: 400, body: twilioError(400, 21610, 'Attempt to send to unsubscribed recipient') }]);
    expect((await sms(buyer, 'hello')).status).toBe(200);
    await eventually(async () => (await redis.client().exists(keys.unreachable(`twilio:${buyer}`))) === 1 && (await waitingReplies(buyer)) === 0, 10_000, 'marked unreachable, delivery dropped');
    expect(textsTo(buyer)).toEqual([shop.replies.greeting.en]); // the one refused attempt

    // An agent's reply to that buyer is not even tried.
    expect((await api('POST', `${conversationPath(buyer)}/claim`)).status).toBe(200);
    expect((await api('POST', `${conversationPath(buyer)}/messages`, { text: 'Hi, this is Mei from the shop.' })).status).toBe(202);
    await eventually(async () => (await waitingReplies(buyer)) === 0, 10_000, 'the agent reply handled');
    expect(textsTo(buyer)).toHaveLength(1);

    // The buyer texts START: reachable again, and the next reply goes out.
    expect((await sms(buyer, 'START')).status).toBe(200);
    expect((await api('POST', `${conversationPath(buyer)}/messages`, { text: 'Welcome back!' })).status).toBe(202);
    await eventually(() => textsTo(buyer).includes('Welcome back!'), 10_000, 'the next agent reply sent');
    expect(textsTo(buyer)).toEqual([shop.replies.greeting.en, 'Welcome back!']);
  });

  it('answers 503 with Retry-After while the store is down; Twilio\'s retry is then answered', async () => {
    fakeMessagesApi(SID, sent);
    const params = twilioForm('inbound-sms', { MessageSid: freshSid(), From: '+12025550107' });
    await redis.stop();
    try {
      const res = await post({ params });
      expect(res.status).toBe(503);
      expect(res.retryAfter).toMatch(/^\d+$/);
    } finally {
      await redis.start();
    }
    await eventually(async () => (await post({ params })).status === 200, 15_000, 'accepted once the store is back');
    await eventually(() => textsTo('+12025550107').length === 1, 10_000, 'answered');
  });
});
