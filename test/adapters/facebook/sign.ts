import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../fixtures/facebook/', import.meta.url));

/** A Messenger fixture's exact text, as Meta would send it. */
export function fixtureText(name: string): string {
  return readFileSync(`${FIXTURES}${name}.json`, 'utf8');
}

/** A Messenger fixture, parsed. */
export function fixture(name: string): MessengerBody {
  return JSON.parse(fixtureText(name)) as MessengerBody;
}

/** The first messaging event of a fixture. */
export function firstEvent(name: string): Record<string, unknown> {
  return fixture(name).entry[0]!.messaging![0]!;
}

/** The shape of a webhook body, as far as the tests build their own. */
export interface MessengerBody {
  object: string;
  entry: { id: string; time: number; messaging?: Record<string, unknown>[] }[];
}

/** `X-Hub-Signature-256` for a body, computed the way Meta does: HMAC-SHA256 of the bytes with the app secret. */
export function signMessenger(body: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/**
 * A delivery of text messages from one buyer, built on the documented text fixture, with
 * unique mids so test cases never dedupe each other.
 */
export function textDelivery(psid: string, texts: readonly string[], midPrefix: string): MessengerBody {
  const body = fixture('messages.text');
  const template = body.entry[0]!.messaging![0]! as { sender: { id: string }; timestamp: number; message: { mid: string; text: string } };
  body.entry[0]!.messaging = texts.map((text, i) => ({
    ...template,
    sender: { id: psid },
    timestamp: template.timestamp + i,
    message: { mid: `${midPrefix}-${i}`, text },
  }));
  return body;
}
