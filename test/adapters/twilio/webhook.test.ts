import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toInbound } from '../../../adapters/twilio/normalize.js';
import { InboundSmsSchema } from '../../../adapters/twilio/payload.js';
import { toSmsBodies } from '../../../adapters/twilio/render.js';
import { twilioSignature } from '../../../adapters/twilio/signature.js';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import type { Gateway } from '../../../src/main.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-0123456789abcdef';
const NUMBER = '+14155550100';
const PUBLIC_URL = 'https://shop.example.com';
const WEBHOOK_URL = `${PUBLIC_URL}/webhooks/twilio`;
const shop = loadShopConfig(exampleShopConfigPath());

/** A fixture's form fields, optionally changed. */
function form(name: string, changes: Record<string, string> = {}): Record<string, string> {
  const params = Object.fromEntries(new URLSearchParams(readFileSync(new URL(`../../fixtures/twilio/${name}.form`, import.meta.url), 'utf8').trim()));
  return { ...params, ...changes };
}

let sidCounter = 0;
const freshSid = (prefix = 'SM') => `${prefix}${(++sidCounter).toString(16).padStart(32, '0')}`;

interface Sent {
  To: string;
  From: string;
  Body: string;
}
const sent: Sent[] = [];
/**
 * Twilio's Messages API at the wire: records each message and answers with a fixed reply (nock's
 * reply callbacks hang on Node 20, so requests are read from the scope's 'request' event).
 */
function twilioApi(status = 201, reply: object = { sid: freshSid(), status: 'queued' }, times = 50) {
  const scope = nock('https://api.twilio.com').post(`/2010-04-01/Accounts/${SID}/Messages.json`).times(times).reply(status, reply);
  scope.on('request', (_req: unknown, _interceptor: unknown, body: string) => {
    sent.push(Object.fromEntries(new URLSearchParams(body)) as unknown as Sent);
  });
  return scope;
}

let redis: TestRedis;
let gateway: Gateway;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  redis = await startRedisServer();
  gateway = await startTestGateway({ REDIS_URL: redis.url, TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN, TWILIO_NUMBER: NUMBER, PUBLIC_URL });
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
  nock.enableNetConnect();
});

function post(params: Record<string, string>, signature: string | null = twilioSignature(TOKEN, WEBHOOK_URL, params)) {
  return fetch(`${gateway.url}/webhooks/twilio`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature ? { 'x-twilio-signature': signature } : {}) },
    body: new URLSearchParams(params).toString(),
  });
}
const textsTo = (to: string) => sent.filter((m) => m.To === to).map((m) => m.Body);

describe('Twilio SMS normalize and render', () => {
  it('turns an MMS into a message with its media as attachments', () => {
    const msg = toInbound(InboundSmsSchema.parse(form('inbound-mms')), new Date('2026-11-22T10:00:00Z'));
    expect(msg).toMatchObject({
      id: 'MM8dfedb55c129dd4d6d9b5a7c3e8c2b3a',
      address: { channel: 'twilio', conversationId: 'twilio:+34612345678' },
      text: 'the box arrived like this',
      attachments: [
        { type: 'image', url: expect.stringContaining('/Media/ME0000000000000000000000000000000a') },
        { type: 'video', url: expect.stringContaining('/Media/ME0000000000000000000000000000000b') },
      ],
    });
  });

  it('renders buttons as a numbered list and splits long texts at 1600 characters', () => {
    expect(toSmsBodies({ kind: 'text', text: 'Need help?', quickReplies: [{ label: 'Shipping', payload: 'faq:shipping' }, { label: 'A person', payload: 'human' }] })).toEqual([
      'Need help?\n\n1) Shipping\n2) A person',
    ]);
    const parts = toSmsBodies({ kind: 'text', text: 'word '.repeat(700) });
    expect(parts.length).toBe(3);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(1600);
  });
});

describe('Twilio SMS webhook', () => {
  it('answers a buyer\'s SMS from the shop\'s number, with empty TwiML to Twilio', async () => {
    twilioApi();
    const res = await post(form('inbound-sms', { MessageSid: freshSid(), From: '+34600000001' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/xml/);
    expect(await res.text()).toContain('<Response></Response>');
    await eventually(() => textsTo('+34600000001').length === 1, 5000, 'reply sent');
    expect(sent.find((m) => m.To === '+34600000001')).toMatchObject({ From: NUMBER, Body: shop.replies.greeting.en });
  });

  it('refuses a missing signature (401), a wrong one or one for another URL (403), with no side effect', async () => {
    twilioApi();
    const params = form('inbound-sms', { MessageSid: freshSid(), From: '+34600000002' });
    expect((await post(params, null)).status).toBe(401);
    expect((await post(params, twilioSignature('another-token-0000000000000000', WEBHOOK_URL, params))).status).toBe(403);
    expect((await post(params, twilioSignature(TOKEN, 'https://elsewhere.example.com/webhooks/twilio', params))).status).toBe(403);
    expect((await post({ ...params, Body: 'changed' }, twilioSignature(TOKEN, WEBHOOK_URL, params))).status).toBe(403);
    await new Promise((r) => setTimeout(r, 500));
    expect(textsTo('+34600000002')).toEqual([]);
    // The same message correctly signed is then taken as new: the refusals recorded nothing.
    expect((await post(params)).status).toBe(200);
    await eventually(() => textsTo('+34600000002').length === 1, 5000, 'reply once accepted');
  });

  it('answers the same MessageSid delivered twice once', async () => {
    twilioApi();
    const params = form('inbound-sms', { MessageSid: freshSid(), From: '+34600000003' });
    expect((await post(params)).status).toBe(200);
    expect((await post(params)).status).toBe(200);
    await eventually(() => textsTo('+34600000003').length === 1, 5000, 'one reply');
    await new Promise((r) => setTimeout(r, 500));
    expect(textsTo('+34600000003')).toHaveLength(1);
  });

  it('acknowledges status callbacks and other requests without recording anything', async () => {
    twilioApi();
    for (const name of ['status-callback', 'unknown']) {
      const res = await post(form(name));
      expect(res.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(textsTo('+34612345678')).toEqual([]); // nothing recorded, so nothing answered
  });

  it('stops at a number that unsubscribed (21610): one attempt, not retried', async () => {
    twilioApi(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 });
    const from = '+34600000004';
    await post(form('inbound-sms', { MessageSid: freshSid(), From: from }));
    await eventually(() => textsTo(from).length === 1, 5000, 'the refused attempt');
    await new Promise((r) => setTimeout(r, 1500));
    expect(textsTo(from)).toHaveLength(1); // not retried
  });

  it('maps a digit answer to the numbered option the bot offered', async () => {
    twilioApi();
    const from = '+34600000005';
    // Two unmatched questions in a row: the bot offers "talk to a person" as option 1.
    for (const text of ['zzqx blorp', 'qwv plimf']) {
      await post(form('inbound-sms', { MessageSid: freshSid(), From: from, Body: text }));
      await eventually(() => textsTo(from).length >= (text === 'zzqx blorp' ? 1 : 2), 5000, 'answered');
    }
    expect(textsTo(from).at(-1)).toMatch(/\n1\) /);
    await post(form('inbound-sms', { MessageSid: freshSid(), From: from, Body: '1' }));
    await eventually(() => textsTo(from).length >= 3, 5000, 'answered the option');
    expect(textsTo(from).at(-1)).toMatch(/number 1 in line|nobody is in the shop/i);
  });
});
