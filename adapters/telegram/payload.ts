import { z } from 'zod';

/**
 * zod schemas for the Bot API updates this channel reads (https://core.telegram.org/bots/api#update).
 * Only the fields `normalize` reads are listed; the rest of Telegram's payload passes through
 * unread. An update of a kind not listed here still parses (as just its `update_id`) and is
 * acknowledged without a message; a listed kind with a broken shape fails, and is answered 400.
 */

/** Telegram ids exceed 32 bits but stay within JSON's safe integers. */
const Id = z.number().int();

/** A Telegram user (https://core.telegram.org/bots/api#user). */
export const UserSchema = z.object({
  id: Id,
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  language_code: z.string().max(35).optional(),
});

/** A chat: `private` for a buyer talking to the bot, `group`/`supergroup`/`channel` otherwise. */
export const ChatSchema = z.object({ id: Id, type: z.string() });

/** Any file the buyer sent (photo size, sticker, voice, ...): only its id is kept. */
const FileSchema = z.object({ file_id: z.string().min(1) });

/** One inline keyboard button: its label, and the payload it sends back when pressed. */
const InlineButtonSchema = z.object({ text: z.string(), callback_data: z.string().optional() });

/** A message (https://core.telegram.org/bots/api#message), as far as normalize reads it. */
export const MessageSchema = z.object({
  message_id: Id,
  chat: ChatSchema,
  /** Missing for anonymous group admins and channel posts. */
  from: UserSchema.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  /** A contact card; `user_id` is the sharer's own id when it came from a request_contact button. */
  contact: z
    .object({
      phone_number: z.string(),
      first_name: z.string().optional(),
      last_name: z.string().optional(),
      user_id: Id.optional(),
    })
    .optional(),
  /** The sizes of one photo, smallest first. */
  photo: z.array(FileSchema).optional(),
  sticker: FileSchema.optional(),
  voice: FileSchema.optional(),
  audio: FileSchema.optional(),
  video: FileSchema.optional(),
  video_note: FileSchema.optional(),
  /** GIFs; Telegram sends them with a `document` too, which is then not a separate file. */
  animation: FileSchema.optional(),
  document: FileSchema.optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  /** In a group with topics (a forum): the topic, and whether the message was written in one (not in General). */
  message_thread_id: Id.optional(),
  is_topic_message: z.boolean().optional(),
  /** The message this one answers (an agent replying to a relayed buyer message): only its id is read. */
  reply_to_message: z.object({ message_id: Id }).optional(),
  /** Our own keyboard under a bot message: read to find the label of a pressed button. */
  reply_markup: z.object({ inline_keyboard: z.array(z.array(InlineButtonSchema)).optional() }).optional(),
});
/** A message that passed `MessageSchema`. */
export type TelegramMessage = z.infer<typeof MessageSchema>;

/** An inline keyboard press (https://core.telegram.org/bots/api#callbackquery). */
export const CallbackQuerySchema = z.object({
  id: z.string().min(1),
  from: UserSchema,
  /** The bot message the keyboard was under; absent for inline-mode messages. */
  message: MessageSchema.optional(),
  /** Absent for game buttons. */
  data: z.string().optional(),
});
/** A callback query that passed `CallbackQuerySchema`. */
export type TelegramCallbackQuery = z.infer<typeof CallbackQuerySchema>;

/** The bot's own membership changed: in a private chat, `kicked` means the buyer blocked it. */
export const ChatMemberUpdatedSchema = z.object({
  chat: ChatSchema,
  from: UserSchema,
  new_chat_member: z.object({ status: z.string() }),
});

/** One update, as a webhook body or one item of getUpdates. */
export const UpdateSchema = z.object({
  update_id: z.number().int().nonnegative(),
  message: MessageSchema.optional(),
  edited_message: MessageSchema.optional(),
  /** A channel's own post: never from a buyer, so only its presence is read. */
  channel_post: z.record(z.string(), z.unknown()).optional(),
  edited_channel_post: z.record(z.string(), z.unknown()).optional(),
  callback_query: CallbackQuerySchema.optional(),
  my_chat_member: ChatMemberUpdatedSchema.optional(),
});
/** An update that passed `UpdateSchema`. */
export type TelegramUpdate = z.infer<typeof UpdateSchema>;

/** Update kinds this channel handles: what `setWebhook` and `getUpdates` are told to send. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

