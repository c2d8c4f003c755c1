import type { ConversationId, InboundMessage, TranscriptEntry } from '../engine/types.js';
import { live, emit, turnState, type MemoryContext } from './memory-context.js';
import { parseSession } from './session.js';
import type { SessionsPort } from './types.js';

/** Sessions, transcripts, contact details and reachability in memory. */
export function createMemorySessions(ctx: MemoryContext): SessionsPort {
  const { options, queues, sessions, transcripts, unreachable, contactIndex } = ctx;
  return {
    async loadSession(conversationId) {
      return parseSession(live(sessions.get(conversationId))).session;
    },
    async loadTurnState(conversationId) {
      return turnState(ctx, conversationId);
    },
    async contacts() {
      return [...contactIndex].map(([conversationId, contact]) => ({ conversationId: conversationId as ConversationId, contact: { ...contact } }));
    },
    async eraseContact(conversationId) {
      contactIndex.delete(conversationId);
      const stored = sessions.get(conversationId);
      const session = parseSession(live(stored)).session;
      if (stored && session) stored.value = JSON.stringify({ ...session, contact: {} });
    },
    async editMessage(conversationId, messageId, text) {
      const waiting = queues.in.items.get(conversationId) ?? [];
      const index = waiting.findIndex((item) => (JSON.parse(item) as { id?: unknown }).id === messageId);
      if (index === 0 && queues.in.leases.has(conversationId)) return 'processing';
      if (index >= 0) {
        waiting[index] = JSON.stringify({ ...(JSON.parse(waiting[index]!) as InboundMessage), text });
        return 'pending';
      }
      const lines = live(transcripts.get(conversationId)) ?? [];
      for (let i = lines.length - 1; i >= 0; i--) {
        const line = JSON.parse(lines[i]!) as TranscriptEntry;
        if (line.id !== messageId || line.from !== 'buyer') continue;
        lines[i] = JSON.stringify({ ...line, text });
        emit(ctx, { type: 'message', conversationId, id: line.id, from: line.from, text, at: line.at }); // live views show the edited line
        return 'transcript';
      }
      return 'unknown';
    },
    async transcript(conversationId, limit = options.transcriptMax) {
      return (live(transcripts.get(conversationId)) ?? []).slice(-limit).map((row) => JSON.parse(row) as TranscriptEntry);
    },
    async markUnreachable(conversationId) {
      unreachable.add(conversationId);
    },
    async isUnreachable(conversationId) {
      return unreachable.has(conversationId);
    },
  };
}
