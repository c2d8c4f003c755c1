import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFacebookAdapter } from '../../../adapters/facebook/index.js';
import { createWhatsAppAdapter } from '../../../adapters/whatsapp/index.js';
import type { ConversationId, Delivery } from '../../../src/engine/types.js';
import { AdapterError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log.js';
import type { Gateway } from '../../../src/main.js';
import { keys } from '../../../src/store/keys.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { writeShopConfig } from '../../helpers/shop-config.js';
import { signMeta, startGraphFake, textFrom, textOf, type GraphFake } from './graph-fake.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-07T12:00:00Z');
const log = createLogger({ level: 'error', production: false, silent: true });
const WA_SECRET = 'whatsapp-app-secret-0123456789ab';
const FB_SECRET = 'messenger-app-secret-0123456789ab';
const AGENT = 'window-agent-token-0123456789';

let api: GraphFake;
beforeAll(async () => {
  api = await startGraphFake();
});
afterAll(async () => {
  await api?.close();
});

/** The AdapterError a send threw, if any. */
const refusal = (send: Promise<void>) => send.then(() => undefined, (e: unknown) => e as AdapterError);

describe('the WhatsApp adapter never sends a free-form message outside the 24-hour window', () => {
  const adapter = () => createWhatsAppAdapter({ accessToken: 'EAAwindow-token-0000000000', phoneNumberId: '106540352242922', appSecret: WA_SECRET, verifyToken: 'verify-me', apiVersion: 'v23.0', apiRoot: api.url, log, now: () => NOW });
  const delivery = (to: string, hoursAgo: number, extra: Partial<Delivery> = {}): Delivery => ({
    id: `d:${to}:${hoursAgo}`,
    address: { channel: 'whatsapp', conversationId: `whatsapp:${to}`, ref: { at: NOW - hoursAgo * HOUR, messageId: `wamid.${to}` } },
    replies: [{ kind: 'text', text: 'Tu pedido sale hoy.' }],
    ...extra,
  });

  it('inside the window: the text', async () => {
    await adapter().send(delivery('34611000001', 23));
    expect(api.sentTo('34611000001').map(textOf)).toEqual(['Tu pedido sale hoy.']);
  });

  it('outside it: the delivery\'s approved template, with its parameters', async () => {
    await adapter().send(delivery('34611000002', 30, { from: 'agent', template: { name: 'respuesta_agente', language: 'es', parameters: ['Tu pedido sale hoy.'] } }));
    expect(api.sentTo('34611000002').map((c) => c.body)).toEqual([
      { messaging_product: 'whatsapp', recipient_type: 'individual', to: '34611000002', type: 'template', template: { name: 'respuesta_agente', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Tu pedido sale hoy.' }] }] } },
    ]);
  });

  it('outside it without a template: refused with the reason, not retried, nothing sent', async () => {
    const err = await refusal(adapter().send(delivery('34611000003', 30, { from: 'agent' })));
    expect(err).toBeInstanceOf(AdapterError);
    expect(err!.opts).toMatchObject({ retryable: false });
    expect(err!.opts.permanent).toBeUndefined(); // the buyer is not unreachable: they may write again
    expect(String((err!.cause as Error).message)).toMatch(/WhatsApp's 24-hour window \(the buyer last wrote 30 h ago\)/);
    expect(api.sentTo('34611000003')).toEqual([]);
  });
});

describe('Messenger: HUMAN_AGENT for a person\'s reply between 24 h and 7 days, refused after', () => {
  const adapter = () => createFacebookAdapter({ accessToken: 'EAAmessenger-page-token-00', appSecret: FB_SECRET, verifyToken: 'verify-me', apiVersion: 'v23.0', apiRoot: api.url, log, now: () => NOW });
  const delivery = (psid: string, hoursAgo: number, from: 'bot' | 'agent'): Delivery => ({
    id: `d:${psid}`,
    address: { channel: 'facebook', conversationId: `facebook:${psid}`, ref: { pageId: '1', at: NOW - hoursAgo * HOUR } },
    from,
    replies: [{ kind: 'text', text: 'Ya lo miro.' }],
  });

  it('within 24 h: a RESPONSE; 24 h to 7 days, from an agent: the HUMAN_AGENT tag (over FACEBOOK_API_ROOT, http)', async () => {
    await adapter().send(delivery('7100000000000101', 2, 'agent'));
    await adapter().send(delivery('7100000000000102', 30, 'agent'));
    expect(api.sentTo('7100000000000101')[0]!.body).toMatchObject({ messaging_type: 'RESPONSE', message: { text: 'Ya lo miro.' } });
    expect(api.sentTo('7100000000000102')[0]!.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Ya lo miro.' } });
  });

  it('the bot past 24 h, or an agent past 7 days: refused with the reason', async () => {
    const bot = await refusal(adapter().send(delivery('7100000000000103', 30, 'bot')));
    const late = await refusal(adapter().send(delivery('7100000000000104', 8 * 24, 'agent')));
    expect(String((bot!.cause as Error).message)).toMatch(/Messenger's 24-hour window/);
    expect(String((late!.cause as Error).message)).toMatch(/Messenger's 7-day window \(the buyer last wrote 8 days ago\)/);
    expect(api.sentTo('7100000000000103')).toEqual([]);
    expect(api.sentTo('7100000000000104')).toEqual([]);
  });
});

describe('an agent\'s late reply through the API: the shop\'s template, or refused with the reason in the answer', () => {
  let redis: TestRedis;
  let gateway: Gateway;
  beforeAll(async () => {
    redis = await startRedisServer();
    const shop = writeShopConfig({ agents: [{ name: 'Pablo', role: 'agent', token: AGENT }], edit: (yaml) => `${yaml}\nwindowTemplates:\n  whatsapp:\n    es: { name: respuesta_agente, language: es }\n` });
    gateway = await startTestGateway({
      REDIS_URL: redis.url,
      SHOP_CONFIG: shop,
      WHATSAPP_ACCESS_TOKEN: 'EAAwindow-token-0000000000',
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_APP_SECRET: WA_SECRET,
      WHATSAPP_VERIFY_TOKEN: 'verify-me-please',
      WHATSAPP_API_ROOT: api.url,
      FACEBOOK_ACCESS_TOKEN: 'EAAmessenger-page-token-00',
      FACEBOOK_APP_SECRET: FB_SECRET,
      FACEBOOK_VERIFY_TOKEN: 'verify-me-please',
      FACEBOOK_API_ROOT: api.url,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await redis?.stop();
  });

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${gateway.url}/api${path}`, { method, headers: { authorization: `Bearer ${AGENT}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const post = (path: string, secret: string, body: unknown) => {
    const raw = JSON.stringify(body);
    return fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMeta(raw, secret) }, body: raw });
  };
  /** The buyer writes, gets the greeting, and an agent claims the conversation. */
  async function buyerThenClaim(id: ConversationId, send: () => Promise<Response>, who: string): Promise<void> {
    expect((await send()).status).toBe(200);
    await eventually(() => api.sentTo(who).length >= 1, 10_000, `greeting to ${who}`);
    expect((await call('POST', `/conversations/${id}/claim`)).status).toBe(200);
  }
  /** Make the buyer's last message `hours` old, as the session and the reply address record it. */
  async function age(id: ConversationId, hours: number): Promise<void> {
    const client = redis.client();
    const session = JSON.parse((await client.get(keys.session(id)))!) as { lastBuyerAt: string; address: { ref: { at: number } } };
    const at = Date.now() - hours * HOUR;
    session.lastBuyerAt = new Date(at).toISOString();
    session.address.ref.at = at;
    await client.set(keys.session(id), JSON.stringify(session), 'KEEPTTL');
  }
  const reply = (id: ConversationId, text: string) => call('POST', `/conversations/${id}/messages`, { text });

  it('WhatsApp, Spanish buyer: free text inside 24 h, the "es" template after it', async () => {
    const buyer = '34622000001';
    const id: ConversationId = `whatsapp:${buyer}`;
    await buyerThenClaim(id, () => post('/webhooks/whatsapp', WA_SECRET, textFrom(buyer, 'wamid.WIN.ES.1', 'hola')), buyer);
    expect((await reply(id, 'Hola, soy Pablo.')).status).toBe(202);
    await eventually(() => api.sentTo(buyer).length >= 2, 10_000, 'the free-form reply');
    expect(textOf(api.sentTo(buyer)[1]!)).toBe('Hola, soy Pablo.');

    await age(id, 30);
    const late = await reply(id, 'Tu pedido salió ayer.\nLlega el lunes.');
    expect(late.status).toBe(202);
    expect(((await late.json()) as { status: string }).status).toMatch(/template "respuesta_agente"/);
    const [template] = (await eventually(() => api.sentTo(buyer).length >= 3 && api.sentTo(buyer), 10_000, 'the template')).slice(2);
    expect(template!.body).toMatchObject({ type: 'template', template: { name: 'respuesta_agente', language: { code: 'es' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Tu pedido salió ayer. Llega el lunes.' }] }] } });
  });

  it('WhatsApp, Chinese buyer and no template for zh (nor the default language): 409 with the reason, nothing sent', async () => {
    const buyer = '8613900139001';
    const id: ConversationId = `whatsapp:${buyer}`;
    await buyerThenClaim(id, () => post('/webhooks/whatsapp', WA_SECRET, textFrom(buyer, 'wamid.WIN.ZH.1', '你好', Date.now(), '王芳')), buyer);
    expect(textOf(api.sentTo(buyer)[0]!)).toBe((gateway.config.shop.replies.greeting as Record<string, string>).zh);
    await age(id, 26);
    const res = await reply(id, '亲，已经发货了');
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: string }).error).toMatch(/^not sent: outside WhatsApp's 24-hour window \(the buyer last wrote 26 h ago\).*windowTemplates/);
    await new Promise((r) => setTimeout(r, 300));
    expect(api.sentTo(buyer)).toHaveLength(1);
  });

  it('Messenger: HUMAN_AGENT between 24 h and 7 days; refused with the reason after 7 days', async () => {
    const psid = '7100000000000201';
    const id: ConversationId = `facebook:${psid}`;
    const hello = { object: 'page', entry: [{ id: '1', time: Date.now(), messaging: [{ sender: { id: psid }, recipient: { id: '1' }, timestamp: Date.now(), message: { mid: 'm.win.1', text: 'hola' } }] }] };
    await buyerThenClaim(id, () => post('/webhooks/messenger', FB_SECRET, hello), psid);
    await age(id, 48);
    const tagged = await reply(id, 'Perdona la espera.');
    expect(tagged.status).toBe(202);
    expect(((await tagged.json()) as { status: string }).status).toMatch(/HUMAN_AGENT/);
    const sent = await eventually(() => api.sentTo(psid).length >= 2 && api.sentTo(psid), 10_000, 'the tagged reply');
    expect(sent[1]!.body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: 'Perdona la espera.' } });
    await age(id, 8 * 24);
    const refused = await reply(id, '¿Sigues ahí?');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/Messenger's 7-day window \(the buyer last wrote 8 days ago\)/);
  });
});
