import WebSocket from 'ws';
import type { Gateway } from '../../src/main.js';

export interface Frame {
  type: string;
  id?: string;
  text?: string;
  from?: string;
  reason?: string;
  messages?: { id: string; from: string; text: string }[];
}

/** A web chat buyer on a real WebSocket, as the chat page would be (a new visitor, or `token`'s). */
export async function webBuyer(gateway: Gateway, opts: { token?: string; language?: string } = {}) {
  const res = await fetch(`${gateway.url}/webhooks/web/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(opts.token ? { token: opts.token } : {}),
  });
  const session = (await res.json()) as { token: string; visitorId: string };
  const frames: Frame[] = [];
  const ws = new WebSocket(`${gateway.url.replace('http', 'ws')}/webhooks/web/socket?token=${encodeURIComponent(session.token)}`);
  ws.on('message', (data) => frames.push(JSON.parse(String(data)) as Frame));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let n = 0;
  const language = opts.language ? { language: opts.language } : {};
  return {
    ...session,
    id: `web:${session.visitorId}`,
    ws,
    frames,
    send: (frame: object) => ws.send(JSON.stringify(frame)),
    say: (text: string) => ws.send(JSON.stringify({ type: 'message', id: `msg${String(++n).padStart(6, '0')}`, text, ...language })),
    press: (payload: string, text: string) => ws.send(JSON.stringify({ type: 'postback', id: `btn${String(++n).padStart(6, '0')}`, payload, text, ...language })),
    messages: () => frames.filter((f) => f.type === 'message'),
    replies: () => frames.filter((f) => f.type === 'message').map((f) => f.text),
  };
}
