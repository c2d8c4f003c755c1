import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../../adapters/slack/index.js';
import { eventToInbound } from '../../../adapters/slack/normalize.js';
import { EventCallbackSchema } from '../../../adapters/slack/payload.js';
import { AdapterError } from '../../../src/errors.js';
import type { Address, ChannelAdapter, Delivery, OutboundReply } from '../../../src/engine/types.js';
import { createLogger } from '../../../src/log.js';
import { freePort } from '../../helpers/redis-server.js';
import { slackFixture } from './sign.js';

const API = 'https://slack.test';
const TOKEN = 'xoxb-1111-2222-sendtests';

interface Posted {
  channel: string;
  text: string;
  blocks?: string;
  thread_ts?: string;
  ts?: string;
}
let posted: Posted[] = [];
const unmatched: string[] = [];

/** chat.postMessage at the wire answering `status` and `body` (`times` times), recording each request. */
function slackApi(status: number, body: object | string, opts: { times?: number; headers?: Record<string, string> } = {}) {
  const scope = nock(API).post('/api/chat.postMessage').times(opts.times ?? 1).reply(status, body, opts.headers);
  scope.on('request', (_req: unknown, _i: unknown, raw: string) => {
    posted.push(Object.fromEntries(new URLSearchParams(raw)) as unknown as Posted);
  });
  return scope;
}
const ok = (times = 1) => slackApi(200, { ok: true, channel: 'D0BUYER01', ts: '1763806000.000500' }, { times });

/** The address the adapter itself made from a DM (or a mention) fixture. */
function addressOf(fixture: string): Address {
  const n = eventToInbound(EventCallbackSchema.parse(slackFixture(fixture)), new Date());
  if (!('msg' in n)) throw new Error('fixture is ignored');
  return n.msg.address;
}
let seq = 0;
const delivery = (address: Address, ...replies: OutboundReply[]): Delivery => ({ id: `d:send-${++seq}`, address, replies });
const text = (t: string): OutboundReply => ({ kind: 'text', text: t });
async function failure(p: Promise<unknown>): Promise<AdapterError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AdapterError);
  return err as AdapterError;
}

const quiet = createLogger({ level: 'error', production: false, silent: true });
let adapter: ChannelAdapter;
beforeAll(() => {
  nock.disableNetConnect();
  nock.emitter.on('no match', (req: Request) => void unmatched.push(req.url));
  adapter = createSlackAdapter({ botToken: TOKEN, signingSecret: 'slack-signing-secret-0123456789abcdef', apiRoot: `${API}/api/`, log: quiet });
});
afterEach(() => {
  nock.cleanAll();
  nock.disableNetConnect();
  posted = [];
});
afterAll(() => {
  nock.enableNetConnect();
  nock.emitter.removeAllListeners('no match');
});

