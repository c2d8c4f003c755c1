import type { Attachment, ConversationId, InboundMessage, SharedContact } from '../../src/engine/types.js';
import { MessagingEventSchema, type MessengerAttachment, type MessagingEvent } from './payload.js';

/** Why an event produced no message: logged at debug, acknowledged with the rest of the batch. */
export type IgnoredReason = 'echo' | 'delivery' | 'read' | 'unknown' | 'invalid';

/** A messaging event, normalized: a buyer message for the engine, or the reason there is none. */
export type Normalized = { kind: 'message'; msg: InboundMessage } | { kind: 'ignored'; reason: IgnoredReason };

/** The conversation id of a buyer: the page-scoped id (PSID) Messenger gives them. */
export const facebookConversationId = (psid: string): ConversationId => `facebook:${psid}`;

/** The PSID inside a conversation id made by `facebookConversationId`. */
export const psidOf = (conversationId: string): string => conversationId.slice('facebook:'.length);

const PHONE = /^\+?[\d\s().-]{6,24}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A `user_phone_number` / `user_email` quick reply arrives as a message whose text and payload
 * are both the buyer's number or address (Meta's quick reply docs): that is a shared contact,
 * not a button of ours.
 */
function sharedContact(text: string | undefined, payload: string): SharedContact | undefined {
  if (text === undefined || text !== payload) return undefined;
  if (PHONE.test(payload) && (payload.match(/\d/g)?.length ?? 0) >= 6) return { phone: payload.trim() };
  if (EMAIL.test(payload)) return { email: payload.trim() };
  return undefined;
}

function toAttachment(a: MessengerAttachment): Attachment | undefined {
  const p = a.payload ?? undefined;
  switch (a.type) {
    case 'image':
      // Stickers (the thumbs-up too) are images with a sticker_id.
      return p?.url ? { type: p.sticker_id !== undefined ? 'sticker' : 'image', url: p.url } : undefined;
    case 'audio':
    case 'video':
    case 'file':
      return p?.url ? { type: a.type, url: p.url } : undefined;
    case 'reel':
    case 'ig_reel':
      return p?.url ? { type: 'video', url: p.url } : undefined;
    case 'location':
      return p?.coordinates ? { type: 'location', latitude: p.coordinates.lat, longitude: p.coordinates.long } : undefined;
    default:
      // `fallback` link shares and templates carry nothing a flow can use.
      return undefined;
  }
}

function base(event: MessagingEvent, id: string, receivedAt: Date): Omit<InboundMessage, 'text'> {
  const psid = event.sender.id;
  return {
    id,
    // The page id is kept so a multi-page set-up can pick the right token later.
    // `at`: when the buyer wrote, from which Messenger's reply window counts.
    address: { channel: 'facebook', conversationId: facebookConversationId(psid), ref: { pageId: event.recipient.id, at: receivedAt.getTime() } },
    sender: { id: psid },
    attachments: [],
    receivedAt: receivedAt.toISOString(),
  };
}

/**
 * One `entry[].messaging[]` event -> the engine's inbound message, or why it is skipped.
 * Pure: no I/O, no clock (the receive time is passed in).
 */
export function toInbound(raw: unknown, receivedAt: Date): Normalized {
  const parsed = MessagingEventSchema.safeParse(raw);
  if (!parsed.success) {
    const looksHandled = typeof raw === 'object' && raw !== null && ('message' in raw || 'postback' in raw);
    return { kind: 'ignored', reason: looksHandled ? 'invalid' : 'unknown' };
  }
  const event = parsed.data;

  if (event.message) {
    const m = event.message;
    // Our own replies come back as echoes (sender = the page): answering them would loop.
    if (m.is_echo) return { kind: 'ignored', reason: 'echo' };
    const msg: InboundMessage = { ...base(event, m.mid, receivedAt), text: m.text ?? '' };
    if (m.quick_reply) {
      const contact = sharedContact(m.text, m.quick_reply.payload);
      if (contact) msg.contact = contact;
      else msg.postback = m.quick_reply.payload;
    }
    msg.attachments = (m.attachments ?? []).map(toAttachment).filter((a): a is Attachment => a !== undefined);
    return { kind: 'message', msg };
  }

  if (event.postback) {
    const pb = event.postback;
    // Older API versions send postbacks without a mid; sender + time + payload is unique per press.
    const id = pb.mid ?? `postback:${event.sender.id}:${event.timestamp ?? ''}:${pb.payload}`;
    return { kind: 'message', msg: { ...base(event, id, receivedAt), text: pb.title ?? '', postback: pb.payload } };
  }

  if (event.delivery) return { kind: 'ignored', reason: 'delivery' };
  if (event.read) return { kind: 'ignored', reason: 'read' };
  return { kind: 'ignored', reason: 'unknown' };
}
