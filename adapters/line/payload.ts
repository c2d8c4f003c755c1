import { z } from 'zod';

/**
 * LINE Messaging API webhook bodies (developers.line.biz "Webhook event objects"). Loose on
 * purpose: LINE adds fields and event types, and a body LINE can really send never gets a 4xx;
 * what we read is checked, the rest passes through.
 */
export const SourceSchema = z.looseObject({
  type: z.enum(['user', 'group', 'room']),
  userId: z.string().min(1).optional(),
  groupId: z.string().min(1).optional(),
  roomId: z.string().min(1).optional(),
});
export type LineSource = z.infer<typeof SourceSchema>;

export const LineMessageSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  text: z.string().optional(),
  fileName: z.string().optional(),
  title: z.string().optional(),
  address: z.string().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  packageId: z.string().optional(),
  stickerId: z.string().optional(),
  keywords: z.array(z.string()).optional(),
});
export type LineMessage = z.infer<typeof LineMessageSchema>;

/** One event; only the fields every event has are required. */
export const EventSchema = z.looseObject({
  type: z.string().min(1),
  timestamp: z.number(),
  webhookEventId: z.string().min(1),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
  mode: z.string().optional(),
  source: SourceSchema.optional(),
  replyToken: z.string().optional(),
  message: LineMessageSchema.optional(),
  postback: z.looseObject({ data: z.string() }).optional(),
});
export type LineEvent = z.infer<typeof EventSchema>;

/** The body of a webhook POST; the console's "Verify" sends `events: []`. */
export const WebhookBodySchema = z.looseObject({
  destination: z.string(),
  events: z.array(z.unknown()),
});

/** LINE's error body: `{"message": "...", "details": [...]}`. */
export const ApiErrorBodySchema = z.looseObject({
  message: z.string(),
  details: z.array(z.looseObject({ message: z.string().optional(), property: z.string().optional() })).optional(),
});

/** The reference an inbound message's address carries, for the reply to it. */
export const LineRefSchema = z.object({
  replyToken: z.string().optional(),
  /** Event timestamp (ms): a reply token is valid for about a minute after it. */
  at: z.number(),
});
export type LineRef = z.infer<typeof LineRefSchema>;