describe('Slack send (chat.postMessage through Botkit)', () => {
  it('posts to the DM channel with the bot token, at SLACK_API_ROOT, and calls nothing else (no auth.test at start)', async () => {
    const scope = ok().matchHeader('authorization', `Bearer ${TOKEN}`);
    await adapter.send(delivery(addressOf('event_callback.message.im'), text('Hi, welcome!')));
    expect(scope.isDone()).toBe(true);
    expect(posted).toEqual([expect.objectContaining({ channel: 'D0BUYER01', text: 'Hi, welcome!' })]);
    expect(JSON.parse(posted[0]!.blocks!)).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'Hi, welcome!' } }]);
    // Botkit's activityToSlack puts `ts` and `thread_ts` on every message; unset ones must not reach Slack.
    expect(posted[0]).not.toHaveProperty('ts');
    expect(posted[0]).not.toHaveProperty('thread_ts');
    expect(unmatched).toEqual([]);
  });

  it('answers a mention in its thread', async () => {
    ok();
    await adapter.send(delivery(addressOf('event_callback.app_mention'), text('¡Hola!')));
    expect(posted).toEqual([expect.objectContaining({ channel: 'C0WHOLESALE', thread_ts: '1763805700.000200', text: '¡Hola!' })]);
  });

  it('finds the channel and thread from the conversation id when the address has no reference', async () => {
    ok();
    await adapter.send(delivery({ channel: 'slack', conversationId: 'slack:T0SHOP001:C0WHOLESALE:1763805700.000200' }, text('An agent here.')));
    expect(posted).toEqual([expect.objectContaining({ channel: 'C0WHOLESALE', thread_ts: '1763805700.000200' })]);
  });

  it('sends the replies of a turn in order, a long one as several messages', async () => {
    ok(5);
    const long = Array.from({ length: 2000 }, (_, i) => `Line ${i + 1} of the tea catalogue.`).join('\n'); // ~70,000 characters
    await adapter.send(delivery(addressOf('event_callback.message.im'), text('first'), text(long), text('last')));
    expect(posted.length).toBeGreaterThanOrEqual(4);
    expect(posted[0]!.text).toBe('first');
    expect(posted.at(-1)!.text).toBe('last');
    expect(posted.slice(1, -1).every((p) => p.text.length <= 40_000)).toBe(true);
  });

  it('maps HTTP 429 to retryable with Retry-After, and does not retry by itself', async () => {
    slackApi(429, { ok: false, error: 'ratelimited' }, { headers: { 'Retry-After': '7' } });
    const err = await failure(adapter.send(delivery(addressOf('event_callback.message.im'), text('hello'))));
    expect(err.opts).toMatchObject({ retryable: true, status: 429, retryAfterMs: 7000 });
    expect(posted).toHaveLength(1);
  });

  it('maps a channel that is gone or archived to permanent', async () => {
    for (const error of ['channel_not_found', 'is_archived']) {
      slackApi(200, { ok: false, error });
      const err = await failure(adapter.send(delivery(addressOf('event_callback.message.im'), text('hello'))));
      expect(err.opts, error).toMatchObject({ retryable: false, permanent: true });
    }
  });

  it('holds replies while the app token is dead (account_inactive, token_revoked, invalid_auth), shows the channel down, and up again once Slack takes one', async () => {
    const fresh = createSlackAdapter({ botToken: TOKEN, signingSecret: 'slack-signing-secret-0123456789abcdef', apiRoot: `${API}/api/`, log: quiet });
    expect(fresh.health?.()).toEqual({ up: true });
    for (const error of ['account_inactive', 'token_revoked', 'invalid_auth']) {
      slackApi(200, { ok: false, error });
      const err = await failure(fresh.send(delivery(addressOf('event_callback.message.im'), text('hello'))));
      expect(err.opts, error).toMatchObject({ retryable: true, hold: true });
      expect(err.opts.permanent, error).toBeFalsy();
    }
    expect(fresh.health?.()).toMatchObject({ up: false, reason: expect.stringContaining('account_inactive') });
    ok();
    await fresh.send(delivery(addressOf('event_callback.message.im'), text('hello')));
    expect(fresh.health?.()).toEqual({ up: true });
  });

  it('gives up on errors a retry cannot fix (missing scope, bad blocks), without blaming the buyer', async () => {
    for (const error of ['missing_scope', 'invalid_blocks']) {
      slackApi(200, { ok: false, error });
      const err = await failure(adapter.send(delivery(addressOf('event_callback.message.im'), text('hello'))));
      expect(err.opts.retryable, error).toBe(false);
      expect(err.opts.permanent, error).toBeFalsy();
      expect(err.op).toContain(error);
    }
  });

  it('maps 5xx and network failures to retryable', async () => {
    slackApi(503, 'upstream unavailable');
    expect((await failure(adapter.send(delivery(addressOf('event_callback.message.im'), text('hello'))))).opts).toMatchObject({ retryable: true, status: 503 });
    // Nothing listens on that port: the connection is refused.
    nock.enableNetConnect('127.0.0.1');
    const offline = createSlackAdapter({ botToken: TOKEN, signingSecret: 'slack-signing-secret-0123456789abcdef', apiRoot: `http://127.0.0.1:${await freePort()}/api/`, log: quiet });
    expect((await failure(offline.send(delivery(addressOf('event_callback.message.im'), text('hello'))))).opts).toMatchObject({ retryable: true });
  });

  it('on a retry, sends only what did not go out the first time', async () => {
    const d = delivery(addressOf('event_callback.message.im'), text('one'), text('two'), text('three'));
    ok();
    slackApi(500, 'oops');
    await failure(adapter.send(d));
    expect(posted.map((p) => p.text)).toEqual(['one', 'two']);
    posted = [];
    ok(2);
    await adapter.send(d);
    expect(posted.map((p) => p.text)).toEqual(['two', 'three']);
  });
});
