import type { Attachment, ConversationId, InboundMessage, QuickReply, TranscriptEntry } from '../../src/engine/types.js';
import { E164, type InboundSms } from './payload.js';

/** The conversation of a phone number (E.164): one per buyer, whichever of our numbers they text. */
export const smsConversationId = (phone: string): ConversationId => `twilio:${phone}`;

/** The buyer's phone number of an SMS conversation, or undefined when the id is not one. */
export function phoneOf(conversationId: string): string | undefined {
  const phone = conversationId.startsWith('twilio:') ? conversationId.slice('twilio:'.length) : '';
  return E164.test(phone) ? phone : undefined;
}

/** What kind of attachment a media item is, by its content type. */
export function attachmentType(contentType: string): Attachment['type'] {
  const top = contentType.split('/')[0]?.toLowerCase();
  return top === 'image' || top === 'audio' || top === 'video' ? top : 'file';
}

/** An incoming SMS/MMS -> the engine's message; MMS media become attachments (Twilio's media URLs). */
export function toInbound(sms: InboundSms, receivedAt: Date): InboundMessage {
  return {
    id: sms.MessageSid,
    address: { channel: 'twilio', conversationId: smsConversationId(sms.From) },
    sender: { id: sms.From },
    text: sms.Body.trim(),
    attachments: sms.media.map((m) => ({ type: attachmentType(m.contentType), url: m.url })),
    receivedAt: receivedAt.toISOString(),
  };
}

const OPTION_ANSWER = /^\s*#?(\d{1,2})\s*[.)]?\s*$/;

/** Whether a text could be the answer to a numbered list ("2", "2.", "2)"). */
export const isOptionAnswer = (text: string): boolean => OPTION_ANSWER.test(text);

/**
 * The options the buyer was last offered and can still answer: those of the latest bot line
 * since the buyer last wrote, unless a person wrote after it (a digit then answers the person).
 * SMS has no buttons, so the transcript is where the offered list is remembered.
 */
export function offeredOptions(transcript: readonly TranscriptEntry[]): QuickReply[] {
  for (let i = transcript.length - 1; i >= 0; i--) {
    const line = transcript[i]!;
    if (line.from !== 'bot') return [];
    if (line.quickReplies?.length) return line.quickReplies;
  }
  return [];
}

/**
 * A digit answering a numbered list -> the press of that option (its label as text, its payload
 * as postback); anything else, or a number not offered, is left as typed.
 */
export function asOptionAnswer(msg: InboundMessage, options: readonly QuickReply[]): InboundMessage {
  const match = OPTION_ANSWER.exec(msg.text);
  const option = match ? options[Number(match[1]) - 1] : undefined;
  return option ? { ...msg, text: option.label, postback: option.payload } : msg;
}
