import { z } from 'zod';

/** The Events API envelope, with just the fields `normalize` reads. */
export const SlackEventEnvelopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('url_verification'), challenge: z.string().min(1) }),
  z.object({
    type: z.literal('event_callback'),
    team_id: z.string(),
    event_id: z.string(),
    event: z
      .object({
        type: z.string(),
        subtype: z.string().optional(),
        user: z.string().optional(),
        bot_id: z.string().optional(),
        text: z.string().optional(),
        channel: z.string().optional(),
        channel_type: z.string().optional(),
        thread_ts: z.string().optional(),
        ts: z.string().optional(),
      })
      .loose(),
  }),
  z.object({ type: z.literal('app_rate_limited') }).loose(),
]);
export type SlackEventEnvelope = z.infer<typeof SlackEventEnvelopeSchema>;

/** A `block_actions` interaction (a button press), sent form-encoded as `payload=<json>`. */
export const BlockActionsSchema = z
  .object({
    type: z.literal('block_actions'),
    trigger_id: z.string(),
    team: z.object({ id: z.string() }),
    user: z.object({ id: z.string() }),
    channel: z.object({ id: z.string() }),
    actions: z.array(z.object({ action_id: z.string(), value: z.string().optional(), text: z.object({ text: z.string() }).optional(), action_ts: z.string() })).min(1),
  })
  .loose();
export type BlockActions = z.infer<typeof BlockActionsSchema>;
