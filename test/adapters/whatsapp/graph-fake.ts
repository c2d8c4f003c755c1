import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the fake Cloud API received. */
export interface GraphCall {
  path: string;
  authorization: string | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** An error answer, shaped as the Graph API sends them. */
export interface FakeError {
  status: number;
  code: number;
  message: string;
}

/**
 * A local WhatsApp Cloud API: `POST /<version>/<phone-number-id>/messages`, answering a send with
 * `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id }] }` and a read receipt with
 * `{ success: true }`, as Meta does; or a Graph error body for the recipients the test names.
 */
export interface GraphFake {
  url: string;
  calls: GraphCall[];
  /** Sends to these recipients (`to` or `recipient`) fail with this error. */
  failFor: Map<string, FakeError>;
  /** Sends (not read receipts) to this recipient (a WhatsApp number or id, or a Messenger PSID), in order. */
  sentTo(recipient: string): GraphCall[];
  close(): Promise<void>;
}

export async function startGraphFake(): Promise<GraphFake> {
  const calls: GraphCall[] = [];
  const failFor = new Map<string, FakeError>();
  let n = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      const path = (req.url ?? '').split('?')[0]!;
      calls.push({ path, authorization: req.headers.authorization, body });
      res.setHeader('content-type', 'application/json');
      if (/^\/v\d+\.\d+\/me\/messages$/.test(path)) {
        // Messenger's Send API, for the window tests that run both channels against one fake.
        res.end(JSON.stringify({ recipient_id: body.recipient?.id, message_id: `m_FAKE${String(++n).padStart(8, '0')}` }));
        return;
      }
      if (!/^\/v\d+\.\d+\/\d+\/messages$/.test(path)) {
        res.statusCode = 400;
        res.end(JSON.stringify({ error: { message: 'Unknown path components', type: 'OAuthException', code: 2500, fbtrace_id: 'AZfake' } }));
        return;
      }
      if (body.status === 'read') {
        res.end(JSON.stringify({ success: true }));
        return;
      }
      const who = body.to ?? body.recipient;
      const fail = failFor.get(who);
      if (fail) {
        res.statusCode = fail.status;
        res.end(JSON.stringify({ error: { message: fail.message, type: 'OAuthException', code: fail.code, error_data: { messaging_product: 'whatsapp', details: fail.message }, fbtrace_id: 'AZfake' } }));
        return;
      }
      res.end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: who, wa_id: who }], messages: [{ id: `wamid.FAKE${String(++n).padStart(8, '0')}` }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    failFor,
    sentTo: (recipient) => calls.filter((c) => c.body.status !== 'read' && (c.body.to === recipient || c.body.recipient === recipient || c.body.recipient?.id === recipient)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** X-Hub-Signature-256 of these bytes. */
export const signMeta = (body: string, secret: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** The raw text of a fixture from Meta's published webhook examples (escaped unicode, as Meta sends it). */
export const fixtureText = (name: string): string => readFileSync(new URL(`../../fixtures/whatsapp/${name}.json`, import.meta.url), 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WhatsAppBody = { object: string; entry: any[] };

/** A fixture, parsed. */
export const fixture = (name: string): WhatsAppBody => JSON.parse(fixtureText(name)) as WhatsAppBody;

/** The published text message example from this buyer (wa_id), with this id and text, sent at `at` (ms). */
export function textFrom(waId: string, id: string, text: string, at = Date.now(), name = 'Lucía'): WhatsAppBody {
  const body = fixture('message.text');
  const value = body.entry[0].changes[0].value;
  value.contacts = [{ profile: { name }, wa_id: waId }];
  Object.assign(value.messages[0], { from: waId, id, timestamp: String(Math.floor(at / 1000)), text: { body: text } });
  return body;
}

/** Body text of a send, whatever its type. */
export function textOf(call: GraphCall): string {
  const b = call.body;
  if (b.type === 'text') return b.text.body;
  if (b.type === 'interactive') return b.interactive.body.text;
  if (b.type === 'template') return `template:${b.template.name}`;
  return '';
}
