import type { Attachment, ConversationId, InboundMessage, Json } from '../../src/engine/types.js';
import type { BlockActions, EventCallback, SlackEvent, SlashCommand } from './payload.js';

/** A normalized Slack message, or why a payload is acknowledged without one. */
export type Normalized = { msg: InboundMessage } | { ignored: string };

/** Where a Slack conversation lives: a DM is the whole channel; in a channel it is one thread. */
export interface SlackPlace {
  team: string;
  channel: string;
  /** Thread root in a channel; in a DM, the thread the buyer wrote in (if any). */
  threadTs?: string;
  isDm: boolean;
}

/**
 * The conversation id of a Slack place: `slack:<team>:<channel>` for a DM (one buyer), and
 * `slack:<team>:<channel>:<thread root ts>` for a mention in a channel, so that buyers
 * mentioning the bot in the same channel each get their own session (handoff, contact wizard)
 * and the bot answers each in their thread instead of in the channel.
 */
export function slackConversationId(place: SlackPlace): ConversationId {
  return place.isDm || !place.threadTs ? `slack:${place.team}:${place.channel}` : `slack:${place.team}:${place.channel}:${place.threadTs}`;
}

/** The place named by a conversation id, for a delivery whose address has no usable reference. */
export function placeOf(conversationId: string): SlackPlace | undefined {
  const m = /^slack:([A-Z0-9]+):([A-Z0-9]+)(?::(\d+\.\d+))?$/.exec(conversationId);
  if (!m) return undefined;
  const [, team, channel, threadTs] = m as unknown as [string, string, string, string | undefined];
  return { team, channel, isDm: channel.startsWith('D'), ...(threadTs ? { threadTs } : {}) };
}

/**
 * The BotBuilder ConversationReference Botkit's SlackAdapter answers with: `conversation.id` is
 * the channel and `conversation.thread_ts` the thread (both read by its `activityToSlack`).
 * Kept JSON-only, since the engine stores it with the message.
 */
export function slackReference(place: SlackPlace, userId: string | undefined, botUserId: string | undefined): Json {
  const conversation: { [key: string]: Json } = {
    id: place.channel,
    name: '',
    isGroup: !place.isDm,
    conversationType: place.isDm ? 'personal' : 'channel',
    team: place.team,
  };
  if (place.threadTs) conversation.thread_ts = place.threadTs;
  const ref: { [key: string]: Json } = { channelId: 'slack', serviceUrl: '', conversation, bot: { id: botUserId ?? '', name: '' } };
  if (userId) ref.user = { id: userId, name: '' };
  return ref;
}

/**
 * Slack's message markup -> what the buyer typed: `<mailto:a@b.c|a@b.c>` -> `a@b.c`,
 * `<http://shop.example/x|shop.example/x>` -> `shop.example/x`, `<@U123>` -> `@U123`, and
 * `&lt; &gt; &amp;` decoded. Flows match words, e-mails and phone numbers in this text, and
 * Slack wraps e-mails, links and numbers it recognizes. The bot's own mention is dropped.
 */
