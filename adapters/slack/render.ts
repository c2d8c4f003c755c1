import type { KnownBlock } from '@slack/web-api';
import type { OutboundReply } from '../../src/engine/types.js';
import { splitText } from '../split-text.js';

/** Slack's limit for a section block's text; longer replies become several messages. */
export const MAX_SECTION = 3000;

/** A chat.postMessage body, without channel. */
export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** One reply -> chat.postMessage bodies. Quick replies become buttons in an actions block. */
export function toSlack(reply: OutboundReply): SlackMessage[] {
  const parts = splitText(reply.text, MAX_SECTION);
  return parts.map((text, i) => {
    const last = i === parts.length - 1;
    if (!last || reply.kind !== 'text' || !reply.quickReplies?.length) return { text };
    return {
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text } } satisfies KnownBlock,
        {
          type: 'actions',
          elements: reply.quickReplies.slice(0, 25).map((q, n) => ({ type: 'button' as const, action_id: `quick_${n}`, text: { type: 'plain_text' as const, text: q.label.slice(0, 75) }, value: q.payload.slice(0, 2000) })),
        } satisfies KnownBlock,
      ],
    };
  });
}
