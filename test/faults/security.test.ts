import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { issueVisitorToken } from '../../adapters/web/token.js';
import { writeShopConfig } from '../helpers/shop-config.js';
import type { Gateway } from '../../src/main.js';
import { textUpdate, type FakeTelegram } from '../helpers/fakes/telegram.js';
import { eventually } from '../helpers/gateway.js';
import { startTelegramRig, type TelegramRig } from '../helpers/telegram-rig.js';
import { postUpdate, TELEGRAM_SECRET } from '../helpers/telegram-webhook.js';

const OWNER = 'security-owner-token-012345';
const AGENT = 'security-agent-token-012345';
const APP_SECRET = 'messenger-app-secret-0123456789';
const SLACK_SECRET = 'slack-signing-secret-security-01';
const TWILIO_SID = 'AC0123456789abcdef0123456789abcdef';
const TWILIO_TOKEN = 'twilio-auth-token-security-0001';
const LINE_SECRET = 'line-channel-secret-security-01';
const WHATSAPP_SECRET = 'whatsapp-app-secret-security-001';

let rig: TelegramRig;
let gateway: Gateway;
let telegram: FakeTelegram;
let redis: Redis;
beforeAll(async () => {
  const shop = writeShopConfig({ agents: [{ name: 'Mei', role: 'owner', token: OWNER }, { name: 'Pablo', role: 'agent', token: AGENT }] });
  rig = await startTelegramRig({
    env: {
      SHOP_CONFIG: shop,
      FACEBOOK_ACCESS_TOKEN: 'EAAB-page-token-0123456789',
      FACEBOOK_APP_SECRET: APP_SECRET,
      FACEBOOK_VERIFY_TOKEN: 'verify-me-please',
      FACEBOOK_API_HOST: 'graph.facebook.test',
      SLACK_BOT_TOKEN: 'xoxb-1-2-security',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_ROOT: 'https://slack.test/api/',
      TWILIO_ACCOUNT_SID: TWILIO_SID,
      TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      TWILIO_NUMBER: '+14155550100',
      PUBLIC_URL: 'https://shop.example.com',
      LINE_CHANNEL_SECRET: LINE_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: 'line-channel-access-token-security',
      LINE_API_ROOT: 'http://127.0.0.1:9',
      WHATSAPP_ACCESS_TOKEN: 'EAAG-whatsapp-token-0123456789',
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_APP_SECRET: WHATSAPP_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'verify-me-whatsapp',
      WHATSAPP_API_ROOT: 'http://127.0.0.1:9',
    },
  });
  ({ gateway, telegram } = rig);
  redis = rig.redis.client();
});
afterAll(async () => {
  await rig?.close();
});

/** Run `act` and check it changed nothing in Redis and sent nothing to any platform. */
async function noSideEffect(act: () => Promise<void>): Promise<void> {
  const keysBefore = await redis.dbsize();
  const callsBefore = telegram.calls.length;
  await act();
  await new Promise((r) => setTimeout(r, 300));
  expect(await redis.dbsize()).toBe(keysBefore);
  expect(telegram.calls.length).toBe(callsBefore);
}

const messenger = (body: string, signature?: string) =>
  fetch(`${gateway.url}/webhooks/messenger`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) }, body });
