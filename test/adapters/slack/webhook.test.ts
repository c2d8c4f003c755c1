import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { toInbound } from '../../../adapters/slack/normalize.js';
import { SlackEventEnvelopeSchema } from '../../../adapters/slack/payload.js';
import { toSlack } from '../../../adapters/slack/render.js';
import { slackSignature } from '../../../adapters/slack/signature.js';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import type { Gateway } from '../../../src/main.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';

const SECRET = 'slack-signing-secret-0123456789abcdef';
const API = 'https://slack.test';
const shop = loadShopConfig(exampleShopConfigPath());

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../fixtures/slack/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

let eventCounter = 0;
/** A DM event from the fixture, with its own event_id and channel. */
function dm(text: string, channel: string, eventId = `Ev${(++eventCounter).toString().padStart(9, '0')}`) {
  const body = fixture('event_callback.message.im') as { event: Record<string, unknown>; event_id: string };
  return { ...body, event_id: eventId, event: { ...body.event, text, channel } };
}

interface Posted {
  channel: string;
  text: string;
  blocks?: string;
  thread_ts?: string;
}
const posted: Posted[] = [];
/** chat.postMessage at the wire: a fixed answer, requests read from the scope's 'request' event (nock reply callbacks hang on Node 20). */
function slackApi(status = 200, reply: object = { ok: true, channel: 'D0', ts: '1.2' }, times = 50) {
  const scope = nock(API).post('/api/chat.postMessage').times(times).reply(status, reply);
  scope.on('request', (_req: unknown, _i: unknown, body: string) => {
    const params = body.startsWith('{') ? (JSON.parse(body) as Posted) : (Object.fromEntries(new URLSearchParams(body)) as unknown as Posted);
    posted.push(params);
  });
  return scope;
}
const textsIn = (channel: string) => posted.filter((p) => p.channel === channel).map((p) => p.text);

let redis: TestRedis;
let gateway: Gateway;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  redis = await startRedisServer();
  gateway = await startTestGateway({ REDIS_URL: redis.url, SLACK_BOT_TOKEN: 'xoxb-1111-2222-testtoken', SLACK_SIGNING_SECRET: SECRET, SLACK_API_ROOT: `${API}/api/` });
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
  nock.enableNetConnect();
});

/** POST as Slack does: signed with the current time unless told otherwise. */
function post(body: string, opts: { contentType?: string; ts?: number; secret?: string; headers?: Record<string, string>; sign?: boolean } = {}) {
  const ts = String(opts.ts ?? Math.floor(Date.now() / 1000));
  return fetch(`${gateway.url}/webhooks/slack`, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/json',
      ...(opts.sign === false ? {} : { 'x-slack-request-timestamp': ts, 'x-slack-signature': slackSignature(opts.secret ?? SECRET, ts, body) }),
      ...opts.headers,
    },
    body,
  });
}

describe('Slack normalize and render', () => {
  it('reads a DM and a mention, and ignores bots, edits and other events', () => {
    const at = new Date('2026-11-22T10:00:00Z');
    const parse = (name: string) => SlackEventEnvelopeSchema.parse(fixture(name)) as Extract<ReturnType<typeof SlackEventEnvelopeSchema.parse>, { type: 'event_callback' }>;
    expect(toInbound(parse('event_callback.message.im'), at)).toMatchObject({ msg: { id: 'Ev0TEMPLATE', address: { conversationId: 'slack:T0SHOP001:D0BUYER01' }, sender: { id: 'U0BUYER01' }, text: 'hello' } });
    expect(toInbound(parse('event_callback.app_mention'), at)).toMatchObject({ msg: { text: 'hola', address: { conversationId: 'slack:T0SHOP001:C0WHOLESALE' } } });
    for (const name of ['event_callback.message.bot', 'event_callback.message_changed', 'event_callback.reaction_added']) {
      expect(toInbound(parse(name), at)).toHaveProperty('ignored');
    }
  });

  it('renders quick replies as buttons and splits long texts', () => {
    const [message] = toSlack({ kind: 'text', text: 'Need a person?', quickReplies: [{ label: 'Talk to a person', payload: 'human' }] });
    expect(message!.blocks?.[1]).toMatchObject({ type: 'actions', elements: [{ type: 'button', text: { text: 'Talk to a person' }, value: 'human' }] });
    expect(toSlack({ kind: 'text', text: 'x '.repeat(2000) }).length).toBe(2);
  });
});

