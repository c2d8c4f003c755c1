import nock from 'nock';

/** One Messages.json request as it reached Twilio (nock). */
export interface SentSms {
  To: string;
  From: string;
  Body: string;
  authorization: string | undefined;
}

/** A Message resource as Twilio answers a create (201), trimmed to what it always has. */
export function messageResource(accountSid: string, sms: { sid: string; to: string; from: string; body: string }) {
  return {
    account_sid: accountSid,
    api_version: '2010-04-01',
    body: sms.body,
    date_created: 'Sat, 22 Nov 2025 10:30:00 +0000',
    date_sent: null,
    date_updated: 'Sat, 22 Nov 2025 10:30:00 +0000',
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: sms.from,
    messaging_service_sid: null,
    num_media: '0',
    num_segments: '1',
    price: null,
    price_unit: 'USD',
    sid: sms.sid,
    status: 'queued',
    subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sms.sid}/Media.json` },
    to: sms.to,
    uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sms.sid}.json`,
  };
}

/** Twilio's error body, as its REST API answers a refused request. */
export const twilioError = (status: number, code: number, message: string) => ({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

/** How the fake answers one request: a Message (201), a Twilio error, a raw status and body, or a dropped connection. */
export type FakeAnswer = { ok: true } | { status: number; body: object | string } | { networkError: string };

let sidCounter = 0;

/**
 * Twilio's Messages.json at the wire (nock on api.twilio.com): every request is recorded in `sent`,
 * answered by `answer(request)` (default: accepted). Requests are read from the scope's 'request'
 * event (nock reply callbacks hang on Node 20), so answers are fixed per interceptor, queued in order.
 */
export function fakeMessagesApi(accountSid: string, sent: SentSms[], answers: FakeAnswer[] = [], times = 200): nock.Scope {
  const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const scope = nock('https://api.twilio.com');
  // nock 15 hands the listener a fetch-style request: its headers are a Headers object.
  const record = (req: { headers: Headers }, _interceptor: unknown, body: string) => {
    const form = Object.fromEntries(new URLSearchParams(body));
    sent.push({ To: form.To ?? '', From: form.From ?? '', Body: form.Body ?? '', authorization: req.headers.get('authorization') ?? undefined });
  };
  const accepted = () => messageResource(accountSid, { sid: `SM${(++sidCounter).toString(16).padStart(32, 'c')}`, to: '+12025550100', from: '+14155550100', body: '…' });
  for (const answer of answers) {
    const interceptor = scope.post(path);
    // An Error instance: nock 15 never settles the twilio client's (axios) request for a plain object.
    if ('networkError' in answer) interceptor.replyWithError(Object.assign(new Error(`socket ${answer.networkError}`), { code: answer.networkError }));
    else if ('ok' in answer) interceptor.reply(201, accepted());
    else interceptor.reply(answer.status, answer.body, typeof answer.body === 'string' ? { 'content-type': 'text/html' } : { 'content-type': 'application/json' });
  }
  scope.post(path).times(times).reply(201, accepted());
  scope.on('request', record);
  return scope;
}

/** A local Twilio REST API (plain http, as TWILIO_API_ROOT allows): Messages.json answered as Twilio does. */
export interface TwilioApiServer {
  /** Base URL to give as TWILIO_API_ROOT. */
  url: string;
  /** Every Messages.json request, in order. */
  sent: SentSms[];
  /** Answer the next requests with these Twilio errors (status, code, message), then accept again. */
  refuseNext(...errors: [number, number, string][]): void;
  close(): Promise<void>;
}

export async function startTwilioApiServer(accountSid: string): Promise<TwilioApiServer> {
  const { createServer } = await import('node:http');
  const sent: SentSms[] = [];
  const refusals: [number, number, string][] = [];
  const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== path) return answer(404, twilioError(404, 20404, `The requested resource ${req.url ?? ''} was not found`));
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      sent.push({ To: form.To ?? '', From: form.From ?? '', Body: form.Body ?? '', authorization: req.headers.authorization });
      const refusal = refusals.shift();
      if (refusal) return answer(refusal[0], twilioError(...refusal));
      answer(201, messageResource(accountSid, { sid: `SM${(++sidCounter).toString(16).padStart(32, 'd')}`, to: form.To ?? '', from: form.From ?? '', body: form.Body ?? '' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    sent,
    refuseNext: (...errors) => void refusals.push(...errors),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
