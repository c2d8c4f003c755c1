import type { OutboundReply } from '../../src/engine/types.js';
import { splitText, truncate } from '../split-text.js';

/** Messenger's limit on one message's text. */
export const MAX_TEXT = 2000;
/** Messenger shows at most 13 quick replies. */
export const MAX_QUICK_REPLIES = 13;
/** Quick reply titles longer than this are cut by Messenger; we cut them ourselves, with "…". */
export const MAX_QUICK_REPLY_TITLE = 20;

/** A quick reply button as the Send API takes it. */
export type MessengerQuickReply = { content_type: 'text'; title: string; payload: string } | { content_type: 'user_phone_number' };

/** The body of one `POST /me/messages` call. */
export type SendRequest = {
  recipient: { id: string };
  message: { text: string; quick_replies?: MessengerQuickReply[] };
} & (
  /** A reply inside the 24-hour window. */
  | { messaging_type: 'RESPONSE' }
  /** A person's reply between 24 h and 7 days after the buyer's last message. */
  | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' }
);

function quickRepliesOf(reply: OutboundReply): MessengerQuickReply[] {
  if (reply.kind === 'contact_request') return [{ content_type: 'user_phone_number' }];
  if (reply.kind === 'file') return [];
  return (reply.quickReplies ?? []).slice(0, MAX_QUICK_REPLIES).map((q) => ({
    content_type: 'text',
    title: truncate(q.label, MAX_QUICK_REPLY_TITLE),
    payload: q.payload,
  }));
}

/**
 * One turn's replies -> Send API bodies, in order. Long text becomes several messages; the
 * buttons ride on the last one, where Messenger shows them above the composer.
 */
export function toSendRequests(psid: string, replies: readonly OutboundReply[], mode: 'RESPONSE' | 'HUMAN_AGENT' = 'RESPONSE'): SendRequest[] {
  const type = mode === 'HUMAN_AGENT' ? ({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } as const) : ({ messaging_type: 'RESPONSE' } as const);
  const out: SendRequest[] = [];
  for (const reply of replies) {
    // Messenger refuses empty text (with or without buttons), so a blank reply sends nothing.
    const parts = splitText(reply.text, MAX_TEXT);
    const buttons = quickRepliesOf(reply);
    parts.forEach((text, i) => {
      const last = i === parts.length - 1;
      out.push({
        recipient: { id: psid },
        ...type,
        message: last && buttons.length ? { text, quick_replies: buttons } : { text },
      });
    });
  }
  return out;
}
