import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** One Bot API call as it reached the fake: `POST /bot<token>/<method>` with a JSON body. */
export interface BotApiCall {
  token: string;
  method: string;
  body: Record<string, unknown>;
  /** When it arrived (epoch ms). */
  at: number;
}

/** An HTTP answer of the fake, e.g. one of Telegram's `{ ok: false, error_code, description }`. */
export interface BotApiAnswer {
  status: number;
  body: unknown;
}

/** A local stand-in for api.telegram.org speaking the Bot API's JSON, for TELEGRAM_API_ROOT. */
export interface FakeBotApi {
  /** Base URL to pass as TELEGRAM_API_ROOT. */
  url: string;
  calls: BotApiCall[];
  /** The calls of one method, in order. */
  callsTo(method: string): BotApiCall[];
  /** The texts sent to one chat with sendMessage, in order. */
  textsTo(chatId: number | string): string[];
  /**
   * Answer the next `times` calls of `method` whose body matches `when` with `answer`, instead of
   * success. Rules are tried in the order they were added.
   */
  answer(method: string, when: (body: Record<string, unknown>) => boolean, answer: BotApiAnswer, times?: number): void;
  /** Updates for getUpdates to hand out (polling mode). */
  pushUpdates(...updates: unknown[]): void;
  close(): Promise<void>;
}

/** A failed call, shaped as the Bot API answers it. */
export function apiError(status: number, description: string, retryAfter?: number): BotApiAnswer {
  return { status, body: { ok: false, error_code: status, description, ...(retryAfter !== undefined ? { parameters: { retry_after: retryAfter } } : {}) } };
}

/** Match calls to one chat. */
export const toChat = (chatId: number | string) => (body: Record<string, unknown>) => String(body.chat_id) === String(chatId);

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (data += chunk));
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });

/**
 * Start the fake on a free loopback port. Calls succeed with the Bot API's result shapes unless
 * a rule says otherwise; getUpdates long-polls briefly (at most 300 ms) for pushed updates and
 * drops the ones the offset confirms, as Telegram does.
 */
export async function startFakeBotApi(): Promise<FakeBotApi> {
  const calls: BotApiCall[] = [];
  const rules: { method: string; when: (body: Record<string, unknown>) => boolean; answer: BotApiAnswer; left: number }[] = [];
  let pending: { update_id: number }[] = [];
  const waiting = new Set<() => void>();
  let messageId = 1000;

  const send = (res: ServerResponse, answer: BotApiAnswer) => {
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  };

  async function getUpdates(body: Record<string, unknown>): Promise<BotApiAnswer> {
    const offset = typeof body.offset === 'number' ? body.offset : 0;
    if (offset > 0) pending = pending.filter((u) => u.update_id >= offset);
    if (!pending.length) {
      await new Promise<void>((resolve) => {
        const done = () => (clearTimeout(timer), waiting.delete(done), resolve());
        const timer = setTimeout(done, 300);
        waiting.add(done);
      });
    }
    return { status: 200, body: { ok: true, result: pending.slice(0, 100) } };
  }

  const server = createServer(async (req, res) => {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) return send(res, apiError(404, 'Not Found'));
    const raw = await readBody(req);
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const [, token, method] = match as unknown as [string, string, string];
    calls.push({ token, method, body, at: Date.now() });
    const rule = rules.find((r) => r.method === method && r.left > 0 && r.when(body));
    if (rule) {
      rule.left -= 1;
      return send(res, rule.answer);
    }
    switch (method) {
      case 'sendMessage':
        return send(res, {
          status: 200,
          body: { ok: true, result: { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat: { id: body.chat_id, type: 'private' }, text: body.text } },
        });
      case 'getUpdates':
        return send(res, await getUpdates(body));
      default:
        return send(res, { status: 200, body: { ok: true, result: true } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    textsTo: (chatId) => calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chatId)).map((c) => String(c.body.text)),
    answer(method, when, answer, times = Infinity) {
      rules.push({ method, when, answer, left: times });
    },
    pushUpdates(...updates) {
      pending.push(...(updates as { update_id: number }[]));
      for (const wake of [...waiting]) wake();
    },
    close() {
      for (const wake of [...waiting]) wake();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
