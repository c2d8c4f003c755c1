import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLineAdapter } from '../../../adapters/line/index.js';
import type { GatewayPort, InboundMessage, TranscriptEntry } from '../../../src/engine/types.js';
import { mountOn } from '../../../src/http/mount.js';
import { bodyParsers } from '../../../src/http/raw-body.js';
import { createLogger } from '../../../src/log.js';
import { signLine, textEvent } from './line-fake.js';

const SECRET = 'line-channel-secret-0123456789ab';
const received: InboundMessage[] = [];
const transcript: TranscriptEntry[] = [
  { id: 'm1', from: 'buyer', text: 'something odd', at: '2026-01-01T00:00:00Z' },
  { id: 'd1', from: 'bot', text: 'Pick one', at: '2026-01-01T00:00:01Z', quickReplies: [{ label: 'Green tea please', payload: 'tea:green' }] },
];
// Only what the webhook path uses; the rest is never called here.
const port = {
  receive: async (msg: InboundMessage) => (received.push(msg), 'accepted' as const),
  transcript: async () => transcript,
} as unknown as GatewayPort;

let server: ReturnType<express.Express['listen']>;
let url: string;
beforeAll(async () => {
  const app = express();
  app.use(bodyParsers());
  const adapter = createLineAdapter({ channelSecret: SECRET, channelAccessToken: 'line-channel-access-token-000000', apiRoot: 'http://127.0.0.1:9', log: createLogger({ level: 'error', production: false, silent: true }) });
  await adapter.mount(mountOn(app, [], new Map()), port);
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/line`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const post = (text: string, id: string) => {
  const body = JSON.stringify(textEvent('Uchoice', id, `tok-${id}`, text));
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-line-signature': signLine(body, SECRET) }, body });
};

describe('line quick reply presses', () => {
  it('the text of a button of the last bot reply carries that button\'s payload; other text does not', async () => {
    expect((await post('Green tea please', '01FZCHOICE0000000000000001')).status).toBe(200);
    expect((await post('Green tea', '01FZCHOICE0000000000000002')).status).toBe(200);
    expect(received.map((m) => [m.text, m.postback])).toEqual([
      ['Green tea please', 'tea:green'],
      ['Green tea', undefined],
    ]);
  });
});
