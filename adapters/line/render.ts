import type { OutboundReply } from '../../src/engine/types.js';
import { splitText, truncate } from '../split-text.js';

/** LINE's limit on one text message. */
export const MAX_TEXT = 5000;
/** Message objects per reply or push call. */
export const MAX_MESSAGES_PER_CALL = 5;
/** Quick reply buttons LINE shows at most. */
export const MAX_QUICK_REPLIES = 13;
/** Quick reply labels longer than this are refused by LINE: we cut them, with "…". */
export const MAX_LABEL = 20;
/** A message action's text is at most 300 characters. */
export const MAX_ACTION_TEXT = 300;

/** What the buyer's message says when they press the button with this label. */
export const actionTextOf = (label: string) => truncate(label, MAX_ACTION_TEXT);

export interface LineQuickReplyItem {
  type: 'action';
  action: { type: 'message'; label: string; text: string };
}
export interface LineTextMessage {
  type: 'text';
  text: string;
  quickReply?: { items: LineQuickReplyItem[] };
}

function quickRepliesOf(reply: OutboundReply): LineQuickReplyItem[] {
  if (reply.kind !== 'text') return [];
  // A message action sends its text as the buyer's message, with no payload: the adapter maps
  // it back to the button's payload on the way in (index.ts, withChoice).
  return (reply.quickReplies ?? []).slice(0, MAX_QUICK_REPLIES).map((q) => ({
    type: 'action',
    action: { type: 'message', label: truncate(q.label, MAX_LABEL), text: actionTextOf(q.label) },
  }));
}

/** One turn's replies -> text message objects; buttons ride on the last part of each reply. */
export function toMessages(replies: readonly OutboundReply[]): LineTextMessage[] {
  const out: LineTextMessage[] = [];
  for (const reply of replies) {
    const parts = splitText(reply.text, MAX_TEXT);
    const items = quickRepliesOf(reply);
    parts.forEach((text, i) => {
      out.push(i === parts.length - 1 && items.length ? { type: 'text', text, quickReply: { items } } : { type: 'text', text });
    });
  }
  return out;
}

/** Message objects grouped into calls of at most five. */
export function toBatches<T>(messages: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < messages.length; i += MAX_MESSAGES_PER_CALL) out.push(messages.slice(i, i + MAX_MESSAGES_PER_CALL));
  return out;
}
