import type { Agent, FaqTopic, ShopConfig } from '../config/schema.js';
import type { ChannelId, ConversationId, TranscriptEntry } from '../engine/types.js';
import type { OrderView } from '../orders/events.js';
import type { ConversationSummary, GatewayEvent, HandoffStateName } from '../store/handoff.js';
import type { Session } from '../store/session.js';
import type { OrderJob, OrderNotice, OrderPromise } from '../store/orders-types.js';
import type { ShopStatus } from '../store/shop-status.js';
import type { KnowledgeAudit, UnansweredGroup } from '../store/knowledge-types.js';
import type { ReadMessage } from './knowledge-api.js';

/**
 * The JSON shapes /api answers with, as the agents' console reads them. The routes build their
 * answers with `satisfies` one of these, and the console's modules import them in JSDoc
 * (`import('../../api-types.js')`), so renaming a field on either side fails `npm run typecheck`
 * instead of breaking agents in production. Types only: nothing here runs.
 */

export type { ChannelId, ConversationId, ConversationSummary, HandoffStateName, KnowledgeAudit, OrderJob, OrderNotice, OrderPromise, OrderView, ShopStatus, UnansweredGroup };

/** GET /api/insights?from=&to=&granularity= (owners): what the Insights page charts and tabulates. */
export type { InsightsReport, InsightsSummary, WaitSummary } from '../insights/report.js';

/** One line of a conversation's transcript (GET /api/conversations/:id). */
export type TranscriptLine = TranscriptEntry;

/** What the bot has gathered about a buyer (name, phone, e-mail, address). */
export type Contact = Session['contact'];

/** The events of GET /api/events (server-sent events, `event: message` / `event: handoff`). */
export type LiveEvent = GatewayEvent;
export type LiveMessage = Extract<GatewayEvent, { type: 'message' }>;
export type LiveHandoff = Extract<GatewayEvent, { type: 'handoff' }>;
export type LiveUndelivered = Extract<GatewayEvent, { type: 'undelivered' }>;

/** Every error answer: `{ error }`, a sentence for people. */
export interface ErrorAnswer {
  error: string;
}

/** GET /api/conversations?state=…&limit=… */
export interface ConversationList {
  conversations: ConversationSummary[];
}

/** GET /api/conversations/:id: null where the conversation has no such thing (yet). */
export interface ConversationDetail {
  id: ConversationId;
  channel: string;
  state: HandoffStateName;
  agent: string | null;
  /** Left out of the JSON when a queued conversation has no queue time recorded. */
  waitingSince?: string | null;
  reason: string | null;
  contact: Contact;
  language: string | null;
  transcript: TranscriptLine[];
}

/** POST /api/conversations/:id/claim */
export interface ClaimAnswer {
  id: ConversationId;
  state: 'agent';
  agent: string;
}

/** POST /api/conversations/:id/release and …/close */
export interface ReleaseAnswer {
  id: ConversationId;
  state: 'bot' | 'closed';
}

/** POST /api/conversations/:id/ask-contact */
export interface AskContactAnswer {
  status: string;
}

/** POST /api/conversations/:id/messages: the line's id, the same id the event stream brings. */
export interface MessageAnswer {
  id: string;
  status: string;
}

/** GET /api/faq: the canned answers, per language. */
export interface FaqAnswer {
  topics: { id: string; answer: Record<string, string> }[];
}

/** GET /api/me */
export interface MeAnswer {
  name: string;
  role: Agent['role'];
  maxConversations: number;
}

/** GET /api/channels: channels that cannot deliver at all right now, with the reason. */
export interface ChannelsAnswer {
  down: Record<string, string>;
}

/** GET, PUT and DELETE /api/shop/status: the status in force, and what an owner set (if anything). */
export interface ShopStatusView {
  mode: string;
  source: string;
  message?: string;
  until?: string | undefined;
  setByOwner: ShopStatus | null;
}

/** PUT /api/shop/status */
export interface ShopStatusBody {
  mode: ShopStatus['mode'];
  message?: string;
  until?: string;
}

/** One of a buyer's orders (GET /api/orders?conversation=), with its follow-ups still to send and what was sent (newest first). */
export interface BuyerOrder extends OrderView {
  followUps: OrderJob[];
  notices: OrderNotice[];
}

/** GET /api/orders?conversation=: the buyer's orders, newest first, and what agents promised them. */
export interface BuyerOrdersAnswer {
  conversation: ConversationId;
  orders: BuyerOrder[];
  promises: OrderPromise[];
}

/** POST /api/orders/promises */
export interface PromiseBody {
  conversation: string;
  text: string;
}

/** PATCH /api/orders/promises/:id */
export interface PromiseChange {
  conversation: string;
  status: 'kept' | 'dropped';
}

/** GET /api/knowledge (owners): the knowledge base as it stands, and what a question may be taught to. */
export interface KnowledgeAnswer {
  version: number;
  languages: ShopConfig['shop']['languages'];
  defaultLanguage: ShopConfig['shop']['defaultLanguage'];
  /** `taught`: edited in the console, not only as the YAML has it. */
  topics: (FaqTopic & { taught: boolean })[];
  intents: readonly string[];
  replies: ShopConfig['replies'];
}

/** GET /api/knowledge/unanswered */
export interface UnansweredAnswer {
  unanswered: UnansweredGroup[];
}

/** GET /api/knowledge/audit: newest first. */
export interface KnowledgeAuditAnswer {
  audit: KnowledgeAudit[];
}

/** POST /api/knowledge/teach: an example to an existing topic or intent, or a new topic. */
export type TeachBody = { text: string; lang: string; unansweredId?: string } & ({ topic: string } | { newTopic: Pick<FaqTopic, 'id' | 'questions' | 'answer'> & Partial<FaqTopic> });

/** POST /api/knowledge/teach */
export interface TeachAnswer {
  version: number;
  target: string;
}

/** POST /api/knowledge/try: how the bot reads the message now (and after a draft change, when one was sent). */
export interface TryAnswer {
  now: ReturnType<ReadMessage>;
  after?: ReturnType<ReadMessage>;
}
