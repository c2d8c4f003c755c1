import type { ConversationId } from '../engine/types.js';
import { AGENT_DESK_TTL_SECONDS, type AgentDeskStore, type AgentPost } from './agent-desk-types.js';

/** The agents' desk state in this process (one instance, lost on restart). */
export function createMemoryAgentDeskStore(clock: () => number = Date.now): AgentDeskStore {
  const marks = new Map<string, number>();
  const numbers = new Map<ConversationId, number>();
  const byNumber = new Map<number, ConversationId>();
  const posts = new Map<ConversationId, AgentPost[]>();
  const links = new Map<string, ConversationId>();
  const topics = new Map<string, string>();
  let counter = 0;
  return {
    kind: 'memory',
    async once(mark, ttlSeconds = AGENT_DESK_TTL_SECONDS) {
      const until = marks.get(mark);
      if (until !== undefined && until > clock()) return false;
      marks.set(mark, clock() + ttlSeconds * 1000);
      return true;
    },
    async forget(mark) {
      marks.delete(mark);
    },
    async isMarked(mark) {
      return (marks.get(mark) ?? 0) > clock();
    },
    async numberOf(conversationId) {
      let n = numbers.get(conversationId);
      if (n === undefined) {
        n = ++counter;
        numbers.set(conversationId, n);
        byNumber.set(n, conversationId);
      }
      return n;
    },
    async conversationOfNumber(n) {
      return byNumber.get(n);
    },
    async addPost(conversationId, post) {
      posts.set(conversationId, [...(posts.get(conversationId) ?? []), post]);
    },
    async posts(conversationId) {
      return [...(posts.get(conversationId) ?? [])];
    },
    async link(chat, messageId, conversationId) {
      links.set(`${chat}\n${messageId}`, conversationId);
    },
    async linked(chat, messageId) {
      return links.get(`${chat}\n${messageId}`);
    },
    async topicOf(chat, conversationId) {
      return topics.get(`${chat}\n${conversationId}`);
    },
    async saveTopic(chat, conversationId, topic) {
      topics.set(`${chat}\n${conversationId}`, topic);
    },
    async close() {},
  };
}
