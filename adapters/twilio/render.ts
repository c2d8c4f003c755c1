import type { OutboundReply, QuickReply } from '../../src/engine/types.js';
import { splitText } from '../split-text.js';

/** Longest message body Twilio accepts (characters); longer texts are split. */
export const MAX_SMS = 1600;

/** Options as SMS text, "1) Shipping  2) Returns": the buyer answers with the number. */
export function numberedOptions(options: readonly QuickReply[]): string {
  return options.map((o, i) => `${i + 1}) ${o.label}`).join('  ');
}

/**
 * One reply -> the SMS bodies to send, in order. SMS has no buttons: quick replies become a
 * numbered list under the text, and a contact request is just its text. Split at paragraph,
 * line, sentence or word boundaries, never inside a character (see split-text.ts).
 */
export function toSmsBodies(reply: OutboundReply): string[] {
  const options = reply.kind === 'text' && reply.quickReplies?.length ? numberedOptions(reply.quickReplies) : '';
  const text = [reply.text.trim(), options].filter(Boolean).join('\n\n');
  return splitText(text, MAX_SMS);
}