describe('Slack webhook', () => {
  it('answers a signed DM in that channel', async () => {
    slackApi();
    const res = await post(JSON.stringify(dm('hello', 'D0CHAN001')));
    expect(res.status).toBe(200);
    await eventually(() => textsIn('D0CHAN001').length === 1, 5000, 'reply posted');
    expect(textsIn('D0CHAN001')).toEqual([shop.replies.greeting.en]);
  });

  it('answers the url_verification challenge', async () => {
    const res = await post(JSON.stringify(fixture('url_verification')));
    expect(await res.json()).toEqual({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' });
  });

  it('refuses bad signatures and stale or future timestamps with 401, recording nothing', async () => {
    slackApi();
    const body = JSON.stringify(dm('hello', 'D0CHAN002', 'Ev0SIGNED01'));
    const now = Math.floor(Date.now() / 1000);
    expect((await post(body, { sign: false })).status).toBe(401);
    expect((await post(body, { secret: 'another-secret-0123456789abcdef' })).status).toBe(401);
    expect((await post(body, { ts: now - 6 * 60 })).status).toBe(401);
    expect((await post(body, { ts: now + 6 * 60 })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 400));
    expect(textsIn('D0CHAN002')).toEqual([]);
    expect((await post(body)).status).toBe(200); // the same event, properly signed, is new: nothing was recorded
    await eventually(() => textsIn('D0CHAN002').length === 1, 5000, 'reply once accepted');
  });

  it('answers a retried event (X-Slack-Retry-Num) once', async () => {
    slackApi();
    const body = JSON.stringify(dm('hello', 'D0CHAN003', 'Ev0RETRIED1'));
    expect((await post(body)).status).toBe(200);
    expect((await post(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    await eventually(() => textsIn('D0CHAN003').length === 1, 5000, 'one reply');
    await new Promise((r) => setTimeout(r, 400));
    expect(textsIn('D0CHAN003')).toHaveLength(1);
  });

  it('takes a retry whose first delivery never got in', async () => {
    slackApi();
    const body = JSON.stringify(dm('hello', 'D0CHAN006', 'Ev0FIRSTLOST'));
    expect((await post(body, { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_error' } })).status).toBe(200);
    await eventually(() => textsIn('D0CHAN006').length === 1, 5000, 'answered');
  });

  it('ignores the bot\'s own and other bots\' messages, edits and unknown events', async () => {
    slackApi();
    for (const name of ['event_callback.message.bot', 'event_callback.message_changed', 'event_callback.reaction_added']) {
      expect((await post(JSON.stringify(fixture(name)))).status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(textsIn('D0BUYER01')).toEqual([]);
  });

  it('turns a button press into a postback the engine answers', async () => {
    slackApi();
    const payload = fixture('block_actions.button') as { channel: { id: string } };
    payload.channel.id = 'D0CHAN004';
    const res = await post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), { contentType: 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(200);
    await eventually(() => textsIn('D0CHAN004').length >= 1, 5000, 'answered the button');
    expect(textsIn('D0CHAN004')[0]).toMatch(/number 1 in line/);
  });

  it('stops at a channel that is gone (not retried)', async () => {
    slackApi(200, { ok: false, error: 'channel_not_found' });
    await post(JSON.stringify(dm('hello', 'D0CHAN005')));
    await eventually(() => textsIn('D0CHAN005').length === 1, 5000, 'the refused attempt');
    await new Promise((r) => setTimeout(r, 1500));
    expect(textsIn('D0CHAN005')).toHaveLength(1);
  });
});
