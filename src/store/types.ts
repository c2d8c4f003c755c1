import type { ConversationId, Delivery, InboundMessage, IngestResult, TranscriptEntry } from '../engine/types.js';
import type { QueueName } from './keys.js';
import type { ClaimResult, ConversationSummary, GatewayEvent, Handoff, HandoffStateName, ReleaseResult } from './handoff.js';
import type { Session } from './session.js';
import type { ShopStatus } from './shop-status.js';

export type { QueueName } from './keys.js';

/**
 * A worker's hold on one conversation of a queue: no other worker (in any instance) gets that
 * conversation until the lease is acknowledged, retried later or expires (a crashed worker).
 */
export interface Lease {
  queue: QueueName;
  conversationId: ConversationId;
  /** The conversation's oldest item, JSON. */
  item: string;
  /** How many times this item has been claimed, this claim included. */
  attempts: number;
  /** Proves ownership: a lease that expired and was taken over can no longer commit. */
  token: string;
  /** Deliveries only: the buyer blocked the bot, so this must not be sent. */
  unreachable?: boolean;
  /** Deliveries only, from a claim: whether this buyer got an answer within ANSWERED_WINDOW_MS (their next answer yields to others' first). */
  answered?: boolean;
  /** Deliveries only, from a claim: the conversation's deliveries queued, this one included. */
  pending?: number;
}

/**
 * How long after an answer is sent a buyer counts as answered: under a backlog (a flash sale),
 * their next answer is claimed only once no buyer is waiting for a first one.
 */
export const ANSWERED_WINDOW_MS = 60_000;

/** A message parked after repeated failures, for owners to look at. */
export interface DeadLetter {
  queue: QueueName;
  conversationId: ConversationId;
  item: string;
  reason: string;
  at: string;
}

/** Everything one processed buyer message changes, written atomically. */
export interface Turn {
  /** The new session; omitted to leave it as it is. */
  session?: Session;
  /** Lines appended to the transcript; each is also published to live views as a `message` event. */
  transcript: TranscriptEntry[];
  /** Replies to deliver, queued in the same write. */
  delivery?: Delivery;
  deadLetter?: DeadLetter;
  /** Other events (a handoff) published to every instance's live views after the lines' (same round trip on Redis). */
  events?: GatewayEvent[];
  /** The conversation's contact details changed: index them for the export (null erases). */
  contact?: Record<string, string> | null;
}

/** What processing one message needs, read in one round trip. */
export interface TurnState {
  session?: Session;
  status?: ShopStatus;
  handoff: Handoff;
  /** Conversations waiting for a person right now. */
  queueLength: number;
}

/** A recorded message; when its conversation had nothing pending, already leased to the recorder, with its turn state. */
export interface Ingested {
  result: IngestResult;
  lease?: Lease;
  state?: TurnState;
}

/** A committed turn; `delivery` is set when its delivery was leased to the committer at once. */
export interface Committed {
  committed: boolean;
  delivery?: Lease;
}

/**
 * What became of a buyer's edit: `pending` (still waiting in the inbox: the edited text is the one
 * processed), `transcript` (processed already: its transcript line now shows the edited text),
 * `processing` (a worker has it right now: try again in a moment) or `unknown` (never recorded, or
 * no longer kept).
 */
export type EditResult = 'pending' | 'transcript' | 'processing' | 'unknown';

export interface StoreOptions {
  sessionTtlSeconds: number;
  transcriptMax: number;
  dedupeTtlSeconds: number;
  /** How long a claim stays valid without a heartbeat. */
  leaseMs: number;
  /** Buyer messages waiting in one conversation before more are refused (the platform retries later). */
  maxPendingPerConversation: number;
}

/** The durable inbound and outbound queues: a conversation's messages and deliveries, one holder at a time, in order (the engine's workers). */
export interface InboxPort {
  /** Dedupe by platform id, then record the message at the end of its conversation's inbox ('throttled': inbox full, not recorded). */
  ingest(msg: InboundMessage): Promise<IngestResult>;
  /**
   * `ingest`, and when the conversation had nothing pending, lease it to the caller in the same
   * step with what processing needs: the instance that took the webhook goes straight to work.
   */
  ingestAndLease(msg: InboundMessage): Promise<Ingested>;
  /** Wait up to `timeoutMs` for a conversation with work in `queue` and lease it. */
  claim(queue: QueueName, timeoutMs: number): Promise<Lease | undefined>;
  /** Lease up to `max` conversations in one go (waiting up to `timeoutMs` when none is ready). */
  claimBatch(queue: QueueName, max: number, timeoutMs: number): Promise<Lease[]>;
  /** Heartbeat: keep the lease; false when it was lost. */
  extend(lease: Lease): Promise<boolean>;
  /** Finish an inbound item: save, append the transcript, queue the delivery, drop the item. False if the lease was lost. */
  commitTurn(lease: Lease, turn: Turn): Promise<boolean>;
  /** `commitTurn`, and when the turn's delivery is the only one pending for the conversation, lease it to the caller. */
  commitTurnAndLease(lease: Lease, turn: Turn): Promise<Committed>;
  /** Drop the head item (delivered). False if the lease was lost. */
  ack(lease: Lease): Promise<boolean>;
  /**
   * Deliveries: the lease's holder reads its conversation's first `lease.pending` queued items
   * (unsent) and may replace the first `count` of them with one `item` (merged), in one step.
   * Returns the lease on the merged item, or undefined when nothing was merged (or the lease was lost).
   */
  mergeQueued(lease: Lease, merge: (items: string[]) => { item: string; count: number } | undefined): Promise<Lease | undefined>;
  /**
   * Deliveries: buyers (conversation ids starting `conversationPrefix`: one channel) waiting in the
   * first lane (for a first answer) past its first `skip`, not
   * told within `windowMs` that they wait; up to `max` are marked told (once per burst) and
   * returned with their place in the lane (1 = next).
   */
  takeLongWaiters(conversationPrefix: string, skip: number, max: number, windowMs: number): Promise<{ conversationId: ConversationId; place: number }[]>;
  /** Give the conversation back, to be claimed again after `delayMs` with the same head item. `countAttempt: false`: a wait, not a failure. */
  retryLater(lease: Lease, delayMs: number, opts?: { countAttempt?: boolean }): Promise<boolean>;
  deadLetters(limit?: number): Promise<DeadLetter[]>;
}

