import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioAdapter } from '../../../adapters/twilio/index.js';
import { AdapterError } from '../../../src/errors.js';
import type { Delivery, OutboundReply } from '../../../src/engine/types.js';
import { createLogger } from '../../../src/log.js';
import { fakeMessagesApi, twilioError, type FakeAnswer, type SentSms } from './twilio-api-fake.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-0123456789abcdef';
const NUMBER = '+14155550100';
const BUYER = '+12025550143';

const adapter = createTwilioAdapter({
  accountSid: SID,
  authToken: TOKEN,
  number: NUMBER,
  webhookUrl: 'https://shop.example.com/webhooks/twilio',
  log: createLogger({ level: 'error', production: false, silent: true }),
});

let sent: SentSms[] = [];
let deliveryCounter = 0;
const delivery = (replies: OutboundReply[], to = BUYER): Delivery => ({ id: `d:test-${++deliveryCounter}`, address: { channel: 'twilio', conversationId: `twilio:${to}` }, replies });
const text = (t: string): OutboundReply => ({ kind: 'text', text: t });

/** The AdapterError `send` threw, or a failure when it did not throw one. */
async function failureOf(d: Delivery): Promise<AdapterError> {
  try {
    await adapter.send(d);
  } catch (err) {
    if (err instanceof AdapterError) return err;
    throw err;
  }
  throw new Error('send did not fail');
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  nock.cleanAll();
  sent = [];
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('Twilio send', () => {
  it('sends each reply as an SMS from the shop\'s number to the buyer, in order, with Basic auth', async () => {
    fakeMessagesApi(SID, sent);
    await adapter.send(delivery([text('Hello!'), { kind: 'text', text: 'What is it about?', quickReplies: [{ label: 'Shipping', payload: 'faq:shipping' }, { label: 'Returns', payload: 'faq:returns' }] }]));
    expect(sent.map(({ To, From, Body }) => ({ To, From, Body }))).toEqual([
      { To: BUYER, From: NUMBER, Body: 'Hello!' },
      { To: BUYER, From: NUMBER, Body: 'What is it about?\n\n1) Shipping  2) Returns' },
    ]);
    expect(sent[0]!.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
  });

  it('sends a text longer than 1600 characters as several SMS', async () => {
    fakeMessagesApi(SID, sent);
    await adapter.send(delivery([text('Every parcel is tracked. '.repeat(100))]));
    expect(sent.length).toBe(2);
    expect(sent.every((s) => s.Body.length <= 1600)).toBe(true);
  });

  it.each([
    [21610, 'Attempt to send to unsubscribed recipient'],
    [21614, '\'To\' number is not a valid mobile number'],
    [21211, 'Invalid \'To\' Phone Number'],
  ])('gives up on a buyer Twilio refuses for good (%i), after one attempt', async (code, message) => {
    fakeMessagesApi(SID, sent, [{ status: 400, body: twilioError(400, code, message) }]);
    const failure = await failureOf(delivery([text('Hello!'), text('Anything else?')]));
    expect(failure.opts).toMatchObject({ permanent: true, retryable: false, status: 400 });
    expect(failure.op).toContain(String(code));
    expect(sent).toHaveLength(1); // the second reply is not attempted
  });

  const cases: [string, FakeAnswer, { retryable: boolean; status?: number }][] = [
    ['HTTP 429 with code 20429', { status: 429, body: twilioError(429, 20429, 'Too Many Requests') }, { retryable: true, status: 429 }],
    ['code 20429 under another status', { status: 503, body: twilioError(503, 20429, 'Too Many Requests') }, { retryable: true, status: 429 }],
    ['HTTP 500', { status: 500, body: twilioError(500, 20500, 'Internal Server Error') }, { retryable: true, status: 500 }],
    ['HTTP 502 with an HTML page from a proxy', { status: 502, body: '<html><body>Bad Gateway</body></html>' }, { retryable: true }],
    ['a dropped connection', { networkError: 'ECONNRESET' }, { retryable: true }],
    ['bad credentials (401, 20003)', { status: 401, body: twilioError(401, 20003, 'Authenticate') }, { retryable: false, status: 401 }],
    ['a region not enabled (400, 21408)', { status: 400, body: twilioError(400, 21408, 'Permission to send an SMS has not been enabled for the region') }, { retryable: false, status: 400 }],
  ];
  it.each(cases)('classifies %s', async (_name, answer, expected) => {
    fakeMessagesApi(SID, sent, [answer]);
    const failure = await failureOf(delivery([text('Hello!')]));
    expect(failure.opts).toMatchObject(expected);
    expect(failure.opts.permanent).toBeFalsy();
  });

  it('on retry, does not send again the parts that already went out', async () => {
    fakeMessagesApi(SID, sent, [{ ok: true }, { status: 500, body: twilioError(500, 20500, 'Internal Server Error') }]);
    const d = delivery([text('one'), text('two'), text('three')]);
    expect((await failureOf(d)).opts.retryable).toBe(true);
    await adapter.send(d);
    expect(sent.map((s) => s.Body)).toEqual(['one', 'two', 'two', 'three']);
  });

  it('does not retry when Twilio accepts the request but names no message', async () => {
    fakeMessagesApi(SID, sent, [{ status: 201, body: { status: 'queued' } }]);
    expect((await failureOf(delivery([text('Hello!')]))).opts).toMatchObject({ retryable: false });
  });

  it('refuses a conversation that is not a phone number without calling Twilio', async () => {
    fakeMessagesApi(SID, sent);
    expect((await failureOf(delivery([text('Hello!')], 'not-a-number'))).opts).toMatchObject({ retryable: false });
    expect(sent).toEqual([]);
  });
});
