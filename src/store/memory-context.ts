import type { ConversationId, Delivery } from '../engine/types.js';
import { toHandoff, type GatewayEvent } from './handoff.js';
import type { QueueName } from './keys.js';
import { MemoryQueue } from './memory-queue.js';
import { parseSession } from './session.js';
import { parseShopStatus } from './shop-status.js';
import type { StoreOptions, TurnState } from './types.js';

export interface Expiring<T> {
  value: T;
  expiresAt: number;
}

/**
 * What each of the in-process store's modules works with: the options and the state, which
 * mirrors the Redis keys (one module writes most families, others read them, as on Redis).
 */
export interface MemoryContext {
  readonly options: StoreOptions;
  readonly queues: Record<QueueName, MemoryQueue>;
  /** Dedupe: `channel:message id` -> remembered until. */
  readonly seen: Map<string, number>;
  readonly sessions: Map<string, Expiring<string>>;
  readonly transcripts: Map<string, Expiring<string[]>>;
  readonly unreachable: Set<string>;
  /** Newest first, at most 1000. */
  readonly dead: string[];
  readonly contactIndex: Map<string, Record<string, string>>;
  // Handoff state, mirroring the Redis hash / zsets / sets (see redis-handoff.ts).
  readonly handoffs: Map<string, Record<string, string>>;
  /** conv -> queued at; insertion order is queue order. */
  readonly handoffQueue: Map<string, number>;
  readonly assigned: Map<string, number>;
  readonly agentSets: Map<string, Set<string>>;
  /** conv -> last turn at; insertion order is recency (oldest first). */
  readonly lastSeen: Map<string, number>;
  readonly listeners: Set<(event: GatewayEvent) => void>;
  readonly fanOutListeners: Set<(delivery: Delivery) => void>;
  /** The owner's status, JSON, as Redis keeps it. */
  shopStatus: string | undefined;
}

export function createMemoryContext(options: StoreOptions): MemoryContext {
  return {
    options,
    queues: { in: new MemoryQueue('in'), out: new MemoryQueue('out') },
    seen: new Map(),
    sessions: new Map(),
    transcripts: new Map(),
    unreachable: new Set(),
    dead: [],
    contactIndex: new Map(),
    handoffs: new Map(),
    handoffQueue: new Map(),
    assigned: new Map(),
    agentSets: new Map(),
    lastSeen: new Map(),
    listeners: new Set(),
    fanOutListeners: new Set(),
    shopStatus: undefined,
  };
}

/** Expired entries are swept now and then, as Redis would, so memory stays bounded; returns the stop function. */
export function startSweeper(ctx: MemoryContext): () => void {
  const { seen, sessions, transcripts } = ctx;
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [k, until] of seen) if (until <= now) seen.delete(k);
    for (const [k, e] of sessions) if (e.expiresAt <= now) sessions.delete(k);
    for (const [k, e] of transcripts) if (e.expiresAt <= now) transcripts.delete(k);
  }, 60_000);
  sweeper.unref();
  return () => clearInterval(sweeper);
}

export const live = <T>(e: Expiring<T> | undefined): T | undefined => (e && e.expiresAt > Date.now() ? e.value : undefined);

export const ttlMs = (ctx: MemoryContext): number => ctx.options.sessionTtlSeconds * 1000;

/** Place in the handoff line (1 = next); 0 when not queued. */
export const rank = (ctx: MemoryContext, conv: string): number => [...ctx.handoffQueue.keys()].indexOf(conv) + 1;

/** Give an event to every live view (each its own copy, as if it came over pub/sub). */
export function emit(ctx: MemoryContext, event: GatewayEvent): void {
  for (const listener of ctx.listeners) listener(structuredClone(event));
}

/** Append JSON lines to a conversation's transcript, keeping the newest `transcriptMax`. */
export function appendTranscript(ctx: MemoryContext, conv: string, lines: string[], expiresAt: number): void {
  const list = live(ctx.transcripts.get(conv)) ?? [];
  list.push(...lines);
  list.splice(0, Math.max(0, list.length - ctx.options.transcriptMax));
  ctx.transcripts.set(conv, { value: list, expiresAt });
}

/** What processing one message needs: session, shop status, handoff and the line's length. */
export function turnState(ctx: MemoryContext, conversationId: ConversationId): TurnState {
  const { sessions, handoffs, handoffQueue } = ctx;
  return {
    session: parseSession(live(sessions.get(conversationId))).session,
    status: parseShopStatus(ctx.shopStatus),
    handoff: { ...toHandoff(handoffs.get(conversationId)), ...(handoffQueue.has(conversationId) ? { position: rank(ctx, conversationId) } : {}) },
    queueLength: handoffQueue.size,
  };
}