export function plainText(text: string, botUserId?: string): string {
  return text
    .replace(/<([^<>|]+)(?:\|([^<>]*))?>/g, (_m, target: string, label: string | undefined) => {
      if (target.startsWith('@')) return target.slice(1) === botUserId ? ' ' : `@${label ?? target.slice(1)}`;
      if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
      if (target.startsWith('!')) return label ?? `@${target.slice(1).split('^')[0]}`;
      return label ?? target.replace(/^(mailto|tel):/, '');
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

/** The bot's own user id, as the envelope's authorizations name it. */
function botUserOf(envelope: EventCallback): string | undefined {
  return envelope.authorizations?.find((a) => a.is_bot)?.user_id;
}

function attachmentsOf(e: SlackEvent): Attachment[] {
  return (e.files ?? []).map((f) => {
    const kind = f.mimetype?.split('/')[0];
    const type: Attachment['type'] = kind === 'image' || kind === 'audio' || kind === 'video' ? kind : 'file';
    // url_private needs our token; the permalink opens in Slack for anyone in the workspace.
    return { type, fileId: f.id, ...(f.permalink ? { url: f.permalink } : {}) };
  });
}

/** The user id of Slackbot itself, in every workspace. */
export const SLACKBOT_USER = 'USLACKBOT';

/** Message subtypes that are still a person writing (a file with a comment, a thread reply also sent to the channel). */
const PERSON_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

/**
 * An Events API callback -> the engine's message, or why it is not one. Direct messages
 * (`message` with `channel_type: 'im'`) and mentions (`app_mention`) are buyer messages; the
 * bot's own and other bots' messages, edits, deletions, joins and every other event are not.
 */
export function eventToInbound(envelope: EventCallback, receivedAt: Date): Normalized {
  const e = envelope.event;
  const botUserId = botUserOf(envelope);
  if (e.bot_id || e.subtype === 'bot_message') return { ignored: 'a bot wrote it' };
  // Slackbot's own notices in a DM come as a plain user message from USLACKBOT (no bot_id, no subtype).
  if (e.user === SLACKBOT_USER) return { ignored: 'Slackbot wrote it' };
  if (e.subtype && !PERSON_SUBTYPES.has(e.subtype)) return { ignored: `message subtype ${e.subtype}` };
  const isDm = e.type === 'message' && e.channel_type === 'im';
  // A reply in a channel's thread, not to the bot: for the agents' shared channel only (InboundMessage.aside).
  const aside = e.type === 'message' && (e.channel_type === 'channel' || e.channel_type === 'group') && !!e.thread_ts && e.thread_ts !== e.ts;
  if (!isDm && !aside && e.type !== 'app_mention') return { ignored: `event ${e.type}${e.channel_type ? ` in ${e.channel_type}` : ''}` };
  if (!e.user || !e.channel || !e.ts) return { ignored: 'no user, channel or ts' };
  if (botUserId && e.user === botUserId) return { ignored: 'the bot wrote it' };
  // A mention also comes as its own app_mention event: taken from that one, once.
  if (aside && botUserId && (e.text ?? '').includes(`<@${botUserId}`)) return { ignored: 'a mention (its app_mention event carries it)' };

  // A mention is answered in its thread: the thread it was written in, or a new one under it.
  const threadTs = isDm ? e.thread_ts : (e.thread_ts ?? e.ts);
  const place: SlackPlace = { team: envelope.team_id, channel: e.channel, isDm, ...(threadTs ? { threadTs } : {}) };
  // Without authorizations, the mention that addressed the bot is the one leading the text.
  const addressed = botUserId ?? (e.type === 'app_mention' ? /^\s*<@([A-Z0-9]+)(?:\|[^>]*)?>/.exec(e.text ?? '')?.[1] : undefined);
  return {
    msg: {
      // Slack's retries carry the same event_id: the store's dedupe records the message once.
      id: envelope.event_id,
      address: { channel: 'slack', conversationId: slackConversationId(place), ref: slackReference(place, e.user, botUserId) },
      sender: { id: e.user },
      text: plainText(e.text ?? '', addressed),
      attachments: attachmentsOf(e),
      receivedAt: receivedAt.toISOString(),
      // In a DM, a reply in the thread of one of the bot's messages answers that message.
      ...(isDm && e.thread_ts ? { replyTo: e.thread_ts } : {}),
      ...(aside ? { aside: true as const } : {}),
    },
  };
}

/**
 * `/shopdesk away 2h` -> the message `/away 2h` from that user in that channel: the chat
 * commands of owners (flows/status) and agents (src/agents) without Slack's built-in commands in
 * the way. Typed in a DM with the app it is that DM's conversation.
 */
export function commandToInbound(c: SlashCommand, receivedAt: Date): Normalized {
  const text = c.text.trim();
  if (!text) return { ignored: 'slash command without words' };
  const place: SlackPlace = { team: c.team_id, channel: c.channel_id, isDm: c.channel_id.startsWith('D') };
  return {
    msg: {
      // One per use: a trigger_id is never reused.
      id: `command:${c.trigger_id}`,
      address: { channel: 'slack', conversationId: slackConversationId(place), ref: slackReference(place, c.user_id, undefined) },
      sender: { id: c.user_id },
      text: `/${text}`,
      attachments: [],
      receivedAt: receivedAt.toISOString(),
    },
  };
}

/**
 * A button press -> a postback message: the label as text, the button's value as postback.
 * The conversation is the one the button was posted in (a DM, or the thread of a mention).
 */
export function actionToInbound(payload: BlockActions, receivedAt: Date): Normalized {
  const action = payload.actions[0]!;
  if (action.type !== 'button' || action.value === undefined) return { ignored: `action ${action.type} without a value` };
  const team = payload.team?.id ?? payload.user.team_id;
  if (!payload.channel || !team) return { ignored: 'button outside a conversation' };
  // DM channel ids start with D; Slack names them "directmessage" in interaction payloads.
  const isDm = payload.channel.id.startsWith('D') || payload.channel.name === 'directmessage';
  const threadTs = payload.message?.thread_ts ?? payload.container?.thread_ts ?? (isDm ? undefined : (payload.message?.ts ?? payload.container?.message_ts));
  const place: SlackPlace = { team, channel: payload.channel.id, isDm, ...(threadTs ? { threadTs } : {}) };
  return {
    msg: {
      // One per press: a trigger_id is never reused, and a second press is a second answer.
      id: `action:${payload.trigger_id}`,
      address: { channel: 'slack', conversationId: slackConversationId(place), ref: slackReference(place, payload.user.id, undefined) },
      sender: { id: payload.user.id },
      text: action.text?.text ?? action.value,
      postback: action.value,
      attachments: [],
      receivedAt: receivedAt.toISOString(),
    },
  };
}
