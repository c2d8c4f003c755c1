import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTwilioAdapter } from '../../../adapters/twilio/index.js';
import { ConversationBusyError, StoreUnavailableError } from '../../../src/errors.js';
import type { GatewayPort, InboundMessage, IngestResult, TranscriptEntry } from '../../../src/engine/types.js';
import { mountOn } from '../../../src/http/mount.js';
import { bodyParsers } from '../../../src/http/raw-body.js';
import { createLogger } from '../../../src/log.js';
import { freshSid, postToTwilioWebhook, twilioForm, type TwilioPost } from './sign.js';

const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-auth-token-0123456789abcdef';
const PUBLIC = { token: TOKEN, url: 'https://shop.example.com/webhooks/twilio' };

/** The gateway as the adapter sees it: records what it is given, fails when told to. */
const port = {
  received: [] as InboundMessage[],
  transcripts: new Map<string, TranscriptEntry[]>(),
  failReceive: undefined as Error | undefined,
  failTranscript: undefined as Error | undefined,
};
const gatewayPort: GatewayPort = {
  async receive(msg): Promise<IngestResult> {
    if (port.failReceive) throw port.failReceive;
    port.received.push(msg);
    return 'accepted';
  },
  async transcript(conversationId) {
    if (port.failTranscript) throw port.failTranscript;
    return port.transcripts.get(conversationId) ?? [];
  },
  sharedSecret: async () => 'unused',
  markUnreachable: async () => undefined,
  fanOut: async () => undefined,
  onFanOut: async () => () => undefined,
};

let server: Server;
let base = '';
const post = (p: TwilioPost) => postToTwilioWebhook(base, PUBLIC, p);

beforeAll(async () => {
  const app = express();
  app.use(...bodyParsers());
  const adapter = createTwilioAdapter({ accountSid: SID, authToken: TOKEN, number: '+14155550100', webhookUrl: PUBLIC.url, log: createLogger({ level: 'error', production: false, silent: true }) });
  await adapter.mount(mountOn(app, [], new Map()), gatewayPort);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
beforeEach(() => {
  port.received = [];
  port.transcripts.clear();
  port.failReceive = port.failTranscript = undefined;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe('Twilio webhook (adapter on its own)', () => {
  it('records an MMS with its media as attachments, then answers empty TwiML', async () => {
    const res = await post({ params: twilioForm('inbound-mms') });
    expect(res).toMatchObject({ status: 200, contentType: expect.stringMatching(/^text\/xml/), text: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });
    expect(port.received).toHaveLength(1);
    expect(port.received[0]).toMatchObject({
      id: 'MM8dfedb55c129dd4d6d9b5a7c3e8c2b3a',
      address: { channel: 'twilio', conversationId: 'twilio:+12025550143' },
      text: 'the box arrived like this',
      attachments: [
        { type: 'image', url: expect.stringMatching(/\/Media\/ME0000000000000000000000000000000a$/) },
        { type: 'video', url: expect.stringMatching(/\/Media\/ME0000000000000000000000000000000b$/) },
      ],
    });
  });

  it('acknowledges a status callback and a voice call with empty TwiML, recording nothing', async () => {
    for (const name of ['status-callback', 'unknown']) {
      const res = await post({ params: twilioForm(name) });
      expect(res.status, name).toBe(200);
      expect(res.text, name).toContain('<Response></Response>');
    }
    expect(port.received).toEqual([]);
  });

  it('answers 503 with Retry-After when the message could not be recorded, so it is not lost silently', async () => {
    for (const failure of [new StoreUnavailableError('redis down'), new ConversationBusyError('too many pending')]) {
      port.failReceive = failure;
      const res = await post({ params: twilioForm('inbound-sms', { MessageSid: freshSid() }) });
      expect(res.status, failure.name).toBe(503);
      expect(res.retryAfter, failure.name).toMatch(/^\d+$/);
      expect(res.text, failure.name).not.toContain('<Response>');
    }
  });

  it('answers 503 when the offered options cannot be read, instead of guessing', async () => {
    port.failTranscript = new StoreUnavailableError('redis down');
    expect((await post({ params: twilioForm('inbound-sms', { MessageSid: freshSid(), Body: '1' }) })).status).toBe(503);
    expect(port.received).toEqual([]);
  });

  it('turns a digit into the option the bot offered in that conversation', async () => {
    const options = [{ label: 'Shipping', payload: 'faq:shipping' }, { label: 'Returns', payload: 'faq:returns' }];
    port.transcripts.set('twilio:+12025550143', [
      { id: 'm1', from: 'buyer', text: 'hi', at: '2025-11-22T10:00:00.000Z' },
      { id: 'd:m1:0', from: 'bot', text: 'What is it about?', at: '2025-11-22T10:00:01.000Z', quickReplies: options },
    ]);
    expect((await post({ params: twilioForm('inbound-sms', { MessageSid: freshSid(), Body: '2' }) })).status).toBe(200);
    // Another buyer typing "2" was offered nothing: it stays a "2".
    expect((await post({ params: twilioForm('inbound-sms', { MessageSid: freshSid(), Body: '2', From: '+12025550199' }) })).status).toBe(200);
    expect(port.received.map((m) => [m.text, m.postback])).toEqual([
      ['Returns', 'faq:returns'],
      ['2', undefined],
    ]);
  });

  it('refuses unsigned and wrongly signed requests before reading them', async () => {
    const params = twilioForm('inbound-sms', { MessageSid: freshSid() });
    expect(await post({ params, signature: false })).toMatchObject({ status: 401, text: expect.stringContaining('missing X-Twilio-Signature header') });
    expect(await post({ params, token: 'another-token-0123456789abcdef' })).toMatchObject({ status: 403, text: expect.stringContaining('does not match') });
    expect((await post({ params, url: 'http://127.0.0.1/webhooks/twilio' })).status).toBe(403);
    expect(port.received).toEqual([]);
  });

  it('takes an MMS with a media URL that is not https and one without a content type: the text and the usable media are kept', async () => {
    const { MediaContentType1: _gone, ...params } = twilioForm('inbound-mms', { MessageSid: freshSid('MM'), MediaUrl0: 'http://media.example.com/ME0' });
    const res = await post({ params });
    expect(res.status).toBe(200);
    expect(port.received).toEqual([expect.objectContaining({ text: 'the box arrived like this', attachments: [] })]);
    const mediaOnly = await post({ params: twilioForm('inbound-mms', { MessageSid: freshSid('MM'), Body: '' }) });
    expect(mediaOnly.status).toBe(200);
    expect(port.received[1]).toMatchObject({ text: '', attachments: [{ type: 'image' }, { type: 'video' }] });
  });

  it('answers 400 with the reason to a signed message Twilio would never send', async () => {
    const res = await post({ params: twilioForm('inbound-mms', { MessageSid: freshSid('MM'), NumMedia: 'eleven' }) });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ error: expect.stringMatching(/^malformed Twilio request: NumMedia: /) });
    const other = await post({ params: twilioForm('inbound-sms', { MessageSid: freshSid(), AccountSid: `AC${'e'.repeat(32)}` }) });
    expect(other.status).toBe(400);
    expect(other.text).toContain('TWILIO_ACCOUNT_SID');
    expect(port.received).toEqual([]);
  });
});