/** What the gateway remembers of each conversation: session, transcript, contact details, reachability. */
export interface SessionsPort {
  loadSession(conversationId: ConversationId): Promise<Session | undefined>;
  /** The session and the shop's status together (one round trip on Redis). */
  loadTurnState(conversationId: ConversationId): Promise<TurnState>;
  transcript(conversationId: ConversationId, limit?: number): Promise<TranscriptEntry[]>;
  /** The buyer edited message `messageId` (see EditResult): the new text replaces the old where it is kept. */
  editMessage(conversationId: ConversationId, messageId: string, text: string): Promise<EditResult>;
  markUnreachable(conversationId: ConversationId): Promise<void>;
  isUnreachable(conversationId: ConversationId): Promise<boolean>;
  /** Every conversation's contact details, for the owner's export. */
  contacts(): Promise<{ conversationId: ConversationId; contact: Record<string, string> }[]>;
  /** Erase a conversation's contact details from its session and the index. */
  eraseContact(conversationId: ConversationId): Promise<void>;
}

/** Conversations handed to people: the waiting line, one agent per conversation, agents' replies. */
export interface HandoffPort {
  /** Queue the conversation for a person (no-op if already queued or with an agent); returns its place in line. */
  requestHuman(conversationId: ConversationId, reason: string): Promise<{ handoff: Handoff; position: number }>;
  /** An agent takes the conversation: exactly one agent wins, within their limit of conversations. */
  claimConversation(conversationId: ConversationId, agent: string, maxConversations: number): Promise<ClaimResult>;
  /** Hand back to the bot or end it. `agent` undefined: an owner acting on anyone's conversation. */
  releaseConversation(conversationId: ConversationId, agent: string | undefined, to: 'bot' | 'closed'): Promise<ReleaseResult>;
  handoffOf(conversationId: ConversationId): Promise<Handoff>;
  /** Place in line (1 = next), or undefined when not queued. */
  queuePosition(conversationId: ConversationId): Promise<number | undefined>;
  /** Conversations queued before `cutoff` whose buyer was not yet told nobody came; each is returned once. */
  takeQueueTimeouts(cutoff: Date): Promise<ConversationId[]>;
  listConversations(state: HandoffStateName, limit: number): Promise<ConversationSummary[]>;
  /** Append an agent's (or anyone's) lines to the transcript and queue the delivery, in the conversation's order. */
  sendAsAgent(conversationId: ConversationId, line: TranscriptEntry, delivery: Delivery): Promise<void>;
}

/** Live events shared by every instance (console views) and replies fanned out to the instance holding a web socket. */
export interface EventsPort {
  publish(event: GatewayEvent): Promise<void>;
  /** Receive every instance's events; returns the unsubscribe function. */
  subscribe(handler: (event: GatewayEvent) => void): Promise<() => void>;
  /** Hand a delivery to every instance (each gives it to the sockets it holds); at most once, not stored. */
  fanOut(delivery: Delivery): Promise<void>;
  onFanOut(handler: (delivery: Delivery) => void): Promise<() => void>;
}

/** The owner's away / busy / online status, shared by every instance. */
export interface ShopStatusPort {
  /** The status the owner set, if any. */
  getShopStatus(): Promise<ShopStatus | undefined>;
  /** Set the owner's status; undefined clears it (back to business hours). */
  setShopStatus(status: ShopStatus | undefined): Promise<void>;
}

/** The store itself: which one, its options, health, shared secrets, shutdown. */
export interface StoreLifecycle {
  readonly kind: 'redis' | 'memory';
  readonly options: StoreOptions;
  /** Requests sent to Redis so far by this instance (a script or pipeline counts once); 0 in memory. */
  roundTrips(): number;
  /** Requests to Redis that failed (Redis away or refusing) so far; 0 in memory. */
  storeErrors(): number;
  /** Resolves when the store answers; rejects with StoreUnavailableError otherwise. */
  ping(): Promise<void>;
  /** A random secret, created by whichever instance asks first and shared by all. */
  sharedSecret(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * All durable state: every port above. Code takes the ports it uses (the orders take sessions and
 * handoff), so a new key family gets its own port beside these. Two implementations pass the
 * contract suites in test/store/contract/ (one per port): Redis (shared by many instances) and
 * in-process memory (one instance, lost on restart).
 *
 * @example
 * const result = await store.ingest(msg);           // 'accepted' | 'duplicate': answer 2xx now
 * const lease = await store.claim('in', 1000);      // a worker takes the conversation's oldest message
 * if (lease) await store.commitTurn(lease, { session, transcript, delivery });
 */
export interface Store extends StoreLifecycle, InboxPort, SessionsPort, HandoffPort, EventsPort, ShopStatusPort {}
