import { z } from 'zod';
import type { Address, ConversationId } from '../engine/types.js';

const AddressSchema = z.object({
  channel: z.enum(['telegram', 'slack', 'facebook', 'twilio', 'web', 'line', 'whatsapp']),
  conversationId: z.string() as z.ZodType<ConversationId>,
  ref: z.json().optional(),
});

/**
 * A conversation's state, defined once. `v` is bumped (with a migration) whenever a field
 * changes meaning: an old session is never silently reinterpreted.
 */
export const SessionSchema = z.object({
  v: z.literal(1),
  /** Last known reply address, for replies that do not answer a message (agents, call-backs). */
  address: AddressSchema,
  /** Language the conversation is held in, once known. */
  lang: z.string().optional(),
  /** Active multi-step flow (e.g. contact gathering) and its step. */
  flow: z.object({ id: z.string(), step: z.string(), data: z.record(z.string(), z.string()).optional() }).optional(),
  contact: z
    // messenger: an account in a chat app, as "WeChat: mike_cha88" (flows/contact/extract.ts).
    .object({ name: z.string(), phone: z.string(), email: z.string(), messenger: z.string(), address: z.string() })
    .partial()
    .default({}),
  /** Away/busy period in which this conversation last got that auto-reply (once per period). */
  autoReplied: z.object({ away: z.string(), busy: z.string() }).partial().default({}),
  /** The buyer asked for a person while nobody could take it (e.g. the shop was away). */
  humanRequestedAt: z.string().optional(),
  /** FAQ topic id -> times answered in this conversation (a topic's follow-ups step through, e.g. the discount ladder). */
  faqAnswered: z.record(z.string(), z.number().int().nonnegative()).default({}),
  /** Buyer messages seen in this conversation. */
  messages: z.number().int().nonnegative().default(0),
  /** Unmatched questions in a row (the bot offers a person after two). */
  unmatchedInARow: z.number().int().nonnegative().default(0),
  /** When the buyer last wrote (not gateway-made events): reply windows (WhatsApp's 24 h) count from it. */
  lastBuyerAt: z.string().optional(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export type Session = z.infer<typeof SessionSchema>;

/** A fresh session for a conversation seen for the first time. */
export function initialSession(address: Address, now: Date): Session {
  const at = now.toISOString();
  // The schema's defaults, written out: this runs for every new buyer and needs no validation.
  return { v: 1, address, contact: {}, autoReplied: {}, faqAnswered: {}, messages: 0, unmatchedInARow: 0, firstSeenAt: at, lastSeenAt: at };
}

/** Drops empty objects (no contact yet, no auto-reply sent): the schema's defaults restore them on reading. */
const withoutEmptyObjects = (key: string, value: unknown) =>
  key !== '' && value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0 ? undefined : value;

/** A session as stored: compact JSON, read back by `parseSession`. */
export function serializeSession(session: Session): string {
  return JSON.stringify(session, withoutEmptyObjects);
}

/** Parse a stored session; `undefined` when it is missing or no longer valid (the caller starts afresh). */
export function parseSession(raw: string | null | undefined): { session?: Session; invalid: boolean } {
  if (raw == null) return { invalid: false };
  try {
    const parsed = SessionSchema.safeParse(JSON.parse(raw));
    return parsed.success ? { session: parsed.data, invalid: false } : { invalid: true };
  } catch {
    return { invalid: true };
  }
}
