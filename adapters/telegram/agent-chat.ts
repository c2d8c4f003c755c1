import type { AgentChat } from '../../src/agents/chat.js';
import { classifyApiError } from './api-error.js';
import { BotApiError, createBotApi } from './bot-api.js';
import { MAX_TEXT } from './render.js';

/** A post to an agent waits at most this long. */
const TIMEOUT_MS = 15_000;

/**
 * Talking to agents on Telegram (src/agents): sendMessage with an inline keyboard (Claim), as a
 * reply when asked, and editMessageText to show who took a conversation.
 */
export function createTelegramAgentChat(cfg: { botToken: string; apiRoot: string }): AgentChat & { close(): void } {
  const api = createBotApi(cfg.botToken, cfg.apiRoot);
  async function call<T>(method: 'sendMessage' | 'editMessageText', payload: Record<string, unknown>): Promise<T> {
    try {
      return (await api.call(method, payload as never, { timeoutMs: TIMEOUT_MS })) as T;
    } catch (err) {
      const failure = err instanceof BotApiError ? err.failure : undefined;
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw classifyApiError(method, failure, new Error(reason.split(cfg.botToken).join('[token]')));
    }
  }
  const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);
  return {
    async post(chatId, text, opts = {}) {
      const sent = await call<{ message_id: number }>('sendMessage', {
        chat_id: chatId,
        text: clip(text),
        ...(opts.buttons?.length ? { reply_markup: { inline_keyboard: [opts.buttons.map((b) => ({ text: b.label, callback_data: b.payload }))] } } : {}),
        ...(opts.replyTo ? { reply_parameters: { message_id: Number(opts.replyTo), allow_sending_without_reply: true } } : {}),
      });
      return String(sent.message_id);
    },
    async edit(chatId, messageId, text) {
      await call('editMessageText', { chat_id: chatId, message_id: Number(messageId), text: clip(text) });
    },
    close: () => api.close(),
  };
}
