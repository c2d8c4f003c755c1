import { createServer, type Server } from 'node:http';

/** One Web API call the fake received, its fields decoded (blocks parsed). */
export interface SlackCall {
  method: string;
  params: Record<string, unknown>;
  /** chat.postMessage: the ts the fake answered with. */
  ts?: string;
}

/**
 * A local Slack Web API for the agents' tests: chat.postMessage, chat.update and
 * conversations.open answered as Slack does (`{ ok, channel, ts }`), every call recorded.
 * A user's DM with the app is `D` + the user id without its `U`.
 */
export async function startFakeSlack() {
  const calls: SlackCall[] = [];
  let ts = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const params: Record<string, unknown> = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
    if (typeof params.blocks === 'string') params.blocks = JSON.parse(params.blocks);
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const call: SlackCall = { method, params };
    calls.push(call);
    const answer = (body: object) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, ...body }));
    };
    switch (method) {
      case 'conversations.open':
        return answer({ channel: { id: `D${String(params.users).slice(1)}` } });
      case 'chat.postMessage':
        call.ts = `1763900000.${String(++ts).padStart(6, '0')}`;
        return answer({ channel: params.channel, ts: call.ts, message: { text: params.text } });
      case 'chat.update':
        return answer({ channel: params.channel, ts: params.ts });
      default:
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'unknown_method' }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const posts = (channel: string) => calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === channel);
  return {
    apiRoot: `http://127.0.0.1:${port}/api/`,
    calls,
    posts,
    texts: (channel: string) => posts(channel).map((c) => String(c.params.text)),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
