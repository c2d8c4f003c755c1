import { createServer, type Server, type ServerResponse } from 'node:http';

/** One sendMessage the limited fake accepted. */
export interface AcceptedSend {
  chat: number;
  text: string;
  /** performance.now() when it arrived (the load generator's clock: same process). */
  at: number;
}

export interface LimitedTelegram {
  url: string;
  accepted: AcceptedSend[];
  /** 429s answered: the bot's rate (flood control) and one chat's. */
  refused: { bot: number; chat: number };
  close(): Promise<void>;
}

export interface TelegramLimits {
  /** Messages a second for the whole bot (Telegram: about 30). */
  perSecond: number;
  /** How many may come at once after a quiet moment: a token bucket of this size, refilled at `perSecond`. */
  burst: number;
  /** Least gap between two messages to one chat (Telegram: about a second), in ms. */
  chatGapMs: number;
}

/**
 * A Bot API that enforces Telegram's sending limits as a bot meets them: past about 30 messages a
 * second in all, or more than about one a second in one chat, sendMessage is answered `429 Too
 * Many Requests: retry after N` with `parameters.retry_after`, as Telegram does. Telegram does not
 * publish how it counts; this fake keeps the bot's rate as a token bucket (`burst` at most at once,
 * `perSecond` on average) and each chat's as a least gap, so a sender that spaces its messages
 * exactly is never refused for a few milliseconds of jitter, and one that does not is.
 */
export async function startLimitedTelegram(limits: TelegramLimits): Promise<LimitedTelegram> {
  const accepted: AcceptedSend[] = [];
  const refused = { bot: 0, chat: 0 };
  let tokens = limits.burst;
  let filledAt = performance.now();
  const lastToChat = new Map<number, number>();
  let messageId = 1;

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const tooMany = (res: ServerResponse, seconds: number) =>
    answer(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } });

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = /\/bot[^/]+\/(\w+)$/.exec(req.url ?? '')?.[1];
      if (method !== 'sendMessage') return answer(res, 200, { ok: true, result: true }); // answerCallbackQuery and the like
      let params: { chat_id?: number | string; text?: string };
      try {
        params = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof params;
      } catch {
        return answer(res, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
      }
      const now = performance.now();
      const chat = Number(params.chat_id);
      const last = lastToChat.get(chat);
      if (last !== undefined && now - last < limits.chatGapMs) {
        refused.chat++;
        return tooMany(res, Math.max(1, Math.ceil((limits.chatGapMs - (now - last)) / 1000)));
      }
      tokens = Math.min(limits.burst, tokens + ((now - filledAt) * limits.perSecond) / 1000);
      filledAt = now;
      if (tokens < 1) {
        refused.bot++;
        return tooMany(res, Math.max(1, Math.ceil((1 - tokens) / limits.perSecond)));
      }
      tokens -= 1;
      lastToChat.set(chat, now);
      accepted.push({ chat, text: String(params.text ?? ''), at: now });
      answer(res, 200, { ok: true, result: { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private' }, text: params.text } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
