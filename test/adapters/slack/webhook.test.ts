import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadShopConfig } from '../../../src/config/load.js';
import { exampleShopConfigPath } from '../../../src/config/paths.js';
import type { Gateway } from '../../../src/main.js';
import { keys } from '../../../src/store/keys.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { asForm, nowSeconds, postToSlackWebhook, slackFixture, type SlackPost } from './sign.js';
import { recorded as wasRecorded } from '../../helpers/dedupe.js';
import { writeShopConfig } from '../../helpers/shop-config.js';
import { launchChromium } from '../../helpers/chromium.js';

const SECRET = 'slack-signing-secret-0123456789abcdef';
const OWNER = 'mei-owner-token-0123456789';
const API = 'https://slack.test';
const shop = loadShopConfig(exampleShopConfigPath());

interface Posted {
  channel: string;
  text: string;
  blocks?: string;
  thread_ts?: string;
}
/** Every chat.postMessage that reached Slack (nock), in order. */
let posted: Posted[] = [];
const textsIn = (channel: string) => posted.filter((p) => p.channel === channel).map((p) => p.text);

/** chat.postMessage at the wire, answering `reply`; requests are read from the scope's 'request' event (nock reply callbacks hang on Node 20). */
function slackApi(reply: object = { ok: true, channel: 'D0', ts: '1763806000.000500' }) {
  const scope = nock(API).post('/api/chat.postMessage').times(50).reply(200, reply);
  scope.on('request', (_req: unknown, _i: unknown, body: string) => posted.push(Object.fromEntries(new URLSearchParams(body)) as unknown as Posted));
  return scope;
}

type Envelope = { event_id: string; event: Record<string, unknown> };
let eventCounter = 0;
/** A DM from the fixture, in `channel`, with its own event_id unless given. */
function dm(text: string, channel: string, eventId = `Ev0WH${(++eventCounter).toString().padStart(5, '0')}`): Envelope {
  const body = slackFixture<Envelope>('event_callback.message.im');
  return { ...body, event_id: eventId, event: { ...body.event, text, channel, ts: `1763806${String(eventCounter).padStart(3, '0')}.000100` } };
}

let redis: TestRedis;
let gateway: Gateway;
const post = (p: SlackPost) => postToSlackWebhook(gateway.url, SECRET, p);
const postJson = (body: unknown, p: Omit<SlackPost, 'body'> = {}) => post({ body: JSON.stringify(body), ...p });
/** Whether the store recorded a Slack message id (its dedupe mark). */
const recorded = (id: string) => wasRecorded(redis.client(), id);

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  redis = await startRedisServer();
  gateway = await startTestGateway({ REDIS_URL: redis.url, SLACK_BOT_TOKEN: 'xoxb-1111-2222-testtoken', SLACK_SIGNING_SECRET: SECRET, SLACK_API_ROOT: `${API}/api/`, SHOP_CONFIG: writeShopConfig({ agents: [{ name: 'Mei', role: 'owner', token: OWNER }] }) });
});
afterEach(() => {
  nock.cleanAll();
  posted = [];
});
afterAll(async () => {
  await gateway?.close();
  await redis?.stop();
  nock.enableNetConnect();
});

