import type { OutboundReply } from '../../src/engine/types.js';
import { splitText } from '../split-text.js';

/** SMS: at most 1600 characters per message (Twilio's limit); longer texts are split. */
export const MAX_SMS = 1600;

/** One reply -> the SMS bodies to send. Buttons become a numbered list the buyer answers with a digit. */
export function toSmsBodies(reply: OutboundReply): string[] {
  let text = reply.text;
  if (reply.kind === 'text' && reply.quickReplies?.length) {
    text += '\n\n' + reply.quickReplies.map((q, i) => `${i + 1}) ${q.label}`).join('\n');
  }
  return splitText(text, MAX_SMS);
}
