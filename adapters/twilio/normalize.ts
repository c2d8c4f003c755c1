import type { Attachment, InboundMessage } from '../../src/engine/types.js';
import type { InboundSms } from './payload.js';

/** The conversation of a phone number. */
export const smsConversationId = (from: string) => `twilio:${from}` as const;

function mediaType(contentType: string | undefined): Attachment['type'] {
  if (contentType?.startsWith('image/')) return 'image';
  if (contentType?.startsWith('audio/')) return 'audio';
  if (contentType?.startsWith('video/')) return 'video';
  return 'file';
}

/** An inbound SMS/MMS -> the engine's message; MMS media become attachments. */
export function toInbound(sms: InboundSms, receivedAt: Date): InboundMessage {
  const attachments: Attachment[] = [];
  for (let i = 0; i < sms.NumMedia; i++) {
    const url = sms[`MediaUrl${i}`];
    if (url) attachments.push({ type: mediaType(sms[`MediaContentType${i}`]), url });
  }
  return {
    id: sms.MessageSid,
    address: { channel: 'twilio', conversationId: smsConversationId(sms.From) },
    sender: { id: sms.From },
    text: sms.Body.trim(),
    attachments,
    receivedAt: receivedAt.toISOString(),
  };
}

/** "2" answering a numbered list -> that option's payload (SMS has no buttons). */
export function pickOption(text: string, options: readonly { label: string; payload: string }[]): { label: string; payload: string } | undefined {
  const match = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  return match ? options[Number(match[1]) - 1] : undefined;
}
