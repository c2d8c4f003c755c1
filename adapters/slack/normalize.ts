import type { InboundMessage } from '../../src/engine/types.js';
import type { BlockActions, SlackEventEnvelope } from './payload.js';

type EventCallback = Extract<SlackEventEnvelope, { type: 'event_callback' }>;

/** The conversation of a Slack channel (a DM is a channel too), per workspace. */
export const slackConversationId = (team: string, channel: string) => `slack:${team}:${channel}` as const;

/**
 * An Events API callback -> the engine's message, or why it is not one: the bot's own and other
 * bots' messages, edits and deletions, and events other than DMs and mentions are acknowledged only.
 */
export function toInbound(envelope: EventCallback, receivedAt: Date): { msg: InboundMessage } | { ignored: string } {
  const e = envelope.event;
  if (e.bot_id || e.subtype === 'bot_message') return { ignored: 'a bot wrote it' };
  if (e.subtype) return { ignored: `message subtype ${e.subtype}` };
  const isDm = e.type === 'message' && e.channel_type === 'im';
  if (!isDm && e.type !== 'app_mention') return { ignored: `event ${e.type}${e.channel_type ? ` in ${e.channel_type}` : ''}` };
  if (!e.user || !e.channel) return { ignored: 'no user or channel' };
  // "<@U0BOT> how much is shipping?" -> "how much is shipping?"
  const text = (e.text ?? '').replace(/<@[A-Z0-9]+>\s*/g, '').trim();
  return {
    msg: {
      // Slack's retries carry the same event_id: the store's dedupe answers them once.
      id: envelope.event_id,
      address: { channel: 'slack', conversationId: slackConversationId(envelope.team_id, e.channel), ...(e.thread_ts ? { ref: { threadTs: e.thread_ts } } : {}) },
      sender: { id: e.user },
      text,
      attachments: [],
      receivedAt: receivedAt.toISOString(),
    },
  };
}

/** A button press -> a postback message. */
export function actionToInbound(payload: BlockActions, receivedAt: Date): InboundMessage {
  const action = payload.actions[0]!;
  return {
    id: `action:${payload.channel.id}:${action.action_ts}`,
    address: { channel: 'slack', conversationId: slackConversationId(payload.team.id, payload.channel.id) },
    sender: { id: payload.user.id },
    text: action.text?.text ?? action.value ?? '',
    postback: action.value ?? action.action_id,
    attachments: [],
    receivedAt: receivedAt.toISOString(),
  };
}
