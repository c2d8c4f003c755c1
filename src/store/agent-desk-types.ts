import type { ConversationId } from '../engine/types.js';

/** How long the agents' desk keeps its marks, numbers, announcements and links: a week. */
export const AGENT_DESK_TTL_SECONDS = 7 * 86_400;

/** A message the gateway posted to an agents' chat about one conversation (an announcement). */
export interface AgentPost {
  /** Where: `<channel>:<chat id>` (e.g. `telegram:5001`, `slack:C0123`). */
  chat: string;
  /** The platform's id of the posted message, to edit it later. */
  messageId: string;
  /** The text as posted, so an edit can keep it and add who took the conversation. */
  text: string;
  /** The forum topic it was posted in (a Telegram group with topics). */
  topic?: string;
}

/**
 * What the agents' desk (src/agents) keeps beside the handoff state: marks that make an
 * announcement or a relay happen once across instances, short conversation numbers, the
 * announcements posted (to edit them), and which conversation an agent's chat message is about.
 * Redis and memory implementations pass test/store/agent-desk-contract.test.ts.
 *
 * @example
 * if (await desk.once(`announce:${id}:${queuedAt}`)) await postBrief();  // one instance wins
 * const n = await desk.numberOf(id);                                     // "/claim 3"
 */
export interface AgentDeskStore {
  readonly kind: 'redis' | 'memory';
  /** True for the first caller only (across instances) until the mark expires or is forgotten. */
  once(mark: string, ttlSeconds?: number): Promise<boolean>;
  /** Drop a mark (the work it guarded failed, and must be done again). */
  forget(mark: string): Promise<void>;
  /** Whether the mark is set (e.g. "this group is not a forum"), without setting it. */
  isMarked(mark: string): Promise<boolean>;
  /** The conversation's short number, handed out on first ask. */
  numberOf(conversationId: ConversationId): Promise<number>;
  conversationOfNumber(n: number): Promise<ConversationId | undefined>;
  addPost(conversationId: ConversationId, post: AgentPost): Promise<void>;
  posts(conversationId: ConversationId): Promise<AgentPost[]>;
  /** Remember that message `messageId` in `chat` is about the conversation. */
  link(chat: string, messageId: string, conversationId: ConversationId): Promise<void>;
  linked(chat: string, messageId: string): Promise<ConversationId | undefined>;
  /**
   * The forum topic of the conversation's buyer in the shared group `chat` (`<channel>:<chat id>`):
   * one per buyer, used again when they wait again. Whoever creates it first reserves it with
   * `once(\`topic:${chat}:${id}\`)`, so two instances never make two.
   */
  topicOf(chat: string, conversationId: ConversationId): Promise<string | undefined>;
  saveTopic(chat: string, conversationId: ConversationId, topic: string): Promise<void>;
  close(): Promise<void>;
}
