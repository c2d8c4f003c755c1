import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the fake Messaging API received. */
export interface LineCall {
  path: string;
  authorization: string | undefined;
  body: { replyToken?: string; to?: string; messages: Array<{ type: string; text: string; quickReply?: { items: Array<{ action: { type: string; label: string; text: string } }> } }> };
}

/** An error answer, as LINE shapes them: `{"message": "..."}`. */
export interface FakeError {
  status: number;
  message: string;
}

/**
 * A local LINE Messaging API: `POST /v2/bot/message/reply` and `/push`, answering `{}` with 200
 * like LINE does, or an error body for the reply tokens / push targets the test names.
 */
export interface LineFake {
  url: string;
  calls: LineCall[];
  failReplyToken: Map<string, FakeError>;
  failPushTo: Map<string, FakeError>;
  close(): Promise<void>;
}

export async function startLineFake(): Promise<LineFake> {
  const calls: LineCall[] = [];
  const failReplyToken = new Map<string, FakeError>();
  const failPushTo = new Map<string, FakeError>();
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as LineCall['body'];
      const path = req.url ?? '';
      calls.push({ path, authorization: req.headers.authorization, body });
      const fail = path === '/v2/bot/message/reply' ? failReplyToken.get(body.replyToken ?? '') : path === '/v2/bot/message/push' ? failPushTo.get(body.to ?? '') : { status: 404, message: 'Not found' };
      res.setHeader('content-type', 'application/json');
      if (fail) {
        res.statusCode = fail.status;
        res.end(JSON.stringify({ message: fail.message }));
        return;
      }
      res.statusCode = 200;
      res.end(path.endsWith('/push') ? JSON.stringify({ sentMessages: [{ id: '461230966842064897', quoteToken: 'IStG5h1Tz7b...' }] }) : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    failReplyToken,
    failPushTo,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** x-line-signature of these bytes. */
export const signLine = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('base64');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LineBody = { destination: string; events: any[] };

/** A fixture from LINE's published webhook examples. */
export const fixture = (name: string): LineBody => JSON.parse(readFileSync(new URL(`../../fixtures/line/${name}.json`, import.meta.url), 'utf8')) as LineBody;

/** A text message event from the published example, with this buyer, id, token and text, sent now. */
export function textEvent(userId: string, eventId: string, replyToken: string, text: string, at = Date.now()): LineBody {
  const body = fixture('message.text');
  Object.assign(body.events[0], { webhookEventId: eventId, replyToken, timestamp: at, source: { type: 'user', userId } });
  body.events[0].message.text = text;
  return body;
}