const sign = (body: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('webhooks refuse unsigned and forged requests, with no side effect', () => {
  it('Telegram: a missing or wrong secret gets 401', async () => {
    await noSideEffect(async () => {
      expect((await postUpdate(gateway.url, textUpdate(8101, 'hello'), '')).status).toBe(401);
      expect((await postUpdate(gateway.url, textUpdate(8101, 'hello'), `${TELEGRAM_SECRET}x`)).status).toBe(401);
    });
  });

  it('Messenger: a missing signature gets 401, a wrong or tampered one 403', async () => {
    const body = JSON.stringify({ object: 'page', entry: [{ id: '1', time: Date.now(), messaging: [{ sender: { id: '42' }, recipient: { id: '1' }, timestamp: Date.now(), message: { mid: 'm.sec.1', text: 'hello' } }] }] });
    await noSideEffect(async () => {
      expect((await messenger(body)).status).toBe(401);
      expect((await messenger(body, sign(body, 'not-the-app-secret-000000'))).status).toBe(403);
      expect((await messenger(body.replace('hello', 'hacked'), sign(body))).status).toBe(403); // signed for other bytes
    });
  });

  it('WhatsApp: a missing signature gets 401, a wrong or tampered one 403; a wrong verify token 403', async () => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550001111', phone_number_id: '106540352242922' }, contacts: [{ profile: { name: 'Ana' }, wa_id: '34600000001' }], messages: [{ from: '34600000001', id: 'wamid.SEC1', timestamp: '1718031600', type: 'text', text: { body: 'hola' } }] } }] }] });
    const whatsapp = (b: string, signature?: string) => fetch(`${gateway.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) }, body: b });
    await noSideEffect(async () => {
      expect((await whatsapp(body)).status).toBe(401);
      expect((await whatsapp(body, sign(body, 'not-the-app-secret-000000'))).status).toBe(403);
      expect((await whatsapp(body.replace('hola', 'hackeado'), sign(body, WHATSAPP_SECRET))).status).toBe(403); // signed for other bytes
      expect((await fetch(`${gateway.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=123`)).status).toBe(403);
    });
  });

  it('LINE: a missing signature gets 401, a wrong or tampered one 403', async () => {
    const body = JSON.stringify({ destination: 'U0', events: [{ type: 'message', mode: 'active', timestamp: Date.now(), webhookEventId: '01SEC', deliveryContext: { isRedelivery: false }, source: { type: 'user', userId: 'U4af4980629' }, replyToken: 'r0', message: { id: '1', type: 'text', text: 'hello' } }] });
    const line = (b: string, signature?: string) => fetch(`${gateway.url}/webhooks/line`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-line-signature': signature } : {}) }, body: b });
    const lineSign = (b: string, secret: string) => createHmac('sha256', secret).update(b).digest('base64');
    await noSideEffect(async () => {
      expect((await line(body)).status).toBe(401);
      expect((await line(body, lineSign(body, 'not-the-channel-secret-0000'))).status).toBe(403);
      expect((await line(body.replace('hello', 'hacked'), lineSign(body, LINE_SECRET))).status).toBe(403);
    });
  });

  it('Slack: a missing or wrong signature, or a replayed (stale) request, gets 401', async () => {
    const body = JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: 'EvSEC1', event: { type: 'message', channel_type: 'im', channel: 'D1', user: 'U1', text: 'hello' } });
    const slack = (headers: Record<string, string>) => fetch(`${gateway.url}/webhooks/slack`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const now = Math.floor(Date.now() / 1000);
    const sig = (ts: number, secret = SLACK_SECRET) => `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
    await noSideEffect(async () => {
      expect((await slack({})).status).toBe(401);
      expect((await slack({ 'x-slack-request-timestamp': String(now), 'x-slack-signature': sig(now, 'wrong-secret-wrong-secret') })).status).toBe(401);
      expect((await slack({ 'x-slack-request-timestamp': String(now - 600), 'x-slack-signature': sig(now - 600) })).status).toBe(401); // replayed
    });
  });

  it('Twilio: a missing signature gets 401, a wrong one 403', async () => {
    const params = { MessageSid: 'SM' + '0'.repeat(31) + '1', AccountSid: TWILIO_SID, From: '+34600000009', To: '+14155550100', Body: 'hello', NumMedia: '0' };
    const body = new URLSearchParams(params).toString();
    const twilio = (headers: Record<string, string>) => fetch(`${gateway.url}/webhooks/twilio`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    await noSideEffect(async () => {
      expect((await twilio({})).status).toBe(401);
      expect((await twilio({ 'x-twilio-signature': 'bm90IHRoZSByaWdodCBvbmU=' })).status).toBe(403);
    });
  });

  it('Web chat: a socket without a valid server-signed token is refused', async () => {
    const forged = issueVisitorToken('guessed-secret-guessed-secret-guessed').token;
    await noSideEffect(async () => {
      for (const token of ['', 'v1.garbage', forged]) {
        const ws = new WebSocket(`${gateway.url.replace('http', 'ws')}/webhooks/web/socket?token=${encodeURIComponent(token)}`);
        expect(await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)))).toBe(401);
      }
    });
  });
});

describe('the API checks who is calling', () => {
  it('answers 401 without a valid token and 403 to a role that may not', async () => {
    const call = (method: string, path: string, token?: string) => fetch(`${gateway.url}/api${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await call('GET', '/conversations')).status).toBe(401);
    expect((await call('GET', '/conversations', 'nope')).status).toBe(401);
    expect((await call('PUT', '/shop/status', AGENT)).status).toBe(403);
    expect((await call('GET', '/contacts/export', AGENT)).status).toBe(403);
    expect((await call('DELETE', '/conversations/telegram:1/contact', AGENT)).status).toBe(403);
    // Another agent's conversation: the owner claims it, the agent may not read it.
    await postUpdate(gateway.url, textUpdate(8102, 'hello'), TELEGRAM_SECRET);
    await eventually(() => telegram.sent(8102).length === 1, 5000, 'answered');
    expect((await call('POST', '/conversations/telegram:8102/claim', OWNER)).status).toBe(200);
    expect((await call('GET', '/conversations/telegram:8102', AGENT)).status).toBe(403);
  });
});

describe('buyer-supplied text stays inert', () => {
  it('keeps markup as text in the API and makes spreadsheet formulas inert in the export', async () => {
    const xss = '<img src=x onerror="alert(1)">';
    await postUpdate(gateway.url, textUpdate(8103, xss), TELEGRAM_SECRET);
    await eventually(() => telegram.sent(8103).length === 1, 5000, 'answered');
    const detail = (await (await fetch(`${gateway.url}/api/conversations/telegram:8103`, { headers: { authorization: `Bearer ${OWNER}` } })).json()) as { transcript: { text: string }[] };
    expect(detail.transcript[0]!.text).toBe(xss); // data, for the console to show with textContent

    // Details a buyer typed reach the export with formula-like cells prefixed (=, +, -, @).
    await postUpdate(gateway.url, textUpdate(8104, 'call me on +34 612 34 56 78'), TELEGRAM_SECRET);
    const exported = () => fetch(`${gateway.url}/api/contacts/export`, { headers: { authorization: `Bearer ${OWNER}` } }).then((r) => r.text());
    const csv = await eventually(async () => (await exported()).includes('telegram:8104') && exported(), 5000, 'contact saved');
    const row = csv.split('\r\n').find((l) => l.startsWith('telegram:8104'))!;
    expect(csv.split('\r\n')[0]).toBe('conversation,name,phone,email,messenger,address');
    expect(row).toBe("telegram:8104,,'+34612345678,,,");
  });
});
