import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/main.js';
import { eventually, startTestGateway } from '../../helpers/gateway.js';
import { startRedisServer, type TestRedis } from '../../helpers/redis-server.js';
import { fixture, signLine, startLineFake, textEvent, type LineBody, type LineFake } from './line-fake.js';

const SECRET = 'line-channel-secret-0123456789ab';
const TOKEN = 'line-channel-access-token-000000';

let redis: TestRedis;
let gateway: Gateway;
let api: LineFake;

beforeAll(async () => {
  redis = await startRedisServer();
  api = await startLineFake();
  gateway = await startTestGateway({ REDIS_URL: redis.url, LINE_CHANNEL_SECRET: SECRET, LINE_CHANNEL_ACCESS_TOKEN: TOKEN, LINE_API_ROOT: api.url });
});
afterAll(async () => {
  await gateway?.close();
  await api?.close();
  await redis?.stop();
});

const shop = () => gateway.config.shop.replies as Record<string, Record<string, string>>;

/** POST as LINE does: the exact bytes, signed with the channel secret unless told otherwise. */
async function deliver(body: string | LineBody, signature: string | null = 'valid'): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-line-signature'] = signature === 'valid' ? signLine(text, SECRET) : signature;
  return fetch(`${gateway.url}/webhooks/line`, { method: 'POST', headers, body: text });
}

/** Calls that went to this buyer: replies (by their token) or pushes (by user id). */
const callsFor = (userId: string, tokens: string[]) => api.calls.filter((c) => c.body.to === userId || tokens.includes(c.body.replyToken ?? ''));
const eventuallyCalls = (userId: string, tokens: string[], count: number) =>
  eventually(() => callsFor(userId, tokens).length >= count && callsFor(userId, tokens), 10_000, `${count} calls for ${userId}`);

describe('line webhook authentication', () => {
  it('answers the console\'s Verify request with 200', async () => {
    const res = await deliver(fixture('verify'));
    expect(res.status).toBe(200);
  });

  it('refuses a forged signature with 403 and a missing one with 401, saying why, with no reply sent', async () => {
    const before = api.calls.length;
    const body = textEvent('Uforged000000000000000000000000001', '01FZFORGED0000000000000001', 'tok-forged', 'hello');
    const forged = await deliver(body, signLine(JSON.stringify(body), 'not-the-channel-secret-000000000'));
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { error: string }).error).toMatch(/x-line-signature/);
    const missing = await deliver(body, null);
    expect(missing.status).toBe(401);
    // The signature covers the bytes: the same JSON re-spaced no longer matches.
    const respaced = await deliver(JSON.stringify(body, null, 2), signLine(JSON.stringify(body), SECRET));
    expect(respaced.status).toBe(403);
    expect(api.calls.length).toBe(before);
  });
});

