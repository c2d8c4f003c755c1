import type { ConversationId } from '../engine/types.js';

/** Names of the durable keyed queues: `in` holds recorded buyer messages, `out` holds deliveries. */
export type QueueName = 'in' | 'out';

// One hash tag on every key: on Redis Cluster they share a slot, so Lua scripts and pipelines work.
const P = '{gw}:v1';

/**
 * Every Redis key the gateway writes, in one place. Only `src/store/` uses these.
 * Each family has a TTL or a bound: sessions, transcripts and dedupe marks expire;
 * queue structures shrink as items are acknowledged.
 */
export const keys = {
  /** Never written: named by every script call so a Redis Cluster routes it to the slot of `{gw}`. */
  slotAnchor: () => `${P}:slot`,
  /**
   * Platform message ids recorded in one conversation (zset: id -> when, ms), for dedupe: one key per
   * conversation, not one per message; ids older than the dedupe window are trimmed as new ones come.
   * Not `seen:`: 0.1.0 kept one string per message there (`seen:<channel>:<id>`), and a Telegram
   * update id can equal a chat id, so a zset of the same name would meet a WRONGTYPE after an upgrade.
   */
  seen: (c: ConversationId) => `${P}:seen-ids:${c}`,
  /** The conversation's session, JSON. */
  session: (c: ConversationId) => `${P}:session:${c}`,
  /** The conversation's transcript, a capped list of JSON entries. */
  transcript: (c: ConversationId) => `${P}:transcript:${c}`,
  /** Set while the buyer's platform refuses our messages (blocked the bot). */
  unreachable: (c: ConversationId) => `${P}:unreachable:${c}`,
  /** A secret shared by all instances (e.g. the web chat token key). */
  secret: (name: string) => `${P}:secret:${name}`,
  /** The status the owner set by hand (online/busy/away), JSON. */
  shopStatus: () => `${P}:shop:status`,
  /** Conversation -> contact details (JSON) for every conversation that left some: the export's index. */
  contacts: () => `${P}:contacts`,
  /** A conversation's handoff state (hash: state, agent, queuedAt, claimedAt, reason, timeoutNotified). */
  handoff: (c: ConversationId) => `${P}:handoff:${c}`,
  /** Conversations waiting for a person: conversation -> queued at (ms). */
  handoffQueue: () => `${P}:handoff:queue`,
  /** Conversations an agent holds: conversation -> claimed at (ms). */
  handoffAssigned: () => `${P}:handoff:assigned`,
  /** Prefix of an agent's set of held conversations; Lua appends the agent's name. */
  agentConversationsPrefix: () => `${P}:agent:`,
  /** Recently active conversations: conversation -> last message (ms), trimmed to the newest 10,000. */
  conversations: () => `${P}:conversations`,
  /** Pub/sub channel of conversation events, for the agents' live views on every instance. */
  events: () => `${P}:events`,
  /** Pub/sub channel carrying deliveries to every instance, for channels whose buyers hold a socket to one of them (web chat). */
  fanOut: () => `${P}:fanout`,
  /** Messages parked after repeated failures, newest first, capped. */
  deadLetters: () => `${P}:dead`,
  /** Prefix of a queue's per-conversation item lists; Lua appends the conversation id. */
  queueItemsPrefix: (q: QueueName) => `${P}:q:${q}:items:`,
  queueItems: (q: QueueName, c: ConversationId) => `${P}:q:${q}:items:${c}`,
  /** Conversations with items, waiting for a worker, FIFO. */
  queueReady: (q: QueueName) => `${P}:q:${q}:ready`,
  /** Conversation -> lease expiry (epoch ms); an expired lease goes back to ready. */
  queueLeases: (q: QueueName) => `${P}:q:${q}:leases`,
  /** Conversation -> token of the worker holding the lease. */
  queueOwners: (q: QueueName) => `${P}:q:${q}:owners`,
  /** Conversation -> claims of its head item so far (poison detection). */
  queueAttempts: (q: QueueName) => `${P}:q:${q}:attempts`,
  /** Conversation -> time (epoch ms) it may be claimed again (backoff, 429). */
  queueDelayed: (q: QueueName) => `${P}:q:${q}:delayed`,
  /** Deliveries only: conversations whose buyer got an answer recently, waiting behind the first answers of others (FIFO). */
  queueLater: (q: QueueName) => `${P}:q:${q}:later`,
  /** Deliveries only: prefix of the "answered recently" marks (Lua appends the conversation id; PX: the burst window). */
  queueAnsweredPrefix: (q: QueueName) => `${P}:q:${q}:answered:`,
  /** Deliveries only: prefix of "told they wait" marks (the busy reply with the place in line, once per burst). */
  queueToldPrefix: (q: QueueName) => `${P}:q:${q}:told:`,
  /** Wake-up tokens that blocked workers wait on with BLPOP. */
  queueWake: (q: QueueName) => `${P}:q:${q}:wake`,
  /** Set while a channel's sending rate is booked ahead: its PTTL is how long until the next free slot (all instances share it). */
  rateBooked: (channel: string) => `${P}:rate:${channel}:booked`,
  /** How many slots were booked before the booked ones (busy replies under a burst): a holder of a slot waits one interval more per step. */
  rateShift: (channel: string) => `${P}:rate:${channel}:shift`,
  /** Next free slot (epoch ms, Redis clock) of the slots booked before the others (busy replies). */
  rateFirst: (channel: string) => `${P}:rate:${channel}:first`,
  /** Set while a channel's platform asked the whole bot to wait (flood control, a global 429): its PTTL is the wait. */
  ratePaused: (channel: string) => `${P}:rate:${channel}:paused`,
  /** Chats refused with 429 recently: conversation -> until when (ms); a second chat refused makes it the bot's pause. */
  rateRefused: (channel: string) => `${P}:rate:${channel}:refused`,
  /** Set while one conversation must not get its next message yet (the platform's per-chat gap, or its 429). */
  rateChat: (c: ConversationId) => `${P}:rate:chat:${c}`,
  /** The shop's knowledge base taught from the console (hash: overlay JSON, version). */
  knowledge: () => `${P}:kb`,
  /** Who changed the knowledge base, newest first, capped. */
  knowledgeAudit: () => `${P}:kb:audit`,
  /** Unanswered wording groups: group id -> last seen (ms); the least recent are dropped past the bound. */
  unansweredRecent: () => `${P}:unanswered:recent`,
  /** Prefix of one unanswered group's hash (text, lang, count, lastSeen, conversationId, reason); Lua appends the id. */
  unansweredGroupPrefix: () => `${P}:unanswered:g:`,
  /** An order's events (hash: event id -> event JSON): idempotent per event id, folded in event time. */
  orderEvents: (orderId: string) => `${P}:order:events:${orderId}`,
  /** What an order is found by (set of `conv:…`, `phone:…`, `email:…`). */
  orderRefs: (orderId: string) => `${P}:order:refs:${orderId}`,
  /** Orders found by one buyer reference (set of order ids). */
  ordersByRef: (ref: string) => `${P}:orders:by-ref:${ref}`,
  /** A message about an order that must go out once (SET NX). */
  orderSent: (mark: string) => `${P}:order:sent:${mark}`,
  /** What the gateway told (or skipped telling) the buyer about an order, newest first, capped. */
  orderLog: (orderId: string) => `${P}:order:log:${orderId}`,
  /** Follow-ups waiting for their time: job id -> due (ms). */
  orderJobsDue: () => `${P}:orders:jobs:due`,
  /** Follow-ups an instance is sending: job id -> lease expiry (ms); an expired one is due again. */
  orderJobsLeased: () => `${P}:orders:jobs:leased`,
  /** Prefix of one follow-up's JSON; Lua appends the job id. */
  orderJobPrefix: () => `${P}:orders:job:`,
  orderJob: (id: string) => `${P}:orders:job:${id}`,
  /** Follow-up ids of one order (set), to cancel them on a refund. */
  orderJobsOf: (orderId: string) => `${P}:order:jobs:${orderId}`,
  /** Promises made to the buyer of a conversation (hash: promise id -> JSON). */
  orderPromises: (c: ConversationId) => `${P}:promises:${c}`,
  /** One insights bucket (hash: counter -> count), a shop-local day or hour; expires 90 days after its last write. */
  insightsBucket: (bucket: string) => `${P}:insights:b:${bucket}`,
  /**
   * Members already counted once that day (set), e.g. conversations seen; kept 2 days after its last
   * write. (Until 2026-12 a HyperLogLog under `insights:m:`, whose PFADD answers 0 for some new
   * members and so undercounted: left to expire.)
   */
  insightsSeen: (mark: string, day: string) => `${P}:insights:s:${mark}:${day}`,
  /** A day's leaderboard (zset: member -> points), trimmed to the best few hundred. */
  insightsBoard: (board: string, day: string) => `${P}:insights:t:${board}:${day}`,
  /** Agents on the go (src/agents): a mark set once (SET NX EX), e.g. "this waiting buyer was announced". */
  agentDeskMark: (mark: string) => `${P}:agents:mark:${mark}`,
  /** Agents on the go: the last conversation number handed out (the `<n>` of `/claim <n>`). */
  agentDeskCounter: () => `${P}:agents:counter`,
  /** Agents on the go: a conversation's number. */
  agentDeskNumber: (c: ConversationId) => `${P}:agents:number:${c}`,
  /** Agents on the go: the conversation a number stands for. */
  agentDeskByNumber: (n: number) => `${P}:agents:by-number:${n}`,
  /** Agents on the go: the announcements of a conversation posted to agents' chats (list of JSON). */
  agentDeskPosts: (c: ConversationId) => `${P}:agents:posts:${c}`,
  /** Agents on the go: the conversation a message in an agent's chat is about (for replies to it). */
  agentDeskLink: (chat: string, messageId: string) => `${P}:agents:link:${chat}:${messageId}`,
  /** Agents on the go: the forum topic (Telegram message_thread_id) of a buyer in the agents' group `chat`. */
  agentDeskTopic: (chat: string, c: ConversationId) => `${P}:agents:topic:${chat}:${c}`,
};
