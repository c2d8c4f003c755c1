import type { ConversationId } from '../engine/types.js';
import type { OrderEvent } from '../orders/events.js';

/** A message to send later about an order (a follow-up after delivery), claimed by exactly one instance. */
export interface OrderJob {
  id: string;
  orderId: string;
  conversationId: ConversationId;
  kind: 'followUp' | 'usageFollowUp';
  /** ISO time it is due. */
  dueAt: string;
}

/** What became of one message about an order: sent, sent as the channel's template, or skipped (and why). */
export interface OrderNotice {
  orderId: string;
  kind: string;
  conversationId?: ConversationId;
  outcome: 'sent' | 'template' | 'skipped' | 'scheduled' | 'cancelled';
  reason?: string;
  at: string;
}

/** Something an agent promised a buyer ("the missing strap goes with your next order"). */
export interface OrderPromise {
  id: string;
  conversationId: ConversationId;
  text: string;
  by: string;
  createdAt: string;
  status: 'open' | 'kept' | 'dropped';
  closedAt?: string;
  closedBy?: string;
}

/**
 * The orders key families (events, buyer index, follow-up schedule, notices, promises), for Redis
 * and in memory; both pass test/store/orders-contract.test.ts.
 *
 * @example
 * const { recorded, events } = await orders.recordEvent(event); // false: a replay, do nothing
 * const due = await orders.claimDue(now, 30_000, 10);             // each job to one instance only
 */
export interface OrdersStore {
  readonly kind: 'redis' | 'memory';
  /** Record an event once per id and index the order by its buyer; returns all its events so far. */
  recordEvent(event: OrderEvent, refKeys: string[]): Promise<{ recorded: boolean; events: OrderEvent[] }>;
  events(orderId: string): Promise<OrderEvent[]>;
  /** Order ids found by any of these buyer references. */
  orderIdsFor(refKeys: string[]): Promise<string[]>;
  /** Add a buyer reference to an order (a conversation that opened its link). */
  link(orderId: string, refKey: string): Promise<void>;
  refsOf(orderId: string): Promise<string[]>;
  /** True the first time a mark is taken (a message that must go out once), false after. */
  once(mark: string, ttlSeconds: number): Promise<boolean>;
  note(notice: OrderNotice): Promise<void>;
  notices(orderId: string): Promise<OrderNotice[]>;
  schedule(job: OrderJob): Promise<void>;
  /** Drop an order's follow-ups not yet sent; returns them. */
  cancelJobs(orderId: string): Promise<OrderJob[]>;
  jobsOf(orderId: string): Promise<OrderJob[]>;
  /** Lease up to `max` due jobs to the caller: no other instance gets them unless the lease expires unfinished. */
  claimDue(now: Date, leaseMs: number, max: number): Promise<OrderJob[]>;
  /** A claimed job is done (sent or skipped). */
  completeJob(job: OrderJob): Promise<void>;
  addPromise(promise: OrderPromise): Promise<void>;
  promises(conversationId: ConversationId): Promise<OrderPromise[]>;
  updatePromise(conversationId: ConversationId, id: string, change: Pick<OrderPromise, 'status' | 'closedAt' | 'closedBy'>): Promise<OrderPromise | undefined>;
  /** Erase these orders (events, index, follow-ups, notices) and the conversation's promises. */
  erase(orderIds: string[], conversationId: ConversationId): Promise<void>;
  close(): Promise<void>;
}

/** Orders, their follow-ups and notices are kept this long after their last change. */
export const ORDER_TTL_SECONDS = 400 * 86_400;
export const NOTICES_MAX = 50;
