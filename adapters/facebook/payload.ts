import { z } from 'zod';

/**
 * zod schemas for the Messenger webhook: the envelope the route checks (a bad one is a 400)
 * and the messaging events `normalize` reads. Only the fields we read are listed; the rest
 * of Meta's payload passes through unread.
 */

const Party = z.object({ id: z.string().min(1) });

/**
 * The webhook envelope. `messaging` is optional because entries for other fields (`standby`,
 * `changes`) carry none; events themselves are checked one by one, so one odd event does not
 * make Meta redeliver (and eventually disable the webhook for) the whole batch.
 */
export const WebhookBodySchema = z.object({
  object: z.string(),
  entry: z.array(
    z.object({
      id: z.string(),
      time: z.number(),
      messaging: z.array(z.record(z.string(), z.unknown())).optional(),
    }),
  ),
});
/** A webhook body that passed `WebhookBodySchema`. */
export type WebhookBody = z.infer<typeof WebhookBodySchema>;

/** Who wrote to whom: Botkit dereferences both ids, so events without them never reach it. */
export const PartiesSchema = z.object({ sender: Party, recipient: Party });

/** One attachment of a buyer's message; `payload` is null for some `fallback` shares. */
export const AttachmentSchema = z.object({
  type: z.string(),
  payload: z
    .object({
      url: z.string().optional(),
      sticker_id: z.union([z.number(), z.string()]).optional(),
      coordinates: z.object({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullish(),
});
/** An attachment that passed `AttachmentSchema`. */
export type MessengerAttachment = z.infer<typeof AttachmentSchema>;

/** `messages` (and `message_echoes`) event body. */
export const MessageSchema = z.object({
  mid: z.string().min(1),
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  quick_reply: z.object({ payload: z.string() }).optional(),
  attachments: z.array(AttachmentSchema).optional(),
});

/** `messaging_postbacks` event body: a button, Get Started or persistent menu item. */
export const PostbackSchema = z.object({
  mid: z.string().optional(),
  title: z.string().optional(),
  payload: z.string(),
});

/**
 * One entry of `entry[].messaging[]`. Meta documents timestamps as numbers but its dashboard's
 * test tool sends strings, so both are accepted.
 */
export const MessagingEventSchema = z.object({
  sender: Party,
  recipient: Party,
  timestamp: z.union([z.number(), z.string().regex(/^\d+$/)]).optional(),
  message: MessageSchema.optional(),
  postback: PostbackSchema.optional(),
  delivery: z.record(z.string(), z.unknown()).optional(),
  read: z.record(z.string(), z.unknown()).optional(),
});
/** A messaging event that passed `MessagingEventSchema`. */
export type MessagingEvent = z.infer<typeof MessagingEventSchema>;

/** A Graph API error body: `{ error: { message, type, code, error_subcode, fbtrace_id } }`. */
export const GraphErrorSchema = z.object({
  error: z.looseObject({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    fbtrace_id: z.string().optional(),
  }),
});
/** The `error` object of a failed Graph API call. */
export type GraphError = z.infer<typeof GraphErrorSchema>['error'];

/** A successful Send API answer. */
export const SendResultSchema = z.object({ recipient_id: z.string().optional(), message_id: z.string().optional() });

/** What an inbound message's address carries: the page, and when the buyer wrote (ms), for Messenger's window. */
export const FacebookRefSchema = z.object({ pageId: z.string().optional(), at: z.number().optional() });
