import type { ConversationId } from '../engine/types.js';
import { summarize, toHandoff } from './handoff.js';
import { appendTranscript, live, rank, ttlMs, type MemoryContext } from './memory-context.js';
import { parseSession } from './session.js';
import type { HandoffPort } from './types.js';

/** Handoff in memory: the waiting line, one agent per conversation, agents' replies. */
export function createMemoryHandoff(ctx: MemoryContext): HandoffPort {
  const { queues, sessions, transcripts, handoffs, handoffQueue, assigned, agentSets, lastSeen } = ctx;
  return {
    async requestHuman(conversationId, reason) {
      const current = handoffs.get(conversationId);
      if (current?.state === 'queued' || current?.state === 'agent') return { handoff: toHandoff(current), position: rank(ctx, conversationId) };
      const now = Date.now();
      handoffs.set(conversationId, { state: 'queued', queuedAt: String(now), reason });
      handoffQueue.set(conversationId, now);
      return { handoff: toHandoff(handoffs.get(conversationId)), position: rank(ctx, conversationId) };
    },
    async claimConversation(conversationId, agent, maxConversations) {
      const current = handoffs.get(conversationId);
      if (current?.state === 'agent') return current.agent === agent ? 'claimed' : 'taken';
      const held = agentSets.get(agent) ?? new Set<string>();
      if (held.size >= maxConversations) return 'over_limit';
      const now = String(Date.now());
      const base = current?.state === 'queued' ? current : { reason: 'agent', queuedAt: now };
      handoffs.set(conversationId, { ...base, state: 'agent', agent, claimedAt: now });
      handoffQueue.delete(conversationId);
      assigned.set(conversationId, Date.now());
      held.add(conversationId);
      agentSets.set(agent, held);
      return 'claimed';
    },
    async releaseConversation(conversationId, agent, to) {
      const current = handoffs.get(conversationId);
      if (current?.state !== 'agent' && current?.state !== 'queued') return 'not_held';
      if (agent !== undefined && current.agent && current.agent !== agent) return 'not_yours';
      if (current.agent) agentSets.get(current.agent)?.delete(conversationId);
      handoffQueue.delete(conversationId);
      assigned.delete(conversationId);
      if (to === 'closed') handoffs.set(conversationId, { state: 'closed' });
      else handoffs.delete(conversationId);
      return 'released';
    },
    async handoffOf(conversationId) {
      return toHandoff(handoffs.get(conversationId));
    },
    async queuePosition(conversationId) {
      return handoffQueue.has(conversationId) ? rank(ctx, conversationId) : undefined;
    },
    async takeQueueTimeouts(cutoff) {
      const due: ConversationId[] = [];
      for (const [conv, at] of handoffQueue) {
        const h = handoffs.get(conv);
        if (at <= cutoff.getTime() && h && !h.timeoutNotified) {
          h.timeoutNotified = '1';
          due.push(conv as ConversationId);
        }
      }
      return due;
    },
    async listConversations(state, limit) {
      const ids = state === 'queued' ? [...handoffQueue.keys()] : state === 'agent' ? [...assigned.keys()] : [...lastSeen.keys()].reverse();
      return ids
        .map((id) => {
          const lines = live(transcripts.get(id));
          return summarize(id as ConversationId, toHandoff(handoffs.get(id)), lines?.at(-1), parseSession(live(sessions.get(id))).session, lastSeen.get(id));
        })
        .filter((row) => row.state === state)
        .slice(0, limit);
    },
    async sendAsAgent(conversationId, line, delivery) {
      appendTranscript(ctx, conversationId, [JSON.stringify(line)], Date.now() + ttlMs(ctx));
      queues.out.push(conversationId, JSON.stringify(delivery));
    },
  };
}
