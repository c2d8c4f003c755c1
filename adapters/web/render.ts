import type { Delivery } from '../../src/engine/types.js';

/** A frame the server sends to the chat page. */
export type ServerFrame =
  | { type: 'message'; id: string; from: 'bot' | 'agent' | 'buyer'; text: string; at: string; quickReplies?: { label: string; payload: string }[] }
  | { type: 'history'; messages: Omit<Extract<ServerFrame, { type: 'message' }>, 'type'>[] }
  | { type: 'ack'; id: string }
  | { type: 'error'; id?: string; reason: string };

/**
 * One delivery -> the page's message frames. Ids match the transcript's, so a page that
 * already showed a reply (from history) drops the repeat.
 */
export function toFrames(delivery: Delivery, at: Date): ServerFrame[] {
  return delivery.replies.map((reply, i) => ({
    type: 'message',
    id: `${delivery.id}:${i}`,
    from: delivery.from ?? 'bot',
    text: reply.text,
    at: at.toISOString(),
    ...(reply.kind === 'text' && reply.quickReplies?.length ? { quickReplies: reply.quickReplies } : {}),
  }));
}
