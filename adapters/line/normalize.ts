import type { Attachment, ConversationId, InboundMessage } from '../../src/engine/types.js';
import { EventSchema, type LineEvent, type LineMessage, type LineSource } from './payload.js';

/** Why an event produced no message: logged at debug, acknowledged with the rest. */
export type IgnoredReason = 'standby' | 'no-user' | 'unsupported' | 'invalid';

/** A webhook event, normalized. `unfollow`: the buyer blocked the bot. */
export type Normalized =
  | { kind: 'message'; msg: InboundMessage }
  | { kind: 'unfollow'; conversationId: ConversationId }
  | { kind: 'ignored'; reason: IgnoredReason; type?: string };

/**
 * Conversation key. One-to-one chats are keyed by userId; in a group or room each member gets
 * their own conversation (`<groupId>/<userId>`), answered in that group, so one buyer's state
 * never mixes with another's.
 */
export function lineConversationId(source: LineSource): ConversationId | undefined {
  if (!source.userId) return undefined;
  if (source.type === 'group' && source.groupId) return `line:${source.groupId}/${source.userId}`;
  if (source.type === 'room' && source.roomId) return `line:${source.roomId}/${source.userId}`;
  return `line:${source.userId}`;
}

/** Where a push to this conversation goes: the group or room when there is one, else the user. */
export function pushTargetOf(conversationId: string): string {
  const key = conversationId.slice('line:'.length);
  const slash = key.indexOf('/');
  return slash === -1 ? key : key.slice(0, slash);
}

/** A message that is not text, as a line a flow (and the agent's transcript) can read. */
function describe(m: LineMessage): { text: string; attachment?: Attachment } {
  switch (m.type) {
    case 'text':
      return { text: m.text ?? '' };
    case 'sticker':
      return { text: m.keywords?.length ? `[sticker: ${m.keywords.slice(0, 3).join(', ')}]` : '[sticker]', attachment: { type: 'sticker', fileId: `${m.packageId ?? ''}/${m.stickerId ?? ''}` } };
    case 'image':
    case 'video':
    case 'audio':
      // Content is fetched from LINE by message id; the id is kept for an agent to look it up.
      return { text: `[${m.type}]`, attachment: { type: m.type, fileId: m.id } };
    case 'file':
      return { text: m.fileName ? `[file: ${m.fileName}]` : '[file]', attachment: { type: 'file', fileId: m.id } };
    case 'location': {
      const where = [m.title, m.address].filter(Boolean).join(', ');
      const attachment: Attachment = { type: 'location', ...(m.latitude !== undefined ? { latitude: m.latitude } : {}), ...(m.longitude !== undefined ? { longitude: m.longitude } : {}) };
      return { text: where ? `[location: ${where}]` : '[location]', attachment };
    }
    default:
      return { text: `[${m.type}]` };
  }
}

function base(event: LineEvent, conversationId: ConversationId, receivedAt: Date): Omit<InboundMessage, 'text'> {
  return {
    // webhookEventId is the same on a redelivery: the store's dedupe drops the repeat.
    id: event.webhookEventId,
    address: { channel: 'line', conversationId, ref: { ...(event.replyToken ? { replyToken: event.replyToken } : {}), at: event.timestamp } },
    sender: { id: event.source!.userId! },
    attachments: [],
    receivedAt: receivedAt.toISOString(),
  };
}

/** What a new follower "says": a greeting, so the greeting flow answers as for any hello. */
export const FOLLOW_TEXT = 'hello';

/** One webhook event -> a buyer message, an unfollow, or why it is skipped. Pure. */
export function toInbound(raw: unknown, receivedAt: Date): Normalized {
  const parsed = EventSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'ignored', reason: 'invalid' };
  const event = parsed.data;
  // In standby mode another channel (a chat tool) is answering: we must not.
  if (event.mode === 'standby') return { kind: 'ignored', reason: 'standby', type: event.type };
  const conversationId = event.source ? lineConversationId(event.source) : undefined;
  if (!conversationId) return { kind: 'ignored', reason: 'no-user', type: event.type };

  switch (event.type) {
    case 'message': {
      if (!event.message) return { kind: 'ignored', reason: 'invalid', type: event.type };
      const { text, attachment } = describe(event.message);
      return { kind: 'message', msg: { ...base(event, conversationId, receivedAt), text, attachments: attachment ? [attachment] : [] } };
    }
    case 'postback':
      if (!event.postback) return { kind: 'ignored', reason: 'invalid', type: event.type };
      return { kind: 'message', msg: { ...base(event, conversationId, receivedAt), text: event.postback.data, postback: event.postback.data } };
    case 'follow':
      return { kind: 'message', msg: { ...base(event, conversationId, receivedAt), text: FOLLOW_TEXT } };
    case 'unfollow':
      return { kind: 'unfollow', conversationId };
    default:
      return { kind: 'ignored', reason: 'unsupported', type: event.type };
  }
}
