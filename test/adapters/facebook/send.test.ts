import { createHmac } from 'node:crypto';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFacebookAdapter } from '../../../adapters/facebook/index.js';
import { AdapterError } from '../../../src/errors.js';
import type { Delivery } from '../../../src/engine/types.js';
import { createLogger } from '../../../src/log.js';
import { API_VERSION, GRAPH, graphError, recordSends, SEND_PATH, type SentMessage } from './graph-fake.js';

const TOKEN = 'EAAtest-page-access-token-000000';
const SECRET = 'test-app-secret-0123456789abcdef';
const PSID = '7100000000000001';
const config = {
  accessToken: TOKEN,
  appSecret: SECRET,
  verifyToken: 'verify-me-please',
  apiVersion: API_VERSION,
  apiRoot: GRAPH,
  log: createLogger({ level: 'error', production: false, silent: true }),
};
const adapter = createFacebookAdapter(config);

let n = 0;
const delivery = (text: string): Delivery => ({
  id: `d:test-${++n}`,
  address: { channel: 'facebook', conversationId: `facebook:${PSID}` },
  replies: [{ kind: 'text', text }],
});

/** The AdapterError a send threw. */
async function failure(d: Delivery): Promise<AdapterError> {
  const err = await adapter.send(d).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AdapterError);
  return err as AdapterError;
}

const sendApi = () => nock(GRAPH).post(SEND_PATH).query(true);

beforeAll(() => {
  nock.disableNetConnect();
});
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('facebook send', () => {
  it('posts to the pinned Graph version with the page token and appsecret_proof', async () => {
    const sent: SentMessage[] = [];
    recordSends(sendApi().reply(200, { recipient_id: PSID, message_id: 'm_sent_1' }), sent);
    await adapter.send(delivery('Hi there'));
    expect(sent).toHaveLength(1);
    expect(sent[0]!.query.get('access_token')).toBe(TOKEN);
    expect(sent[0]!.query.get('appsecret_proof')).toBe(createHmac('sha256', SECRET).update(TOKEN).digest('hex'));
    expect(sent[0]!.body).toEqual({ recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'Hi there' } });
  });

  it('reports "this person isn\'t available right now" (551/1545041) as permanent', async () => {
    sendApi().reply(400, graphError(551, 1545041, "(#551) This person isn't available right now."));
    const err = await failure(delivery('hello?'));
    expect(err.opts).toMatchObject({ permanent: true, retryable: false, status: 400 });
  });

  it('reports a message outside the allowed window (10/2018108) as permanent', async () => {
    sendApi().reply(400, graphError(10, 2018108, '(#10) This message is sent outside of allowed window.'));
    expect((await failure(delivery('late'))).opts).toMatchObject({ permanent: true, retryable: false });
  });

  it('retries HTTP 429 after the Retry-After it names', async () => {
    sendApi().reply(429, graphError(4, undefined, '(#4) Application request limit reached'), { 'Retry-After': '30' });
    const err = await failure(delivery('busy'));
    expect(err.opts).toMatchObject({ retryable: true, retryAfterMs: 30_000, status: 429 });
    expect(err.opts.permanent).toBeUndefined();
  });

  it('retries the rate-limit code 613 even when it comes as a 400', async () => {
    sendApi().reply(400, graphError(613, undefined, '(#613) Calls to this api have exceeded the rate limit.'));
    expect((await failure(delivery('busy'))).opts).toMatchObject({ retryable: true, status: 400 });
  });

  it('retries a 5xx, and a network failure without the token in the error', async () => {
    sendApi().reply(500, { error: { message: 'An unexpected error has occurred. Please retry your request later.', code: 2 } });
    expect((await failure(delivery('x'))).opts).toMatchObject({ retryable: true, status: 500 });

    // A host nock knows nothing of: the connection is refused, and nock's error names the full URL (token included).
    const unreachable = createFacebookAdapter({ ...config, apiRoot: 'https://graph-down.facebook.test' });
    const network = (await unreachable.send(delivery('y')).catch((e: unknown) => e)) as AdapterError;
    expect(network).toBeInstanceOf(AdapterError);
    expect(network.opts.retryable).toBe(true);
    expect(network.opts.status).toBeUndefined();
    const text = `${network.message} ${(network.opts.cause as Error).message}`;
    expect(text).toContain('Disallowed net connect');
    expect(text).not.toContain(TOKEN);
  });

  it('gives up on other 4xx (bad token, bad request) without marking the buyer unreachable', async () => {
    sendApi().reply(400, graphError(190, undefined, 'Invalid OAuth access token.'));
    expect((await failure(delivery('x'))).opts).toMatchObject({ retryable: false, status: 400 });
    sendApi().reply(400, graphError(100, undefined, '(#100) Param recipient[id] must be a valid ID string'));
    const err = await failure(delivery('y'));
    expect(err.opts.retryable).toBe(false);
    expect(err.opts.permanent).toBeUndefined();
  });

  it('on a retry of a long reply, sends only the parts the buyer does not have yet', async () => {
    const sent: SentMessage[] = [];
    const first = `${'a'.repeat(1999)}.`;
    const second = 'b'.repeat(1500);
    const d = delivery(`${first}\n\n${second}`);
    recordSends(sendApi().reply(200, { message_id: 'm_1' }).post(SEND_PATH).query(true).reply(503, { error: { message: 'Service temporarily unavailable', code: 2 } }), sent);
    expect((await failure(d)).opts.retryable).toBe(true);
    expect(sent.map((s) => s.body.message.text)).toEqual([first, second]);

    recordSends(sendApi().reply(200, { message_id: 'm_2' }), sent);
    await adapter.send(d);
    expect(sent.map((s) => s.body.message.text)).toEqual([first, second, second]);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
