import type { Delivery, OutboundReply } from '../../src/engine/types.js';
import { splitText, truncate } from '../split-text.js';

/** WhatsApp's limit on a text message's body. */
export const MAX_TEXT = 4096;
/** An interactive message's body is at most 1024 characters. */
export const MAX_INTERACTIVE_BODY = 1024;
/** Reply buttons: at most 3, titles at most 20 characters. */
export const MAX_BUTTONS = 3;
export const MAX_BUTTON_TITLE = 20;
/** List messages: at most 10 rows, titles at most 24, descriptions at most 72 characters. */
export const MAX_ROWS = 10;
export const MAX_ROW_TITLE = 24;
export const MAX_ROW_DESCRIPTION = 72;
/** The list's own button: a sign rather than a word, as the reply's language is not known here. */
export const LIST_BUTTON = '☰';

type To = { to: string } | { recipient: string };

interface Base {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
}
export type WhatsAppSend = Base &
  To &
  (
    | { type: 'text'; text: { body: string; preview_url: false } }
    | { type: 'interactive'; interactive: Interactive }
    | { type: 'template'; template: { name: string; language: { code: string }; components?: [{ type: 'body'; parameters: { type: 'text'; text: string }[] }] } }
  );

type Interactive =
  | { type: 'button'; body: { text: string }; action: { buttons: { type: 'reply'; reply: { id: string; title: string } }[] } }
  | { type: 'list'; body: { text: string }; action: { button: string; sections: [{ rows: { id: string; title: string; description?: string }[] }] } };

const base = (to: To): Base & To => ({ messaging_product: 'whatsapp', recipient_type: 'individual', ...to });

/** Options as reply buttons when they fit (at most 3, titles of 20), else as a list message. */
function interactiveOf(text: string, options: { label: string; payload: string }[]): Interactive {
  if (options.length <= MAX_BUTTONS && options.every((o) => o.label.length <= MAX_BUTTON_TITLE)) {
    return { type: 'button', body: { text }, action: { buttons: options.map((o) => ({ type: 'reply', reply: { id: o.payload, title: o.label } })) } };
  }
  const rows = options.slice(0, MAX_ROWS).map((o) => ({
    id: o.payload,
    title: truncate(o.label, MAX_ROW_TITLE),
    // A label cut in the title is shown whole (up to 72) underneath.
    ...(o.label.length > MAX_ROW_TITLE ? { description: truncate(o.label, MAX_ROW_DESCRIPTION) } : {}),
  }));
  return { type: 'list', body: { text }, action: { button: LIST_BUTTON, sections: [{ rows }] } };
}

/**
 * One turn's replies -> `POST /<phone-number-id>/messages` bodies, in order. Long text becomes
 * several messages; options ride on the last one (as reply buttons or a list, whose body is at
 * most 1024). A contact request is a plain question: WhatsApp has no share-my-number button,
 * and the buyer's own number is already the sender's.
 */
export function toSendBodies(to: To, replies: readonly OutboundReply[]): WhatsAppSend[] {
  const out: WhatsAppSend[] = [];
  for (const reply of replies) {
    const options = reply.kind === 'text' ? (reply.quickReplies ?? []) : [];
    let parts = splitText(reply.text, MAX_TEXT);
    if (options.length && parts.length && parts.at(-1)!.length > MAX_INTERACTIVE_BODY) parts = [...parts.slice(0, -1), ...splitText(parts.at(-1)!, MAX_INTERACTIVE_BODY)];
    parts.forEach((text, i) => {
      if (i === parts.length - 1 && options.length) out.push({ ...base(to), type: 'interactive', interactive: interactiveOf(text, options) });
      else out.push({ ...base(to), type: 'text', text: { body: text, preview_url: false } });
    });
  }
  return out;
}

/** WhatsApp refuses template parameters with new lines, tabs or more than 4 spaces in a row, and empty ones. */
const templateText = (text: string) => text.replace(/[\r\n\t]+/g, ' ').replace(/ {5,}/g, '    ').trim() || '-';

/** A delivery's approved template, sent instead of its text outside the 24-hour window. */
export function toTemplateBody(to: To, template: NonNullable<Delivery['template']>): WhatsAppSend {
  const parameters = template.parameters.map((p) => ({ type: 'text' as const, text: templateText(p) }));
  return {
    ...base(to),
    type: 'template',
    template: { name: template.name, language: { code: template.language }, ...(parameters.length ? { components: [{ type: 'body', parameters }] as [{ type: 'body'; parameters: typeof parameters }] } : {}) },
  };
}
