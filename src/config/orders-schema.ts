import { z } from 'zod';

// The same shape as schema.ts's LocalizedTextSchema, redeclared: schema.ts imports this file.
const LocalizedTextSchema = z.record(z.string().regex(/^[a-z]{2}$/), z.string().min(1));

/**
 * What the bot tells a buyer about their order. `{order}`, `{items}`, `{address}`, `{courier}`,
 * `{tracking}` and `{url}` are filled in. Without this section orders are kept but nothing is sent.
 */
export const OrdersConfigSchema = z
  .object({
    /** Days after delivery for the "has it arrived well?" follow-up; 0 turns it off. */
    followUpDays: z.number().int().min(0).max(60).default(3),
    /** Days of one usage cycle (when an item gives none), for the second follow-up; unset: none. */
    usageCycleDays: z.number().int().positive().max(3650).optional(),
    /** Hours after the buyer's last message a channel still accepts a free-form message (WhatsApp, Messenger: 24). */
    windowHours: z.record(z.string(), z.number().positive()).default({ whatsapp: 24, facebook: 24 }),
    /**
     * Outside a channel's window: the template per message kind (approved on the platform), whose
     * parameters are the order number and the tracking number. A kind without one is skipped.
     */
    templates: z.record(z.string(), z.partialRecord(z.enum(['paid', 'shipped', 'followUp', 'usageFollowUp']), z.object({ name: z.string().min(1), language: z.string().min(2).optional() }).strict())).default({}),
    /** Bring up open promises ("the missing strap goes with your next order") when the buyer comes back. */
    mentionPromises: z.boolean().default(false),
    texts: z
      .object({
        paid: LocalizedTextSchema,
        shipped: LocalizedTextSchema,
        followUp: LocalizedTextSchema,
        usageFollowUp: LocalizedTextSchema,
        /** "Where is my order?": one line per order of this buyer, by its status. */
        status: z.object({ created: LocalizedTextSchema, paid: LocalizedTextSchema, shipped: LocalizedTextSchema, delivered: LocalizedTextSchema, cancelled: LocalizedTextSchema, refunded: LocalizedTextSchema }).strict(),
        /** Asked when no order of this buyer is known: the phone or e-mail used at checkout. */
        unknownBuyer: LocalizedTextSchema,
        /** `{promise}` is what an agent promised. */
        promiseReminder: LocalizedTextSchema.optional(),
      })
      .strict(),
  })
  .strict();
export type OrdersConfig = z.infer<typeof OrdersConfigSchema>;
