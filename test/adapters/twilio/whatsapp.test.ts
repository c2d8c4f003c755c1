import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import type { ConversationId, TranscriptEntry } from '../../../src/engine/types.js';
import type { Gateway } from '../../../src/main.js';
import { keys } from '../../../src/store/keys.js';
import { recorded as wasRecorded } from '../../helpers/dedupe.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { writeShopConfig } from '../../helpers/shop-config.js';
import { freshSid, postToTwilioWebhook, twilioForm, type TwilioPost } from './sign.js';
import { startTwilioApiServer, type TwilioApiServer } from './twilio-api-fake.js';
import { launchChromium } from '../../helpers/chromium.js';

// WhatsApp through Twilio, end to end: the real webhook route, a real Redis, and a local Twilio
// REST API over plain http at TWILIO_API_ROOT (no nock: the gateway's own HTTP client talks to it).
const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-0123456789abcdef';
const NUMBER = '+14155550100';
/** The shop's WhatsApp sender (Twilio's sandbox number in the fixture), not the SMS number. */
const WA_SENDER = 'whatsapp:+14155238886';
const PUBLIC_URL = 'https://shop.example.com';
const OWNER = 'mei-owner-token-0123456789';
const shop = loadShopConfig(exampleShopConfigPath());

let redis: TestRedis;
let twilioApi: TwilioApiServer;
let gateway: Gateway;
const post = (p: TwilioPost) => postToTwilioWebhook(gateway.url, { token: TOKEN, url: `${PUBLIC_URL}/webhooks/twilio` }, p);
const sentTo = (to: string) => twilioApi.sent.filter((s) => s.To === to);
/** A WhatsApp message from `from` (`whatsapp:+…`), as Twilio posts it. */
const whatsapp = (from: string, body: string, changes: Record<string, string> = {}) => {
  const sid = freshSid();
  return post({ params: twilioForm('inbound-whatsapp', { MessageSid: sid, SmsSid: sid, SmsMessageSid: sid, From: from, Body: body, ...changes }) });
};
const transcriptOf = async (conversationId: string) =>
  (await redis.client().lrange(keys.transcript(conversationId as ConversationId), 0, -1)).map((line) => JSON.parse(line) as TranscriptEntry);

beforeAll(async () => {
  redis = await startRedisServer();
  twilioApi = await startTwilioApiServer(SID);
  gateway = await startTestGateway({
    REDIS_URL: redis.url,
    TWILIO_ACCOUNT_SID: SID,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_NUMBER: NUMBER,
    PUBLIC_URL,
    TWILIO_API_ROOT: twilioApi.url,
    SHOP_CONFIG: writeShopConfig({ agents: [{ name: 'Mei', role: 'owner', token: OWNER }] }),
  });
});
afterAll(async () => {
  await gateway?.close();
  await twilioApi?.close();
  await redis?.stop();
});