describe('line webhook deliveries', () => {
  it('answers a hello with the greeting through the reply token, with the channel access token', async () => {
    const user = 'U00000000000000000000000000000001';
    expect((await deliver(textEvent(user, '01FZHELLO00000000000000001', 'tok-hello-1', 'hello'))).status).toBe(200);
    const [call] = await eventuallyCalls(user, ['tok-hello-1'], 1);
    expect(call!.path).toBe('/v2/bot/message/reply');
    expect(call!.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call!.body.messages[0]!.text).toBe(shop().greeting!.en);
  });

  it('a redelivery (same webhookEventId, isRedelivery true) gets no second reply', async () => {
    const user = 'U00000000000000000000000000000002';
    const body = textEvent(user, '01FZREDELIVER000000000001', 'tok-redeliver', 'hello');
    expect((await deliver(body)).status).toBe(200);
    await eventuallyCalls(user, ['tok-redeliver'], 1);
    body.events[0].deliveryContext = { isRedelivery: true };
    expect((await deliver(body)).status).toBe(200);
    // A later message proves the pipeline ran past the redelivery: its answer comes, the repeat's never does.
    expect((await deliver(textEvent(user, '01FZREDELIVER000000000002', 'tok-redeliver-2', 'hello'))).status).toBe(200);
    const calls = await eventuallyCalls(user, ['tok-redeliver', 'tok-redeliver-2'], 2);
    expect(calls.map((c) => c.body.replyToken ?? c.body.to)).toEqual(['tok-redeliver', 'tok-redeliver-2']);
  });

  it('uses the reply token once, then pushes a later reply to the same event (an unanswered question\'s second turn)', async () => {
    const user = 'U00000000000000000000000000000003';
    // Two unknown questions: the second offers a person, with a quick reply button.
    await deliver(textEvent(user, '01FZTOKEN0000000000000001', 'tok-q1', 'qwerty zxcvb'));
    await eventuallyCalls(user, ['tok-q1'], 1);
    // A stale event (its token older than 50 s) is answered by push.
    await deliver(textEvent(user, '01FZTOKEN0000000000000002', 'tok-q2', 'asdfg hjkl', Date.now() - 55_000));
    const calls = await eventuallyCalls(user, ['tok-q1', 'tok-q2'], 2);
    expect(calls[0]!.path).toBe('/v2/bot/message/reply');
    expect(calls[1]!.path).toBe('/v2/bot/message/push');
    expect(calls[1]!.body.to).toBe(user);
    const last = calls[1]!.body.messages.at(-1)!;
    expect(last.quickReply?.items.length).toBeGreaterThan(0);
    expect(last.quickReply!.items.every((i) => i.action.type === 'message' && i.action.label.length <= 20)).toBe(true);
  });

  it('falls back to push when LINE refuses the reply token (400 Invalid reply token)', async () => {
    const user = 'U00000000000000000000000000000004';
    api.failReplyToken.set('tok-invalid', { status: 400, message: 'Invalid reply token' });
    await deliver(textEvent(user, '01FZINVALID00000000000001', 'tok-invalid', 'hello'));
    const calls = await eventuallyCalls(user, ['tok-invalid'], 2);
    expect(calls.map((c) => c.path)).toEqual(['/v2/bot/message/reply', '/v2/bot/message/push']);
    expect(calls[1]!.body.messages[0]!.text).toBe(shop().greeting!.en);
  });

  it('greets a new follower', async () => {
    const body = fixture('follow');
    body.events[0].timestamp = Date.now();
    expect((await deliver(body)).status).toBe(200);
    const [call] = await eventuallyCalls('U3d3edab4f36c6292e6d8a8131f141b8b', ['85cbe770fa8b4f45bbe077b1d4be4a36'], 1);
    expect(call!.body.messages[0]!.text).toBe(shop().greeting!.en);
  });

  it('answers a Chinese question in Chinese', async () => {
    const user = 'U00000000000000000000000000000005';
    await deliver(textEvent(user, '01FZCHINESE00000000000001', 'tok-zh-1', '你好'));
    const [hello] = await eventuallyCalls(user, ['tok-zh-1'], 1);
    expect(hello!.body.messages[0]!.text).toBe(shop().greeting!.zh);
    await deliver(textEvent(user, '01FZCHINESE00000000000002', 'tok-zh-2', '付款安全吗？会不会被骗'));
    const calls = await eventuallyCalls(user, ['tok-zh-1', 'tok-zh-2'], 2);
    const answer = calls[1]!.body.messages.map((m) => m.text).join('\n');
    expect(answer).toMatch(/[\u4e00-\u9fff]/);
    expect(answer).not.toMatch(/[a-z]{4,}/i);
  });

  it('accepts the other published events with 200 (sticker, image, location, postback, unfollow, group)', async () => {
    for (const name of ['message.sticker', 'message.image', 'message.location', 'postback', 'unfollow', 'message.group']) {
      expect((await deliver(fixture(name))).status, name).toBe(200);
    }
  });

  it('refuses a body that is not a LINE webhook with 400 and a reason', async () => {
    const res = await deliver('{"hello":"world"}');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/events/);
  });
});
