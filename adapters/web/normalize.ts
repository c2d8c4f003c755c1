import type { InboundMessage } from '../../src/engine/types.js';
import type { ClientFrame } from './payload.js';

/** The conversation id of a web visitor. */
export const webConversationId = (visitorId: string) => `web:${visitorId}` as const;

/** A validated page frame from an authenticated visitor -> the engine's inbound message. */
export function toInbound(frame: ClientFrame, visitorId: string, receivedAt: Date): InboundMessage {
  const conversationId = webConversationId(visitorId);
  return {
    // Scoped by visitor so one visitor's ids can never collide with (and drop) another's.
    id: `${visitorId}:${frame.id}`,
    address: { channel: 'web', conversationId },
    sender: { id: visitorId },
    text: frame.text,
    ...(frame.type === 'postback' ? { postback: frame.payload } : {}),
    attachments: [],
    receivedAt: receivedAt.toISOString(),
    ...(frame.language ? { languageHint: frame.language } : {}),
  };
}