describe('WhatsApp through Twilio', () => {
  it('answers "hola" from whatsapp:+… in Spanish, from the WhatsApp sender, through TWILIO_API_ROOT over http', async () => {
    const res = await whatsapp('whatsapp:+34612345678', 'hola');
    expect(res).toMatchObject({ status: 200, text: expect.stringContaining('<Response></Response>') });
    await eventually(() => sentTo('whatsapp:+34612345678').length === 1, 10_000, 'the WhatsApp reply');
    expect(sentTo('whatsapp:+34612345678')).toEqual([
      { To: 'whatsapp:+34612345678', From: WA_SENDER, Body: shop.replies.greeting.es, authorization: `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}` },
    ]);
    // Agents see the buyer's WhatsApp profile name and a conversation of its own.
    const lines = await transcriptOf('twilio:whatsapp:+34612345678');
    expect(lines.map((l) => [l.from, l.text])).toEqual([['buyer', 'hola'], ['bot', shop.replies.greeting.es]]);
  });

  it('keeps WhatsApp and SMS from the same number apart: two conversations, each answered on its own channel', async () => {
    const buyer = '+34699000111';
    expect((await whatsapp(`whatsapp:${buyer}`, 'hola')).status).toBe(200);
    const sms = freshSid();
    expect((await post({ params: twilioForm('inbound-sms', { MessageSid: sms, SmsSid: sms, SmsMessageSid: sms, From: buyer, Body: 'hello' }) })).status).toBe(200);
    await eventually(() => sentTo(buyer).length === 1 && sentTo(`whatsapp:${buyer}`).length === 1, 10_000, 'both answered');
    expect(sentTo(buyer)).toEqual([expect.objectContaining({ From: NUMBER, Body: shop.replies.greeting.en })]);
    expect(sentTo(`whatsapp:${buyer}`)).toEqual([expect.objectContaining({ From: WA_SENDER, Body: shop.replies.greeting.es })]);
    expect((await transcriptOf(`twilio:${buyer}`)).filter((l) => l.from === 'buyer').map((l) => l.text)).toEqual(['hello']);
    expect((await transcriptOf(`twilio:whatsapp:${buyer}`)).filter((l) => l.from === 'buyer').map((l) => l.text)).toEqual(['hola']);
  });

  it('takes a WhatsApp location and a template\'s quick-reply button (ButtonPayload) as what the buyer sent', async () => {
    const buyer = 'whatsapp:+34699000222';
    expect((await whatsapp(buyer, 'Talk to a person', { MessageType: 'button', ButtonText: 'Talk to a person', ButtonPayload: 'human' })).status).toBe(200);
    await eventually(() => sentTo(buyer).length === 1, 10_000, 'the press answered');
    expect(sentTo(buyer)[0]!.Body).toMatch(/number \d+ in line/);
    expect((await whatsapp(buyer, '', { MessageType: 'location', Latitude: '40.4168', Longitude: '-3.7038', Address: 'Puerta del Sol' })).status).toBe(200);
    await eventually(async () => (await transcriptOf(`twilio:${buyer}`)).filter((l) => l.from === 'buyer').length === 2, 10_000, 'the location recorded');
  });

  it('shows agents the conversation as WhatsApp in the console, not SMS', async () => {
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
      await page.goto(`${gateway.url}/console`);
      await page.getByLabel('Agent token').fill(OWNER);
      await page.getByRole('button', { name: 'Sign in' }).click();
      // The buyer who pressed "Talk to a person" on WhatsApp (the test above) waits in line.
      const waiting = page.locator('#list-queued li[data-id="twilio:whatsapp:+34699000222"]');
      await expect.poll(() => waiting.locator('.channel').textContent(), { timeout: 10_000 }).toBe('WhatsApp');
      await waiting.getByRole('link').click();
      await expect.poll(() => page.locator('#details').textContent()).toMatch(/Channel\s*WhatsApp/);
    } finally {
      await browser.close();
    }
  });

  it('records a status callback without answering it, and an unsubscribed buyer (21610) is unreachable at once', async () => {
    const buyer = 'whatsapp:+34699000333';
    expect((await whatsapp(buyer, 'hola')).status).toBe(200);
    await eventually(() => sentTo(buyer).length === 1, 10_000, 'answered');
    const delivered = twilioForm('status-callback', { To: buyer, From: WA_SENDER, MessageSid: freshSid(), SmsSid: '' });
    expect((await post({ params: delivered })).status).toBe(200);
    expect(await wasRecorded(redis.client(), delivered.MessageSid!)).toBe(false);
    expect(await redis.client().exists(keys.unreachable(`twilio:${buyer}`))).toBe(0);

    const stop = twilioForm('status-callback.undelivered-21610', { To: buyer, From: WA_SENDER, MessageSid: freshSid() });
    const res = await post({ params: stop });
    expect(res).toMatchObject({ status: 200, text: expect.stringContaining('<Response></Response>') });
    expect(await redis.client().exists(keys.unreachable(`twilio:${buyer}`))).toBe(1);
    expect(await wasRecorded(redis.client(), stop.MessageSid!)).toBe(false);
    // Nothing was sent for either callback.
    expect(sentTo(buyer)).toHaveLength(1);
  });
});
