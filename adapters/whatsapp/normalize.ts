import type { Attachment, ConversationId, InboundMessage, Json } from '../../src/engine/types.js';
import { MessageSchema, StatusSchema, type MessagesValue, type SenderContact, type WhatsAppMessage, type WhatsAppRef } from './payload.js';

/** Why a message produced no turn: logged at debug, acknowledged with the rest. */
export type IgnoredReason = 'reaction' | 'unsupported' | 'no-user' | 'invalid';

/** One `messages[]` item, normalized: a buyer message for the engine, or why there is none. */
export type Normalized = { kind: 'message'; msg: InboundMessage } | { kind: 'ignored'; reason: IgnoredReason; type?: string };

/** One `statuses[]` item, normalized. `unreachable`: the error says the buyer cannot get our messages. */
export interface StatusUpdate {
  conversationId?: ConversationId;
  messageId: string;
  status: string;
  at: number;
  failure?: { code: number; title: string };
  unreachable: boolean;
}

/**
 * Error codes of a failed status that mean the user cannot be reached (Meta's Cloud API error
 * codes): 131026 "message undeliverable" (not on WhatsApp, an app too old, or the business is
 * blocked). Others say nothing about the buyer: 131047 is the 24-hour window, 130472 the number
 * is part of Meta's experiment, 131049 the ecosystem limit, 131000 a passing failure.
 */
export const UNREACHABLE_CODES: ReadonlySet<number> = new Set([131026]);

/**
 * Conversation key: the user's phone number (`wa_id`) when WhatsApp gives one, else their
 * business-scoped user id, else their username (`@name`), so users without a phone number are
 * still one conversation each. `whatsapp:` keys never meet Twilio's `twilio:whatsapp:+…` ones.
 */
export const whatsappConversationId = (userKey: string): ConversationId => `whatsapp:${userKey}`;

/** Whom a send goes to: a phone number (`to`), or a business-scoped user id / username (`recipient`). */
export function recipientOf(conversationId: string): { to: string } | { recipient: string } {
  const key = conversationId.slice('whatsapp:'.length);
  return /^\d+$/.test(key) ? { to: key } : { recipient: key };
}

/** The user key of a sender: wa_id / from, else the business-scoped id, else the username. */
function userKeyOf(m: WhatsAppMessage, contact: SenderContact | undefined): string | undefined {
  const phone = m.from && /^\d+$/.test(m.from) ? m.from : contact?.wa_id;
  if (phone) return phone;
  const userId = m.from_user_id ?? contact?.user_id ?? m.from;
  if (userId) return userId;
  const username = contact?.profile?.username;
  return username ? `@${username.replace(/^@/, '')}` : undefined;
}

/** The `contacts[]` entry of this message's sender (by phone or user id; the only one otherwise). */
function senderContact(value: MessagesValue, m: WhatsAppMessage): SenderContact | undefined {
  const all = value.contacts ?? [];
  return all.find((c) => (m.from && (c.wa_id === m.from || c.user_id === m.from)) || (m.from_user_id && c.user_id === m.from_user_id)) ?? (all.length === 1 ? all[0] : undefined);
}

const MEDIA = ['image', 'audio', 'voice', 'video', 'document', 'sticker'] as const;
const ATTACHMENT_TYPE = { image: 'image', audio: 'audio', voice: 'audio', video: 'video', document: 'file', sticker: 'sticker' } as const;

/** What the buyer "said": the text a flow (and the agent's transcript) reads, and any attachment. */
function describe(m: WhatsAppMessage): { text: string; postback?: string; attachments: Attachment[] } | undefined {
  if (m.type === 'text' && m.text) return { text: m.text.body, attachments: [] };
  if (m.type === 'interactive' && m.interactive) {
    const reply = m.interactive.button_reply ?? m.interactive.list_reply;
    return reply ? { text: reply.title, postback: reply.id, attachments: [] } : undefined;
  }
  if (m.type === 'button' && m.button) {
    // A template's quick reply: its payload is the choice; older templates may carry only the text.
    const text = m.button.text ?? m.button.payload ?? '';
    return { text, ...(m.button.payload ? { postback: m.button.payload } : {}), attachments: [] };
  }
  if (m.type === 'location' && m.location) {
    const where = [m.location.name, m.location.address].filter(Boolean).join(', ');
    return { text: where ? `[location: ${where}]` : '[location]', attachments: [{ type: 'location', latitude: m.location.latitude, longitude: m.location.longitude }] };
  }
  if (m.type === 'contacts' && m.contacts) {
    // Somebody's card: shown to the agent as it is, never taken as the buyer's own number.
    const cards = m.contacts.map((c) => [c.name?.formatted_name, ...(c.phones ?? []).map((p) => p.phone ?? p.wa_id)].filter(Boolean).join(' '));
    return { text: `[contact: ${cards.join('; ')}]`, attachments: [] };
  }
  const kind = MEDIA.find((t) => t === m.type);
  const media = kind ? m[kind] : undefined;
  if (kind && media) {
    const type = kind === 'audio' && media.voice ? 'voice' : kind;
    // Media is fetched from the Graph API by its id; the id is kept for an agent to look it up.
    const label = media.filename ? `[${type}: ${media.filename}]` : `[${type}]`;
    return { text: media.caption ?? label, attachments: [{ type: ATTACHMENT_TYPE[kind], fileId: media.id }] };
  }
  return undefined;
}

/**
 * One `value.messages[]` item -> a buyer message, or why it is skipped. Pure: the receive time
 * is passed in. The message's own timestamp goes into the address: the 24-hour window counts from it.
 */
export function toInbound(value: MessagesValue, raw: unknown, receivedAt: Date): Normalized {
  const parsed = MessageSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'ignored', reason: 'invalid' };
  const m = parsed.data;
  // A reaction is not a question: answering a thumbs-up with "sorry, I did not get that" would be worse than silence.
  if (m.type === 'reaction') return { kind: 'ignored', reason: 'reaction', type: m.type };
  const contact = senderContact(value, m);
  const userKey = userKeyOf(m, contact);
  if (!userKey) return { kind: 'ignored', reason: 'no-user', type: m.type };
  const said = describe(m);
  if (!said) return { kind: 'ignored', reason: 'unsupported', type: m.type };
  const ref: WhatsAppRef = { at: m.timestamp, messageId: m.id, phoneNumberId: value.metadata.phone_number_id };
  const name = contact?.profile?.name;
  const msg: InboundMessage = {
    // Meta redelivers with the same wamid: the store's dedupe drops the repeat.
    id: m.id,
    address: { channel: 'whatsapp', conversationId: whatsappConversationId(userKey), ref: ref as unknown as Json },
    sender: { id: userKey, ...(name ? { name } : {}) },
    text: said.text,
    ...(said.postback !== undefined ? { postback: said.postback } : {}),
    attachments: said.attachments,
    receivedAt: receivedAt.toISOString(),
  };
  return { kind: 'message', msg };
}

/** One `value.statuses[]` item -> what became of our message; undefined when it is not one. Pure. */
export function toStatus(raw: unknown): StatusUpdate | undefined {
  const parsed = StatusSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const s = parsed.data;
  const key = s.recipient_id ?? s.recipient_user_id;
  const error = s.errors?.[0];
  return {
    ...(key ? { conversationId: whatsappConversationId(key) } : {}),
    messageId: s.id,
    status: s.status,
    at: s.timestamp,
    ...(error ? { failure: { code: error.code, title: error.title ?? error.message ?? '' } } : {}),
    unreachable: s.status === 'failed' && (s.errors ?? []).some((e) => UNREACHABLE_CODES.has(e.code)),
  };
}
