import type { Attachment, ConversationId, InboundMessage, SharedContact } from '../../src/engine/types.js';
import type { TelegramCallbackQuery, TelegramMessage, TelegramUpdate } from './payload.js';

/** Why an update produced no message: logged at debug, acknowledged with 200. */
export type IgnoredReason = 'group' | 'channel' | 'bot' | 'empty' | 'inline' | 'unknown';

/**
 * An update, normalized: a buyer message to record, a buyer who blocked the bot, or the reason
 * there is nothing to do. `callbackQueryId` is set for button presses, which must be answered
 * so the buyer's app stops its spinner, whatever became of them.
 */
export type Normalized =
  | { kind: 'message'; msg: InboundMessage; callbackQueryId?: string }
  /** The buyer edited message `messageId`: never a new turn (see GatewayPort.editMessage). */
  | { kind: 'edit'; conversationId: ConversationId; messageId: string; text: string }
  | { kind: 'unreachable'; conversationId: ConversationId }
  | { kind: 'ignored'; reason: IgnoredReason; callbackQueryId?: string };

/** What normalizing needs to know of the bot. */
export interface NormalizeOptions {
  /** The numeric id before the colon of the bot token: update ids are only unique per bot. */
  botId: string;
  /** Answer in group chats too. */
  allowGroups: boolean;
  /** The agents' group (shop config `agentsPlace.telegram`): read even when groups are not answered. */
  agentsChat?: string;
}

/** What `Address.ref` holds for a Telegram conversation: the buyer's app language, for button labels. */
export interface TelegramRef {
  languageCode?: string;
}

/** The conversation id of a Telegram chat. */
export const telegramConversationId = (chatId: number | string): ConversationId => `telegram:${chatId}`;

/** The chat id inside a conversation id made by `telegramConversationId`. */
export const chatIdOf = (conversationId: string): string => conversationId.slice('telegram:'.length);

/**
 * The id of a buyer message: `<botId>:<chat id>:<message_id>`. Telegram redelivers an update with
 * the same message, and an edit names the same chat and message_id, so it finds the original.
 */
export const telegramMessageId = (botId: string, chatId: number, messageId: number): string => `${botId}:${chatId}:${messageId}`;

/** The bot id part of a bot token (`123456:ABC...` -> `123456`). */
export const botIdOf = (token: string): string => token.split(':', 1)[0] ?? token;

const isGroup = (type: string) => type === 'group' || type === 'supergroup';

function nameOf(person: { first_name?: string | undefined; last_name?: string | undefined }): string | undefined {
  const name = [person.first_name, person.last_name].filter(Boolean).join(' ').trim();
  return name || undefined;
}

function attachmentsOf(m: TelegramMessage): Attachment[] {
  const out: Attachment[] = [];
  // The sizes of one photo come smallest first: the last one is the original.
  const photo = m.photo?.at(-1);
  if (photo) out.push({ type: 'image', fileId: photo.file_id });
  if (m.sticker) out.push({ type: 'sticker', fileId: m.sticker.file_id });
  if (m.voice) out.push({ type: 'audio', fileId: m.voice.file_id });
  if (m.audio) out.push({ type: 'audio', fileId: m.audio.file_id });
  if (m.video) out.push({ type: 'video', fileId: m.video.file_id });
  if (m.video_note) out.push({ type: 'video', fileId: m.video_note.file_id });
  if (m.animation) out.push({ type: 'video', fileId: m.animation.file_id });
  else if (m.document) out.push({ type: 'file', fileId: m.document.file_id });
  if (m.location) out.push({ type: 'location', latitude: m.location.latitude, longitude: m.location.longitude });
  return out;
}

/**
 * The buyer's own contact card, as a request_contact button shares it. A card of somebody else
 * (attached by hand) is not the buyer's contact, so it is not taken as theirs.
 */
function ownContact(m: TelegramMessage): SharedContact | undefined {
  const c = m.contact;
  if (!c || c.user_id === undefined || c.user_id !== m.from?.id) return undefined;
  // Telegram sends the number in international form, with or without the leading +.
  const phone = c.phone_number.trim().startsWith('+') ? c.phone_number.trim() : `+${c.phone_number.trim()}`;
  const name = nameOf(c);
  return { phone, ...(name ? { name } : {}) };
}

function base(id: string, chatId: number, from: TelegramMessage['from'], receivedAt: Date): Omit<InboundMessage, 'text'> {
  const languageCode = from?.language_code;
  const name = from ? nameOf(from) : undefined;
  return {
    id,
    address: { channel: 'telegram', conversationId: telegramConversationId(chatId), ...(languageCode ? { ref: { languageCode } satisfies TelegramRef } : {}) },
    // A group message from an anonymous admin has no `from`: the chat speaks.
    sender: { id: String(from?.id ?? chatId), ...(name ? { name } : {}) },
    attachments: [],
    receivedAt: receivedAt.toISOString(),
    ...(languageCode ? { languageHint: languageCode } : {}),
  };
}

/**
 * Where in a forum the message was written: its topic, and what it really replies to. In a topic,
 * Telegram makes every message a reply to the topic's opening ("topic created", whose id is the
 * topic's id) unless the writer replied to something else: that is not a reply to anything.
 */
