import type { OutboundReply, QuickReply } from '../../src/engine/types.js';
import { splitText } from '../split-text.js';

/** Telegram's limit on one message's text. */
export const MAX_TEXT = 4096;
/** Telegram's limit on a photo's or document's caption. */
export const MAX_CAPTION = 1024;
/** Telegram's limit on a button's callback_data, in bytes (UTF-8). */
export const MAX_CALLBACK_DATA_BYTES = 64;

/** An inline keyboard button that sends its payload back as a callback query. */
export interface InlineButton {
  text: string;
  callback_data: string;
}

/** A one-button reply keyboard that shares the buyer's phone number with the bot. */
export interface ContactKeyboard {
  keyboard: [[{ text: string; request_contact: true }]];
  one_time_keyboard: true;
  resize_keyboard: true;
}

/** The `reply_markup` of a sendMessage call, as this channel uses it. */
export type ReplyMarkup = { inline_keyboard: InlineButton[][] } | ContactKeyboard;

/** The body of one `sendMessage` call (https://core.telegram.org/bots/api#sendmessage). */
export interface SendMessageBody {
  chat_id: number | string;
  text: string;
  reply_markup?: ReplyMarkup;
}

/** The body of one `sendPhoto` or `sendDocument` call, reusing a file_id Telegram already has (an agent's). */
export type SendFileBody = { chat_id: number | string; caption?: string } & ({ photo: string } | { document: string });

/** One turn, rendered: the calls in order (sendPhoto / sendDocument for a body with `photo` / `document`), and the buttons Telegram could not carry. */
export interface Rendered {
  messages: (SendMessageBody | SendFileBody)[];
  /** Quick replies whose payload is longer than 64 bytes: Telegram would refuse the whole message. */
  dropped: QuickReply[];
}

/**
 * The share-my-number button's label, in the language of the buyer's Telegram app (the reply
 * itself carries only the question).
 */
const CONTACT_LABEL: Readonly<Record<string, string>> = {
  en: '📱 Share my phone number',
  zh: '📱 分享我的手机号',
  es: '📱 Compartir mi número',
};

/** The label of the request_contact button for a buyer whose app speaks `languageCode`. */
export function contactButtonLabel(languageCode: string | undefined): string {
  return CONTACT_LABEL[languageCode?.slice(0, 2).toLowerCase() ?? ''] ?? CONTACT_LABEL.en!;
}

/** A chat id as Telegram gives it (a number) when it is one; `@channelname` stays a string. */
export function chatIdParam(chatId: string): number | string {
  const n = Number(chatId);
  return /^-?\d+$/.test(chatId) && Number.isSafeInteger(n) ? n : chatId;
}

const fitsCallbackData = (payload: string) => payload.length > 0 && Buffer.byteLength(payload, 'utf8') <= MAX_CALLBACK_DATA_BYTES;

function markupOf(reply: OutboundReply, languageCode: string | undefined, dropped: QuickReply[]): ReplyMarkup | undefined {
  if (reply.kind === 'file') return undefined;
  if (reply.kind === 'contact_request') {
    // One-time: the keyboard folds away once the buyer shared their number.
    return { keyboard: [[{ text: contactButtonLabel(languageCode), request_contact: true }]], one_time_keyboard: true, resize_keyboard: true };
  }
  const rows: InlineButton[][] = [];
  for (const q of reply.quickReplies ?? []) {
    if (!fitsCallbackData(q.payload) || !q.label.trim()) {
      dropped.push(q);
      continue;
    }
    // One button per row: labels are sentences ("Talk to a person"), unreadable side by side on a phone.
    rows.push([{ text: q.label, callback_data: q.payload }]);
  }
  return rows.length ? { inline_keyboard: rows } : undefined;
}

/**
 * One turn's replies -> sendMessage bodies, in order. Text longer than Telegram's limit becomes
 * several messages; the keyboard rides on the last one, under the end of the text. Text is sent
 * plain (no parse_mode), so what a flow or agent wrote is shown exactly. Blank replies send
 * nothing, as Telegram refuses empty text. An agent's Telegram photo or file goes by its file_id
 * with the text as caption (a caption over Telegram's limit follows as text instead).
 */
export function toSendMessages(chatId: string, replies: readonly OutboundReply[], opts: { languageCode?: string } = {}): Rendered {
  const messages: (SendMessageBody | SendFileBody)[] = [];
  const dropped: QuickReply[] = [];
  const chat_id = chatIdParam(chatId);
  for (const reply of replies) {
    const text = reply.text;
    if (reply.kind === 'file' && reply.file.channel === 'telegram') {
      const caption = text.trim() && text.length <= MAX_CAPTION ? { caption: text } : {};
      messages.push({ chat_id, ...(reply.file.type === 'photo' ? { photo: reply.file.fileId } : { document: reply.file.fileId }), ...caption });
      if ('caption' in caption) continue;
    }
    const parts = splitText(text, MAX_TEXT);
    const markup = markupOf(reply, opts.languageCode, dropped);
    parts.forEach((text, i) => {
      const last = i === parts.length - 1;
      messages.push(last && markup ? { chat_id, text, reply_markup: markup } : { chat_id, text });
    });
  }
  return { messages, dropped };
}
