import type { Delivery, OutboundReply } from './types.js';

/** Between two answers joined into one message. */
const JOIN = '\n\n';

/** A reply that can be part of a joined message: plain text (buttons only on the last one, see below). */
const joinable = (r: OutboundReply) => r.kind === 'text';

/** Deliveries that may go out as one message: the same speaker, no template (a template is sent as it is). */
const compatible = (a: Delivery, b: Delivery) => (a.from ?? 'bot') === (b.from ?? 'bot') && !a.template && !b.template && a.address.conversationId === b.address.conversationId;

/**
 * A buyer's queued, unsent answers (oldest first, JSON) as one message: the longest run from the
 * first whose texts joined with a blank line fit in `maxTextLength`. Buttons (quick replies) stay
 * only on the message's end, so the run stops after an answer with buttons; a contact request
 * or a template is never joined, nor a head of several replies. Undefined when fewer than two answers can be joined.
 */
export function mergeQueued(items: string[], maxTextLength: number): { item: string; count: number } | undefined {
  const deliveries = items.map((item) => JSON.parse(item) as Delivery);
  const first = deliveries[0];
  // A head of several replies may have had some sent before a 429 (the adapter resumes it by its id): left as it is.
  if (!first || first.template || first.replies.length !== 1) return undefined;
  const texts: string[] = [];
  let length = 0;
  let count = 0;
  let last: OutboundReply | undefined;
  for (const d of deliveries) {
    if (!compatible(first, d) || d.replies.length === 0 || !d.replies.every(joinable)) break;
    if (last?.kind === 'text' && last.quickReplies?.length) break; // buttons belong to the end of a message
    if (d.replies.slice(0, -1).some((r) => r.kind === 'text' && r.quickReplies?.length)) break;
    const added = d.replies.reduce((n, r) => n + r.text.length, 0) + JOIN.length * (d.replies.length - (texts.length === 0 ? 1 : 0));
    if (length + added > maxTextLength) break;
    texts.push(...d.replies.map((r) => r.text));
    length += added;
    last = d.replies.at(-1);
    count++;
  }
  if (count < 2) return undefined;
  const quickReplies = last?.kind === 'text' ? last.quickReplies : undefined;
  // A new id: the parts' ids were never sent (only the head is ever claimed), and the merged one is another message.
  const merged: Delivery = { ...first, id: `${first.id}+${count}`, replies: [{ kind: 'text', text: texts.join(JOIN), ...(quickReplies?.length ? { quickReplies } : {}) }] };
  return { item: JSON.stringify(merged), count };
}