function placeInChat(m: TelegramMessage): Pick<InboundMessage, 'topic' | 'replyTo'> {
  const topic = m.is_topic_message && m.message_thread_id !== undefined ? String(m.message_thread_id) : undefined;
  const replied = m.reply_to_message ? String(m.reply_to_message.message_id) : undefined;
  return { ...(topic ? { topic } : {}), ...(replied && replied !== topic ? { replyTo: replied } : {}) };
}

/** Why a message of this chat and sender is not answered, if it is not. */
function notAnswered(m: TelegramMessage, opts: NormalizeOptions): IgnoredReason | undefined {
  if (isGroup(m.chat.type) && !opts.allowGroups && String(m.chat.id) !== opts.agentsChat) return 'group';
  if (m.chat.type === 'channel') return 'channel';
  if (m.from?.is_bot) return 'bot';
  return undefined;
}

function fromMessage(m: TelegramMessage, opts: NormalizeOptions, receivedAt: Date): Normalized {
  const reason = notAnswered(m, opts);
  if (reason) return { kind: 'ignored', reason };
  const id = telegramMessageId(opts.botId, m.chat.id, m.message_id);
  const attachments = attachmentsOf(m);
  const contact = ownContact(m);
  const text = m.text ?? m.caption ?? '';
  // Service messages (members joining, pins, payments) and kinds we do not read (polls, dice)
  // carry nothing a flow could answer.
  if (!text && !attachments.length && !m.contact) return { kind: 'ignored', reason: 'empty' };
  return { kind: 'message', msg: { ...base(id, m.chat.id, m.from, receivedAt), text, attachments, ...(contact ? { contact } : {}), ...placeInChat(m) } };
}

/** The label of the button whose payload is `data`, from the keyboard under the bot's message. */
function labelOf(q: TelegramCallbackQuery): string | undefined {
  for (const row of q.message?.reply_markup?.inline_keyboard ?? []) {
    for (const button of row) if (button.callback_data === q.data) return button.text;
  }
  return undefined;
}

/** An edited message: the new text (or caption) of the original, found by its chat and message_id. */
function fromEdit(m: TelegramMessage, opts: NormalizeOptions): Normalized {
  const reason = notAnswered(m, opts);
  if (reason) return { kind: 'ignored', reason };
  const text = m.text ?? m.caption;
  if (text === undefined) return { kind: 'ignored', reason: 'empty' }; // e.g. a live location moving
  return { kind: 'edit', conversationId: telegramConversationId(m.chat.id), messageId: telegramMessageId(opts.botId, m.chat.id, m.message_id), text };
}

function fromCallbackQuery(q: TelegramCallbackQuery, id: string, opts: NormalizeOptions, receivedAt: Date): Normalized {
  const callbackQueryId = q.id;
  if (q.data === undefined) return { kind: 'ignored', reason: 'unknown', callbackQueryId }; // a game button
  // Without the message (a button under an inline-mode message in some other chat), there is no
  // conversation of ours it belongs to: answered, so the spinner stops, and nothing sent anywhere.
  if (!q.message) return { kind: 'ignored', reason: 'inline', callbackQueryId };
  const chat = q.message.chat;
  if (isGroup(chat.type) && !opts.allowGroups && String(chat.id) !== opts.agentsChat) return { kind: 'ignored', reason: 'group', callbackQueryId };
  if (chat.type === 'channel') return { kind: 'ignored', reason: 'channel', callbackQueryId };
  // A press in a forum topic is answered in that topic.
  const topic = placeInChat(q.message).topic;
  const msg: InboundMessage = { ...base(id, chat.id, q.from, receivedAt), text: labelOf(q) ?? q.data, postback: q.data, ...(topic ? { topic } : {}) };
  return { kind: 'message', msg, callbackQueryId };
}

/**
 * One validated update -> the engine's inbound message, or what else to do. Pure: no I/O and
 * no clock (the receive time is passed in).
 *
 * A message's id is `<botId>:<chat id>:<message_id>` (telegramMessageId): a redelivered update
 * carries the same message, an edit (a new update) names it too and so updates it instead of
 * being a second turn, and two bots' ids never collide in one store. A button press has no
 * message of its own: its id is `<botId>:<update_id>`.
 */
export function toInbound(update: TelegramUpdate, opts: NormalizeOptions, receivedAt: Date): Normalized {
  const id = `${opts.botId}:${update.update_id}`;
  if (update.message) return fromMessage(update.message, opts, receivedAt);
  if (update.edited_message) return fromEdit(update.edited_message, opts);
  if (update.callback_query) return fromCallbackQuery(update.callback_query, id, opts, receivedAt);
  if (update.my_chat_member) {
    const { chat, new_chat_member } = update.my_chat_member;
    const answered = chat.type === 'private' || (isGroup(chat.type) && opts.allowGroups);
    // `kicked`: the buyer blocked the bot (or removed it from a group); `left`: it was removed from a group.
    if (answered && (new_chat_member.status === 'kicked' || new_chat_member.status === 'left')) {
      return { kind: 'unreachable', conversationId: telegramConversationId(chat.id) };
    }
    return { kind: 'ignored', reason: chat.type === 'channel' ? 'channel' : 'unknown' };
  }
  // A channel's own post is the shop broadcasting, not a buyer writing: answering it would
  // publish the bot's reply to every subscriber, so it is never a message, groups allowed or not.
  if (update.channel_post || update.edited_channel_post) return { kind: 'ignored', reason: 'channel' };
  return { kind: 'ignored', reason: 'unknown' };
}
