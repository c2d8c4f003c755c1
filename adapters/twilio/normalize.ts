import type { Attachment, ConversationId, InboundMessage, Json, QuickReply, TranscriptEntry } from '../../src/engine/types.js';
import { E164, WHATSAPP_ADDRESS, type InboundSms } from './payload.js';

/**
 * The conversation of a buyer's address: `twilio:+…` for SMS (one per phone number, whichever of
 * our numbers they text) and `twilio:whatsapp:+…` for WhatsApp through Twilio, so the same
 * number on WhatsApp is its own conversation (its own window, its own sender for replies).
 */
export const smsConversationId = (from: string): ConversationId => `twilio:${from}`;

/** The buyer's address of a Twilio conversation (`+…` or `whatsapp:+…`), or undefined when the id is not one. */
export function phoneOf(conversationId: string): string | undefined {
  const to = conversationId.startsWith('twilio:') ? conversationId.slice('twilio:'.length) : '';
  return E164.test(to) || WHATSAPP_ADDRESS.test(to) ? to : undefined;
}

/** Whether a conversation is WhatsApp through Twilio (not SMS). */
export const isWhatsApp = (conversationId: string): boolean => conversationId.startsWith('twilio:whatsapp:');

/** What `Address.ref` holds for a WhatsApp conversation through Twilio: the shop's sender the buyer wrote to. */
export interface TwilioRef {
  from?: string;
}

/** What kind of attachment a media item is, by its content type. */
export function attachmentType(contentType: string): Attachment['type'] {
  const top = contentType.split('/')[0]?.toLowerCase();
  return top === 'image' || top === 'audio' || top === 'video' ? top : 'file';
}

/**
 * An incoming SMS/MMS or WhatsApp message -> the engine's message; media become attachments
 * (Twilio's media URLs), a WhatsApp location a location, a template's quick-reply button its
 * payload. A WhatsApp message remembers the sender it came to, so replies go out from it.
 */
export function toInbound(sms: InboundSms, receivedAt: Date): InboundMessage {
  const whatsapp = WHATSAPP_ADDRESS.test(sms.From);
  const attachments: Attachment[] = sms.media.map((m) => ({ type: attachmentType(m.contentType), url: m.url }));
  if (sms.location) attachments.push({ type: 'location', ...sms.location });
  const ref: Json | undefined = whatsapp && WHATSAPP_ADDRESS.test(sms.To) ? ({ from: sms.To } satisfies TwilioRef) : undefined;
  return {
    id: sms.MessageSid,
    address: { channel: 'twilio', conversationId: smsConversationId(sms.From), ...(ref ? { ref } : {}) },
    sender: { id: sms.From, ...(sms.ProfileName ? { name: sms.ProfileName } : {}) },
    text: (sms.button?.text ?? sms.Body).trim(),
    ...(sms.button ? { postback: sms.button.payload } : {}),
    attachments,
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
