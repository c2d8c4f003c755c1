import { z } from 'zod';

/** The first look at any Slack request body: only its `type`, to tell what it is. */
export const SlackTypeSchema = z.object({ type: z.string().min(1) }).loose();

/** `url_verification`: Slack checks the Request URL by asking us to echo `challenge`. */
export const UrlVerificationSchema = z.object({ type: z.literal('url_verification'), challenge: z.string().min(1).max(500) }).loose();

const FileSchema = z
  .object({
    id: z.string(),
    mimetype: z.string().optional(),
    permalink: z.string().optional(),
  })
  .loose();

/** The inner event of an Events API callback, with just the fields `normalize` reads. */
export const SlackEventSchema = z
  .object({
    type: z.string(),
    subtype: z.string().optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
    text: z.string().optional(),
    channel: z.string().optional(),
    channel_type: z.string().optional(),
    ts: z.string().optional(),
    thread_ts: z.string().optional(),
    files: z.array(FileSchema).optional(),
  })
  .loose();
export type SlackEvent = z.infer<typeof SlackEventSchema>;

/** An Events API `event_callback` envelope. `event_id` is the same on Slack's retries: our dedupe key. */
export const EventCallbackSchema = z
  .object({
    type: z.literal('event_callback'),
    team_id: z.string().min(1),
    event_id: z.string().min(1),
    event: SlackEventSchema,
    /** Who the event is for; the bot's own user id is the one with `is_bot`. */
    authorizations: z.array(z.object({ user_id: z.string().optional(), is_bot: z.boolean().optional() }).loose()).optional(),
  })
  .loose();
export type EventCallback = z.infer<typeof EventCallbackSchema>;

/** One element of a `block_actions` payload; only buttons come from us. */
const ActionSchema = z
  .object({
    type: z.string(),
    action_id: z.string(),
    action_ts: z.string(),
    value: z.string().optional(),
    text: z.object({ text: z.string() }).loose().optional(),
  })
  .loose();

/**
 * A `block_actions` interaction (a button pressed), sent form-encoded as `payload=<json>`.
 * `channel` is missing for buttons outside a conversation (App Home, modals): not ours.
 */
export const BlockActionsSchema = z
  .object({
    type: z.literal('block_actions'),
    trigger_id: z.string().min(1),
    user: z.object({ id: z.string().min(1), team_id: z.string().optional() }).loose(),
    team: z.object({ id: z.string().min(1) }).loose().nullable().optional(),
    channel: z.object({ id: z.string().min(1), name: z.string().optional() }).loose().optional(),
    container: z.object({ thread_ts: z.string().optional(), message_ts: z.string().optional() }).loose().optional(),
    message: z.object({ ts: z.string().optional(), thread_ts: z.string().optional() }).loose().optional(),
    actions: z.array(ActionSchema).min(1),
  })
  .loose();
export type BlockActions = z.infer<typeof BlockActionsSchema>;

/**
 * The BotBuilder ConversationReference kept in `address.ref`, as Botkit's SlackAdapter reads it:
 * `conversation.id` is the Slack channel, `conversation.thread_ts` the thread to answer in.
 * Parsed again before each send, since the store may hold one written by an older version.
 */
export const SlackReferenceSchema = z
  .object({
    channelId: z.literal('slack'),
    serviceUrl: z.string(),
    conversation: z
      .object({
        id: z.string().min(1),
        name: z.string(),
        isGroup: z.boolean(),
        conversationType: z.string(),
        team: z.string().min(1),
        thread_ts: z.string().optional(),
      })
      .loose(),
    user: z.object({ id: z.string(), name: z.string() }).loose().optional(),
    bot: z.object({ id: z.string(), name: z.string() }).loose(),
  })
  .loose();
export type SlackReference = z.infer<typeof SlackReferenceSchema>;

/**
 * A slash command (https://api.slack.com/interactivity/slash-commands), form-encoded. The app
 * registers one, `/shopdesk`, so that owners and agents need not fight Slack's built-in `/away`.
 */
export const SlashCommandSchema = z
  .object({
    command: z.string().min(2),
    text: z.string().default(''),
    team_id: z.string().min(1),
    channel_id: z.string().min(1),
    user_id: z.string().min(1),
    trigger_id: z.string().min(1),
  })
  .loose();
export type SlashCommand = z.infer<typeof SlashCommandSchema>;
