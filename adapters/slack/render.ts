import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/web-api';
import type { OutboundReply, QuickReply } from '../../src/engine/types.js';
import { splitText, truncate } from '../split-text.js';

/** Longest text of one section block (Block Kit's limit). */
export const MAX_SECTION = 3000;
/** Longest text of one message (chat.postMessage truncates beyond 40,000 characters). */
export const MAX_MESSAGE = 40_000;
/** Most blocks in one message. */
const MAX_BLOCKS = 50;
/** Most elements in an actions block. */
const MAX_BUTTONS = 25;

/** A chat.postMessage body without its channel: `text` is the notification and fallback text. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Escape what Slack's markup treats as control characters; everything else is shown as written. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `text` split into escaped parts of at most `max` characters, cut on safe boundaries (paragraph,
 * line, sentence, word, never inside a character or an `&amp;`): split first, escape after, and
 * split again smaller where escaping made a part too long.
 */
export function splitEscaped(text: string, max: number, cut: number = max): string[] {
  return splitText(text, cut).flatMap((part) => {
    const escaped = escapeMrkdwn(part);
    if (escaped.length <= max) return [escaped];
    // Shorter than `part`, so this ends: at worst every character grows fivefold (& -> &amp;).
    return splitEscaped(part, max, Math.max(2, Math.floor((max * part.length) / escaped.length)));
  });
}

function buttons(quickReplies: readonly QuickReply[]): ActionsBlock {
  return {
    type: 'actions',
    elements: quickReplies.slice(0, MAX_BUTTONS).map(
      (q, i): Button => ({
        type: 'button',
        // Unique in the block, as Slack requires; the payload travels in `value`.
        action_id: `quick_reply_${i}`,
        text: { type: 'plain_text', text: truncate(q.label, 75), emoji: true },
        value: q.payload.slice(0, 2000),
      }),
    ),
  };
}

/**
 * One reply -> chat.postMessage bodies, in order. The text goes in mrkdwn section blocks of at
 * most 3,000 characters, grouped into messages of at most 40,000; quick replies become buttons
 * (an actions block, at most 25) under the last part. Slack has no "share your phone" button:
 * a contact request is its text.
 */
export function toSlack(reply: OutboundReply): SlackMessage[] {
  const sections = splitEscaped(reply.text, MAX_SECTION);
  const quickReplies = reply.kind === 'text' ? (reply.quickReplies ?? []) : [];
  const messages: SlackMessage[] = [];
  let parts: string[] = [];
  let length = 0;
  const flush = () => {
    if (!parts.length) return;
    const blocks: KnownBlock[] = parts.map((text): SectionBlock => ({ type: 'section', text: { type: 'mrkdwn', text } }));
    messages.push({ text: parts.join('\n\n'), blocks });
    parts = [];
    length = 0;
  };
  for (const section of sections) {
    // +2 for the blank line joining sections in the message's text; one block kept for buttons.
    if (parts.length && (length + 2 + section.length > MAX_MESSAGE || parts.length + 1 >= MAX_BLOCKS)) flush();
    length += (parts.length ? 2 : 0) + section.length;
    parts.push(section);
  }
  flush();
  if (quickReplies.length) {
    const last = messages.at(-1);
    if (last) last.blocks.push(buttons(quickReplies));
    // Buttons with no text at all: Slack still needs a text for the notification.
    else messages.push({ text: escapeMrkdwn(quickReplies.map((q) => q.label).join(' / ')), blocks: [buttons(quickReplies)] });
  }
  return messages;
}
