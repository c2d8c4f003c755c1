import { z } from 'zod';
import type { ConversationId, TranscriptEntry } from '../engine/types.js';
import type { Session } from './session.js';

/** Who is answering a conversation: the bot, nobody yet (waiting for a person), an agent, or nobody (ended). */
export type HandoffStateName = 'bot' | 'queued' | 'agent' | 'closed';

export interface Handoff {
  state: HandoffStateName;
  agent?: string;
  /** ISO times. */
  queuedAt?: string;
  claimedAt?: string;
  /** Why the conversation was queued: human, complaint, unmatched, agent, away… */
  reason?: string;
  /** Place in line while queued (1 = next). */
  position?: number;
}

export type ClaimResult = 'claimed' | 'taken' | 'over_limit';
export type ReleaseResult = 'released' | 'not_yours' | 'not_held';

/** A change that agents' live views show; published to every instance. */
export type GatewayEvent =
  | { type: 'message'; conversationId: ConversationId; id: string; from: 'buyer' | 'bot' | 'agent'; text: string; at: string; agent?: string }
  | { type: 'handoff'; conversationId: ConversationId; state: HandoffStateName; agent?: string; reason?: string; position?: number; at: string }
  /** An agent's message the platform would not take, given up (told to the agent, wherever they work). */
  | { type: 'undelivered'; conversationId: ConversationId; deliveryId: string; text: string; reason: string; at: string };

export const GatewayEventSchema = z.union([
  z.object({ type: z.literal('message'), conversationId: z.string(), id: z.string(), from: z.enum(['buyer', 'bot', 'agent']), text: z.string(), at: z.string(), agent: z.string().optional() }),
  z.object({ type: z.literal('handoff'), conversationId: z.string(), state: z.enum(['bot', 'queued', 'agent', 'closed']), agent: z.string().optional(), reason: z.string().optional(), position: z.number().optional(), at: z.string() }),
  z.object({ type: z.literal('undelivered'), conversationId: z.string(), deliveryId: z.string(), text: z.string(), reason: z.string(), at: z.string() }),
]);

/** A hash as Redis returns it -> Handoff. A conversation never handed off is with the bot. */
export function toHandoff(hash: Record<string, string> | null | undefined): Handoff {
  if (!hash || !hash.state) return { state: 'bot' };
  const iso = (ms: string | undefined) => (ms ? new Date(Number(ms)).toISOString() : undefined);
  const queuedAt = iso(hash.queuedAt);
  const claimedAt = iso(hash.claimedAt);
  return {
    state: hash.state as HandoffStateName,
    ...(hash.agent ? { agent: hash.agent } : {}),
    ...(queuedAt ? { queuedAt } : {}),
    ...(claimedAt ? { claimedAt } : {}),
    ...(hash.reason ? { reason: hash.reason } : {}),
  };
}

/** One row of the agents' conversation list. */
export interface ConversationSummary {
  id: ConversationId;
  channel: string;
  state: HandoffStateName;
  agent?: string;
  waitingSince?: string;
  reason?: string;
  lastMessage?: { from: string; text: string; at: string };
  contact: Record<string, string>;
  lastSeenAt?: string;
}

/** Build a list row from what the store holds about a conversation. */
export function summarize(id: ConversationId, handoff: Handoff, lastLine: string | null | undefined, session: Session | undefined, lastSeenMs: string | number | null | undefined): ConversationSummary {
  const last = lastLine ? (JSON.parse(lastLine) as TranscriptEntry) : undefined;
  return {
    id,
    channel: id.slice(0, id.indexOf(':')),
    state: handoff.state,
    ...(handoff.agent ? { agent: handoff.agent } : {}),
    ...(handoff.state === 'queued' && handoff.queuedAt ? { waitingSince: handoff.queuedAt } : {}),
    ...(handoff.reason ? { reason: handoff.reason } : {}),
    ...(last ? { lastMessage: { from: last.from, text: last.text, at: last.at } } : {}),
    contact: (session?.contact ?? {}) as Record<string, string>,
    ...(lastSeenMs != null ? { lastSeenAt: new Date(Number(lastSeenMs)).toISOString() } : {}),
  };
}
