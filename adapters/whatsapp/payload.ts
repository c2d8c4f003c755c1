import { z } from 'zod';

/**
 * zod schemas for the WhatsApp Cloud API webhook (Meta's "Webhooks: messages" reference) and the
 * Graph API answers. Loose on purpose: Meta adds fields and message types, and a body Meta can
 * really send never gets a 4xx; what `normalize` reads is checked, the rest passes through.
 */

/**
 * The envelope the route checks (a bad one is a 400). Each `changes[].value` is checked on its
 * own, so one odd change does not make Meta redeliver (and eventually disable) the whole batch.
 */
export const WebhookBodySchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: z.string(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).default([]),
    }),
  ),
});

const Timestamp = z.union([z.string().regex(/^\d+$/), z.number()]).transform((t) => Number(t) * 1000);

/** A sender in `value.contacts[]`: `wa_id` (their phone number) may be missing for users known by a business-scoped id or a username. */
export const SenderContactSchema = z.looseObject({
  wa_id: z.string().min(1).optional(),
  user_id: z.string().min(1).optional(),
  profile: z.looseObject({ name: z.string().optional(), username: z.string().optional() }).optional(),
});
export type SenderContact = z.infer<typeof SenderContactSchema>;

/** `value` of a change whose field is `messages`: buyer messages and the statuses of ours. */
export const MessagesValueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: z.string().min(1), display_phone_number: z.string().optional() }),
  contacts: z.array(SenderContactSchema).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});
export type MessagesValue = z.infer<typeof MessagesValueSchema>;

const Media = z.looseObject({ id: z.string().min(1), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional(), voice: z.boolean().optional() });

/** A card shared in a `contacts` message: somebody's details, not the sender's own. */
const SharedCard = z.looseObject({
  name: z.looseObject({ formatted_name: z.string().optional() }).optional(),
  phones: z.array(z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional() })).optional(),
});

/** One `value.messages[]` item. */
export const MessageSchema = z.looseObject({
  id: z.string().min(1),
  from: z.string().min(1).optional(),
  from_user_id: z.string().min(1).optional(),
  timestamp: Timestamp,
  type: z.string().min(1),
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
    })
    .optional(),
  /** A template's quick reply button: a different shape from interactive replies. */
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  image: Media.optional(),
  audio: Media.optional(),
  voice: Media.optional(),
  video: Media.optional(),
  document: Media.optional(),
  sticker: Media.optional(),
  location: z.looseObject({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
  contacts: z.array(SharedCard).optional(),
  reaction: z.looseObject({ message_id: z.string(), emoji: z.string().optional() }).optional(),
});
export type WhatsAppMessage = z.infer<typeof MessageSchema>;

/** One `value.statuses[]` item: what became of a message we sent. */
export const StatusSchema = z.looseObject({
  id: z.string().min(1),
  status: z.string().min(1),
  timestamp: Timestamp,
  recipient_id: z.string().min(1).optional(),
  recipient_user_id: z.string().min(1).optional(),
  errors: z.array(z.looseObject({ code: z.number(), title: z.string().optional(), message: z.string().optional() })).optional(),
});
export type WhatsAppStatus = z.infer<typeof StatusSchema>;

/** WhatsApp's Cloud API answers errors as the rest of the Graph API does: one schema for both. */
export { GraphErrorSchema, type GraphError } from '../facebook/payload.js';

/** A successful `POST /<phone-number-id>/messages` answer. */
export const SendResultSchema = z.looseObject({ messages: z.array(z.looseObject({ id: z.string() })).optional() });

/** What an inbound message's address carries for the replies to it. */
export const WhatsAppRefSchema = z.object({
  /** When the buyer sent their last message (ms): the 24-hour window counts from it. */
  at: z.number(),
  /** That message, to mark it read. */
  messageId: z.string().optional(),
  /** The shop's number it was written to: the replies go from it. */
  phoneNumberId: z.string().optional(),
});
export type WhatsAppRef = z.infer<typeof WhatsAppRefSchema>;