describe('Slack Events API webhook', () => {
  it('answers a signed DM "hello" with the greeting, posted to that DM', async () => {
    slackApi();
    const res = await postJson(dm('hello', 'D0CHAN001'));
    expect(res.status).toBe(200);
    await eventually(() => textsIn('D0CHAN001').length === 1, 5000, 'reply posted');
    expect(textsIn('D0CHAN001')).toEqual([shop.replies.greeting.en]);
    expect(posted[0]!.thread_ts).toBeUndefined();
  });

  it('answers url_verification with the challenge, only when signed', async () => {
    const ok = await postJson(slackFixture('url_verification'));
    expect(ok).toMatchObject({ status: 200, json: { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' } });
    const unsigned = await postJson(slackFixture('url_verification'), { sign: false });
    expect(unsigned.status).toBe(401);
    expect(JSON.stringify(unsigned.json)).not.toContain('3eZbrw1a');
  });

  it('refuses unsigned, wrongly signed, stale and future requests with 401 and a reason, recording and sending nothing', async () => {
    slackApi();
    const event = dm('hello', 'D0CHAN002', 'Ev0SIGNED01');
    const body = JSON.stringify(event);
    const refusals = [
      await post({ body, sign: false }),
      await post({ body, headers: { 'x-slack-signature': '' } }),
      await post({ body, secret: 'another-secret-0123456789abcdef' }),
      await post({ body, ts: nowSeconds() - 6 * 60 }),
      await post({ body, ts: nowSeconds() + 6 * 60 }),
      // Signed, then changed on the way.
      await post({ body, headers: { 'x-slack-signature': 'v0=' + '0'.repeat(64) } }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(refusals.map((r) => (r.json as { error: string }).error)).toEqual([
      'missing X-Slack-Request-Timestamp header',
      'missing X-Slack-Signature header',
      expect.stringMatching(/does not match/),
      expect.stringMatching(/more than 5 minutes/),
      expect.stringMatching(/more than 5 minutes/),
      expect.stringMatching(/does not match/),
    ]);
    expect(await recorded('Ev0SIGNED01')).toBe(false);
    expect(await redis.client().llen(keys.transcript('slack:T0SHOP001:D0CHAN002'))).toBe(0);
    // The same event properly signed is still new (nothing was recorded), and the only reply.
    expect((await post({ body })).status).toBe(200);
    await eventually(() => textsIn('D0CHAN002').length === 1, 5000, 'reply once accepted');
    expect(textsIn('D0CHAN002')).toEqual([shop.replies.greeting.en]);
  });

  it('answers an event Slack retries (X-Slack-Retry-Num) once', async () => {
    slackApi();
    const body = JSON.stringify(dm('hello', 'D0CHAN003', 'Ev0RETRIED1'));
    expect((await post({ body })).status).toBe(200);
    expect((await post({ body, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    // A later message in the same conversation is answered after anything the retry caused.
    expect((await postJson(dm('thanks!', 'D0CHAN003'))).status).toBe(200);
    await eventually(() => textsIn('D0CHAN003').includes(shop.replies.thanks!.en!), 10_000, 'the reply to the later message');
    expect(textsIn('D0CHAN003')).toEqual([shop.replies.greeting.en, shop.replies.thanks!.en]);
  });

  it('takes a retry whose first delivery never got in', async () => {
    slackApi();
    const res = await postJson(dm('hello', 'D0CHAN004', 'Ev0FIRSTLOST'), { headers: { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_error' } });
    expect(res.status).toBe(200);
    await eventually(() => textsIn('D0CHAN004').length === 1, 5000, 'answered');
  });

  it('acknowledges bots\' messages, edits, deletions, unknown events and rate-limit notices without recording them', async () => {
    slackApi();
    const names = ['event_callback.message.bot', 'event_callback.message_changed', 'event_callback.message_deleted', 'event_callback.reaction_added'];
    for (const name of names) expect((await postJson(slackFixture(name))).status, name).toBe(200);
    expect((await postJson(slackFixture('app_rate_limited'))).status).toBe(200);
    for (const id of ['Ev0BOTMSG01', 'Ev0CHANGED1', 'Ev0DELETED1', 'Ev0REACTION']) expect(await recorded(id), id).toBe(false);
    // The buyer's own next message in that DM gets the only reply there.
    expect((await postJson(dm('hello', 'D0BUYER01'))).status).toBe(200);
    await eventually(() => textsIn('D0BUYER01').length === 1, 5000, 'the buyer answered');
    expect(textsIn('D0BUYER01')).toEqual([shop.replies.greeting.en]);
  });

  it('does not answer Slackbot\'s own notices in a DM (user USLACKBOT, no bot_id, no subtype)', async () => {
    slackApi();
    const notice = slackFixture<Envelope>('event_callback.message.slackbot');
    notice.event.channel = 'D0SLACKBOT';
    expect((await postJson(notice)).status).toBe(200);
    expect(await recorded('Ev0SLACKBOT1')).toBe(false);
    // The buyer's own message in that DM is the only one answered.
    expect((await postJson(dm('hello', 'D0SLACKBOT'))).status).toBe(200);
    await eventually(() => textsIn('D0SLACKBOT').length === 1, 5000, 'the buyer answered');
    expect(textsIn('D0SLACKBOT')).toEqual([shop.replies.greeting.en]);
  });

  it('answers a mention in a channel in its thread, in the buyer\'s language', async () => {
    slackApi();
    expect((await postJson(slackFixture('event_callback.app_mention'))).status).toBe(200);
    await eventually(() => textsIn('C0WHOLESALE').length === 1, 5000, 'mention answered');
    expect(posted.find((p) => p.channel === 'C0WHOLESALE')).toMatchObject({ text: shop.replies.greeting.es, thread_ts: '1763805700.000200' });
  });

  it('offers a person as a button, and a press of that button (form payload, signed) reaches the engine', async () => {
    slackApi();
    await postJson(dm('zxqv plorb', 'D0CHAN005'));
    await postJson(dm('blarf quonk', 'D0CHAN005'));
    await eventually(() => textsIn('D0CHAN005').length === 2, 10_000, 'second unmatched answer');
    const offer = posted.filter((p) => p.channel === 'D0CHAN005')[1]!;
    const blocks = JSON.parse(offer.blocks!) as { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[];
    const button = blocks.find((b) => b.type === 'actions')!.elements![0]!;
    expect(button).toMatchObject({ value: 'human', text: { text: shop.handoff.texts.humanButton.en } });

    // What Slack sends when the buyer presses it.
    const press = slackFixture<{ trigger_id: string; channel: { id: string }; container: { channel_id: string }; actions: Record<string, unknown>[] }>('block_actions.button');
    press.channel.id = press.container.channel_id = 'D0CHAN005';
    press.trigger_id = '12345.98765.d0chan005';
    Object.assign(press.actions[0]!, { action_id: button.action_id, value: button.value, text: { type: 'plain_text', text: button.text.text, emoji: true } });
    const res = await post({ body: asForm(press), form: true, path: '/webhooks/slack/interactions' });
    expect(res.status).toBe(200);
    await eventually(() => textsIn('D0CHAN005').length === 3, 10_000, 'the press answered');
    expect(textsIn('D0CHAN005')[2]).toMatch(/number 1 in line/);
  });

  it('takes button presses at the events URL too, and refuses an unsigned one', async () => {
    slackApi();
    const press = slackFixture<{ channel: { id: string }; trigger_id: string }>('block_actions.button');
    press.channel.id = 'D0CHAN006';
    press.trigger_id = '12345.98765.d0chan006';
    expect((await post({ body: asForm(press), form: true, sign: false })).status).toBe(401);
    expect(await recorded(`action:${press.trigger_id}`)).toBe(false);
    expect((await post({ body: asForm(press), form: true })).status).toBe(200);
    await eventually(() => textsIn('D0CHAN006').length === 1, 10_000, 'the press answered');
  });

  it('answers 400 with a reason to a signed body Slack would never send', async () => {
    const { event_id: _gone, ...noId } = dm('hello', 'D0CHAN007');
    const res = await postJson(noId);
    expect(res.status).toBe(400);
    expect((res.json as { error: string }).error).toMatch(/event_id/);
    expect((await post({ body: 'payload=%7Bnot+json', form: true })).status).toBe(400);
  });

  it('stops delivering to a channel that is gone, and does not retry', async () => {
    slackApi({ ok: false, error: 'channel_not_found' });
    await postJson(dm('hello', 'D0CHAN008'));
    await eventually(async () => (await redis.client().exists(keys.unreachable('slack:T0SHOP001:D0CHAN008'))) === 1, 10_000, 'marked unreachable');
    expect(textsIn('D0CHAN008')).toHaveLength(1);
  });

  it('keeps the reply queued while the app token is revoked, shows Slack down in /readyz with the reason, and delivers it once Slack takes it', async () => {
    const revoked = nock(API).post('/api/chat.postMessage').reply(200, { ok: false, error: 'token_revoked' });
    await postJson(dm('hello', 'D0CHAN010'));
    await eventually(() => revoked.isDone(), 10_000, 'send refused');
    await eventually(async () => ((await (await fetch(`${gateway.url}/readyz`)).json()) as { channelsDown?: unknown }).channelsDown !== undefined, 5000, 'readyz shows the channel down');
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(await ready.json()).toMatchObject({ channelsDown: { slack: expect.stringContaining('token_revoked') } });
    // Agents see it in the console too: the API says so, and the page shows it once signed in.
    const channels = await fetch(`${gateway.url}/api/channels`, { headers: { authorization: `Bearer ${OWNER}` } });
    expect(await channels.json()).toEqual({ down: { slack: expect.stringContaining('token_revoked') } });
    const browser = await launchChromium();
    try {
      const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
      await page.goto(`${gateway.url}/console`);
      await page.getByLabel('Agent token').fill(OWNER);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.locator('#channels-down').textContent(), { timeout: 10_000 }).toMatch(/^Slack is down: .*token_revoked/);
      expect(await page.locator('#channels-down').isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
    // The buyer is not blamed: not unreachable, and the reply waits in the queue.
    expect(await redis.client().exists(keys.unreachable('slack:T0SHOP001:D0CHAN010'))).toBe(0);
    expect(await redis.client().llen(keys.queueItems('out', 'slack:T0SHOP001:D0CHAN010'))).toBe(1);
    // The operator fixes the app: the held reply goes out on its next try, and the channel is up.
    slackApi();
    // (its retry is a minute away: move it to now, as the passing minute would)
    await redis.client().zadd(keys.queueDelayed('out'), 0, 'slack:T0SHOP001:D0CHAN010');
    await eventually(() => textsIn('D0CHAN010').length === 1, 15_000, 'held reply delivered');
    expect(textsIn('D0CHAN010')).toEqual([shop.replies.greeting.en]);
    expect(await (await fetch(`${gateway.url}/readyz`)).json()).not.toHaveProperty('channelsDown');
  });

  it('answers 503 with Retry-After while the store is down, so Slack retries; the retry is then answered', async () => {
    slackApi();
    const body = JSON.stringify(dm('hello', 'D0CHAN009', 'Ev0STOREDOWN'));
    await redis.stop();
    try {
      const res = await post({ body });
      expect(res.status).toBe(503);
      expect(res.retryAfter).toMatch(/^\d+$/);
    } finally {
      await redis.start();
    }
    await eventually(async () => (await post({ body, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' } })).status === 200, 15_000, 'accepted once the store is back');
    await eventually(() => textsIn('D0CHAN009').length === 1, 10_000, 'answered');
  });
});
